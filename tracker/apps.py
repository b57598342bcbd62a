from django.apps import AppConfig
from django.db.models.signals import post_save


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Policy Tracker"

    def ready(self) -> None:
        # Sources that disagree are found whenever a citation is saved, however
        # it is saved: the admin's inlines, the intake assistant, imports, scripts.
        from tracker.discrepancy_detection import citation_saved
        from tracker.models import Citation

        post_save.connect(citation_saved, sender=Citation, dispatch_uid="detect_discrepancies")

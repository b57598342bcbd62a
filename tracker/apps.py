from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_save, pre_save


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Policy Tracker"

    def ready(self) -> None:
        from tracker import (
            checks,  # noqa: F401  (registers the system checks)
            record_types,  # noqa: F401  (registers the public record types)
        )

        # Sources that disagree are found whenever a citation is saved, however
        # it is saved: the admin's inlines, the intake assistant, imports, scripts.
        from tracker.discrepancy_detection import citation_saved
        from tracker.models import Citation
        from tracker.postgresql import waits

        post_save.connect(citation_saved, sender=Citation, dispatch_uid="detect_discrepancies")

        # Waits for PostgreSQL are bounded from a request's start to its last byte
        # (tracker.postgresql.waits); connected here, before any request, because the
        # backend itself is imported only when the first query connects.
        request_started.connect(waits.request_started, dispatch_uid="bound_database_waits")
        request_finished.connect(waits.request_finished, dispatch_uid="unbound_database_waits")

        # No control character is stored, however a record is saved (fixtures included):
        # one in a quote broke every Atom feed that listed it.
        from tracker.history import domain_models
        from tracker.plain_text import strip_control_characters

        for model in domain_models():
            pre_save.connect(
                strip_control_characters, sender=model, dispatch_uid=f"plain_text_{model.__name__}"
            )

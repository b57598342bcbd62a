from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "tracker.alerts"
    label = "alerts"
    verbose_name = "Email alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tracker.alerts import changes

        changes.connect()

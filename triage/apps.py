from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        # System checks (PostgreSQL's autovacuum); login events of group members go to the
        # audit log.
        from triage import checks  # noqa: F401
        from triage.audit import receivers  # noqa: F401

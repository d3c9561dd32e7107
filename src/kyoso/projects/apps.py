from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "kyoso.projects"
    label = "projects"
    verbose_name = _("Collaboration projects")

    def ready(self) -> None:
        from kyoso.accounts.scoping import register_partner_access
        from kyoso.core.dashboard import Panel, register_panel
        from kyoso.core.demo import DemoLoader, register_demo_loader
        from kyoso.core.navigation import FirstRunStep, NavItem, register_first_run_step, register_nav
        from kyoso.projects.models import PartnerAccess, PartnerInvitation, Project

        register_partner_access(
            lambda user: PartnerAccess.objects.filter(user=user, revoked_at__isnull=True).values("project_id")
        )

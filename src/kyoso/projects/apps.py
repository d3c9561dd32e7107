from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "kyoso.projects"
    label = "projects"
    verbose_name = _("Collaboration projects")

    def ready(self) -> None:
        from django.urls import reverse

        from kyoso.accounts.access import register_outside_home
        from kyoso.accounts.inbox import InvitationKind, register_invitation_kind
        from kyoso.accounts.scoping import partner_project_ids, register_partner_access
        from kyoso.core.dashboard import Panel, register_panel
        from kyoso.core.demo import DemoLoader, register_demo_loader
        from kyoso.core.global_search import SearchProvider, register_search_provider
        from kyoso.core.navigation import FirstRunStep, NavItem, register_first_run_step, register_nav
        from kyoso.projects.models import PartnerAccess, PartnerInvitation, Project
        from kyoso.projects.searchers import search_projects

        register_partner_access(
            lambda user: PartnerAccess.objects.filter(user=user, revoked_at__isnull=True).values("project_id")
        )
        register_nav(NavItem(_("Projects"), "projects:list", order=20))
        register_search_provider(
            SearchProvider("projects", _("Projects"), search=search_projects, order=30, scope="projects")
        )

        def in_shared_space(user: object) -> bool:
            ids = partner_project_ids(user)
            return ids is not None and ids.exists()

        register_outside_home(lambda user: "projects:partner_home" if in_shared_space(user) else None)

        def join_shared_space(invitation: PartnerInvitation, user: object, request: object) -> str:
            from kyoso.projects.services import accept_found_partner_invitation

            access = accept_found_partner_invitation(invitation=invitation, by=user)
            return reverse("projects:partner_project", args=[access.project_id])

        register_invitation_kind(
            InvitationKind(
                "shared-space",
                _("Shared project space"),
                PartnerInvitation,
                target=lambda invitation: invitation.project.title,
                accept=join_shared_space,
                related=("project",),
                order=20,
            )
        )
        register_nav(
            NavItem(
                _("Shared spaces"),
                "projects:partner_home",
                order=21,
                partner=True,
                outside_if=in_shared_space,
            )
        )
        register_first_run_step(
            FirstRunStep(
                "create_project",
                _("Create a project with its charter"),
                "projects:create",
                done=lambda ws: Project.objects.filter(workspace=ws).exclude(goal="").exists(),
                order=20,
                help=_(
                    "Write down the purpose, the numbers you expect and who in the company agreed to them."
                ),
            )
        )
        register_first_run_step(
            FirstRunStep(
                "invite_partner",
                _("Invite the partner"),
                "projects:list",
                done=lambda ws: (
                    PartnerInvitation.objects.filter(project__workspace=ws).exists()
                    or PartnerAccess.objects.filter(project__workspace=ws).exists()
                ),
                order=21,
                help=_(
                    "The startup sees the same status and milestones in a shared space, never your internal notes."
                ),
            )
        )
        from kyoso.projects.demo import load_demo_projects
        from kyoso.projects.selectors import dashboard_panel_context

        register_demo_loader(DemoLoader("projects", load=load_demo_projects, order=20))
        register_panel(Panel("projects", "projects/panel.html", context=dashboard_panel_context, order=20))

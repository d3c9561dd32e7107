from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kyoso.accounts"
    label = "accounts"
    verbose_name = _("Accounts and workspaces")

    def ready(self) -> None:
        from django.urls import reverse

        from kyoso.accounts import services
        from kyoso.accounts.inbox import InvitationKind, register_invitation_kind
        from kyoso.accounts.middleware import SESSION_WORKSPACE_KEY
        from kyoso.accounts.models import Invitation, Membership
        from kyoso.accounts.selectors import pending_invitation_count
        from kyoso.core.navigation import FirstRunStep, NavItem, register_first_run_step, register_nav

        register_nav(NavItem(_("Team"), "accounts:members", order=90))
        register_nav(
            NavItem(
                _("Invitations"), "accounts:inbox", order=95, partner=True, badge=pending_invitation_count
            )
        )

        def join_workspace(invitation: Invitation, user: object, request: object) -> str:
            membership = services.accept_found_invitation(invitation=invitation, by=user)  # type: ignore[arg-type]
            request.session[SESSION_WORKSPACE_KEY] = membership.workspace_id  # type: ignore[attr-defined]
            return reverse("core:dashboard")

        register_invitation_kind(
            InvitationKind(
                "workspace",
                _("Workspace"),
                Invitation,
                target=lambda invitation: invitation.workspace.name,
                accept=join_workspace,
                related=("workspace",),
                order=10,
            )
        )
        register_first_run_step(
            FirstRunStep(
                key="invite_team",
                label=_("Invite the team"),
                url_name="accounts:members",
                done=lambda ws: (
                    Membership.objects.filter(workspace=ws).count() > 1
                    or Invitation.objects.filter(workspace=ws).exists()
                ),
                order=10,
                help=_(
                    "Weak internal backing is one of the six causes of failure: bring in the business unit "
                    "that will own the result and an executive who will sponsor it from the start."
                ),
            )
        )

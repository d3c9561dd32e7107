from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "kyoso.events"
    label = "events"
    verbose_name = _("Matchmaking events")

    def ready(self) -> None:
        from django.db.models import Q
        from django.urls import reverse

        from kyoso.accounts.access import register_outside_home
        from kyoso.accounts.inbox import InvitationKind, register_invitation_kind
        from kyoso.accounts.scoping import register_participant_access
        from kyoso.core.dashboard import Panel, register_panel
        from kyoso.core.demo import DemoLoader, register_demo_loader
        from kyoso.core.global_search import SearchProvider, register_search_provider
        from kyoso.core.navigation import NavItem, register_nav
        from kyoso.events.dashboard import panel_context
        from kyoso.events.demo_data import load_demo_event
        from kyoso.events.models import ParticipantInvitation
        from kyoso.events.searchers import search_events
        from kyoso.events.selectors import has_portal_account as has_account
        from kyoso.events.selectors import portal_participant_ids

        register_participant_access(portal_participant_ids)
        register_nav(NavItem(_("Events"), "events:list", order=40))
        register_search_provider(
            SearchProvider("events", _("Events"), search=search_events, order=40, scope="events")
        )
        register_nav(
            NavItem(
                _("My events"), "events:portal", order=41, partner=True, outside_if=has_account, members=False
            )
        )
        register_outside_home(lambda user: "events:portal" if has_account(user) else None)

        def join_event(invitation: ParticipantInvitation, user: object, request: object) -> str:
            from kyoso.events.portal import accept_found_invitation

            participant = accept_found_invitation(invitation=invitation, by=user)
            return reverse("events:portal_participation", kwargs={"pid": participant.pk})

        register_invitation_kind(
            InvitationKind(
                "event",
                _("Event participant page"),
                ParticipantInvitation,
                target=lambda invitation: invitation.participant.event.name,
                accept=join_event,
                related=("participant__event",),
                still_open=Q(participant__withdrawn=False),
                order=30,
            )
        )
        register_panel(Panel("events", "events/dashboard_panel.html", context=panel_context, order=40))
        register_demo_loader(DemoLoader("events", load=load_demo_event, order=40))

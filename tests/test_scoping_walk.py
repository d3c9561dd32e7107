"""Walks every URL pattern as people who must not get in, against the full demo data.

* anonymous: every page but the public ones redirects to the login page;
* an outsider (owner of another workspace), the demo partner user and an event
  participant's portal account: no page answers with the text of a record that
  their scope does not include;
* a viewer of the demo workspace: POSTing to every URL changes no record.

New apps are covered automatically: their URL patterns and scoped models are
discovered, not listed here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from itertools import islice
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter, StringConverter, UUIDConverter
from django.utils import translation

from kyoso.accounts.demo_data import load_demo
from kyoso.accounts.models import AuditEvent, Membership, Role, User, Workspace
from kyoso.accounts.scoping import scoped_models

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PUBLIC_NAMES = {
    "healthz",
    # allauth: sign-in, sign-up, e-mail confirmation, password reset, the second-factor step of a sign-in
    "account_login",
    "account_signup",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_login_code",
    "account_request_login_code",
    "account_confirm_password_reset_code",
    "mfa_authenticate",
    "mfa_login_webauthn",
    "mfa_signup_webauthn",
    "accounts:set_language",
    "accounts:accept_invitation",
    "projects:partner_accept",
    "core:help",
    "core:privacy",
    "events:public_register",
    "events:portal_join",
    "reports:digest_unsubscribe",
    # single sign-on: the address form and the identity providers' sign-in, return and metadata addresses
    "sso:start",
    "openid_connect_login",
    "openid_connect_callback",
    "saml_login",
    "saml_acs",
    "saml_finish_acs",
    "saml_sls",
    "saml_metadata",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
}
# Personal actions every logged-in person may POST: they change the caller's own state only.
PERSONAL_NAMES = {
    "account_logout",
    "accounts:set_language",
    "accounts:profile",
    "accounts:my_data",
    "accounts:erase_me",
    "accounts:workspace_switch",
    "accounts:workspace_leave",
    "accounts:workspace_create",
    "accounts:accept_invitation",
    "projects:partner_accept",
    "events:portal_join",
}
MAX_IDS_PER_PARAM = 6
# Models whose rows record the walk itself, or belong to the walker.
NOT_DATA = {AuditEvent, Membership}


def _patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, Any]]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _patterns(entry, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry


def _html_patterns() -> list[tuple[str, Any]]:
    # The JSON API has its own walk in tests/api; here the browser pages.
    return [(name, p) for name, p in _patterns() if not name.startswith("api") and "api-" not in name]


def _candidate_kwargs(pattern: URLPattern, ids: list[int]) -> list[dict[str, Any]]:
    converters = getattr(pattern.pattern, "converters", {})
    if not converters:
        return [{}]
    combos: list[dict[str, Any]] = []
    for value in ids:
        kwargs: dict[str, Any] = {}
        for param, converter in converters.items():
            if isinstance(converter, IntConverter):
                kwargs[param] = value
            elif isinstance(converter, UUIDConverter):
                kwargs[param] = uuid.uuid4()
            elif isinstance(converter, (SlugConverter, StringConverter)):
                kwargs[param] = f"walk-{value}"
            else:
                kwargs[param] = f"walk/{value}"
        combos.append(kwargs)
    return combos


def _urls(ids: list[int]) -> Iterator[tuple[str, str]]:
    for name, pattern in _html_patterns():
        for kwargs in _candidate_kwargs(pattern, ids):
            try:
                yield name, reverse(name, kwargs=kwargs)
            except Exception:
                continue


def _choice_labels() -> set[str]:
    """Enum labels in Japanese: forms show them whatever the records are, so they prove nothing."""
    labels: set[str] = set()
    with translation.override("ja"):
        for model in apps.get_models():
            for field in model._meta.get_fields():
                for _value, label in getattr(field, "flatchoices", None) or []:
                    labels.add(str(label).strip())
    return labels


def _hidden_markers(viewer: User) -> set[str]:
    """Text of records `viewer` may not see that appears in no record they may see."""
    hidden: set[str] = set()
    visible: set[str] = _choice_labels()
    for model in scoped_models():
        if model in NOT_DATA or model is Workspace:
            continue
        allowed = set(model._default_manager.visible_to(viewer).values_list("pk", flat=True))
        for obj in islice(model._default_manager.all().iterator(), 400):
            text = str(obj).strip()
            if len(text) < 6 or text.isdigit():
                continue
            (visible if obj.pk in allowed else hidden).add(text)
    # The corporate behind a shared project or an event is known to its partner and participants:
    # its name (the workspace's) may appear, and so may its own directory entry's shorter name.
    from kyoso.events.models import Event
    from kyoso.projects.models import Project

    for model in (Project, Event):
        for obj in model._default_manager.visible_to(viewer).select_related("workspace")[:400]:
            visible.add(str(obj.workspace).strip())
    # A hidden text that is part of a visible one (a generic title like 秘密保持契約) proves nothing.
    return {text for text in hidden if not any(text in seen for seen in visible)}


def _data_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m not in NOT_DATA
        and m._meta.app_label not in {"sessions", "usersessions", "django_tasks_db", "admin"}
    }


@pytest.fixture
def demo(db: None) -> Any:
    return load_demo()


@pytest.fixture
def sample_ids(demo: Any) -> list[int]:
    ids: set[int] = set()
    for model in scoped_models():
        ids.update(model._default_manager.order_by("pk").values_list("pk", flat=True)[:2])
    return sorted(i for i in ids if isinstance(i, int))[:MAX_IDS_PER_PARAM] or [1]


def test_anonymous_visitors_are_sent_to_the_login_page(demo: Any, sample_ids: list[int]) -> None:
    client = Client()
    for name, url in _urls(sample_ids):
        if name in PUBLIC_NAMES:
            continue
        response = client.get(url)
        assert response.status_code in {302, 401, 404, 405}, f"{name} {url} answered {response.status_code}"
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"], f"{name} {url} redirects elsewhere"


def _portal_account(demo: Any) -> User:
    """A startup of the published demo event that linked a portal account."""
    from kyoso.events.models import Participant

    person = User.objects.create_user("walk-participant@example.com", "x")
    participant = (
        Participant.objects.filter(event__workspace=demo.workspace, side="startup", withdrawn=False)
        .exclude(event__status="draft")
        .order_by("pk")
        .first()
    )
    assert participant is not None, "the demo has no event past its draft"
    participant.account = person
    participant.save(update_fields=["account"])
    return person


@pytest.mark.parametrize("who", ["outsider", "partner", "participant"])
def test_no_page_shows_records_outside_the_callers_scope(
    demo: Any, sample_ids: list[int], other_workspace: Workspace, who: str
) -> None:
    if who == "outsider":
        person = User.objects.create_user("walker@example.com", "x")
        Membership.objects.create(workspace=other_workspace, user=person, role=Role.OWNER)
    elif who == "participant":
        person = _portal_account(demo)
    else:
        person = demo.partner_user
    markers = _hidden_markers(person)
    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    for name, url in _urls(sample_ids):
        response = client.get(url)
        assert response.status_code < 500, f"{name} {url} failed with {response.status_code}"
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = response.content.decode()
        leaked = [m for m in markers if m in page]
        assert not leaked, f"{who} saw {leaked[:3]} on {name} {url}"


def test_a_viewer_changes_nothing_by_posting_anywhere(demo: Any, sample_ids: list[int]) -> None:
    viewer = User.objects.create_user("walk-viewer@example.com", "x")
    Membership.objects.create(workspace=demo.workspace, user=viewer, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
    before = _data_counts()
    for name, url in _urls(sample_ids):
        if name in PERSONAL_NAMES:
            continue
        response = client.post(url, {})
        assert response.status_code < 500, f"{name} {url} failed with {response.status_code}"
    assert _data_counts() == before

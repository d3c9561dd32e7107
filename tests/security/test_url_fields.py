"""Stored web addresses: one rule (kyoso.core.safe_urls) at every entry point, and inert rendering.

Every URL-bearing field refuses anything but an absolute http(s) address with a host — through
the API, the web forms, the public registration, the participant portal and imports — and the
pages never emit a non-http(s) href, even for values stored before the rule existed.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client, override_settings

from kyoso.accounts.models import AuditEvent
from kyoso.core import safe_urls
from kyoso.partners import services as partner_services
from kyoso.partners.models import Organisation
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db

UNSAFE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript\x00:alert(1)",
    "\u200bjavascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript%3Aalert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "ftp://example.com/",
    "//evil.example/",
    "///evil.example/",
    "https:///x",
    "https://",
    "http:evil.example",
    "http:/evil.example",
    "https:\\\\evil.example",
    "https://good.example\\@evil.example/",
    "https://user:pass@evil.example/",
    "https://good.example@evil.example/",
    "https://@evil.example/",
    "https://evil.example:99999/",
    "https://evil.example:port/",
    "https://ex ample.com/",
    "https://example.com/ x",
    "https://example.com/\u2028x",
    "https://exa%6Dple.com/",
    "https://exa&#109;ple.com/",
    "https://[::1/",
    "/relative/path",
    "example",
]
SAFE = [
    "https://example.co.jp",
    "https://example.co.jp/",
    "http://example.com/path?q=1&r=2#frag",
    "HTTPS://EXAMPLE.COM/",
    "https://例え.jp/",
    "https://xn--r8jz45g.jp/",
    "https://example.com:8443/x",
    "https://[2001:db8::1]/",
    "https://93.184.215.14/",
]


@pytest.fixture(autouse=True)
def _api_defaults() -> Any:
    cache.clear()
    with override_settings(KYOSO_API_RATE_LIMIT="10000/minute"):
        yield
    cache.clear()


@pytest.mark.parametrize("value", UNSAFE)
def test_the_rule_refuses(value) -> None:
    assert not safe_urls.is_safe_web_url(value)
    assert safe_urls.safe_href(value) == ""


@pytest.mark.parametrize("value", SAFE)
def test_the_rule_accepts(value) -> None:
    assert safe_urls.is_safe_web_url(value)


@pytest.mark.parametrize("value", UNSAFE)
def test_api_create_refuses(owner, value) -> None:
    headers = bearer(make_token(owner)[1])
    response = Client().post(
        "/api/v1/partners/organisations",
        {"name": "悪意", "kind": "startup", "website": value},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][-1] == "website"
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("value", UNSAFE[:12])
def test_api_patch_refuses(workspace, owner, value) -> None:
    org = partner_services.create_organisation(workspace=workspace, by=owner, name="社", kind="startup")
    headers = bearer(make_token(owner)[1])
    response = Client().patch(
        f"/api/v1/partners/organisations/{org.pk}",
        {"website": value},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422, response.content
    org.refresh_from_db()
    assert org.website == ""


@pytest.mark.parametrize("value", UNSAFE)
def test_web_form_refuses(owner, login, value) -> None:
    response = login(owner).post(
        "/partners/new/",
        {"name": "悪意", "kind": "startup", "website": value, "company_wide_support": "unknown"},
    )
    assert response.status_code in {200, 400}
    assert "website" in response.context["form"].errors
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("value", UNSAFE)
def test_services_refuse(workspace, owner, value) -> None:
    from django.core.exceptions import ValidationError

    from kyoso.core.errors import DomainError

    with pytest.raises((ValidationError, DomainError)):
        partner_services.create_organisation(
            workspace=workspace, by=owner, name="悪意", kind="startup", website=value
        )
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example"]
)
def test_partner_import_refuses(workspace, owner, value) -> None:
    from kyoso.core.imports import ImportRejected

    csv = f"name,kind,website\n悪意,startup,{value}\n".encode()
    with pytest.raises(ImportRejected) as exc:
        partner_services.import_organisations(workspace=workspace, by=owner, data=csv, filename="o.csv")
    assert "website" in str(exc.value.errors[0]).lower() or exc.value.errors[0].column == "website"
    assert not Organisation.objects.exists()


# --------------------------------------------------------------------------- events


@pytest.fixture
def event(workspace, owner):
    from kyoso.events import services as event_services

    return event_services.create_event(
        workspace=workspace, name="商談会", date=dt.date(2026, 12, 1), by=owner
    )


@pytest.mark.parametrize("value", UNSAFE[:20])
def test_event_participant_service_refuses(event, owner, value) -> None:
    from kyoso.core.errors import DomainError
    from kyoso.events import services as event_services

    with pytest.raises(DomainError) as exc:
        event_services.add_participant(event=event, side="startup", name="悪意", website=value, by=owner)
    assert exc.value.field == "website"


@pytest.mark.parametrize("value", UNSAFE[:20])
def test_public_registration_refuses(event, value) -> None:
    from kyoso.events.models import Participant

    event.status = "registration"
    event.save()
    response = Client().post(
        f"/events/register/{event.public_key}/",
        {
            "name": "悪意",
            "contact_name": "x",
            "email": "x@example.com",
            "website": value,
            "profile": "p",
            "application": "a",
        },
    )
    assert response.status_code in {200, 400}
    assert not Participant.objects.filter(name="悪意").exists()


@pytest.mark.parametrize("value", UNSAFE[:20])
def test_participant_portal_profile_refuses(event, owner, value) -> None:
    from kyoso.core.errors import DomainError
    from kyoso.events import portal
    from kyoso.events import services as event_services
    from kyoso.events.models import Event, Participant

    participant = event_services.add_participant(
        event=event, side="startup", name="社", application="a", by=owner
    )
    Event.objects.filter(pk=event.pk).update(status="registration")
    participant = Participant.objects.get(pk=participant.pk)
    with pytest.raises(DomainError) as exc:
        portal.update_profile(participant=participant, by=owner, website=value)
    assert exc.value.field == "website"
    participant.refresh_from_db()
    assert participant.website == ""


# --------------------------------------------------------------------------- rendering and migration


@pytest.mark.parametrize("value", UNSAFE)
def test_the_filter_never_emits_an_unsafe_href(value) -> None:
    html = Template('{% load safe_urls %}<a href="{{ v|safe_href }}">x</a>').render(Context({"v": value}))
    assert html == '<a href="">x</a>'


@pytest.mark.parametrize("value", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x"])
def test_a_value_stored_before_the_rule_renders_inert(workspace, owner, login, value) -> None:
    org = partner_services.create_organisation(workspace=workspace, by=owner, name="旧", kind="startup")
    Organisation.objects.filter(pk=org.pk).update(website=value)  # as stored before the rule
    html = login(owner).get(f"/partners/{org.pk}/").content.decode()
    assert 'href="javascript' not in html.lower() and 'href="data' not in html.lower()


@pytest.mark.parametrize("value", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x"])
def test_the_participant_portal_renders_a_stored_value_inert(value) -> None:
    html = Template('{% include "events/portal/interest_row.html" %}').render(
        Context({"row": {"other": {"pk": 1, "name": "社", "website": value}}})
    )
    assert "javascript" not in html.lower() and "data:" not in html.lower()


def test_the_migration_blanks_bad_values_with_an_audit_entry(workspace, owner) -> None:
    good = partner_services.create_organisation(
        workspace=workspace, by=owner, name="良", kind="startup", website="https://example.co.jp"
    )
    bad = partner_services.create_organisation(workspace=workspace, by=owner, name="悪", kind="startup")
    Organisation.objects.filter(pk=bad.pk).update(website="JaVaScRiPt:alert(1)")
    migration = importlib.import_module("kyoso.partners.migrations.0004_website_safe_url")
    migration.blank_unsafe(django_apps, None)
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.website == "" and good.website == "https://example.co.jp"
    entry = AuditEvent.objects.get(model="partners.Organisation", object_id=str(bad.pk), action="update")
    assert entry.workspace_id == workspace.pk
    assert entry.changes["website"] == ["JaVaScRiPt:alert(1)", ""]


@pytest.mark.parametrize("value", UNSAFE[:10])
def test_webhook_urls_follow_the_same_rule(workspace, owner, value) -> None:
    from kyoso.api import webhooks
    from kyoso.core.errors import DomainError

    with pytest.raises(DomainError):
        webhooks.create_endpoint(workspace=workspace, url=value, events=["gate.decided"], by=owner)

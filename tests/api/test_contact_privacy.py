"""Contact persons over the API: listed for members, and exported or erased by owners (APPI), as on
the organisation's page."""

from __future__ import annotations

import pytest
from django.test import Client

from kyoso.accounts.models import AuditAction, AuditEvent
from kyoso.partners.models import Contact, Organisation
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(workspace) -> Contact:
    org = Organisation.objects.create(workspace=workspace, name="テスト工業")
    Contact.objects.create(organisation=org, name="青木 一郎", email="aoki@example.com")
    return Contact.objects.create(
        organisation=org, name="小林 誠", title="部長", email="k@example.com", phone="03-0000", note="窓口"
    )


def test_members_list_an_organisations_contacts(contact, viewer) -> None:
    _t, raw = make_token(viewer, ["partners:read"])
    response = Client().get(
        f"/api/v1/partners/organisations/{contact.organisation_id}/contacts", **bearer(raw)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2 and [c["name"] for c in body["items"]] == ["小林 誠", "青木 一郎"]
    assert body["items"][0] == {
        "id": contact.pk,
        "organisation_id": contact.organisation_id,
        "name": "小林 誠",
        "title": "部長",
        "email": "k@example.com",
        "phone": "03-0000",
        "note": "窓口",
    }


def test_the_owner_exports_a_contacts_data(contact, owner) -> None:
    _t, raw = make_token(owner, ["partners:read"])
    response = Client().get(f"/api/v1/partners/contacts/{contact.pk}/personal-data", **bearer(raw))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["person"]["email"] == "k@example.com"
    assert [c["name"] for c in data["directory_contacts"]] == ["小林 誠"]
    assert "aoki@example.com" not in str(data)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_owner_erases_a_contact(contact, owner) -> None:
    _t, raw = make_token(owner, ["partners:write"])
    response = Client().post(f"/api/v1/partners/contacts/{contact.pk}/erase", **bearer(raw))
    assert response.status_code == 200, response.content
    label = response.json()["label"]
    assert response.json()["contact"] == contact.pk and label.startswith("削除済み連絡先 #")
    contact.refresh_from_db()
    assert contact.name == label and contact.email == contact.phone == contact.note == contact.title == ""
    assert AuditEvent.objects.filter(model="partners.Contact", object_id=str(contact.pk)).exists()
    assert Contact.objects.filter(name="青木 一郎", email="aoki@example.com").exists()


@pytest.mark.parametrize("who", ["member", "viewer", "executive"])
def test_only_owners_export_or_erase(contact, request, who) -> None:
    person = request.getfixturevalue(who)
    _t, raw = make_token(person, ["partners:write"])
    client = Client()
    assert (
        client.get(f"/api/v1/partners/contacts/{contact.pk}/personal-data", **bearer(raw)).status_code == 403
    )
    assert client.post(f"/api/v1/partners/contacts/{contact.pk}/erase", **bearer(raw)).status_code == 403
    contact.refresh_from_db()
    assert contact.email == "k@example.com"


def test_other_workspaces_get_404(contact, outsider) -> None:
    _t, raw = make_token(outsider, ["partners:write"])
    client = Client()
    assert (
        client.get(
            f"/api/v1/partners/organisations/{contact.organisation_id}/contacts", **bearer(raw)
        ).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/partners/contacts/{contact.pk}/personal-data", **bearer(raw)).status_code == 404
    )
    assert client.post(f"/api/v1/partners/contacts/{contact.pk}/erase", **bearer(raw)).status_code == 404
    contact.refresh_from_db()
    assert contact.email == "k@example.com"


def test_erasing_needs_the_write_scope(contact, owner) -> None:
    _t, raw = make_token(owner, ["partners:read"])
    response = Client().post(f"/api/v1/partners/contacts/{contact.pk}/erase", **bearer(raw))
    assert response.status_code == 403 and "partners:write" in response.json()["detail"]

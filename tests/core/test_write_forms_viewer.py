"""A role that cannot save never gets a write form to fill in.

Every create/edit/import page (views marked `member_view(write=True, form=True)`) answers a viewer
with 403 on GET, as /projects/new/ always did, instead of letting them fill it in and losing it to a
403 on save; and the pages a viewer reads link to none of them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "kyoso"

# member_view(write=True) views that answer GET with a page readers need too (their form is
# hidden or read-only for viewers), with the reason.
READABLE_WRITE_VIEWS = {
    ("alignment/views.py", "project_alignment"): "the alignment results; viewers see no answer form",
    ("projects/views/project.py", "contract_edit"): "an existing contract read-only; new ones refused",
}


def _patterns(resolver: URLResolver, prefix: str = "", ns: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            found += _patterns(p, prefix + str(p.pattern), sub_ns)
        else:
            found.append((ns, p))
    return found


def write_form_urls() -> list[str]:
    urls = []
    for ns, pattern in _patterns(get_resolver()):
        if getattr(pattern.callback, "write_form", False):
            args = [1] * len(pattern.pattern.converters)
            urls.append(reverse(f"{ns}{pattern.name}", args=args))
    return sorted(urls)


def test_the_walk_finds_the_write_forms():
    urls = write_form_urls()
    for expected in ("/projects/new/", "/events/new/", "/partners/new/", "/partners/needs/new/"):
        assert expected in urls
    assert len(urls) >= 15


def test_viewer_is_refused_every_write_form_on_get(login, viewer, member, workspace):
    as_viewer, as_member = login(viewer), login(member)
    for url in write_form_urls():
        response = as_viewer.get(url)
        assert response.status_code == 403, (
            f"{url}: a viewer can open this write form ({response.status_code})"
        )
        assert "can read but not change" in response.content.decode() or "閲覧" in response.content.decode()
        # Members are not refused (a missing record with id 1 may answer 404).
        assert as_member.get(url).status_code != 403, url


def test_every_get_write_view_is_a_refused_form_or_a_listed_read_page():
    """A new create/edit page with member_view(write=True) but not form=True fails here."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if "views" not in path.as_posix():
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            decorators = [ast.unparse(d) for d in node.decorator_list]
            if not any("member_view(" in d and "write=True" in d for d in decorators):
                continue
            if any("require_POST" in d for d in decorators):
                continue
            if any("form=True" in d for d in decorators):
                continue
            key = (path.relative_to(SRC).as_posix(), node.name)
            if key not in READABLE_WRITE_VIEWS:
                offenders.append(key)
    assert not offenders, f"write views that open for viewers on GET: {offenders}"


@pytest.mark.parametrize(
    "page",
    ["/", "/projects/", "/events/", "/partners/", "/partners/needs/", "/knowledge/", "/knowledge/awaiting/"],
)
def test_viewer_pages_link_to_no_write_form(login, viewer, page):
    html = login(viewer).get(page, follow=True).content.decode()
    forms = {re.sub(r"/1/", "/[0-9]+/", url) for url in write_form_urls()}
    for href in re.findall(r'href="([^"?#]+)', html):
        for form in forms:
            assert not re.fullmatch(form, href), f"{page} links a viewer to the write form {href}"


def test_contracts_new_is_refused_and_an_existing_one_reads_without_inputs(login, viewer, owner, workspace):
    from kyoso.projects import services as project_services

    project = project_services.create_project(
        workspace=workspace, by=owner, title="共同実証", partner_name="ビジョンテック"
    )
    contract = project_services.create_contract(project=project, by=owner, kind="nda", title="秘密保持契約")
    client = login(viewer)
    assert client.get(reverse("projects:contract_create", args=[project.pk])).status_code == 403
    page = client.get(reverse("projects:contract_edit", args=[project.pk, contract.pk])).content.decode()
    fields = re.findall(
        r"<(?:input|select|textarea)\b(?![^>]*type=\"hidden\")[^>]*>", page.split("<main", 1)[1]
    )
    assert fields and all("disabled" in f for f in fields), [f for f in fields if "disabled" not in f][:3]

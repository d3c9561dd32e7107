import pytest
from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL
from kyoso.accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_reports(login):
    load_demo()
    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    client = login(owner)
    for url in ["/reports/", "/reports/pipeline/", "/reports/time/", "/reports/risk/", "/reports/sponsors/",
                "/reports/events/", "/reports/lessons/", "/lessons/", "/", "/reports/sponsors/me/"]:
        r = client.get(url, follow=True)
        assert r.status_code == 200, (url, r.content[:2000])
    for key in ["portfolio", "pipeline", "time", "risk", "sponsors", "events", "lessons"]:
        for fmt in ["xlsx", "pdf"]:
            r = client.get(f"/reports/export/{key}/{fmt}/")
            assert r.status_code == 200, (key, fmt)
    r = client.get("/reports/pipeline/")
    print(r.content.decode()[-6000:])
    from kyoso.projects.models import Project
    a = Project.objects.get(title="画像認識AIによる外観検査の共同開発")
    r = client.get(f"/lessons/similar/{a.pk}/")
    print(r.content.decode()[-4000:])

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

from kyoso.core.help_topics import TOPICS

pytestmark = pytest.mark.django_db


def test_help_page_explains_every_topic_in_japanese() -> None:
    page = Client().get("/help/").content.decode()
    assert "ステージゲートとは" in page
    for topic in TOPICS:
        assert f'id="{topic.key}"' in page


def test_help_link_points_at_its_topic_and_rejects_unknown_keys() -> None:
    html = Template('{% load kyoso_help %}{% help_link "charter" %}').render(Context())
    assert 'href="/help/#charter"' in html
    with pytest.raises(TemplateSyntaxError):
        Template('{% load kyoso_help %}{% help_link "nope" %}').render(Context())

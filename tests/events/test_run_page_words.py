"""The schedule page speaks a manager's words: meetings and interest first, the optimisation terms
(目的関数値, 証明済み上界) only as tooltips, and slots as times, not codes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_run_page_leads_with_plain_words_and_times(published, member, login):
    page = (
        login(member)
        .get(reverse("events:run", args=[published.pk, published.current_run_id]))
        .content.decode()
    )
    visible = re.sub(r'title="[^"]*"', "", page)  # text outside tooltips
    assert "目的関数値" not in visible and "証明済み上界" not in visible
    assert 'title="目的関数値"' in page and 'title="証明済み上界"' in page
    assert "成立した商談" in visible and "関心度の合計" in visible
    header = re.search(r"<thead><tr><th scope=\"col\">テーブル</th>.*?</tr></thead>", page, re.S).group(0)
    assert "10:00–10:25" in header and "s01" not in header

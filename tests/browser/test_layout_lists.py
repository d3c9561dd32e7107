"""Every list page lays out from a phone (360 px) to a wide screen (1920 px): the filter panel,
the table and its header cells never overlap, headers never break a word per character, labels
sit by their fields, and only scroll containers (a table's card) may be wider than the screen."""

from __future__ import annotations

from typing import Any

import pytest

from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (360, 1280, 1920)
LIST_PAGES = [
    "/partners/",
    "/partners/?kind=startup",
    "/partners/search/?q=画像認識",
    "/partners/needs/",
    "/partners/offers/",
    "/projects/",
    "/events/",
    "/lessons/",
    "/reports/",
    "/risk/warnings/",
    "/accounts/workspace/members/",
    "/accounts/workspace/audit/",
    "/search/?q=ビジョン",
]

# Returns a list of human-readable problems found on the current page.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const overlap = (a, b) => {
    const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return x > 1 && y > 1;
  };
  const scrollsX = el => { const s = getComputedStyle(el).overflowX; return s === 'auto' || s === 'scroll'; };
  // the part of an element one can see: clipped by every scrolling ancestor
  const seen = el => {
    let r = el.getBoundingClientRect();
    r = {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (scrollsX(p)) { const c = p.getBoundingClientRect(); r.left = Math.max(r.left, c.left); r.right = Math.min(r.right, c.right); }
    }
    return r;
  };
  const panels = [...document.querySelectorAll('main aside, main form[role=search], main form.form-inline, main .facets')]
      .filter(visible);
  const tables = [...document.querySelectorAll('main table')].filter(visible);
  for (const panel of panels) {
    for (const table of tables) {
      if (panel.contains(table) || table.contains(panel)) continue;
      if (overlap(panel.getBoundingClientRect(), seen(table)))
        problems.push(`${name(panel)} overlaps ${name(table)}`);
    }
  }
  for (const table of tables) {
    // a table wider than its box must scroll inside it, not spill over its neighbours
    let box = table.parentElement;
    let scrolls = false;
    for (let p = table.parentElement; p && p.tagName !== 'MAIN'; p = p.parentElement) if (scrollsX(p)) { scrolls = true; break; }
    const main = document.querySelector('main').getBoundingClientRect();
    if (!scrolls && table.getBoundingClientRect().right > Math.min(box.getBoundingClientRect().right, main.right) + 1)
      problems.push(`${name(table)} spills out of ${name(box)} (${Math.round(table.getBoundingClientRect().right)}px)`);
    for (const th of table.querySelectorAll('thead th')) {
      if (!visible(th)) continue;
      // lines the header's text takes, against the words it has (spaces and ・ may break a line)
      const text = th.textContent.trim();
      const hidden = th.querySelector('.visually-hidden');
      if (!text || (hidden && hidden.textContent.trim() === text)) continue;
      const range = document.createRange();
      range.selectNodeContents(th);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      const words = text.split(/[\\s・/、(（]+/).filter(Boolean).length;
      const line = parseFloat(getComputedStyle(th).lineHeight) || 16 * 1.6;
      if (tops.size > words || range.getBoundingClientRect().height > line * (words + 0.5))
        problems.push(`header "${text.slice(0, 20)}" breaks inside a word (${tops.size} lines)`);
    }
  }
  for (const form of panels.filter(p => p.tagName === 'FORM')) {
    for (const label of form.querySelectorAll('label[for]')) {
      const field = document.getElementById(label.htmlFor);
      if (!field || !visible(label) || !visible(field) || field.type === 'checkbox' || field.type === 'radio') continue;
      const l = label.getBoundingClientRect(), f = field.getBoundingClientRect();
      const above = l.bottom <= f.top + 2 && f.top - l.bottom <= 12 && l.left < f.right && f.left < l.right + 1;
      const beside = l.right <= f.left + 2 && f.left - l.right <= 16 && l.top < f.bottom && f.top < l.bottom;
      if (!above && !beside) problems.push(`label "${label.textContent.trim().slice(0, 20)}" sits apart from its field`);
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    const wide = [...document.querySelectorAll('body *')].filter(el => {
      const r = el.getBoundingClientRect();
      if (r.right <= window.innerWidth + 1) return false;
      for (let p = el.parentElement; p; p = p.parentElement) if (scrollsX(p)) return false;
      return ![...el.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1);
    }).slice(0, 3).map(name);
    problems.push(`page wider than the screen (${document.documentElement.scrollWidth}px): ${wide.join(', ')}`);
  }
  return problems;
}"""


def test_list_pages_lay_out_from_a_phone_to_a_wide_screen(journey: Any) -> None:
    load_demo()
    page = journey.new_page()
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in LIST_PAGES:
            response = page.goto(url)
            page.wait_for_load_state("networkidle")
            assert response is not None and response.status == 200, (
                f"{url}: HTTP {response and response.status}"
            )
            found = page.evaluate(LAYOUT_PROBLEMS)
            if found:
                journey.shot(page, f"{width}-{url.strip('/').replace('/', '-').split('?')[0] or 'home'}")
                problems += [f"{url} at {width}px: {p}" for p in dict.fromkeys(found)]
    assert not problems, "\n".join(problems)

"""A form's `as_div()` HTML, reused while everything it is rendered from is unchanged.

Django renders a form through one template per field, label and widget (and one per <option>):
an edit form of ten fields costs 10–20 ms, often more than the page's queries. The HTML of an
*unbound* form is a pure function of its class, the active language, and per field the label,
help text, flags, widget settings, choices and initial value — so the cache key is a digest of
exactly those (content-addressed: a changed member list, record or language is a different key,
never a stale hit). Anything outside that — a bound form (the user's input and errors), or a
widget holding state that is not plain data (a queryset, a callable, any other object) — is
rendered as usual and never cached.

The cache is per process and bounded (LRU): entries are a few KB, templates change only with a
deploy (a new process), and no other process needs them.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import threading
import uuid
from collections import OrderedDict
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.forms.widgets import ChoiceWidget
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language

MAX_ENTRIES = 512
# bump when this module's idea of "what a form is rendered from" changes
KEY_VERSION = "1"

_lock = threading.Lock()
_entries: OrderedDict[str, SafeString] = OrderedDict()
_PLAIN = (str, int, float, bool, decimal.Decimal, dt.date, dt.datetime, dt.time, dt.timedelta, uuid.UUID)


class _Uncacheable(Exception):
    """The form holds something its key cannot describe: render it every time."""


def _plain(value: Any) -> str:
    if value is None or isinstance(value, _PLAIN):
        return repr(value)
    if isinstance(value, Promise):  # lazy translations: as shown in the active language
        return repr(str(value))
    if isinstance(value, ModelChoiceIteratorValue):
        return _plain(value.value)
    if isinstance(value, list | tuple):
        return "(" + ",".join(_plain(v) for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_plain(k)}:{_plain(v)}" for k, v in sorted(value.items(), key=str)) + "}"
    raise _Uncacheable(type(value).__name__)


def _choices(choices: Any) -> str:
    # evaluated here (a ModelChoiceField's queryset runs once), with option groups kept nested
    out = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            out.append(f"[{_plain(value)}:{_choices(label)}]")
        else:
            out.append(f"{_plain(value)}={_plain(label)}")
    return "(" + ",".join(out) + ")"


def _widget(widget: forms.Widget) -> str:
    parts = [type(widget).__module__, type(widget).__qualname__]
    state = vars(widget)
    for name, value in sorted(state.items()):
        if name in ("choices", "_choices"):
            continue
        if name == "widgets":  # MultiWidget
            parts.append("widgets=" + ",".join(_widget(w) for w in value))
        else:
            parts.append(f"{name}={_plain(value)}")
    if "choices" in state or "_choices" in state:
        # A choice field hands its choices to any widget; only a select/radio widget renders them,
        # and only then are they evaluated (after the cheap checks above). Any other widget holding
        # them (e.g. a text box over a 100,000-row queryset) is not described: never cached.
        if not isinstance(widget, ChoiceWidget):
            raise _Uncacheable("choices on a non-choice widget")
        # the widget's own view of them (Django keeps them in `_choices` behind a property)
        parts.append(f"choices={_choices(widget.choices)}")  # type: ignore[attr-defined]
    return "|".join(parts)


def fingerprint(form: forms.BaseForm) -> str | None:
    """The digest of everything `form.as_div()` depends on, or None when it cannot be known."""
    if form.is_bound or form.template_name_div != forms.Form.template_name_div:
        return None
    try:
        parts = [
            KEY_VERSION,
            type(form).__module__,
            type(form).__qualname__,
            get_language() or "",
            _plain(form.prefix),
            _plain(form.auto_id),
            _plain(form.label_suffix),
            _plain(form.use_required_attribute),
            _plain(getattr(form, "error_css_class", None)),
            _plain(getattr(form, "required_css_class", None)),
            type(form.renderer).__qualname__,
        ]
        for name, field in form.fields.items():
            bound = form[name]
            parts.append(
                "§".join(
                    [
                        name,
                        type(field).__module__,
                        type(field).__qualname__,
                        _plain(field.label),
                        _plain(field.help_text),
                        _plain(field.required),
                        _plain(field.disabled),
                        _plain(field.show_hidden_initial),
                        _plain(field.localize),
                        _plain(field.label_suffix),
                        _plain(field.template_name),
                        _plain(bound.value()),
                        _widget(field.widget),
                    ]
                )
            )
    except _Uncacheable:
        return None
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def as_div(form: forms.BaseForm) -> SafeString:
    """`form.as_div()`, from the cache when the form's fingerprint was rendered before."""
    key = fingerprint(form)
    if key is None:
        return form.as_div()  # type: ignore[no-any-return]
    with _lock:
        html = _entries.get(key)
        if html is not None:
            _entries.move_to_end(key)
            return html
    html = form.as_div()
    with _lock:
        _entries[key] = html
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return html  # type: ignore[no-any-return]


def clear() -> None:
    with _lock:
        _entries.clear()

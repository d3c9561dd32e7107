"""The form HTML cache: a hit is byte-identical to rendering, and anything that changes the HTML changes the key."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from kyoso.core import form_cache


@pytest.fixture(autouse=True)
def _empty_cache():
    form_cache.clear()
    yield
    form_cache.clear()


class Sample(forms.Form):
    title = forms.CharField(label="Title", max_length=20)
    when = forms.DateField(required=False)
    colour = forms.ChoiceField(choices=[("red", "Red"), ("green", "Green")])

    def __init__(self, *args, extra_choice=None, **kwargs):
        super().__init__(*args, **kwargs)
        if extra_choice:
            self.fields["colour"].choices = [*self.fields["colour"].choices, extra_choice]


def test_a_hit_renders_exactly_what_django_renders():
    form = Sample(initial={"title": "x", "when": dt.date(2026, 1, 2), "colour": "green"})
    first = form_cache.as_div(form)
    again = Sample(initial={"title": "x", "when": dt.date(2026, 1, 2), "colour": "green"})
    assert form_cache.fingerprint(again) == form_cache.fingerprint(form)
    assert form_cache.as_div(again) == first == again.as_div()


def test_initial_values_choices_and_language_are_in_the_key():
    base = form_cache.fingerprint(Sample(initial={"title": "x"}))
    assert form_cache.fingerprint(Sample(initial={"title": "y"})) != base
    assert form_cache.fingerprint(Sample(initial={"title": "x"}, extra_choice=("blue", "Blue"))) != base
    assert form_cache.fingerprint(Sample(initial={"title": "x"}, prefix="p")) != base
    with translation.override("en"):
        english = form_cache.fingerprint(Sample(initial={"title": "x"}))
    with translation.override("ja"):
        assert form_cache.fingerprint(Sample(initial={"title": "x"})) != english
    changed = Sample(initial={"title": "x"})
    changed.fields["title"].widget.attrs["placeholder"] = "type"
    assert form_cache.fingerprint(changed) != base
    html = form_cache.as_div(changed)
    assert 'placeholder="type"' in html and html == changed.as_div()


def test_bound_forms_and_opaque_widget_state_are_never_cached():
    assert form_cache.fingerprint(Sample({"title": "x", "colour": "red"})) is None
    opaque = Sample()
    opaque.fields["title"].widget.lookup = object()  # state the key cannot describe
    assert form_cache.fingerprint(opaque) is None
    assert form_cache.as_div(opaque) == opaque.as_div()


@pytest.mark.django_db
def test_model_choices_are_keyed_by_their_rows(workspace, owner, member):
    from kyoso.projects.forms import PortfolioFilterForm

    before = form_cache.fingerprint(PortfolioFilterForm(None, workspace=workspace, units=["A"]))
    assert before is not None
    member.name = "Renamed Member"
    member.save()
    after = PortfolioFilterForm(None, workspace=workspace, units=["A"])
    assert form_cache.fingerprint(after) != before
    assert "Renamed Member" in form_cache.as_div(after)


@pytest.mark.django_db
def test_the_project_edit_form_is_cached_and_the_party_forms_are_not(workspace, owner):
    from kyoso.projects import forms as f
    from kyoso.projects import services

    project = services.create_project(workspace=workspace, by=owner, title="案件A")
    edit = f.ProjectForm(instance=project, workspace=workspace)
    assert form_cache.fingerprint(edit) is not None
    assert form_cache.as_div(edit) == f.ProjectForm(instance=project, workspace=workspace).as_div()
    project.title = "案件B"
    assert form_cache.fingerprint(
        f.ProjectForm(instance=project, workspace=workspace)
    ) != form_cache.fingerprint(edit)
    # the organisation box shows names from the directory (a queryset): rendered every time
    assert form_cache.fingerprint(f.PartyForm(prefix="partner", workspace=workspace)) is None

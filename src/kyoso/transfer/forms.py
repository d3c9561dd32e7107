from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Workspace archive (.zip)"),
        help_text=_("A file written by “Export this workspace” on this or another Kyoso instance."),
    )
    slug = forms.SlugField(
        label=_("Address (slug) of the new workspace"),
        max_length=60,
        required=False,
        help_text=_(
            "Leave empty to keep the archive's. An address already in use is refused: "
            "give another one to import a second copy."
        ),
    )

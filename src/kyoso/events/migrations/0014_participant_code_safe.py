"""Participant ids refuse quotes, backslashes and control characters (they reach file names and
exports). Ids saved before the rule are cleaned here: each bad character becomes "_", and a
cleaned id that collides with another id of the same event gets a "-2", "-3", … suffix."""

import unicodedata

import kyoso.events.models
from django.db import migrations, models

# The rule as it stood when this migration was written (kyoso.events.models may change later).
FORBIDDEN = frozenset("\"'\\")
MAX_LENGTH = 40


def _bad(ch: str) -> bool:
    category = unicodedata.category(ch)
    return ch in FORBIDDEN or category[0] == "C" or category in ("Zl", "Zp")


def _unique(base: str, taken: set[str]) -> str:
    base = base[:MAX_LENGTH] or "p"
    candidate = base
    n = 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = base[: MAX_LENGTH - len(suffix)] + suffix
        n += 1
    return candidate


def clean_codes(apps, schema_editor):
    Participant = apps.get_model("events", "Participant")
    taken_by_event: dict[int, set[str]] = {}
    for participant in Participant.objects.only("pk", "event_id", "code").order_by("pk").iterator():
        if not any(_bad(ch) for ch in participant.code):
            continue
        taken = taken_by_event.get(participant.event_id)
        if taken is None:
            taken = set(
                Participant.objects.filter(event_id=participant.event_id).values_list("code", flat=True)
            )
            taken_by_event[participant.event_id] = taken
        cleaned = "".join("_" if _bad(ch) else ch for ch in participant.code).strip()
        taken.discard(participant.code)
        new = _unique(cleaned, taken)
        taken.add(new)
        Participant.objects.filter(pk=participant.pk).update(code=new)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0013_participant_invitation_language"),
    ]

    operations = [
        migrations.AlterField(
            model_name="participant",
            name="code",
            field=models.CharField(
                max_length=40,
                validators=[kyoso.events.models.validate_participant_code],
                verbose_name="participant id",
            ),
        ),
        migrations.RunPython(clean_codes, migrations.RunPython.noop),
    ]

"""Rendering a :class:`Diagnosis` for people (``--format text``) and machines (``--format json``)."""

from __future__ import annotations

import json

from .engine import Diagnosis
from .texts import CAUSE_NAMES, LEVEL_NAMES, SEVERITY_NAMES, Lang

BAR_WIDTH = 20

_HEAD = {
    "ja": {
        "title": "失敗リスク診断",
        "as_of": "基準日",
        "overall": "総合",
        "evidence": "根拠",
        "measures": "対策",
        "gaps": "認識のずれ（認識合わせ）",
        "warnings": "警告",
        "data": "記録すべきデータ（リスクではありません）",
        "none": "なし",
        "unknown": "不明",
    },
    "en": {
        "title": "Failure-risk diagnosis",
        "as_of": "As of",
        "overall": "Overall",
        "evidence": "Evidence",
        "measures": "Countermeasures",
        "gaps": "Alignment gaps",
        "warnings": "Warnings",
        "data": "Data to complete (not risks)",
        "none": "none",
        "unknown": "unknown",
    },
}


def render_json(diagnosis: Diagnosis, lang: Lang) -> str:
    return json.dumps(diagnosis.to_json(lang), ensure_ascii=False, indent=2) + "\n"


def _bar(score: int) -> str:
    filled = (score * BAR_WIDTH + 50) // 100
    return "█" * filled + "·" * (BAR_WIDTH - filled)


def render_text(diagnosis: Diagnosis, lang: Lang) -> str:
    h = _HEAD[lang]
    lines: list[str] = []
    title = f"{h['title']}: {diagnosis.title}" if diagnosis.title else h["title"]
    lines.append(title)
    lines.append(f"{h['as_of']}: {diagnosis.as_of.isoformat() if diagnosis.as_of else h['unknown']}")
    lines.append(f"{h['overall']}: {diagnosis.score}/100 ({LEVEL_NAMES[diagnosis.level].get(lang)})")
    lines.append("")
    for cause in diagnosis.causes:
        name = CAUSE_NAMES[cause.id].get(lang)
        lines.append(
            f"{_bar(cause.score)} {cause.score:>3} {LEVEL_NAMES[cause.level].get(lang):<8} {name} [{cause.id}]"
        )
    for cause in diagnosis.causes:
        if not cause.findings:
            continue
        lines.append("")
        lines.append(f"■ {CAUSE_NAMES[cause.id].get(lang)} — {cause.score}")
        lines.append(f"  {h['evidence']}:")
        for f in cause.findings:
            lines.append(f"   - {f.evidence.get(lang)} (+{f.points}, {f.rule_id})")
        lines.append(f"  {h['measures']}:")
        for text in cause.countermeasures(lang):
            lines.append(f"   - {text}")
    lines.append("")
    lines.append(f"{h['gaps']}:")
    if not diagnosis.gaps:
        lines.append(f"  {h['none']}")
    for g in diagnosis.gaps:
        lines.append(f"  [{SEVERITY_NAMES[g.severity].get(lang)}] {g.topic.get(lang)}")
    lines.append("")
    lines.append(f"{h['warnings']}:")
    if not diagnosis.warnings:
        lines.append(f"  {h['none']}")
    for w in diagnosis.warnings:
        since = w.since.isoformat() if w.since else "-"
        lines.append(f"  {since} {w.kind}: {w.message.get(lang)}")
    if diagnosis.data_to_complete:
        lines.append("")
        lines.append(f"{h['data']}:")
        for p in diagnosis.data_to_complete:
            lines.append(f"  - {p.message.get(lang)} ({p.field})")
    return "\n".join(lines) + "\n"

"""Early warnings: dated events that need someone to act now (capability C5, docs/product.md#c5).

Unlike cause scores, a warning is a fact about today (the snapshot's ``as_of``): contact overdue,
sponsor silent, a milestone past due, a PoC past its end, an IP point open at signature. Each has a
``kind``, a message in both languages and ``since``, the date the condition started (``None`` when
the snapshot does not tell).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .contract_terms import POC_MAX_DAYS, POC_MAX_MONTHS
from .rules.base import COMMITTED_STAGES, Context
from .rules.communication import CADENCE_TOLERANCE, cadence_of, last_contact
from .rules.internal_structure import SPONSOR_SILENT_DAYS
from .snapshot import Contract
from .texts import Bilingual, Lang, stage_name, value_name

WARNING_KINDS: tuple[str, ...] = (
    "no_contact",
    "sponsor_silent",
    "milestone_overdue",
    "poc_overrun",
    "decision_overdue",
    "budget_expired",
    "no_contract",
    "ip_open_at_signature",
    "gate_without_criteria",
    "alignment_gap_critical",
)


@dataclass(frozen=True, slots=True)
class Warning:
    kind: str
    message: Bilingual
    since: dt.date | None

    def to_json(self, lang: Lang) -> dict[str, object]:
        return {
            "kind": self.kind,
            "message": self.message.get(lang),
            "since": self.since.isoformat() if self.since else None,
        }


def _active(ctx: Context) -> bool:
    return ctx.stage != "stopped"


def _no_contact(ctx: Context) -> list[Warning]:
    comm = ctx.project.communication
    if not _active(ctx) or ctx.as_of is None or (not ctx.committed and not (comm and comm.cadence_days)):
        return []
    cadence, _ = cadence_of(ctx)
    last = last_contact(ctx)
    since = last or ctx.project.stage_entered
    if since is None:
        return []
    days = (ctx.as_of - since).days
    if days <= cadence * CADENCE_TOLERANCE:
        return []
    if last is None:
        msg = Bilingual(
            f"{since.isoformat()}に現段階に入ってから連携先との連絡記録がありません（{days}日、計画は{cadence}日ごと）。",
            f"No contact logged since the stage began on {since.isoformat()} ({days} days; plan: every {cadence} days).",
        )
    else:
        msg = Bilingual(
            f"連携先との最後の連絡は{since.isoformat()}で、{days}日間連絡がありません（計画は{cadence}日ごと）。",
            f"Last contact with the partner was on {since.isoformat()}, {days} days ago (plan: every {cadence} days).",
        )
    return [Warning("no_contact", msg, since)]


def _sponsor_silent(ctx: Context) -> list[Warning]:
    sponsor = ctx.project.sponsor
    if not _active(ctx) or sponsor is None or sponsor.last_engaged is None or ctx.as_of is None:
        return []
    days = (ctx.as_of - sponsor.last_engaged).days
    if days <= SPONSOR_SILENT_DAYS:
        return []
    name = sponsor.name or "スポンサー"
    return [
        Warning(
            "sponsor_silent",
            Bilingual(
                f"{name}（スポンサー）の関与が{sponsor.last_engaged.isoformat()}以降{days}日間ありません。",
                f"The sponsor ({sponsor.name or 'unnamed'}) has not engaged since "
                f"{sponsor.last_engaged.isoformat()} ({days} days).",
            ),
            sponsor.last_engaged,
        )
    ]


def _milestones(ctx: Context) -> list[Warning]:
    if not _active(ctx) or ctx.as_of is None:
        return []
    out = []
    for m in ctx.project.milestones or ():
        if m.due is None or m.done_on is not None or m.due >= ctx.as_of:
            continue
        days = (ctx.as_of - m.due).days
        title = m.title or "?"
        out.append(
            Warning(
                "milestone_overdue",
                Bilingual(
                    f"マイルストーン「{title}」の期日（{m.due.isoformat()}）を{days}日過ぎています。",
                    f"Milestone '{title}' was due on {m.due.isoformat()}, {days} days ago.",
                ),
                m.due,
            )
        )
    return out


def _poc_overrun(ctx: Context) -> list[Warning]:
    if ctx.stage != "poc" or ctx.as_of is None:
        return []
    as_of = ctx.as_of
    out = []
    for c in ctx.contracts:
        end = c.terms.end_date if c.terms else None
        if c.kind == "poc" and c.status != "terminated" and end is not None and end < as_of:
            out.append(
                Warning(
                    "poc_overrun",
                    Bilingual(
                        f"PoC契約の終了日（{end.isoformat()}）を過ぎてもPoC段階のままです。",
                        f"The PoC contract ended on {end.isoformat()} but the project is still in PoC.",
                    ),
                    end,
                )
            )
            break
    entered = ctx.project.stage_entered
    if entered is not None and (as_of - entered).days > POC_MAX_DAYS:
        limit = entered + dt.timedelta(days=POC_MAX_DAYS)
        out.append(
            Warning(
                "poc_overrun",
                Bilingual(
                    f"PoCが{entered.isoformat()}から{(as_of - entered).days}日続いており、上限の{POC_MAX_MONTHS}か月を超えています。",
                    f"The PoC has run since {entered.isoformat()} ({(as_of - entered).days} days), past the "
                    f"{POC_MAX_MONTHS}-month maximum of the model contract.",
                ),
                limit,
            )
        )
    for g in ctx.project.gates or ():
        if g.stage == "poc" and g.decision is None and g.due is not None and g.due < as_of:
            out.append(
                Warning(
                    "poc_overrun",
                    Bilingual(
                        f"PoCのゲート判断の予定日（{g.due.isoformat()}）を過ぎていますが、判断が出ていません。",
                        f"The PoC gate decision was due on {g.due.isoformat()} and has not been made.",
                    ),
                    g.due,
                )
            )
    return out


def _decision_overdue(ctx: Context) -> list[Warning]:
    if ctx.as_of is None or ctx.stage not in (None, "exploration"):
        return []
    out = []
    for c in ctx.contracts:
        days = c.terms.decision_deadline_days if c.terms else None
        if c.kind != "nda" or c.status != "signed" or c.signed_on is None or days is None:
            continue
        deadline = c.signed_on + dt.timedelta(days=days)
        if deadline < ctx.as_of:
            out.append(
                Warning(
                    "decision_overdue",
                    Bilingual(
                        f"秘密保持契約で約束した次の段階への回答期限（{deadline.isoformat()}）を過ぎています。",
                        f"The answer on the next step promised in the NDA was due on {deadline.isoformat()}.",
                    ),
                    deadline,
                )
            )
    return out


def _budget(ctx: Context) -> list[Warning]:
    sponsor = ctx.project.sponsor
    until = sponsor.budget_committed_until if sponsor else None
    if not _active(ctx) or until is None or ctx.as_of is None or until >= ctx.as_of:
        return []
    return [
        Warning(
            "budget_expired",
            Bilingual(
                f"予算の確約期限（{until.isoformat()}）が切れています。",
                f"The budget commitment ended on {until.isoformat()}.",
            ),
            until,
        )
    ]


def _signed(c: Contract) -> bool:
    return c.status == "signed" or (c.status == "terminated" and c.signed_on is not None)


def _no_contract(ctx: Context) -> list[Warning]:
    if ctx.stage not in COMMITTED_STAGES or not _active(ctx):
        return []
    if any(_signed(c) or c.status is None for c in ctx.contracts):
        return []
    stage = stage_name(ctx.stage or "")
    return [
        Warning(
            "no_contract",
            Bilingual(
                f"{stage.ja}段階なのに締結済みの契約がありません。",
                f"The project is in the {stage.en} stage without a signed contract.",
            ),
            ctx.project.stage_entered,
        )
    ]


def _ip_open(ctx: Context) -> list[Warning]:
    out = []
    for c in ctx.contracts:
        if not _signed(c):
            continue
        t = c.terms
        open_points: list[Bilingual] = []
        # The same contracts ip_contract.foreground_undecided judges: an NDA creates no results, and
        # a licence grants rights in results whose owner the PoC or joint R&D contract records.
        owner = t.foreground_ip_owner if t else None
        if c.kind != "nda" and (
            owner == "undecided" or (owner is None and c.kind in ("poc", "joint_development"))
        ):
            open_points.append(Bilingual("成果の帰属", "ownership of results"))
        if t is not None and t.publication == "undecided":
            open_points.append(Bilingual("公表", "publication"))
        if t is not None and t.foreground_ip_owner == "joint" and t.co_owner_consent_to_license is None:
            open_points.append(Bilingual("共有特許のライセンス同意", "consent to license co-owned IP"))
        if t is not None and c.kind == "license" and not (t.license_scope and t.license_scope.strip()):
            open_points.append(Bilingual("許諾範囲", "licence scope"))
        if t is not None and t.exclusivity is not None and t.exclusivity.months is None:
            open_points.append(Bilingual("独占期間", "exclusivity term"))
        if not open_points:
            continue
        kind = value_name(c.kind) if c.kind else Bilingual("契約", "contract")
        out.append(
            Warning(
                "ip_open_at_signature",
                Bilingual(
                    f"{kind.ja}が未決の知財論点を残したまま締結されています：{'、'.join(p.ja for p in open_points)}。",
                    f"The {kind.en} was signed with IP points still open: {', '.join(p.en for p in open_points)}.",
                ),
                c.signed_on,
            )
        )
    return out


def _gates(ctx: Context) -> list[Warning]:
    if not _active(ctx):
        return []
    out = []
    for g in ctx.project.gates or ():
        if g.criteria or g.decision is not None:
            continue
        stage = stage_name(g.stage) if g.stage else Bilingual("?", "?")
        out.append(
            Warning(
                "gate_without_criteria",
                Bilingual(
                    f"{stage.ja}のゲートに判断基準がありません。",
                    f"The {stage.en} gate has no go/no-go criteria.",
                ),
                ctx.project.stage_entered if g.stage == ctx.stage else None,
            )
        )
    return out


def _alignment(ctx: Context) -> list[Warning]:
    out = []
    for gap in ctx.gaps.values():
        if gap.severity != "critical":
            continue
        out.append(
            Warning(
                "alignment_gap_critical",
                Bilingual(
                    f"認識合わせで重大な齟齬があります。{gap.summary.ja}。",
                    f"Critical alignment gap. {gap.summary.en}.",
                ),
                ctx.as_of,
            )
        )
    return out


_KIND_ORDER = {k: i for i, k in enumerate(WARNING_KINDS)}


def early_warnings(ctx: Context) -> list[Warning]:
    """All warnings, oldest first (undated last), then by kind and message."""
    found: list[Warning] = []
    for check in (
        _no_contact,
        _sponsor_silent,
        _milestones,
        _poc_overrun,
        _decision_overdue,
        _budget,
        _no_contract,
        _ip_open,
        _gates,
        _alignment,
    ):
        found.extend(check(ctx))
    return sorted(
        found,
        key=lambda w: (w.since is None, w.since or dt.date.min, _KIND_ORDER[w.kind], w.message.en),
    )

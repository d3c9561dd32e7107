"""Cause 5, ``ip_contract`` (知財・契約に関する問題): IP ownership and contract terms left vague or one-sided.

Defaults and red flags come from the METI/JPO open-innovation model contracts
(docs/references.md#meti-jpo-model-contracts) and the JFTC/METI startup guideline
(docs/references.md#jftc-meti-startup-guideline); "red flag n" below is item n of
docs/references.md#red-flags (anchor #red-flag-n). A rule looks at every contract and reports the worst one.
"""

from __future__ import annotations

from collections.abc import Callable

from ..contract_terms import (
    CONFIDENTIAL_MODEL_MONTHS,
    DECISION_DEADLINE_MAX_DAYS,
    NON_COMPETE_LONG_MONTHS,
    POC_MAX_DAYS,
    POC_MAX_MONTHS,
)
from ..scoring import combine
from ..snapshot import Contract, Terms
from ..texts import Bilingual, cap, fmt_num, value_name
from .base import Context, DataPrompt, Hit, data_prompt, measure, rule, was_signed

# No contract while people work together (the 'one-way secrecy' red flag, docs/references.md#red-flag-2: trade secrets asked for before any NDA).
NO_CONTRACT_POINTS = 50
NO_SIGNED_CONTRACT_POINTS = 35
NDA_ONLY_POINTS = 25
# Foreground IP: case B, docs/product.md#case-b (ownership vague in NDA and joint-development contract -> court).
FOREGROUND_UNDECIDED_SIGNED_POINTS = 60
FOREGROUND_UNDECIDED_OPEN_POINTS = 25
FOREGROUND_UNRECORDED_POINTS = 35
FOREGROUND_ALL_CORPORATE_POINTS = 35  # 'all IP to the corporate' red flag, docs/references.md#red-flag-7
CO_OWNERSHIP_NO_CONSENT_POINTS = 35  # 'co-ownership without consent' red flag, docs/references.md#red-flag-8; docs/references.md#patent-act-73
CO_OWNERSHIP_CONSENT_UNKNOWN_POINTS = 25
BACKGROUND_NOT_LISTED_POINTS = (
    30  # docs/references.md#meti-joint-research-model-contract: background IP listed
)
BACKGROUND_UNKNOWN_POINTS = 15
# Exclusivity (the 'unlimited exclusivity' red flag, docs/references.md#red-flag-10). The model grants exclusivity "for a limited time" without a number; the month
# steps are own reasoning (two and five years outlast most product cycles of a startup).
EXCLUSIVITY_UNLIMITED_POINTS = 45
EXCLUSIVITY_LONG_MONTHS = 24
EXCLUSIVITY_LONG_POINTS = 20
EXCLUSIVITY_VERY_LONG_MONTHS = 60
EXCLUSIVITY_VERY_LONG_POINTS = 30
EXCLUSIVITY_NO_FIELD_POINTS = 25
PUBLICATION_UNDECIDED_POINTS = (
    20  # docs/references.md#meti-joint-research-model-contract: agreed in advance, 30 days' notice
)
PUBLICATION_FORBIDDEN_POINTS = (
    15  # docs/references.md#meti-nda-model-contract: the startup may say talks have begun
)
POC_UNPAID_POINTS = 40  # 'unpaid PoC' red flag, docs/references.md#red-flag-6; docs/references.md#meti-poc-model-contract: fee before work
POC_FEE_UNKNOWN_POINTS = 25
POC_TOO_LONG_POINTS = 35  # docs/references.md#meti-poc-model-contract: POC_MAX_MONTHS at most
DECISION_DEADLINE_LONG_POINTS = (
    25  # 'no decision deadline' red flag, docs/references.md#red-flag-5; DECISION_DEADLINE_MAX_DAYS
)
NDA_ONE_WAY_POINTS = 35  # 'one-way secrecy' red flag, docs/references.md#red-flag-2
ORAL_NOT_COVERED_POINTS = 25  # 'oral disclosures unprotected' red flag, docs/references.md#red-flag-3
CONFIDENTIAL_NONE_POINTS = 35  # 'no confidentiality after the end' red flag, docs/references.md#red-flag-4
CONFIDENTIAL_SHORT_POINTS = 20
PURPOSE_NOT_LIMITED_POINTS = 30  # 'purpose not limited' red flag, docs/references.md#red-flag-1
GRANT_BACK_PARTNER_ONLY_POINTS = 30  # 'one-way improvements' red flag, docs/references.md#red-flag-13
GRANT_BACK_NONE_POINTS = 20  # the same red flag: no improvements clause at all
NON_COMPETE_POINTS = 30  # 'undefined non-compete' red flag, docs/references.md#red-flag-11
NON_COMPETE_LONG_POINTS = 40
FREE_LICENSE_POINTS = 30  # 'one-sided demands' red flag, docs/references.md#red-flag-12
LICENSE_SCOPE_OPEN_POINTS = 20  # docs/references.md#meti-licence-model-contract: scope by product
# Both parties believe they own the results (case B, docs/product.md#case-b).
RESULT_OWNER_GAP_POINTS = {"critical": 40, "high": 25, "medium": 10}

_CM_IP = (
    "成果の帰属（誰が権利を持ち、相手にどの範囲で使わせるか）を契約で明記してください。モデル契約の例：スタートアップが権利を持ち、"
    "大企業は自社製品分野で期間限定の独占的な無償実施権を得る。",
    "write down who owns the results and what the other party may use them for. The METI/JPO model: the startup "
    "owns them, the corporate gets a royalty-free exclusive licence in its product field for a limited time.",
)


def _label(c: Contract) -> Bilingual:
    kind = value_name(c.kind) if c.kind else Bilingual("契約", "contract")
    status = {
        "signed": Bilingual("締結済み", "signed"),
        "draft": Bilingual("草案", "draft"),
        "negotiating": Bilingual("交渉中", "under negotiation"),
        "terminated": Bilingual("終了", "terminated"),
    }.get(c.status or "", Bilingual("状況不明", "status unknown"))
    signed = c.signed_on.isoformat() if c.signed_on else None
    return Bilingual(
        f"{kind.ja}（{status.ja}{'・' + signed if signed else ''}）",
        f"the {kind.en} ({status.en}{' ' + signed if signed else ''})",
    )


# On equal points the evidence names the contract that matters most for IP.
_KIND_PRIORITY = {"joint_development": 0, "license": 1, "poc": 2, "nda": 3}


def _worst(ctx: Context, check: Callable[[Contract, Terms], Hit | None]) -> Hit | None:
    """Run a check on every contract. The evidence names the worst contracts (up to three); the
    points are the saturating combination of every contract's points, so two contracts with the same
    flaw weigh more than one, and fixing one contract never raises the cause (its points leave the
    combination)."""
    hits: list[tuple[int, int, Hit]] = []
    for i, contract in enumerate(ctx.contracts):
        hit = check(contract, contract.terms or Terms())
        if hit is not None:
            hits.append((_KIND_PRIORITY.get(contract.kind or "", 4), i, hit))
    if not hits:
        return None
    hits.sort(key=lambda h: (-h[2].points, h[0], h[1]))
    shown = [h[2] for h in hits[:3]]
    more = len(hits) - len(shown)
    ja = "".join(h.evidence.ja for h in shown) + (f"（ほか{more}件の契約）" if more else "")
    en = " ".join(h.evidence.en for h in shown) + (f" (and {more} more contracts)" if more else "")
    parts = tuple(h[2].points for h in hits)
    return Hit(combine(parts), Bilingual(ja, en), shown[0].countermeasure, parts)


@rule(
    "ip_contract.no_contract",
    signal="No contract (or none signed, or only an NDA) while the project is in PoC or later",
    threshold="committed stage; no contracts / none signed / only an NDA signed",
    source="Red flag 2 (disclosure before any NDA); model PoC contract",
    points=f"{NO_CONTRACT_POINTS} none; {NO_SIGNED_CONTRACT_POINTS} none signed; {NDA_ONLY_POINTS} NDA only",
    measure="対策5",
)
def no_contract(ctx: Context) -> Hit | None:
    if not ctx.committed:
        return None
    stage = "PoC" if ctx.stage == "poc" else value_name(ctx.stage or "").ja
    stage_en = "PoC" if ctx.stage == "poc" else (ctx.stage or "")
    contracts = ctx.contracts
    cm = measure(
        "対策5",
        "作業と情報開示の前に、相互NDAとPoC契約（目的・成果物・期間・対価・成果の帰属）を締結してください。",
        "sign a mutual NDA and a PoC contract (purpose, deliverable, term, fee, ownership of results) before more work "
        "or disclosure.",
    )
    if not contracts:
        return Hit(
            NO_CONTRACT_POINTS,
            Bilingual(
                f"{stage}段階なのに契約が1件も記録されていません。",
                f"The project is in {stage_en} with no contract recorded.",
            ),
            cm,
        )
    if not any(was_signed(c) or c.status is None for c in contracts):
        return Hit(
            NO_SIGNED_CONTRACT_POINTS,
            Bilingual(
                f"{stage}段階なのに締結済みの契約がありません。",
                f"The project is in {stage_en} and no contract is signed yet.",
            ),
            cm,
        )
    if all(c.kind == "nda" for c in contracts if was_signed(c) or c.status is None):
        return Hit(
            NDA_ONLY_POINTS,
            Bilingual(
                f"{stage}段階なのに締結済みの契約は秘密保持契約だけです。",
                f"The project is in {stage_en} but only an NDA is signed.",
            ),
            cm,
        )
    return None


@rule(
    "ip_contract.foreground_undecided",
    signal="Ownership of results (foreground IP) undecided or not recorded",
    threshold="undecided on a signed contract / on a draft; null on a signed PoC or joint-development contract",
    source="Article case B; 対策5; model joint R&D (four ownership patterns)",
    points=f"{FOREGROUND_UNDECIDED_SIGNED_POINTS} signed; {FOREGROUND_UNDECIDED_OPEN_POINTS} draft; "
    f"{FOREGROUND_UNRECORDED_POINTS} not recorded",
    measure="対策5",
)
def foreground_undecided(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        label = _label(c)
        # An NDA creates no results: who owns them is decided in the PoC or joint R&D contract.
        if c.kind == "nda":
            return None
        if t.foreground_ip_owner == "undecided":
            signed = was_signed(c)
            return Hit(
                FOREGROUND_UNDECIDED_SIGNED_POINTS if signed else FOREGROUND_UNDECIDED_OPEN_POINTS,
                Bilingual(
                    f"{label.ja}で成果（フォアグラウンドIP）の帰属が未定です"
                    + ("。締結後に決めるのは困難です。" if signed else "。"),
                    f"Ownership of the results (foreground IP) is undecided in {label.en}"
                    + (", and it was signed that way." if signed else "."),
                ),
                measure("対策5", *_CM_IP),
            )
        if (
            t.foreground_ip_owner is None
            and was_signed(c)
            # A licence grants rights in results whose owner the PoC or joint R&D contract records.
            and c.kind in ("poc", "joint_development")
        ):
            return Hit(
                FOREGROUND_UNRECORDED_POINTS,
                Bilingual(
                    f"{label.ja}で成果の帰属が記録されていません。",
                    f"Ownership of the results is not recorded for {label.en}.",
                ),
                measure("対策5", *_CM_IP),
            )
        return None

    return _worst(ctx, check)


@rule(
    "ip_contract.foreground_all_corporate",
    signal="All resulting IP goes to the corporate",
    threshold="foreground_ip_owner == corporate and the partner is not a corporate",
    source='Red flag 7 (all IP to the corporate "because it paid"); JFTC 2022: 7 firms took IP one-sidedly',
    points=str(FOREGROUND_ALL_CORPORATE_POINTS),
    measure="対策5",
)
def foreground_all_corporate(ctx: Context) -> Hit | None:
    if ctx.partner.kind == "corporate":
        return None

    def check(c: Contract, t: Terms) -> Hit | None:
        if t.foreground_ip_owner != "corporate":
            return None
        return Hit(
            FOREGROUND_ALL_CORPORATE_POINTS,
            Bilingual(
                f"{_label(c).ja}で成果の権利がすべて大企業側に帰属します（優越的地位の濫用とみなされ得ます）。",
                f"All results go to the corporate under {_label(c).en} (can be an abuse of a superior bargaining position).",
            ),
            measure(
                "対策5",
                "対価は作業に対するもので知財の対価ではありません。成果は連携先に帰属させ、自社は必要な分野の実施権を得る形を検討してください。",
                "a fee pays for work, not IP: let the partner own the results and take a licence for your field instead.",
            ),
        )

    return _worst(ctx, check)


@rule(
    "ip_contract.co_ownership_without_consent",
    signal="Co-owned results without advance consent to license or assign",
    threshold="foreground_ip_owner == joint and co_owner_consent_to_license false / unknown",
    source="Red flag 8; Patent Act §73 (model joint R&D)",
    points=f"{CO_OWNERSHIP_NO_CONSENT_POINTS} false; {CO_OWNERSHIP_CONSENT_UNKNOWN_POINTS} unknown",
    measure="対策5",
)
def co_ownership_without_consent(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        if t.foreground_ip_owner != "joint" or t.co_owner_consent_to_license is True:
            return None
        points = (
            CO_OWNERSHIP_NO_CONSENT_POINTS
            if t.co_owner_consent_to_license is False
            else CO_OWNERSHIP_CONSENT_UNKNOWN_POINTS
        )
        return Hit(
            points,
            Bilingual(
                f"{_label(c).ja}で成果は共有ですが、第三者へのライセンスへの事前同意が"
                + ("ありません。" if t.co_owner_consent_to_license is False else "記録されていません。"),
                f"Results are co-owned under {_label(c).en} without "
                + ("" if t.co_owner_consent_to_license is False else "a recorded ")
                + "advance consent to license.",
            ),
            measure(
                "対策5",
                "特許法73条により共有者は相手の同意なくライセンスできません。共有を避けるか、ライセンス・譲渡への同意を契約で先に与えてください。",
                "under Patent Act §73 a co-owner cannot license without the other's consent: avoid co-ownership or give "
                "consent to license and assign in the contract.",
            ),
        )

    return _worst(ctx, check)


@rule(
    "ip_contract.background_not_listed",
    signal="Background IP (what each party brings) not listed",
    threshold="background_ip_listed false; null on a signed joint-development contract",
    source="Model joint R&D (background IP listed); article case B (「既存技術の延長だ」)",
    points=f"{BACKGROUND_NOT_LISTED_POINTS} false; {BACKGROUND_UNKNOWN_POINTS} unknown",
    measure="対策5",
)
def background_not_listed(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        if c.kind == "nda":
            return None
        if t.background_ip_listed is False:
            points = BACKGROUND_NOT_LISTED_POINTS
        elif t.background_ip_listed is None and was_signed(c) and c.kind == "joint_development":
            points = BACKGROUND_UNKNOWN_POINTS
        else:
            return None
        return Hit(
            points,
            Bilingual(
                f"{_label(c).ja}で各社が持ち込む既存の知財（バックグラウンドIP）が一覧になっていません。",
                f"Background IP (what each party brings) is not listed in {_label(c).en}.",
            ),
            measure(
                "対策5",
                "開始時点で各社の既存技術・特許・データを一覧にして契約に添付し、「既存技術の延長か新しい成果か」の争いを防いでください。",
                "attach a list of each party's existing technology, patents and data, so 'extension of our existing "
                "technology' cannot be argued later.",
            ),
        )

    return _worst(ctx, check)


@rule(
    "ip_contract.exclusivity_unlimited",
    signal="Exclusivity without a time limit, very long, or without a field",
    threshold=f"months null; > {EXCLUSIVITY_VERY_LONG_MONTHS}; > {EXCLUSIVITY_LONG_MONTHS}; field empty",
    source="Red flag 10; model joint R&D (exclusive for a limited time in a product field)",
    points=f"{EXCLUSIVITY_UNLIMITED_POINTS} / {EXCLUSIVITY_VERY_LONG_POINTS} / {EXCLUSIVITY_LONG_POINTS} / "
    f"{EXCLUSIVITY_NO_FIELD_POINTS}",
    measure="対策5",
)
def exclusivity_unlimited(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        ex = t.exclusivity
        if ex is None:
            return None
        label = _label(c)
        found: list[tuple[int, Bilingual]] = []
        if ex.months is None:
            found.append(
                (
                    EXCLUSIVITY_UNLIMITED_POINTS,
                    Bilingual(
                        f"{label.ja}の独占期間に期限がありません。",
                        f"Exclusivity in {label.en} has no time limit.",
                    ),
                )
            )
        elif ex.months > EXCLUSIVITY_LONG_MONTHS:
            points = (
                EXCLUSIVITY_VERY_LONG_POINTS
                if ex.months > EXCLUSIVITY_VERY_LONG_MONTHS
                else EXCLUSIVITY_LONG_POINTS
            )
            found.append(
                (
                    points,
                    Bilingual(
                        f"{label.ja}の独占期間が{fmt_num(ex.months)}か月と長期です。",
                        f"Exclusivity in {label.en} lasts {fmt_num(ex.months)} months.",
                    ),
                )
            )
        if ex.field is None or not ex.field.strip():
            found.append(
                (
                    EXCLUSIVITY_NO_FIELD_POINTS,
                    Bilingual(
                        f"{label.ja}の独占の対象分野が限定されていません。",
                        f"Exclusivity in {label.en} has no field limit.",
                    ),
                )
            )
        if not found:
            return None
        points = max(p for p, _ in found)
        return Hit(
            points,
            Bilingual("".join(e.ja for _, e in found), " ".join(e.en for _, e in found)),
            measure(
                "対策5",
                "独占は製品分野と期間を限定し、一定期間（例：1年）実施しなければ非独占に切り替わる条項を入れてください。",
                "limit exclusivity to a product field and a period, and make it non-exclusive if unused for a set time "
                "(e.g. one year).",
            ),
        )

    return _worst(ctx, check)


@rule(
    "ip_contract.publication_undecided",
    signal="Publication of results undecided or forbidden",
    threshold="publication undecided / forbidden",
    source="Model joint R&D (publication agreed in advance, 30 days' notice); model NDA (talks may be announced)",
    points=f"{PUBLICATION_UNDECIDED_POINTS} undecided; {PUBLICATION_FORBIDDEN_POINTS} forbidden",
    measure="対策5",
)
def publication_undecided(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        if t.publication not in ("undecided", "forbidden"):
            return None
        undecided = t.publication == "undecided"
        return Hit(
            PUBLICATION_UNDECIDED_POINTS if undecided else PUBLICATION_FORBIDDEN_POINTS,
            Bilingual(
                f"{_label(c).ja}で成果の公表が"
                + ("未定です。" if undecided else "禁止されています（連携先の資金調達に響きます）。"),
                f"Publication of results is {'undecided' if undecided else 'forbidden'} in {_label(c).en}"
                + ("." if undecided else " (this hurts the partner's fundraising)."),
            ),
            measure(
                "対策5",
                "協業の発表内容は事前に合意し、成果の公表は30日前通知で可能とする形を検討してください。",
                "agree the announcement of the collaboration in advance and allow publishing results with 30 days' notice.",
            ),
        )

    return _worst(ctx, check)


@rule(
    "ip_contract.poc_unpaid",
    signal="PoC contract without a fee (or fee not recorded)",
    threshold="kind poc, still the current step (not superseded), and fee_jpy 0 / null",
    source="Red flag 6 (unpaid PoC); model PoC (fixed fee, paid before work starts); JFTC 2022: 6 firms demanded free work",
    points=f"{POC_UNPAID_POINTS} zero; {POC_FEE_UNKNOWN_POINTS} unknown",
    measure="対策5",
)
def poc_unpaid(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        if c.kind != "poc" or (t.fee_jpy is not None and t.fee_jpy > 0) or not ctx.process_terms_matter(c):
            return None
        zero = t.fee_jpy == 0
        return Hit(
            POC_UNPAID_POINTS if zero else POC_FEE_UNKNOWN_POINTS,
            Bilingual(
                f"{_label(c).ja}の対価が" + ("0円です（無償PoC）。" if zero else "記録されていません。"),
                f"{cap(_label(c).en)} " + ("is unpaid (fee ¥0)." if zero else "has no fee recorded."),
            ),
            measure(
                "対策5",
                "PoCは固定額の対価を作業開始前に支払う形にしてください（モデル契約：10営業日以内）。",
                "pay a fixed PoC fee before the work starts (model contract: within 10 business days).",
            ),
        )

    return _worst(ctx, check)


@rule(
    "ip_contract.poc_too_long",
    signal="PoC planned for longer than six months",
    threshold=f"current PoC contract: end_date - (signed_on or stage_entered) > {POC_MAX_DAYS} days",
    source="Model PoC (6 months at most); article ポイント1 (start small, validate fast)",
    points=str(POC_TOO_LONG_POINTS),
    measure="ポイント1",
)
def poc_too_long(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        start = c.signed_on or ctx.project.stage_entered
        if c.kind != "poc" or t.end_date is None or start is None or not ctx.process_terms_matter(c):
            return None
        days = (t.end_date - start).days
        if days <= POC_MAX_DAYS:
            return None
        return Hit(
            POC_TOO_LONG_POINTS,
            Bilingual(
                f"{_label(c).ja}の期間が{start.isoformat()}から{t.end_date.isoformat()}までの約{days * 12 // 365}か月で、"
                f"モデル契約の上限{POC_MAX_MONTHS}か月を超えています。",
                f"{cap(_label(c).en)} runs from {start.isoformat()} to {t.end_date.isoformat()} "
                f"(about {days * 12 // 365} months), past the model's {POC_MAX_MONTHS}-month maximum.",
            ),
            measure(
                "ポイント1",
                "検証範囲を絞って6か月以内のPoCに分割し、各回の終わりに続けるか判断してください。",
                "narrow the scope into PoCs of at most six months and decide at the end of each whether to continue.",
            ),
        )

    return _worst(ctx, check)


_CM_DEADLINE = (
    f"PoC・共同研究に進むかを{DECISION_DEADLINE_MAX_DAYS // 30}か月以内に回答する条項を入れ、その日を社内の決裁日程に組み込んでください。",
    f"commit to answer within {DECISION_DEADLINE_MAX_DAYS // 30} months whether you go on to a PoC or joint R&D, and plan "
    "the approval for it.",
)


@rule(
    "ip_contract.decision_deadline",
    signal="A long deadline for the corporate's decision on the next step, while that step is still ahead",
    threshold=f"NDA while exploring / PoC while in PoC, not superseded: decision_deadline_days > {DECISION_DEADLINE_MAX_DAYS}",
    source="Red flag 5; model NDA and PoC (answer within 2 months)",
    points=str(DECISION_DEADLINE_LONG_POINTS),
    measure="対策5",
)
def decision_deadline(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        days = t.decision_deadline_days
        if c.kind not in ("nda", "poc") or days is None or days <= DECISION_DEADLINE_MAX_DAYS:
            return None
        if not ctx.process_terms_matter(c):
            return None
        return Hit(
            DECISION_DEADLINE_LONG_POINTS,
            Bilingual(
                f"{_label(c).ja}で次の段階への判断期限が{days}日と、モデル契約の{DECISION_DEADLINE_MAX_DAYS // 30}か月を超えています。",
                f"{cap(_label(c).en)} gives the corporate {days} days to decide on the next step "
                f"(model: {DECISION_DEADLINE_MAX_DAYS // 30} months).",
            ),
            measure("対策5", *_CM_DEADLINE),
        )

    return _worst(ctx, check)


# --------------------------------------------------------------------------- data to complete


def _term_path(i: int, term: str) -> str:
    return f"project.contracts[{i}].terms.{term}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@data_prompt(
    "ip_contract.poc_terms_not_recorded",
    signal="The current PoC contract does not record its deliverable, end date or next-step deadline",
    why="Model PoC: a report within 3 weeks, 6 months at most, an answer on the next step within 2 months",
)
def poc_terms_not_recorded(ctx: Context) -> list[DataPrompt]:
    out: list[DataPrompt] = []
    for i, c in enumerate(ctx.contracts):
        if c.kind != "poc" or not ctx.process_terms_matter(c):
            continue
        t = c.terms or Terms()
        label = _label(c)
        if _blank(t.deliverable):
            out.append(
                DataPrompt(
                    "ip_contract.poc_terms_not_recorded",
                    "ip_contract",
                    _term_path(i, "deliverable"),
                    Bilingual(
                        f"{label.ja}の成果物（例：検証報告書）と検収の定めを記録してください。成果物が決まっていないと、"
                        "PoCが際限のない追加作業になり得ます。",
                        f"Record the deliverable of {label.en} (e.g. a validation report) and how it is accepted: without one "
                        "a PoC can turn into endless extra work.",
                    ),
                )
            )
        if t.end_date is None:
            out.append(
                DataPrompt(
                    "ip_contract.poc_terms_not_recorded",
                    "ip_contract",
                    _term_path(i, "end_date"),
                    Bilingual(
                        f"{label.ja}の終了日を記録してください。期間が分かれば、モデル契約の上限{POC_MAX_MONTHS}か月を超えていないか"
                        "と、ゲート判断の時期を確かめられます。",
                        f"Record the end date of {label.en}: it shows whether the PoC stays within the model's "
                        f"{POC_MAX_MONTHS} months and when the gate decision is due.",
                    ),
                )
            )
        if t.decision_deadline_days is None:
            out.append(_deadline_prompt(i, c))
    return out


def _deadline_prompt(i: int, c: Contract) -> DataPrompt:
    label = _label(c)
    months = DECISION_DEADLINE_MAX_DAYS // 30
    return DataPrompt(
        "ip_contract.decision_deadline_not_recorded",
        "ip_contract",
        _term_path(i, "decision_deadline_days"),
        Bilingual(
            f"{label.ja}で、大企業が次の段階に進むかを回答する期限（日数）を記録してください。モデル契約は{months}か月以内です。",
            f"Record how many days {label.en} gives the corporate to decide on the next step (model: within {months} "
            "months), so the partner is not kept waiting.",
        ),
    )


@data_prompt(
    "ip_contract.decision_deadline_not_recorded",
    signal="A signed NDA, while the project is still exploring, does not record the next-step deadline",
    why="Model NDA: the corporate answers within 2 months whether it goes on to a PoC",
)
def nda_deadline_not_recorded(ctx: Context) -> list[DataPrompt]:
    return [
        _deadline_prompt(i, c)
        for i, c in enumerate(ctx.contracts)
        if c.kind == "nda"
        and was_signed(c)
        and ctx.process_terms_matter(c)
        and (c.terms is None or c.terms.decision_deadline_days is None)
    ]


@data_prompt(
    "ip_contract.confidentiality_not_recorded",
    signal="A signed NDA does not record how long confidentiality lasts after it ends",
    why="Model NDA: confidentiality for 3 years after the term; it protects what was disclosed even after later stages",
)
def confidentiality_not_recorded(ctx: Context) -> list[DataPrompt]:
    years = CONFIDENTIAL_MODEL_MONTHS // 12
    return [
        DataPrompt(
            "ip_contract.confidentiality_not_recorded",
            "ip_contract",
            _term_path(i, "confidential_months_after_end"),
            Bilingual(
                f"{_label(c).ja}の終了後の秘密保持期間（月数）を記録してください。モデル契約は終了後{years}年です。",
                f"Record how many months {_label(c).en} keeps information confidential after it ends (model: {years} "
                "years).",
            ),
        )
        for i, c in enumerate(ctx.contracts)
        if c.kind == "nda"
        and was_signed(c)
        and (c.terms is None or c.terms.confidential_months_after_end is None)
    ]


def _flag_rule(
    rule_id: str,
    *,
    signal: str,
    threshold: str,
    source: str,
    points: int,
    test: Callable[[Contract, Terms], bool],
    evidence: Callable[[Bilingual, Terms], Bilingual],
    countermeasure: Bilingual,
) -> None:
    @rule(rule_id, signal=signal, threshold=threshold, source=source, points=str(points), measure="対策5")
    def flag(ctx: Context) -> Hit | None:
        def check(c: Contract, t: Terms) -> Hit | None:
            if not test(c, t):
                return None
            return Hit(points, evidence(_label(c), t), measure("対策5", countermeasure.ja, countermeasure.en))

        return _worst(ctx, check)


_flag_rule(
    "ip_contract.nda_one_way",
    signal="One-way NDA (binds only one side)",
    threshold="terms.mutual == false",
    source="Red flag 2; model NDA (mutual)",
    points=NDA_ONE_WAY_POINTS,
    test=lambda c, t: t.mutual is False,
    evidence=lambda label, t: Bilingual(
        f"{label.ja}が片務的です（一方だけが秘密保持義務を負う）。", f"{cap(label.en)} is one-way."
    ),
    countermeasure=Bilingual(
        "双方が秘密保持義務を負う相互NDAにしてください。", "make the NDA mutual so both sides are bound."
    ),
)
_flag_rule(
    "ip_contract.oral_not_covered",
    signal="Oral disclosures not covered by the NDA (marked material only)",
    threshold="terms.oral_disclosures_covered == false",
    source="Red flag 3; model NDA (oral disclosures confirmed in writing within 14 days)",
    points=ORAL_NOT_COVERED_POINTS,
    test=lambda c, t: t.oral_disclosures_covered is False,
    evidence=lambda label, t: Bilingual(
        f"{label.ja}は口頭での開示を保護しません（秘密表示のある資料のみ）。",
        f"{cap(label.en)} does not cover oral disclosures (marked material only).",
    ),
    countermeasure=Bilingual(
        "口頭開示も14日以内に書面で確認すれば秘密情報になる条項を入れてください。",
        "cover oral disclosures that are confirmed in writing within 14 days.",
    ),
)
_flag_rule(
    "ip_contract.purpose_not_limited",
    signal="NDA without a limited (joint) purpose",
    threshold="terms.purpose_limited == false",
    source="Red flag 1; model NDA (narrow purpose that says the study is joint)",
    points=PURPOSE_NOT_LIMITED_POINTS,
    test=lambda c, t: t.purpose_limited is False,
    evidence=lambda label, t: Bilingual(
        f"{label.ja}の目的が限定されておらず、開示情報を目的外で使われる恐れがあります。",
        f"{cap(label.en)} does not limit the purpose, so disclosed information may be used for other ends.",
    ),
    countermeasure=Bilingual(
        "目的を「両社の共同での検討」に限定し、目的外使用とリバースエンジニアリングを禁止してください。",
        "limit the purpose to the parties' joint study and forbid use outside it and reverse engineering.",
    ),
)
_flag_rule(
    "ip_contract.free_license_demand",
    signal="Demand for a free licence to the corporate (extension field free_license_to_corporate)",
    threshold="terms.free_license_to_corporate == true",
    source="Red flag 12; JFTC/METI startup guideline",
    points=FREE_LICENSE_POINTS,
    test=lambda c, t: t.free_license_to_corporate is True,
    evidence=lambda label, t: Bilingual(
        f"{label.ja}で大企業側への無償ライセンスが求められています。",
        f"{cap(label.en)} demands a free licence for the corporate.",
    ),
    countermeasure=Bilingual(
        "実施権は対価を払う形にし、無償とする場合は分野と期間を限定してください。",
        "pay for the licence, or limit any free licence to a field and a period.",
    ),
)


@rule(
    "ip_contract.grant_back_one_sided",
    signal="Improvements granted back by the partner only, or no improvements clause",
    threshold="improvements_grant_back partner_only / none",
    source="Red flag 13; model licence (licensee grants a free non-exclusive licence back)",
    points=f"{GRANT_BACK_PARTNER_ONLY_POINTS} partner_only; {GRANT_BACK_NONE_POINTS} none",
    measure="対策5",
)
def grant_back_one_sided(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        if t.improvements_grant_back not in ("partner_only", "none"):
            return None
        partner_only = t.improvements_grant_back == "partner_only"
        return Hit(
            GRANT_BACK_PARTNER_ONLY_POINTS if partner_only else GRANT_BACK_NONE_POINTS,
            Bilingual(
                f"{_label(c).ja}の改良技術の扱いが"
                + (
                    "連携先だけに提供義務がある片務的なものです。" if partner_only else "定められていません。"
                ),
                f"{cap(_label(c).en)} "
                + (
                    "makes only the partner grant back improvements."
                    if partner_only
                    else "has no improvements clause."
                ),
            ),
            measure(
                "対策5",
                "改良技術は双方が報告し合い、無償の非独占ライセンスを相互に与える形にしてください。",
                "make improvements reported both ways, each side granting a free non-exclusive licence back.",
            ),
        )

    return _worst(ctx, check)


@rule(
    "ip_contract.short_confidentiality",
    signal="No or short confidentiality after the contract ends",
    threshold=f"confidential_months_after_end == 0 / < {CONFIDENTIAL_MODEL_MONTHS}",
    source="Red flag 4; model NDA (confidentiality 3 more years)",
    points=f"{CONFIDENTIAL_NONE_POINTS} none; {CONFIDENTIAL_SHORT_POINTS} short",
    measure="対策5",
)
def short_confidentiality(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        months = t.confidential_months_after_end
        if months is None or months >= CONFIDENTIAL_MODEL_MONTHS:
            return None
        return Hit(
            CONFIDENTIAL_NONE_POINTS if months == 0 else CONFIDENTIAL_SHORT_POINTS,
            Bilingual(
                f"{_label(c).ja}の終了後の秘密保持期間が{fmt_num(months)}か月です（モデル契約は3年）。",
                f"{cap(_label(c).en)} keeps information confidential for {fmt_num(months)} months after it ends "
                "(model: 3 years).",
            ),
            measure(
                "対策5",
                "契約終了後も3年間は秘密保持義務が続くようにしてください。",
                "keep confidentiality for 3 years after the contract ends.",
            ),
        )

    return _worst(ctx, check)


@rule(
    "ip_contract.non_compete_survives",
    signal="Non-compete that survives the contract",
    threshold=f"non_compete_months_after_end > 0 / > {NON_COMPETE_LONG_MONTHS}",
    source="Red flag 11; model joint R&D (non-compete only during the term, defined products)",
    points=f"{NON_COMPETE_POINTS} / {NON_COMPETE_LONG_POINTS}",
    measure="対策5",
)
def non_compete_survives(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        months = t.non_compete_months_after_end
        if months is None or months <= 0:
            return None
        return Hit(
            NON_COMPETE_LONG_POINTS if months > NON_COMPETE_LONG_MONTHS else NON_COMPETE_POINTS,
            Bilingual(
                f"{_label(c).ja}の競業禁止が契約終了後も{fmt_num(months)}か月続きます。",
                f"The non-compete in {_label(c).en} lasts {fmt_num(months)} months after the contract ends.",
            ),
            measure(
                "対策5",
                "競業禁止は契約期間中に限り、対象製品を具体的に定義してください。",
                "limit the non-compete to the term of the contract and to precisely defined products.",
            ),
        )

    return _worst(ctx, check)


@rule(
    "ip_contract.license_scope_open",
    signal="Licence contract without a defined scope",
    threshold="kind license, signed, license_scope empty",
    source="Model licence (scope by product; avoid 専用実施権)",
    points=str(LICENSE_SCOPE_OPEN_POINTS),
    measure="対策5",
)
def license_scope_open(ctx: Context) -> Hit | None:
    def check(c: Contract, t: Terms) -> Hit | None:
        if (
            c.kind != "license"
            or not was_signed(c)
            or (t.license_scope is not None and t.license_scope.strip())
        ):
            return None
        return Hit(
            LICENSE_SCOPE_OPEN_POINTS,
            Bilingual(
                f"{_label(c).ja}の許諾範囲が定められていません。",
                f"{cap(_label(c).en)} defines no licence scope.",
            ),
            measure(
                "対策5",
                "許諾範囲を製品ごとに定め、中核製品のみ期間限定の独占、他は非独占・有償としてください（専用実施権は避ける）。",
                "define the scope by product: the core product exclusive for a set period, others non-exclusive and paid "
                "(avoid an exclusive 専用実施権).",
            ),
        )

    return _worst(ctx, check)


@rule(
    "ip_contract.result_owner_disputed",
    signal="The alignment answers disagree on who should own the results",
    threshold="result_owner gap critical (both claim) / high / medium",
    source="Article case B (both sides claimed the algorithm)",
    points=", ".join(f"{k} {v}" for k, v in RESULT_OWNER_GAP_POINTS.items()),
    measure="対策5",
)
def result_owner_disputed(ctx: Context) -> Hit | None:
    gap = ctx.gaps.get("result_owner")
    if gap is None or gap.severity not in RESULT_OWNER_GAP_POINTS:
        return None
    c, p = value_name(str(gap.corporate)), value_name(str(gap.partner))
    return Hit(
        RESULT_OWNER_GAP_POINTS[gap.severity],
        Bilingual(
            f"成果の帰属について、大企業側は「{c.ja}」、連携先は「{p.ja}」と考えています。",
            f"On who should own the results, the corporate answered '{c.en}' and the partner '{p.en}'.",
        ),
        measure("対策5", *_CM_IP),
    )

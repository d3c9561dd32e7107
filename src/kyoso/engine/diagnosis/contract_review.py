"""Red flags on one contract's decision points, for the contract page (pure Python, no Django).

Input is the contract kind, status and its ``terms`` as in the snapshot format (a missing / None
value means the point is still open). Each flag carries the reason and what the METI/JPO model
contract does by default. The thresholds are the registry's (:mod:`.contract_terms`), the same the
diagnosis rules score with, so the contract page and the risk score agree. Unlike the diagnosis, the
page is a checklist for negotiating one contract: an open process term (no deliverable, no end
date, no decision deadline) is flagged here so it is settled before signature.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .contract_terms import CONFIDENTIAL_MODEL_MONTHS, DECISION_DEADLINE_MAX_DAYS, POC_MAX_MONTHS, terms_for

HIGH = "high"
MEDIUM = "medium"
_YEARS = CONFIDENTIAL_MODEL_MONTHS // 12
_DEADLINE_MONTHS = DECISION_DEADLINE_MAX_DAYS // 30

UNDECIDED = "undecided"


@dataclass(frozen=True)
class RedFlag:
    key: str
    severity: str
    term: str
    reason: str
    model_default: str


_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    # key: {lang: (reason, model default)}
    "nda_purpose": {
        "en": (
            "Use of the information is not limited to the purpose: the corporate may use it for its own development.",
            "A narrow purpose stating the study is joint; no use outside the purpose.",
        ),
        "ja": (
            "情報の利用が目的に限定されていません。大企業が自社開発に流用できてしまいます。",
            "「共同で」検討することを明記した狭い目的と、目的外使用の禁止。",
        ),
    },
    "nda_one_way": {
        "en": (
            "One-way NDA: only the startup's disclosures are protected.",
            "A mutual NDA binding both sides.",
        ),
        "ja": ("片務的なNDAです。スタートアップ側の開示だけが守られていません。", "双方を拘束する双務契約。"),
    },
    "nda_marked_only": {
        "en": (
            "Only marked material is confidential; oral pitches and demos are not covered.",
            "Oral disclosures are covered when confirmed in writing within 14 days.",
        ),
        "ja": (
            "秘密表示のある資料だけが秘密情報です。口頭の説明やデモが保護されません。",
            "口頭開示も14日以内に書面で特定すれば秘密情報に含める。",
        ),
    },
    "nda_short_confidentiality": {
        "en": (
            "Confidentiality ends too soon after the contract ends.",
            f"Term of 1 year; confidentiality continues {_YEARS} more years.",
        ),
        "ja": (
            "契約終了後の秘密保持期間が短すぎます。",
            f"契約期間1年、終了後さらに{_YEARS}年間の秘密保持。",
        ),
    },
    "no_decision_deadline": {
        "en": (
            f"No deadline, or one longer than {DECISION_DEADLINE_MAX_DAYS} days, for the corporate's decision on the next step: "
            "the startup can be kept waiting.",
            f"The corporate answers within {_DEADLINE_MONTHS} months whether it proceeds.",
        ),
        "ja": (
            f"次の段階に進むかどうかの大企業側の回答期限がないか、{DECISION_DEADLINE_MAX_DAYS}日を超えています。スタートアップが待たされ続けます。",
            f"大企業は{_DEADLINE_MONTHS}か月以内に次段階に進むかを回答する。",
        ),
    },
    "unpaid_poc": {
        "en": (
            "Unpaid PoC: the startup works for free.",
            "A fixed fee, paid within 10 business days, before work starts.",
        ),
        "ja": (
            "無償のPoCです。スタートアップにただ働きをさせることになります。",
            "固定額の対価を作業開始前に10営業日以内で支払う。",
        ),
    },
    "poc_no_deliverable": {
        "en": (
            "No deliverable or acceptance rule: the PoC can turn into endless extra work.",
            "A report within 3 weeks, accepted unless a reasoned objection within 1 week; one revision round.",
        ),
        "ja": (
            "成果物や検収の定めがなく、際限のない追加作業につながります。",
            "3週間以内に報告書、1週間以内に理由付きの異議がなければ検収、修正は1回まで。",
        ),
    },
    "poc_no_end": {
        "en": ("The PoC has no end date.", f"{POC_MAX_MONTHS} months at most."),
        "ja": ("PoCに終了日がありません。", f"期間は最長{POC_MAX_MONTHS}か月。"),
    },
    "ip_all_to_corporate": {
        "en": (
            "All resulting IP goes to the corporate: the fee pays for work, not for IP.",
            "The startup owns results; the corporate gets a royalty-free licence in its field for a limited time.",
        ),
        "ja": (
            "成果の知財がすべて大企業に帰属します。対価は作業の対価であり知財の対価ではありません。",
            "成果はスタートアップに帰属し、大企業は自社製品分野で期間限定の無償ライセンスを受ける。",
        ),
    },
    "ip_open_at_signature": {
        "en": (
            "Signed while the ownership of results is still undecided: collaborations signed this way have ended in court.",
            "Decide foreground IP ownership before signature (four patterns in the model contract).",
        ),
        "ja": (
            "成果の知財の帰属が未決定のまま締結されています。このまま締結して訴訟になった協業があります。",
            "締結前に成果の帰属を決める(モデル契約は4つのパターンを提示)。",
        ),
    },
    "co_ownership_without_consent": {
        "en": (
            "Co-owned results without advance consent: under Patent Act §73 neither side can license without the other.",
            "Avoid co-ownership, or consent in advance to licensing and assignment.",
        ),
        "ja": (
            "共有なのに事前同意がありません。特許法73条により相手の同意なしにライセンスできません。",
            "共有を避けるか、ライセンス・譲渡への同意をあらかじめ定める。",
        ),
    },
    "exclusivity_unlimited": {
        "en": (
            "Exclusivity without a time or field limit.",
            "Exclusive only in the corporate's product field for a set period, non-exclusive after, or earlier if unused for 1 year.",
        ),
        "ja": (
            "期間または分野の限定がない独占です。",
            "自社製品分野に限り一定期間のみ独占、その後や1年間不実施の場合は非独占。",
        ),
    },
    "non_compete_after_end": {
        "en": (
            "The non-compete survives the end of the contract.",
            "Non-compete only during the term, for defined similar products.",
        ),
        "ja": (
            "競業避止義務が契約終了後も続きます。",
            "競業避止は契約期間中のみ、対象製品を明確に定義する。",
        ),
    },
    "free_license": {
        "en": (
            "A free licence to the corporate is demanded.",
            "Licences beyond the core product field are paid.",
        ),
        "ja": ("大企業への無償ライセンスが求められています。", "中核分野以外のライセンスは有償。"),
    },
    "one_sided_grant_back": {
        "en": (
            "Improvements are granted back by the startup only, or there is no improvements clause.",
            "The licensee reports improvements and grants a free non-exclusive licence back.",
        ),
        "ja": (
            "改良技術をスタートアップ側だけが許諾する、または改良技術の定めがありません。",
            "ライセンシーは改良を報告し、無償の非独占ライセンスを許諾する。",
        ),
    },
    "background_not_listed": {
        "en": (
            "Background IP is not listed: later no one can tell what each side brought in.",
            "Each side lists its background IP; licensed non-exclusively for a royalty.",
        ),
        "ja": (
            "バックグラウンド知財が特定されていません。後で各社の持ち込み分が区別できません。",
            "双方のバックグラウンド知財を列挙し、有償の非独占ライセンスとする。",
        ),
    },
}


def _text(key: str, lang: str) -> tuple[str, str]:
    texts = _TEXT[key]
    return texts.get(lang) or texts["en"]


def is_open(term: str, terms: Mapping[str, Any]) -> bool:
    """A decision point is open when it is missing, null or 'undecided'."""
    value = terms.get(term)
    if term == "exclusivity":
        return "exclusivity" not in terms and terms.get("exclusive") is None
    return value is None or value == "" or value == UNDECIDED


def term_states(kind: str, terms: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """(term, decided) for the decision points that matter for `kind`."""
    return [(term, not is_open(term, terms)) for term in terms_for(kind)]


def red_flags(kind: str, status: str | None, terms: Mapping[str, Any], *, lang: str = "ja") -> list[RedFlag]:
    """The red flags of one contract, most severe first."""
    found: list[tuple[str, str, str]] = []  # (key, severity, term)

    def flag(key: str, severity: str, term: str) -> None:
        found.append((key, severity, term))

    fg = terms.get("foreground_ip_owner")
    excl = terms.get("exclusivity")
    if kind == "nda":
        if terms.get("purpose_limited") is False:
            flag("nda_purpose", HIGH, "purpose_limited")
        if terms.get("mutual") is False:
            flag("nda_one_way", HIGH, "mutual")
        if terms.get("oral_disclosures_covered") is False:
            flag("nda_marked_only", MEDIUM, "oral_disclosures_covered")
        months = terms.get("confidential_months_after_end")
        if months is not None and months < CONFIDENTIAL_MODEL_MONTHS:
            flag("nda_short_confidentiality", MEDIUM, "confidential_months_after_end")
    if kind in ("nda", "poc"):
        deadline = terms.get("decision_deadline_days")
        if deadline is None or deadline > DECISION_DEADLINE_MAX_DAYS:
            flag("no_decision_deadline", MEDIUM, "decision_deadline_days")
    if kind == "poc":
        if terms.get("fee_jpy") == 0:
            flag("unpaid_poc", HIGH, "fee_jpy")
        if not terms.get("deliverable"):
            flag("poc_no_deliverable", MEDIUM, "deliverable")
        if not terms.get("end_date"):
            flag("poc_no_end", MEDIUM, "end_date")
    if kind in ("poc", "joint_development"):
        if fg == "corporate":
            flag("ip_all_to_corporate", HIGH, "foreground_ip_owner")
        if status == "signed" and (fg is None or fg == UNDECIDED):
            flag("ip_open_at_signature", HIGH, "foreground_ip_owner")
        if fg == "joint" and terms.get("co_owner_consent_to_license") is not True:
            flag("co_ownership_without_consent", HIGH, "co_owner_consent_to_license")
    if kind == "joint_development" and terms.get("background_ip_listed") is False:
        flag("background_not_listed", MEDIUM, "background_ip_listed")
    if isinstance(excl, Mapping) and (excl.get("months") is None or not excl.get("field")):
        flag("exclusivity_unlimited", HIGH, "exclusivity")
    nc = terms.get("non_compete_months_after_end")
    if nc is not None and nc > 0:
        flag("non_compete_after_end", HIGH, "non_compete_months_after_end")
    if terms.get("free_license_to_corporate") is True:
        flag("free_license", HIGH, "free_license_to_corporate")
    if kind in ("license", "joint_development") and terms.get("improvements_grant_back") in (
        "partner_only",
        "none",
    ):
        flag("one_sided_grant_back", MEDIUM, "improvements_grant_back")

    flags = []
    for key, severity, term in found:
        reason, default = _text(key, lang)
        flags.append(RedFlag(key=key, severity=severity, term=term, reason=reason, model_default=default))
    flags.sort(key=lambda f: 0 if f.severity == HIGH else 1)
    return flags

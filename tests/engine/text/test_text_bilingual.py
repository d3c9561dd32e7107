"""Bilingual term map: phrase matching on analysed terms, weights, both directions."""

from __future__ import annotations

from kyoso.engine.text.bilingual import (
    GLOSSARY_WEIGHT,
    JMDICT_WEIGHT,
    Concept,
    TermMap,
    default_term_map,
    expand_query,
)


def weights(query: str) -> dict[str, float]:
    return {qt.term: qt.weight for qt in expand_query(query)}


def test_japanese_phrase_expands_to_english_with_reduced_weight() -> None:
    w = weights("外観検査")
    assert w["外観"] == 1.0
    assert w["visual"] == GLOSSARY_WEIGHT and w["inspect"] >= GLOSSARY_WEIGHT


def test_english_phrase_expands_to_japanese() -> None:
    w = weights("image recognition")
    assert w["imag"] == 1.0
    assert w["画像認識"] > 0 and w["画像"] == GLOSSARY_WEIGHT


def test_katakana_loanword_maps_by_its_reading() -> None:
    assert "blockchain" in weights("ブロックチェーン")
    assert "ブロックチェーン" in weights("blockchain")


def test_jmdict_supplies_everyday_business_words() -> None:
    w = weights("物流")
    assert w.get("logist", 0) > 0
    w = weights("settlement")
    assert any(term == "決済" for term in w)
    assert JMDICT_WEIGHT < GLOSSARY_WEIGHT


def test_longest_phrase_wins_over_its_words() -> None:
    # 画像認識 is a glossary concept; 'portrait' (JMdict gloss of 画像 alone) must not appear.
    assert "portrait" not in weights("画像認識")


def test_no_substring_matching() -> None:
    # "AI" must not match inside other words, nor "car" inside "carbon".
    assert "カーボンニュートラル" not in weights("car")


def test_expansion_records_its_source_phrase() -> None:
    terms = {qt.term: qt for qt in expand_query("外観検査")}
    assert terms["visual"].source == "外観検査"
    assert terms["外観"].source is None


def test_custom_map_and_symmetric_concepts() -> None:
    tm = TermMap([Concept(("稟議", "ringi", "internal approval"), 0.5, symmetric=True)])
    w = {
        qt.term: qt.weight
        for qt in tm.expand(__import__("kyoso.engine.text", fromlist=["x"]).analyse_tokens("稟議"))
    }
    assert w["ringi"] == 0.5 and w["approv"] == 0.5


def test_default_map_is_shared_and_large() -> None:
    assert default_term_map() is default_term_map()
    assert len(default_term_map()) > 10_000

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
    # the query's own known term counts whole: its compound fully, its words as sub-words
    assert w["外観検査"] == 1.0 and w["外観"] == 0.6
    # a two-word translation carries the weight of both its words, in one compound
    assert w["visual inspect"] == 2 * GLOSSARY_WEIGHT and "inspect" not in w


def test_english_phrase_expands_to_japanese() -> None:
    w = weights("image recognition")
    assert w["imag recognit"] == 1.0 and w["imag"] == 0.6
    assert w["画像認識"] == 2 * GLOSSARY_WEIGHT


def test_katakana_loanword_maps_by_its_reading() -> None:
    assert "blockchain" in weights("ブロックチェーン")
    assert "ブロックチェーン" in weights("blockchain")


def test_jmdict_supplies_everyday_business_words() -> None:
    w = weights("物流")
    assert w.get("logist", 0) > 0
    w = weights("settlement")
    assert any(term == "決済" for term in w)
    # the index scores a word and its translations as one concept, so neither needs damping
    assert 0 < JMDICT_WEIGHT <= GLOSSARY_WEIGHT <= 1.0


def test_longest_phrase_wins_over_its_words() -> None:
    # 画像認識 is a glossary concept; 'portrait' (JMdict gloss of 画像 alone) must not appear.
    assert "portrait" not in weights("画像認識")


def test_no_substring_matching() -> None:
    # "AI" must not match inside other words, nor "car" inside "carbon".
    assert "カーボンニュートラル" not in weights("car")


def test_expansion_records_its_source_phrase() -> None:
    terms = {qt.term: qt for qt in expand_query("外観検査")}
    assert terms["visual inspect"].source == "外観検査"
    assert terms["外観"].source is None


def test_custom_map_and_symmetric_concepts() -> None:
    tm = TermMap([Concept(("稟議", "ringi", "internal approval"), 0.5, symmetric=True)])
    w = {
        qt.term: qt.weight
        for qt in tm.expand(__import__("kyoso.engine.text", fromlist=["x"]).analyse_tokens("稟議"))
    }
    assert w["ringi"] == 0.5 and w["internal approv"] == 1.0


def test_default_map_is_shared_and_large() -> None:
    assert default_term_map() is default_term_map()
    assert len(default_term_map()) > 10_000


def test_multi_word_translations_are_kept_whole() -> None:
    # Each word of a multi-word translation alone would match unrelated documents:
    # "image analysis" -> analysis, "machine vision" -> machine (a vibration-sensor company).
    w = weights("画像認識")
    assert w["imag recognit"] == 2 * GLOSSARY_WEIGHT and w["machin vision"] == 2 * GLOSSARY_WEIGHT
    for part in ("imag", "recognit", "analysi", "machin", "vision", "comput"):
        assert part not in w
    w = weights("image recognition")
    assert w["画像認識"] == 2 * GLOSSARY_WEIGHT
    assert "画像" not in {qt.term for qt in expand_query("image recognition") if qt.source}
    assert "analysi" not in w and "machin" not in w


def test_known_wrong_senses_are_gone() -> None:
    # 傷 (a defect on a product) is not "cut"; 倉庫 is not "management"; "products" is not
    # 事業化 (commercialisation, via the stem of "productization"); image recognition is not
    # "analysis" or "machine".
    assert "cut" not in weights("傷") and "cut" not in weights("キズ")
    assert "manag" not in weights("倉庫")
    assert "事業化" not in weights("products")
    assert not {"analysi", "machin"} & set(weights("image recognition"))


def test_everyday_word_keeps_its_first_sense_and_rare_glosses() -> None:
    w = weights("管理")
    assert "control" in w
    assert "manag" not in w  # a later gloss shared by 17 headwords
    assert "wound" in weights("キズ")


def test_shipped_analysed_map_is_up_to_date() -> None:
    # Rebuild with: PYTHONPATH=src python scripts/build_term_map.py --analysed
    import gzip
    from importlib import resources

    from kyoso.engine.text.bilingual import ANALYSED_FILE, analysed_map_text, load_compiled

    shipped = resources.files("kyoso.engine.text").joinpath("data", ANALYSED_FILE).read_bytes()
    assert gzip.decompress(shipped).decode("utf-8") == analysed_map_text()
    assert load_compiled() is not None


def test_compiled_map_expands_like_the_analysed_one() -> None:
    from kyoso.engine.text.bilingual import _all_concepts, load_compiled

    compiled = load_compiled()
    assert compiled is not None
    analysed = TermMap(_all_concepts())
    assert len(compiled) == len(analysed)
    from kyoso.engine.text import analyse_tokens

    for query in ("外観検査の自動化", "predictive maintenance for factories", "物流倉庫", "決済 API"):
        tokens = analyse_tokens(query)
        assert compiled.expand(tokens) == analysed.expand(tokens)


def test_a_stale_analysed_map_is_not_used(monkeypatch) -> None:
    from kyoso.engine.text import bilingual

    monkeypatch.setattr(bilingual, "ANALYSER_VERSION", "not-this-one")
    assert bilingual.load_compiled() is None

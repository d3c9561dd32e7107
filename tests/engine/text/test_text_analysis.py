"""Analysis: Japanese compounds, English stemming, normalisation, mixed script, thread safety."""

from __future__ import annotations

import threading

from kyoso.engine.text import analyse, analyse_tokens, normalise
from kyoso.engine.text.analysis import analyse_many


def test_japanese_compound_noun_gives_parts_and_compound() -> None:
    terms = analyse("画像認識")
    assert "画像" in terms and "認識" in terms
    assert "画像認識" in terms


def test_mode_c_unit_also_yields_mode_a_parts() -> None:
    tokens = analyse_tokens("カーシェアリング")
    primary = [t.term for t in tokens if t.kind == "primary"]
    sub = [t.term for t in tokens if t.kind == "sub"]
    assert primary == ["カーシェアリング"]
    assert "シェアリング" in sub


def test_particles_auxiliaries_and_symbols_are_dropped() -> None:
    terms = analyse("画像認識AIによる外観検査の共同開発を行います。")
    for dropped in ("に", "の", "を", "ます", "。", "よる", "行う"):
        assert dropped not in terms
    assert {"外観", "検査", "開発", "ai"} <= set(terms)


def test_inflected_verbs_use_normalised_form() -> None:
    assert "使う" in analyse("画像を使った検査")


def test_english_is_lowercased_stemmed_and_stopwords_removed() -> None:
    terms = analyse("The Inspection of Images and the inspections of images")
    assert terms == ["inspect", "imag", "inspect", "imag"]


def test_full_width_and_half_width_forms_agree() -> None:
    assert analyse("ｶｰｼｪｱﾘﾝｸﾞ") == analyse("カーシェアリング")
    assert analyse("ＩｏＴセンサー") == analyse("IoTセンサー")
    assert normalise("ＡＢＣ１２３") == "ABC123"


def test_katakana_spelling_variants_normalise_to_one_form() -> None:
    assert analyse("コンピュータ") == analyse("コンピューター")


def test_latin_words_inside_japanese_go_through_english_pipeline() -> None:
    terms = analyse("IoTセンサーとRobotsによる点検")
    assert "iot" in terms and "robot" in terms and "センサー" in terms


def test_numbers_are_not_terms() -> None:
    assert "100" not in analyse("2024年に100社と") and "2024" not in analyse("2024年に100社と")
    assert "2024" not in analyse("founded in 2024")


def test_analyse_many_matches_one_by_one() -> None:
    texts = ["画像認識", "visual inspection", "カーシェア", "人工知能", "高精度センサー", "物流"]
    batched = analyse_many(texts)
    assert [[t.term for t in tokens] for tokens in batched] == [analyse(t) for t in texts]


def test_long_text_is_analysed_completely() -> None:
    text = "画像認識による外観検査。" * 2000
    assert analyse(text).count("外観検査") == 2000


def test_tokenizer_is_safe_across_threads() -> None:
    expected = analyse("ブロックチェーンを活用した決済システム")
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(50):
                results.append(analyse("ブロックチェーンを活用した決済システム"))
        except BaseException as error:  # pragma: no cover - the failure we test for
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(result == expected for result in results)


def test_compiled_stemmer_stems_like_the_pure_python_snowball_stemmer() -> None:
    import re

    import snowballstemmer
    import Stemmer

    from kyoso.engine.text.bilingual import _data_text

    text = (_data_text("jmdict_terms.tsv.gz") + _data_text("glossary.tsv")).lower()
    words = sorted(set(re.findall(r"[a-z][a-z0-9']*", text)))
    assert len(words) > 10_000
    reference = snowballstemmer.stemmer("english")
    compiled = Stemmer.Stemmer("english")
    assert [compiled.stemWord(w) for w in words] == reference.stemWords(words)


def test_adjacent_english_words_form_compounds_within_a_phrase() -> None:
    tokens = analyse_tokens("Image recognition, for the factory floor")
    compounds = [t.term for t in tokens if t.kind == "compound"]
    # across a comma or a stopword there is no compound
    assert compounds == ["imag recognit", "factori floor"]

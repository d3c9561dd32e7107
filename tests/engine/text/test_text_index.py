"""BM25F index: ranking, incremental updates equal a rebuild, serialisation, filters, reasons."""

from __future__ import annotations

import random

import pytest

from kyoso.engine.text import Document, SearchIndex

DOCS = [
    Document(
        "vision-jp",
        {
            "name": "ビジョンテック株式会社",
            "description": "画像認識AIによる外観検査システムを製造業向けに提供します。",
            "technologies": "画像認識;深層学習",
            "industries": "製造業",
        },
    ),
    Document(
        "inspect-en",
        {
            "name": "InspectAI",
            "description": "Computer vision for automated visual inspection and defect detection on production lines.",
            "technologies": "computer vision; deep learning",
            "industries": "manufacturing",
        },
    ),
    Document(
        "chainpay",
        {
            "name": "ChainPay",
            "description": "Blockchain-based payment settlement for banks.",
            "industries": "fintech",
        },
    ),
    Document(
        "mobility", {"name": "モビリティラボ", "description": "カーシェアリングとMaaSのプラットフォーム"}
    ),
    Document("logi", {"name": "Logi Robotics", "description": "Warehouse robots for logistics centres."}),
    Document("bank", {"name": "ミライ銀行", "description": "ブロックチェーンを活用した決済基盤の実証実験"}),
    Document(7, {"name": "Agri Sense", "description": "IoT sensors and drones for precision agriculture."}),
]


def build(docs: list[Document]) -> SearchIndex:
    index = SearchIndex()
    for doc in docs:
        index.add(doc)
    return index


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return build(DOCS)


def ids(hits: list) -> list:  # type: ignore[type-arg]
    return [h.doc_id for h in hits]


def test_english_query_finds_japanese_documents(index: SearchIndex) -> None:
    assert ids(index.search("image recognition", top=2)) == ["vision-jp", "inspect-en"]


def test_japanese_query_finds_english_computer_vision_startup(index: SearchIndex) -> None:
    assert set(ids(index.search("外観検査 AI", top=2))) == {"vision-jp", "inspect-en"}


def test_cross_language_payment_and_logistics(index: SearchIndex) -> None:
    assert ids(index.search("ブロックチェーン 決済", top=2)) in (["chainpay", "bank"], ["bank", "chainpay"])
    assert ids(index.search("物流ロボット", top=1)) == ["logi"]
    assert ids(index.search("car sharing", top=1)) == ["mobility"]
    assert ids(index.search("精密農業 ドローン", top=1)) == [7]


def test_reasons_name_the_matched_words_and_fields_in_each_language(index: SearchIndex) -> None:
    hit = index.search("外観検査", top=5, lang="en")
    english = next(h for h in hit if h.doc_id == "inspect-en")
    assert any("visual inspection" in r and "外観検査" in r and "description" in r for r in english.reasons)
    japanese = index.search("外観検査", top=5, lang="ja")[0]
    assert any("外観検査" in r and "説明" in r for r in japanese.reasons)
    assert "description" in english.matched


def test_unrelated_query_finds_nothing(index: SearchIndex) -> None:
    assert index.search("zzzz qqqq") == []


def test_allowed_ids_and_filter(index: SearchIndex) -> None:
    assert ids(index.search("外観検査", allowed_ids={"inspect-en", "chainpay"})) == ["inspect-en"]
    assert "vision-jp" not in ids(index.search("外観検査", filter=lambda i: i != "vision-jp"))
    assert index.search("外観検査", allowed_ids=set()) == []


def test_update_replaces_document(index: SearchIndex) -> None:
    local = build(DOCS)
    local.add(Document("chainpay", {"name": "ChainPay", "description": "Car sharing fleet software."}))
    assert len(local) == len(DOCS)
    assert "chainpay" not in ids(local.search("blockchain"))
    assert "chainpay" in ids(local.search("カーシェア"))


def test_remove(index: SearchIndex) -> None:
    local = build(DOCS)
    assert local.remove("logi") and not local.remove("logi")
    assert "logi" not in ids(local.search("logistics robots"))
    assert len(local) == len(DOCS) - 1


def _random_docs(n: int, seed: int) -> list[Document]:
    rng = random.Random(seed)
    words = [
        "画像認識",
        "外観検査",
        "決済",
        "物流",
        "robot",
        "vision",
        "blockchain",
        "カーシェア",
        "創薬",
        "IoT",
    ]
    return [
        Document(i, {"name": f"Org {i}", "description": " ".join(rng.choices(words, k=rng.randint(1, 8)))})
        for i in range(n)
    ]


def test_incremental_adds_and_removes_rank_exactly_like_a_rebuild() -> None:
    docs = _random_docs(1500, seed=1)
    incremental = SearchIndex()
    for doc in docs:
        incremental.add(doc)  # crosses the automatic compaction threshold
    for doc in docs[::3]:
        incremental.remove(doc.id)
    updated = [Document(d.id, {"description": "創薬 robot"}) for d in docs[1:200:7]]
    for doc in updated:
        incremental.add(doc)
    survivors = {d.id: d for d in docs if d.id % 3 != 0}
    for doc in updated:
        survivors[doc.id] = doc
    rebuilt = SearchIndex()
    rebuilt.add_many(sorted(survivors.values(), key=lambda d: d.id))
    for query in ["image recognition", "外観検査 ロボット", "創薬", "payment logistics"]:
        a = incremental.search(query, top=20)
        b = rebuilt.search(query, top=20)
        assert [(h.doc_id, h.score) for h in a] == [(h.doc_id, h.score) for h in b]


def test_serialisation_roundtrip_keeps_results_and_stays_incremental() -> None:
    index = build(DOCS)
    index.remove("logi")
    data = index.to_bytes()
    restored = SearchIndex.from_bytes(data)
    for query in ["外観検査 AI", "blockchain", "car sharing"]:
        assert [(h.doc_id, h.score, h.reasons) for h in restored.search(query)] == [
            (h.doc_id, h.score, h.reasons) for h in index.search(query)
        ]
    restored.add(Document("new", {"description": "外観検査の新しい手法"}))
    assert "new" in ids(restored.search("visual inspection"))
    assert b"pickle" not in data[:200]


def test_relevance_is_between_zero_and_one(index: SearchIndex) -> None:
    rel = index.relevance("外観検査 AI", ["vision-jp", "inspect-en", "chainpay", "missing"])
    assert rel["vision-jp"] > rel["chainpay"] == 0.0
    assert all(0.0 <= v <= 1.0 for v in rel.values())


def test_field_weights_change_ranking() -> None:
    docs = [
        Document("in-name", {"name": "Blockchain Labs", "description": "software"}),
        Document("in-desc", {"name": "Labs", "description": "blockchain software"}),
    ]
    assert ids(build(docs).search("blockchain"))[0] == "in-name"
    flat = SearchIndex({"name": 0.1, "description": 3.0})
    flat.add_many(docs)
    assert ids(flat.search("blockchain"))[0] == "in-desc"


def test_pagination_and_count(index: SearchIndex) -> None:
    all_hits = index.search("AI inspection payment", top=10)
    assert index.search("AI inspection payment", top=2, offset=1) == all_hits[1:3]
    assert index.count("AI inspection payment") == len(all_hits)


def test_search_page_equals_search_and_count_in_one_pass() -> None:
    index = SearchIndex()
    index.add_many(_random_docs(1500, seed=3))
    for query in ["image recognition", "外観検査 ロボット", "payment logistics"]:
        for allowed in (None, set(range(0, 1500, 2))):
            window = index.search(query, top=50, allowed_ids=allowed)
            assert len(window) == 50  # more matches than the window: the total is counted apart
            for offset in (0, 20, 40, 60):
                hits, window_ids, total, _ = index.search_page(
                    query, window=50, offset=offset, limit=20, allowed_ids=allowed
                )
                assert window_ids == ids(window)
                assert hits == window[offset : offset + 20]
                assert total == index.count(query, allowed_ids=allowed)


def test_hits_built_together_equal_hits_built_one_by_one() -> None:
    index = SearchIndex()
    for doc in _random_docs(1500, seed=5):
        index.add(doc)  # one by one: compacted postings plus pending ones
    index.add(Document(10_000, {"name": "画像認識 robot", "description": "外観検査"}))
    for query in ["画像認識 外観検査", "robot vision", "決済 物流 IoT"]:
        for lang in ("ja", "en"):
            hits = index.search(query, top=30, lang=lang)
            scores, contributions, _ = index._score(index.query_terms(query))
            one_by_one = [
                index._hit(
                    index._slot_of[h.doc_id], float(scores[index._slot_of[h.doc_id]]), contributions, lang
                )
                for h in hits
            ]
            assert hits == one_by_one and len(hits) == 30


def test_half_width_and_full_width_queries_match(index: SearchIndex) -> None:
    assert ids(index.search("ｶｰｼｪｱﾘﾝｸﾞ", top=1)) == ["mobility"]
    assert ids(index.search("ＢＬＯＣＫＣＨＡＩＮ", top=2)) in (["chainpay", "bank"], ["bank", "chainpay"])


def test_relevance_feeds_the_fit_score(index: SearchIndex) -> None:
    from kyoso.engine.text import FitInput, fit_score

    rel = index.relevance("外観検査", ["inspect-en", "chainpay"])
    good = fit_score(FitInput(technology_relevance=rel["inspect-en"]))
    poor = fit_score(FitInput(technology_relevance=rel["chainpay"]))
    assert good.score > poor.score


def _long_tail_index() -> SearchIndex:
    index = SearchIndex()
    index.add(
        Document(
            "match",
            {
                "name": "VisionCheck",
                "description": "Image recognition for automated visual inspection of welds on production lines.",
            },
        )
    )
    for i in range(30):
        # each shares one everyday word of the need and nothing else
        word = ["production", "lines", "automated", "quality"][i % 4]
        index.add(
            Document(f"tail-{i}", {"name": f"Company {i}", "description": f"Consulting on {word} topics."})
        )
    return index


NEED = "We want image recognition for automated visual inspection of welds on our production lines, to raise quality."


def test_relative_cut_off_drops_the_long_tail_and_counts_it() -> None:
    index = _long_tail_index()
    everything = index.search(NEED, top=100)
    assert len(everything) == 31
    kept = index.search(NEED, top=100, min_relative=0.3)
    assert [h.doc_id for h in kept] == ["match"]
    hits, ids, total, hidden = index.search_page(NEED, window=100, limit=10, min_relative=0.3)
    assert (total, hidden, ids) == (1, 30, ["match"])
    assert index.count(NEED, min_relative=0.3) == 1 and index.count(NEED) == 31
    # without a cut-off nothing is hidden
    assert index.search_page(NEED, window=100)[2:] == (31, 0)


def test_cut_off_is_relative_to_the_best_allowed_hit() -> None:
    index = _long_tail_index()
    tail = {f"tail-{i}" for i in range(30)}
    kept = index.search(NEED, top=100, allowed_ids=tail, min_relative=0.3)
    assert kept and all(h.doc_id in tail for h in kept)


def test_a_translation_common_in_the_collection_weighs_less() -> None:
    from kyoso.engine.text.bilingual import Concept, TermMap

    term_map = TermMap([Concept(("稟議", "approval"), 0.5, symmetric=True)])
    docs = [Document("rare", {"description": "approval workflow"})]
    docs += [
        Document(f"d{i}", {"description": f"topic {i} approval" if i < 40 else f"topic {i}"})
        for i in range(100)
    ]
    common = SearchIndex(term_map=term_map)
    common.add_many(docs)
    unlimited = SearchIndex(term_map=term_map, translation_df_share=1.0)
    unlimited.add_many(docs)
    damped = common.search("稟議", top=1)[0].score
    plain = unlimited.search("稟議", top=1)[0].score
    assert 0 < damped < plain
    # a translation as rare as the reference share keeps its full weight
    rare_docs = docs[:1] + [Document(f"d{i}", {"description": f"topic {i}"}) for i in range(100)]
    a = SearchIndex(term_map=term_map)
    a.add_many(rare_docs)
    b = SearchIndex(term_map=term_map, translation_df_share=1.0)
    b.add_many(rare_docs)
    assert a.search("稟議", top=1)[0].score == b.search("稟議", top=1)[0].score


def test_request_phrasing_words_do_not_match() -> None:
    index = SearchIndex()
    index.add(Document("wants", {"description": "We want what our customers want and need."}))
    index.add(Document("robots", {"description": "Warehouse robots for picking."}))
    assert [h.doc_id for h in index.search("We want warehouse robots")] == ["robots"]
    assert index.search("探している会社") == []


def test_a_word_and_its_translations_count_as_one_concept() -> None:
    from kyoso.engine.text.bilingual import Concept, TermMap

    term_map = TermMap([Concept(("食品", "food", "foodstuff", "grocery"), 1.0, symmetric=True)])
    docs = [
        # every synonym of the one concept, and nothing of the rest of the need
        Document("synonyms", {"description": "food foodstuff grocery"}),
        # one synonym and the other thing the need asks for
        Document("both", {"description": "food robot"}),
        Document("robot", {"description": "warehouse robot"}),
    ]
    docs += [Document(f"d{i}", {"description": f"topic {i}"}) for i in range(20)]
    index = SearchIndex(term_map=term_map)
    index.add_many(docs)
    hits = index.search("食品 robot", top=3)
    assert hits[0].doc_id == "both"
    scores = {h.doc_id: h.score for h in hits}
    # the synonyms document scores like a document with the best one of them alone
    alone = SearchIndex(term_map=term_map)
    alone.add_many([Document("synonyms", {"description": "food"}), *docs[1:]])
    assert alone.search("食品 robot", top=3)[0].doc_id == "both"
    assert scores["synonyms"] < scores["both"]


def _filler(n: int) -> list[Document]:
    """Unrelated profiles, so that the tested words are rare (as in a real directory)."""
    return [
        Document(
            f"filler-{i}", {"description": f"We run a bakery and a cafe number {i}.", "industries": "Food"}
        )
        for i in range(n)
    ]


def test_words_written_joined_or_apart_match_each_other() -> None:
    index = SearchIndex()
    index.add_many(
        [
            Document("apart", {"name": "Shield", "industries": "Cyber Security;Health Care"}),
            Document("joined", {"name": "Guard", "industries": "Cybersecurity;Healthcare"}),
            *_filler(30),
        ]
    )
    assert {h.doc_id for h in index.search("cybersecurity")} == {"apart", "joined"}
    assert {h.doc_id for h in index.search("cyber security")} == {"apart", "joined"}
    assert {h.doc_id for h in index.search("healthcare")} == {"apart", "joined"}
    # only spellings the index holds are tried: a word with no split in the index adds nothing
    assert [t.term for t in index.query_terms("bakery") if " " in t.term] == []


def test_a_profile_matching_every_concept_outranks_one_matching_the_setting_strongly() -> None:
    index = SearchIndex()
    index.add_many(
        [
            Document(
                "both",
                {
                    "description": "Our team of engineers builds route optimization software and serves "
                    "clinics, care homes and hospitals across the region with it."
                },
            ),
            # the need's setting in name, tags and text, and one of its words: without the coverage
            # factor this profile ranked first (7.06 against 5.20)
            Document(
                "setting",
                {
                    "name": "Hospital Staffing",
                    "industries": "Hospitals",
                    "description": "Shift schedule optimization for hospitals.",
                },
            ),
            *_filler(30),
        ]
    )
    assert [h.doc_id for h in index.search("route optimization for hospitals")] == ["both", "setting"]


def test_request_wording_does_not_rank() -> None:
    index = SearchIndex()
    index.add_many(
        [
            Document("drone", {"description": "Drone inspection of bridges."}),
            Document(
                "startup", {"description": "A startup studio: we co-develop pilots with partner companies."}
            ),
            *_filler(30),
        ]
    )
    assert [
        h.doc_id for h in index.search("We are looking for a startup partner to co-develop a pilot.")
    ] == []
    long = "We are seeking a startup partner company to co-develop a pilot project on drone inspection."
    assert [h.doc_id for h in index.search(long)] == ["drone"]
    assert [h.doc_id for h in index.search("ドローン点検で協業できるスタートアップ企業を探しています。")][
        :1
    ] == ["drone"]


def _cold_chain_directory() -> list[Document]:
    described = [
        Document(
            f"described-{i}",
            {"description": f"We log chilled shipments, route {i}.", "technologies": "Cold Chain;IoT"},
        )
        for i in range(6)
    ]
    tagged_only = Document("tagged-only", {"description": "We help shippers.", "technologies": "Cold Chain"})
    return [*described, tagged_only, *_filler(60)]


def test_a_profile_is_found_by_a_tag_that_goes_with_the_query_word_in_the_directory() -> None:
    index = SearchIndex()
    index.add_many(_cold_chain_directory())
    hits = index.search("keeping chilled goods safe", lang="en")
    assert "tagged-only" in [h.doc_id for h in hits]
    reason = next(h for h in hits if h.doc_id == "tagged-only").reasons[0]
    assert reason == "'Cold Chain' (a tag common among profiles mentioning 'chilled') matched in technologies"
    ja = index.search("chilled", lang="ja")
    assert (
        "「Cold Chain」（「chilled」を含むプロフィールに多いタグ）が技術に一致"
        in next(h for h in ja if h.doc_id == "tagged-only").reasons
    )
    # learnt from this directory: an index without the described profiles has no such tag
    alone = SearchIndex()
    alone.add_many([d for d in _cold_chain_directory() if not str(d.id).startswith("described")])
    assert "tagged-only" not in [h.doc_id for h in alone.search("keeping chilled goods safe")]


def test_related_tags_survive_serialisation_and_follow_writes() -> None:
    index = SearchIndex()
    index.add_many(_cold_chain_directory())
    before = [(h.doc_id, h.score, h.reasons) for h in index.search("chilled", lang="en")]
    copy = SearchIndex.from_bytes(index.to_bytes())
    assert [(h.doc_id, h.score, h.reasons) for h in copy.search("chilled", lang="en")] == before
    for i in range(6):
        copy.remove(f"described-{i}")  # the association goes with the profiles that made it
    assert "tagged-only" not in [h.doc_id for h in copy.search("chilled")]

#!/usr/bin/env python3
"""Search quality: nDCG@10 and MRR of Kyoso's ranker vs plain BM25, measured in the same run.

Collection: bench/data/search_collection.json (250 fictional organisations, half described in
Japanese and half in English, 50 need-style queries, 25 in each language, graded judgements;
regenerate with bench/data/make_search_collection.py).

Baseline: Okapi BM25 (k1=1.2, b=0.75) over all fields concatenated, tokens = lowercased
whitespace/punctuation-separated Latin words and overlapping character bigrams of Japanese runs.
This is what a search without morphological analysis or a bilingual map does.

Ablations in the same run: ``no_map`` (Kyoso's analysis and BM25F without bilingual expansion)
and ``jmdict_only`` (expansion from the JMdict extract alone, without the hand-curated glossary).

Views: ja queries and en queries over all organisations; mono = each query over only the
organisations written in its own language; cross-language = each query over only
the organisations written in the other language (a ja need over en descriptions and the
reverse), where the baseline can only match shared Latin tokens such as "AI" or "IoT".

nDCG@10 uses gains 2^grade - 1; MRR is the reciprocal rank of the first grade-2 organisation.

Held-out collection (``--heldout``, the default also runs it): bench/data/search_heldout.json,
written from a tag taxonomy with relevance derived from tags (see
bench/data/make_heldout_collection.py), in two parts of disjoint wording. The "tuning" part may be
looked at per view while tuning; the "locked" part is reported only as one aggregate line per
language, labelled LOCKED. ``--new-locked`` adds bench/data/search_new_locked.json (written by
bench/data/make_new_locked_collection.py in real-directory styles: long "About us" pages and 会社概要
tables), reported the same way, labelled NEW LOCKED; it is for the final run of a change only.
``--locked3`` adds bench/data/search_locked3.json (make_locked3_collection.py: a 3,000-company,
English-heavy startup directory with tag lists, written before the round that it judges was tuned),
labelled LOCKED3, aggregate only; ``--dev`` a development collection in the same style with its own
taxonomy and wording (make_dev_collection.py), all views, for tuning. ``cut`` is Kyoso with the partner search's relative cut-off applied.

Usage: python bench/search_quality.py [--collection PATH] [--heldout PATH] [--skip-old]
(KYOSO_SRC=/path/to/src times another checkout's engine, e.g. the code before a change.)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, os.environ.get("KYOSO_SRC") or str(Path(__file__).resolve().parents[1] / "src"))

from kyoso.engine.text import Document, SearchIndex  # noqa: E402
from kyoso.engine.text import index as text_index  # noqa: E402
from kyoso.engine.text.bilingual import TermMap, load_jmdict  # noqa: E402

FIELDS = ("name", "description", "industries", "technologies")
JAPANESE_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u30fc\u3005]+")
LATIN = re.compile(r"[a-z0-9]+")


def baseline_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    tokens = LATIN.findall(text)
    for run in JAPANESE_RUN.findall(text):
        tokens.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    return tokens


class BaselineBM25:
    def __init__(self, docs: list[Document], k1: float = 1.2, b: float = 0.75) -> None:
        self.ids = [d.id for d in docs]
        self.tfs = [Counter(baseline_tokens(" ".join(d.fields.values()))) for d in docs]
        self.lengths = np.array([sum(tf.values()) for tf in self.tfs], dtype=float)
        self.avg = float(self.lengths.mean())
        self.df: Counter[str] = Counter()
        for tf in self.tfs:
            self.df.update(tf.keys())
        self.k1, self.b = k1, b

    def search(self, query: str, top: int, allowed: set[str] | None) -> list[str]:
        n = len(self.ids)
        scores = np.zeros(n)
        for term in set(baseline_tokens(query)):
            df = self.df.get(term, 0)
            if not df:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            for i, tf in enumerate(self.tfs):
                f = tf.get(term, 0)
                if f:
                    norm = 1 - self.b + self.b * self.lengths[i] / self.avg
                    scores[i] += idf * f * (self.k1 + 1) / (f + self.k1 * norm)
        order = [i for i in np.argsort(-scores, kind="stable") if scores[i] > 0]
        ranked = [str(self.ids[i]) for i in order]
        if allowed is not None:
            ranked = [r for r in ranked if r in allowed]
        return ranked[:top]


def ndcg_at(ranked: list[str], judgements: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** judgements.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(judgements.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr(ranked: list[str], judgements: dict[str, int]) -> float:
    for i, d in enumerate(ranked):
        if judgements.get(d, 0) >= 2:
            return 1.0 / (i + 1)
    return 0.0


def evaluate(
    orgs: list[dict],
    queries: list[dict],
    *,
    ablations: bool,
    locked: bool = False,
    label: str = "",
    tag: str = "LOCKED ",
) -> dict[str, float]:
    """Print the views of one collection; for a locked part only the per-language aggregate."""
    docs = [Document(o["id"], {f: o[f] for f in FIELDS if o.get(f)}) for o in orgs]
    lang_of = {o["id"]: o["lang"] for o in orgs}
    started = time.perf_counter()
    kyoso = SearchIndex()
    kyoso.add_many(docs)
    kyoso.search("warm up")  # loads the term map once
    build_seconds = time.perf_counter() - started
    baseline = BaselineBM25(docs)
    rankers = {
        "baseline": lambda q, allowed: baseline.search(q, 10 if allowed is None else 10_000, allowed)[:10],
        "kyoso": lambda q, allowed: [str(h.doc_id) for h in kyoso.search(q, top=10, allowed_ids=allowed)],
    }
    cutoff = getattr(text_index, "WEAK_RELATIVE_SCORE", None)  # absent in engines before the cut-off
    if cutoff is not None:
        rankers["cut"] = lambda q, allowed: [
            str(h.doc_id) for h in kyoso.search(q, top=10, allowed_ids=allowed, min_relative=cutoff)
        ]
    if ablations:
        plain = SearchIndex(expand=False)
        plain.add_many(docs)
        jmdict_only = SearchIndex(term_map=TermMap(load_jmdict()))
        jmdict_only.add_many(docs)
        rankers["no_map"] = lambda q, allowed: [
            str(h.doc_id) for h in plain.search(q, top=10, allowed_ids=allowed)
        ]
        rankers["jmdict_only"] = lambda q, allowed: [
            str(h.doc_id) for h in jmdict_only.search(q, top=10, allowed_ids=allowed)
        ]
    views: dict[str, list[tuple[str, set[str] | None, dict[str, int]]]] = {
        "ja": [],
        "en": [],
        "mono ja->ja": [],
        "mono en->en": [],
        "cross ja->en": [],
        "cross en->ja": [],
    }
    for q in queries:
        views[q["lang"]].append((q["text"], None, q["judgements"]))
        other = "en" if q["lang"] == "ja" else "ja"
        allowed = {i for i, lang in lang_of.items() if lang == other}
        judged = {d: g for d, g in q["judgements"].items() if d in allowed}
        views[f"cross {q['lang']}->{other}"].append((q["text"], allowed, judged))
        same = {i for i, lang in lang_of.items() if lang == q["lang"]}
        judged_same = {d: g for d, g in q["judgements"].items() if d in same}
        views[f"mono {q['lang']}->{q['lang']}"].append((q["text"], same, judged_same))
    if locked:
        views = {"all": views["ja"] + views["en"], "ja": views["ja"], "en": views["en"]}
    print(
        f"{label}: {len(docs)} organisations, {len(queries)} queries; kyoso index build {build_seconds:.2f}s"
    )
    header = f"{'view':<18}{'n':>4}  " + "  ".join(f"{name + ' nDCG':>17}{'MRR':>7}" for name in rankers)
    print(header + f"  {'nDCG ratio':>11}{'MRR ratio':>10}")
    out: dict[str, float] = {}
    for view, items in views.items():
        results: dict[str, tuple[float, float]] = {}
        for name, ranker in rankers.items():
            nd = [ndcg_at(ranker(text, allowed), judged) for text, allowed, judged in items]
            rr = [mrr(ranker(text, allowed), judged) for text, allowed, judged in items]
            results[name] = (float(np.mean(nd)), float(np.mean(rr)))
        base = results["baseline"]
        ours = results["kyoso"]
        cells = "  ".join(f"{v[0]:>17.3f}{v[1]:>7.3f}" for v in results.values())
        ratio_n = f"{ours[0] / base[0]:.2f}x" if base[0] > 0 else "inf (baseline 0)"
        ratio_m = f"{ours[1] / base[1]:.2f}x" if base[1] > 0 else "inf"
        shown = (tag if locked else "") + view
        print(f"{shown:<18}{len(items):>4}  {cells}  {ratio_n:>11}{ratio_m:>10}")
        out[view] = ours[0] / base[0] if base[0] > 0 else float("inf")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    here = Path(__file__).with_name("data")
    parser.add_argument("--collection", type=Path, default=here / "search_collection.json")
    parser.add_argument("--heldout", type=Path, default=here / "search_heldout.json")
    parser.add_argument("--skip-old", action="store_true", help="only the held-out collection")
    parser.add_argument("--skip-locked", action="store_true", help="only the tuning part (while tuning)")
    parser.add_argument(
        "--new-locked",
        type=Path,
        nargs="?",
        const=here / "search_new_locked.json",
        default=None,
        help="also the second locked collection (aggregate lines NEW LOCKED; for the final run only)",
    )
    parser.add_argument(
        "--locked3",
        type=Path,
        nargs="?",
        const=here / "search_locked3.json",
        default=None,
        help="also the third locked collection (aggregate lines LOCKED3; for the final run only)",
    )
    parser.add_argument(
        "--dev",
        type=Path,
        nargs="?",
        const=here / "search_dev.json",
        default=None,
        help="also the development collection in the LOCKED3 style (all views; may be tuned on)",
    )
    args = parser.parse_args(argv)
    print("nDCG = nDCG@10; ratios are kyoso / baseline; no_map and jmdict_only are ablations of kyoso")
    if not args.skip_old:
        data = json.loads(args.collection.read_text(encoding="utf-8"))
        evaluate(data["organisations"], data["queries"], ablations=True, label="old collection (tuned on)")
    heldout = json.loads(args.heldout.read_text(encoding="utf-8"))["parts"]
    tuning = heldout["tuning"]
    evaluate(tuning["organisations"], tuning["queries"], ablations=False, label="held-out, tuning part")
    if not args.skip_locked:
        part = heldout["locked"]
        evaluate(
            part["organisations"],
            part["queries"],
            ablations=False,
            locked=True,
            label="held-out, LOCKED part",
        )
    if args.new_locked is not None:
        part = json.loads(args.new_locked.read_text(encoding="utf-8"))["parts"]["new_locked"]
        evaluate(
            part["organisations"],
            part["queries"],
            ablations=False,
            locked=True,
            label="second locked collection, NEW LOCKED",
            tag="NEW LOCKED ",
        )
    if args.dev is not None:
        part = json.loads(args.dev.read_text(encoding="utf-8"))["parts"]["dev"]
        evaluate(part["organisations"], part["queries"], ablations=False, label="development collection")
    if args.locked3 is not None:
        part = json.loads(args.locked3.read_text(encoding="utf-8"))["parts"]["locked3"]
        evaluate(
            part["organisations"],
            part["queries"],
            ablations=False,
            locked=True,
            label="third locked collection, LOCKED3",
            tag="LOCKED3 ",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

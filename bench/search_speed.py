#!/usr/bin/env python3
"""Search speed: index build throughput, query latency p50/p95, incremental add vs rebuild, memory.

Synthetic organisations (half Japanese, half English) are assembled from the sentence banks of
bench/data/make_search_collection.py, at 10k and 100k documents by default. Queries are the 50
need-style queries of the quality collection (with bilingual expansion, as in production).

Printed ratios, all measured in this run:
* incremental/rebuild: seconds to add 1% more organisations one by one to a built index, divided
  by the seconds to rebuild an index of the same final size from scratch;
* p95 vs the 50 ms goal at 100k.

Usage: python bench/search_speed.py [--sizes 10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench" / "data"))

from make_search_collection import FILLER_EN, FILLER_JA, TOPICS  # noqa: E402

from kyoso.engine.text import Document, SearchIndex  # noqa: E402


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def synthetic(n: int, seed: int = 7, start: int = 0) -> list[Document]:
    rng = random.Random(seed)
    topics = list(TOPICS)
    docs = []
    for i in range(start, start + n):
        topic = TOPICS[rng.choice(topics)]
        lang = "ja" if i % 2 == 0 else "en"
        sentences = rng.sample(list(topic[lang]), k=min(2, len(topic[lang])))
        sentences.append(str(TOPICS[rng.choice(topics)][f"mention_{lang}"]))
        sentences += rng.sample(FILLER_JA if lang == "ja" else FILLER_EN, 2)
        joiner = "" if lang == "ja" else " "
        docs.append(
            Document(
                i,
                {
                    "name": f"Org {i}" if lang == "en" else f"組織{i}",
                    "description": joiner.join(sentences),
                    "industries": str(topic[f"ind_{lang}"]),
                    "technologies": str(topic[f"tech_{lang}"]),
                },
            )
        )
    return docs


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(values), p))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the 50 queries")
    args = parser.parse_args(argv)
    queries = [
        q["text"] for q in json.loads((ROOT / "bench/data/search_collection.json").read_text())["queries"]
    ]

    warm = SearchIndex()
    warm.add(Document("warm", {"description": "warm up 画像認識"}))
    started = time.perf_counter()
    warm.search("外観検査")
    print(f"one-off per process: term map load {time.perf_counter() - started:.2f}s")

    for n in [int(s) for s in args.sizes.split(",")]:
        docs = synthetic(n)
        extra = synthetic(max(1, n // 100), seed=8, start=n)
        rss_before = rss_mib()
        started = time.perf_counter()
        index = SearchIndex()
        index.add_many(docs)
        index.compact()
        build = time.perf_counter() - started
        rss_after = rss_mib()
        blob = index.to_bytes()

        latencies: list[float] = []
        for _ in range(args.repeat):
            for q in queries:
                t0 = time.perf_counter()
                index.search(q, top=10)
                latencies.append((time.perf_counter() - t0) * 1000)
        allowed = set(range(0, n, 3))
        filtered: list[float] = []
        for q in queries:
            t0 = time.perf_counter()
            index.search(q, top=10, allowed_ids=allowed)
            filtered.append((time.perf_counter() - t0) * 1000)

        started = time.perf_counter()
        for doc in extra:
            index.add(doc)
        incremental = time.perf_counter() - started
        started = time.perf_counter()
        rebuilt = SearchIndex()
        rebuilt.add_many(docs + extra)
        rebuilt.compact()
        rebuild = time.perf_counter() - started
        t0 = time.perf_counter()
        SearchIndex.from_bytes(blob)
        load_ms = (time.perf_counter() - t0) * 1000

        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        print(f"\n{n:,} organisations")
        print(f"  build            {build:.1f}s  ({n / build:,.0f} docs/s), {len(index._vocab):,} terms")
        print(
            f"  memory           index ~{rss_after - rss_before:,.0f} MiB RSS growth; serialised {len(blob) / 2**20:.1f} MiB"
        )
        print(f"  from_bytes       {load_ms:.0f} ms")
        print(f"  query latency    p50 {p50:.1f} ms, p95 {p95:.1f} ms  ({len(latencies)} queries, top 10)")
        print(
            f"  with allowed_ids p50 {percentile(filtered, 50):.1f} ms, p95 {percentile(filtered, 95):.1f} ms (1/3 of ids)"
        )
        print(
            f"  incremental add  {len(extra)} docs one by one {incremental:.2f}s vs full rebuild {rebuild:.1f}s: "
            f"ratio {incremental / rebuild:.3f} ({incremental / len(extra) * 1000:.2f} ms/doc)"
        )
        print(f"  p95 vs 50 ms goal: {p95 / 50:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Build the compact Japanese -> English term map shipped in src/kyoso/engine/text/data/.

Source: JMdict (Electronic Dictionary Research and Development Group, CC BY-SA 4.0), read from
the SQLite database of the PyPI package ``jamdict-data`` (a build-time tool only; install it with
``pip install jamdict-data`` in a scratch environment, it is not a runtime dependency).

Only business and technology vocabulary is kept:

* senses tagged with a technical field (computing, engineering, business, finance, economics,
  medicine, chemistry, biology, physics, law, mathematics, statistics, ...), and
* common nouns (JMdict priority news1/ichi1/spec1/spec2/gai1) written with two or more
  characters - the everyday vocabulary of company descriptions (画像, 物流, 決済, センサー) -
  with the glosses of their first sense only.

Single-character headwords, expressions, verbs and adverbs are skipped (too ambiguous for query
expansion). Glosses are cleaned (parenthesised notes removed) and at most four per headword,
each of at most four words, are kept.

Output: ``jmdict_terms.tsv.gz``, one line per headword: ``japanese<TAB>gloss|gloss|...<TAB>rank``
where rank 1 is a common word and 2 a field-only word.

It then writes ``term_map_analysed.tsv.gz``: the glossary and the extract analysed once, so no
process analyses them at start-up (a test checks that the shipped file is up to date). After
editing ``glossary.tsv`` or changing the analyser, rebuild only that file (no JMdict needed):

    PYTHONPATH=src python scripts/build_term_map.py --analysed

Usage: python scripts/build_term_map.py [--db PATH] [--out PATH] [--analysed]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

TECH_FIELDS = {
    "computing",
    "mathematics",
    "medicine",
    "physics",
    "chemistry",
    "law",
    "biology",
    "finance",
    "economics",
    "engineering",
    "business",
    "architecture, building",
    "electricity, elec. eng.",
    "electronics",
    "telecommunications",
    "statistics",
    "pharmacy",
    "genetics",
    "biochemistry",
    "aviation",
    "mechanical engineering",
    "photography",
    "printing",
    "audio-visual",
    "ecology",
    "physiology",
}
COMMON = {"news1", "ichi1", "spec1", "spec2", "gai1"}
NOUN_POS = (
    "noun (common) (futsuumeishi)",
    "noun or participle which takes the aux. verb suru",
    "nouns which may take the genitive case particle 'no'",
    "adjectival nouns or quasi-adjectives (keiyodoshi)",
)
KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")
PARENS = re.compile(r"\([^)]*\)")
MAX_GLOSSES = 4
MAX_GLOSS_WORDS = 4


def default_db() -> Path:
    import jamdict_data  # type: ignore[import-not-found]

    return Path(jamdict_data.__file__).parent / "jamdict.db"


def clean_gloss(gloss: str) -> str | None:
    text = PARENS.sub("", gloss).strip(" ;,.")
    text = re.sub(r"\s+", " ", text)
    if not text or len(text.split()) > MAX_GLOSS_WORDS or text.startswith("to "):
        return None
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9 '\-/&.]*$", text):
        return None
    return text


def build(db: Path) -> list[tuple[str, list[str], int]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    priority: dict[int, set[str]] = defaultdict(set)
    for idseq, tag in con.execute("select k.idseq, p.text from Kanji k join KJP p on p.kid = k.ID"):
        priority[idseq].add(tag)
    for idseq, tag in con.execute("select k.idseq, p.text from Kana k join KNP p on p.kid = k.ID"):
        priority[idseq].add(tag)
    headwords: dict[int, list[str]] = defaultdict(list)
    for idseq, text in con.execute("select idseq, text from Kanji order by ID"):
        headwords[idseq].append(text)
    kana_only: dict[int, list[str]] = defaultdict(list)
    for idseq, text in con.execute("select idseq, text from Kana order by ID"):
        if KATAKANA.match(text):
            kana_only[idseq].append(text)
    senses: dict[int, list[int]] = defaultdict(list)
    for sid, idseq in con.execute("select ID, idseq from Sense order by ID"):
        senses[idseq].append(sid)
    fields: dict[int, set[str]] = defaultdict(set)
    for sid, text in con.execute("select sid, text from field"):
        fields[sid].add(text)
    pos: dict[int, set[str]] = defaultdict(set)
    for sid, text in con.execute("select sid, text from pos"):
        pos[sid].add(text)
    glosses: dict[int, list[str]] = defaultdict(list)
    for sid, text in con.execute("select sid, text from SenseGloss where lang = 'eng' order by rowid"):
        glosses[sid].append(text)

    out: dict[str, tuple[list[str], int]] = {}
    for idseq, sense_ids in senses.items():
        common = bool(priority.get(idseq, set()) & COMMON)
        # JMdict lists POS on the first sense and omits it on later senses that share it.
        current_pos: set[str] = set()
        chosen: list[str] = []
        rank = 0
        for index, sid in enumerate(sense_ids):
            current_pos = pos.get(sid) or current_pos
            is_noun = any(p in NOUN_POS for p in current_pos)
            technical = bool(fields.get(sid, set()) & TECH_FIELDS)
            if technical and is_noun:
                rank = rank or 2
            elif common and is_noun and index == 0:
                rank = 1
            else:
                continue
            for gloss in glosses.get(sid, []):
                cleaned = clean_gloss(gloss)
                if cleaned and cleaned.lower() not in (g.lower() for g in chosen):
                    chosen.append(cleaned)
        if not chosen:
            continue
        forms = headwords.get(idseq) or kana_only.get(idseq) or []
        # A katakana loanword written also in kanji (rare) still maps through its reading.
        forms = forms[:2] + [k for k in kana_only.get(idseq, [])[:1] if k not in forms]
        for form in forms:
            if len(form) < 2:
                continue
            previous = out.get(form)
            if previous is None or rank < previous[1]:
                out[form] = (chosen[:MAX_GLOSSES], rank if common else 2)
    return sorted(((k, v[0], v[1]) for k, v in out.items()), key=lambda row: row[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=None, help="jamdict.db (default: from jamdict-data)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "src/kyoso/engine/text/data/jmdict_terms.tsv.gz",
    )
    parser.add_argument(
        "--analysed",
        action="store_true",
        help="only rewrite term_map_analysed.tsv.gz from the shipped glossary and extract",
    )
    args = parser.parse_args(argv)
    if not args.analysed:
        rows = build(args.db or default_db())
        lines = "".join(f"{ja}\t{'|'.join(en)}\t{rank}\n" for ja, en, rank in rows)
        write_gzip(args.out, lines)
        print(f"wrote {len(rows)} headwords to {args.out}", file=sys.stderr)
    from kyoso.engine.text.bilingual import ANALYSED_FILE, analysed_map_text

    analysed = args.out.with_name(ANALYSED_FILE)
    write_gzip(analysed, analysed_map_text())
    print(f"wrote {analysed}", file=sys.stderr)
    return 0


def write_gzip(path: Path, text: str) -> None:
    # mtime=0 keeps the file byte-identical across rebuilds.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))


if __name__ == "__main__":
    raise SystemExit(main())

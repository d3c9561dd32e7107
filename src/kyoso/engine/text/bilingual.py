"""Bilingual (ja <-> en) term map and query expansion.

Two sources, both shipped in ``data/``:

* ``glossary.tsv`` - hand-curated concept groups of open-innovation vocabulary
  (画像認識 = image recognition = computer vision ...). Every member expands to every other
  member, in both languages, with weight ``GLOSSARY_WEIGHT``.
* ``jmdict_terms.tsv.gz`` - business/technology headwords extracted from JMdict by
  ``scripts/build_term_map.py`` (CC BY-SA 4.0, see ``data/LICENCE.md``). A Japanese headword
  expands to its English glosses; an English gloss expands to at most ``MAX_REVERSE`` Japanese
  headwords (common words and first glosses first), with weight ``JMDICT_WEIGHT``.

Matching is on analysed terms, never substrings: the query's content words are matched
greedily, longest phrase first (up to ``MAX_PHRASE`` words), against the analysed entries, so
「外観検査」 matches the entry 外観検査 and "image recognition" the entry image recognition
rather than "image" and "recognition" separately.
"""

from __future__ import annotations

import gzip
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from kyoso.engine.text.analysis import Token, analyse_many, analyse_tokens, has_japanese

__all__ = ["QueryTerm", "TermMap", "Concept", "expand_query", "default_term_map"]

GLOSSARY_WEIGHT = 0.6
JMDICT_WEIGHT = 0.4
SUB_TOKEN_WEIGHT = 0.6  # mode-A parts and noun compounds, relative to the word they belong to
MAX_PHRASE = 4
MAX_REVERSE = 3


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """A weighted query term; ``source`` is the query phrase it translates, if it was expanded."""

    term: str
    weight: float
    label: str  # the word as written (surface form)
    source: str | None = None
    phrase: str = ""  # the whole query phrase or dictionary term this word belongs to
    phrase_terms: tuple[str, ...] = ()  # the primary terms of ``phrase``

    @property
    def group(self) -> str:
        return self.phrase or self.label


@dataclass(frozen=True, slots=True)
class Concept:
    """Terms that name the same thing. ``symmetric`` concepts expand every member to all others;
    a dictionary entry expands its headword (first member) to its glosses and each gloss back
    to the headword only."""

    members: tuple[str, ...]
    weight: float
    symmetric: bool
    rank: int = 1


Key = tuple[str, ...]


def _key(tokens: Sequence[Token]) -> Key:
    return tuple(t.term for t in tokens if t.kind == "primary")


class TermMap:
    """Phrase look-up from analysed query words to weighted translations and synonyms."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts: list[Concept] = list(concepts)
        texts = [member for concept in self.concepts for member in concept.members]
        analysed = analyse_many(texts)
        self._tokens: list[list[list[Token]]] = []
        # key -> list of (concept index, member index)
        self._index: dict[Key, list[tuple[int, int]]] = defaultdict(list)
        position = 0
        for ci, concept in enumerate(self.concepts):
            member_tokens = analysed[position : position + len(concept.members)]
            position += len(concept.members)
            self._tokens.append(member_tokens)
            for mi, tokens in enumerate(member_tokens):
                key = _key(tokens)
                if key and len(key) <= MAX_PHRASE:
                    self._index[key].append((ci, mi))
        for hits in self._index.values():
            # Prefer curated concepts, then common words, then the gloss's position.
            hits.sort(key=lambda hit: (-self.concepts[hit[0]].weight, self.concepts[hit[0]].rank, hit[1]))

    def __len__(self) -> int:
        return len(self.concepts)

    def translations(self, key: Key) -> list[tuple[str, list[Token], float]]:
        """(member text, its tokens, weight) for every term the phrase ``key`` expands to."""
        out: list[tuple[str, list[Token], float]] = []
        reverse = 0
        for ci, mi in self._index.get(key, []):
            concept = self.concepts[ci]
            if concept.symmetric:
                targets = [i for i in range(len(concept.members)) if i != mi]
            elif mi == 0:
                targets = list(range(1, len(concept.members)))
            else:
                if reverse >= MAX_REVERSE:
                    continue
                reverse += 1
                targets = [0]
            for ti in targets:
                out.append((concept.members[ti], self._tokens[ci][ti], concept.weight))
        return out

    def has(self, key: Key) -> bool:
        return key in self._index

    def expand(self, tokens: Sequence[Token]) -> list[QueryTerm]:
        """Weighted query terms: the query's own tokens (weight 1, or ``SUB_TOKEN_WEIGHT`` for
        sub-words and compounds) plus translations/synonyms of its longest matching phrases."""
        terms: dict[str, QueryTerm] = {}

        def put(candidate: QueryTerm) -> None:
            current = terms.get(candidate.term)
            if current is None or candidate.weight > current.weight:
                terms[candidate.term] = candidate

        primaries = [t for t in tokens if t.kind == "primary"]
        segments: dict[int, list[Token]] = defaultdict(list)
        for token in primaries:
            segments[token.segment].append(token)
        for token in tokens:
            words = segments.get(token.segment, [])
            phrase = _join([t.surface for t in words]) if words else token.surface
            put(
                QueryTerm(
                    token.term,
                    1.0 if token.kind == "primary" else SUB_TOKEN_WEIGHT,
                    token.surface,
                    None,
                    phrase,
                    tuple(t.term for t in words),
                )
            )
        for segment in segments.values():
            start = 0
            while start < len(segment):
                matched = 0
                for length in range(min(MAX_PHRASE, len(segment) - start), 0, -1):
                    key = tuple(t.term for t in segment[start : start + length])
                    if key in self._index:
                        matched = length
                        words = segment[start : start + length]
                        source = _join([t.surface for t in words])
                        for text, target_tokens, weight in self.translations(key):
                            target_key = _key(target_tokens)
                            for target in target_tokens:
                                factor = 1.0 if target.kind == "primary" else SUB_TOKEN_WEIGHT
                                put(
                                    QueryTerm(
                                        target.term, weight * factor, target.surface, source, text, target_key
                                    )
                                )
                        break
                start += matched or 1
        return list(terms.values())


def _join(surfaces: Sequence[str]) -> str:
    """Join word surfaces as they would be written: no spaces in Japanese, spaces in English."""
    out = ""
    for surface in surfaces:
        if out and not (has_japanese(out[-1]) or has_japanese(surface[:1])):
            out += " "
        out += surface
    return out


def _data_text(name: str) -> str:
    resource = resources.files("kyoso.engine.text").joinpath("data", name)
    raw = resource.read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


def load_glossary() -> list[Concept]:
    concepts: list[Concept] = []
    for line in _data_text("glossary.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ja, _, en = line.partition("\t")
        members = tuple(m.strip() for m in (ja.split(";") + en.split(";")) if m.strip())
        if len(members) > 1:
            concepts.append(Concept(members, GLOSSARY_WEIGHT, symmetric=True))
    return concepts


def load_jmdict() -> list[Concept]:
    concepts: list[Concept] = []
    for line in _data_text("jmdict_terms.tsv.gz").splitlines():
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        glosses = tuple(g for g in parts[1].split("|") if g)
        if glosses:
            concepts.append(Concept((parts[0], *glosses), JMDICT_WEIGHT, symmetric=False, rank=int(parts[2])))
    return concepts


_default: TermMap | None = None
_default_lock = threading.Lock()


def default_term_map() -> TermMap:
    """The shipped glossary + JMdict map, built once per process (thread-safe)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = TermMap([*load_glossary(), *load_jmdict()])
    return _default


def expand_query(query: str, term_map: TermMap | None = None) -> list[QueryTerm]:
    """Analyse ``query`` and add its translations; see :meth:`TermMap.expand`."""
    return (term_map or default_term_map()).expand(analyse_tokens(query))

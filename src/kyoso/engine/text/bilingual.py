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

A translation of several words is matched whole: it adds only its compound terms (adjacent word
pairs, see ``analysis``), so "image recognition" finds "image recognition" and 画像認識, never a
document that merely says "image" somewhere and "recognition" elsewhere.

Analysing the ~110,000 map entries takes seconds, so it is done once at build time:
``data/term_map_analysed.tsv.gz`` (written by ``scripts/build_term_map.py --analysed``) holds
every entry's tokens, keyed by a digest of the two sources, ``ANALYSER_VERSION`` and the Sudachi
dictionary version. When the key does not match (a source or the analyser changed and the file
was not rebuilt), the map is analysed at run time instead: slower, never wrong.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import metadata, resources

from kyoso.engine.text.analysis import (
    ANALYSER_VERSION,
    Token,
    TokenKind,
    analyse_many,
    analyse_tokens,
    has_japanese,
)

__all__ = [
    "QueryTerm",
    "TermMap",
    "Concept",
    "expand_query",
    "default_term_map",
    "analysed_map_key",
    "analysed_map_text",
]

# Translations and synonyms weigh as much as the query's own word: the index scores a word and
# its translations as one concept by the best match (index._concept), so many translations no
# longer add up. (Summed, they had to be damped to 0.6 and 0.4. Scored as concepts, on the
# held-out tuning part: 0.6/0.4 gave nDCG 1.30x BM25, 0.8/0.8 1.48x, 1.0/1.0 1.54x.)
GLOSSARY_WEIGHT = 1.0
JMDICT_WEIGHT = 1.0
SUB_TOKEN_WEIGHT = 0.6  # mode-A parts and noun compounds, relative to the word they belong to
MAX_PHRASE = 4
MAX_REVERSE = 3
# A later gloss of an everyday (not field-tagged) JMdict word is usually another sense of it:
# キズ "wound; injury; cut", 管理 "control; management". Such a gloss is kept only when few
# headwords share it; a gloss shared by many (cut: 12, management: 17) names a general idea
# that pulls in unrelated documents. The first gloss and field-tagged senses are always kept.
MAX_SHARED_LATER_GLOSS = 8
ANALYSED_FILE = "term_map_analysed.tsv.gz"
SOURCE_FILES = ("glossary.tsv", "jmdict_terms.tsv.gz")


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """A weighted query term; ``source`` is the query phrase it translates, if it was expanded."""

    term: str
    weight: float
    label: str  # the word as written (surface form)
    source: str | None = None
    phrase: str = ""  # the whole query phrase or dictionary term this word belongs to
    phrase_terms: tuple[str, ...] = ()  # the primary terms of ``phrase``
    related: bool = False  # a tag that goes with ``source`` in the index's own documents

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
    """Phrase look-up from analysed query words to weighted translations and synonyms.

    Built from concepts (analysing their members, seconds for the shipped map) or, with
    :meth:`compiled`, from the shipped analysed map, where every phrase's translations are
    already listed and only read (and their tokens decoded) when a query uses the phrase.
    """

    def __init__(self, concepts: Iterable[Concept]) -> None:
        concept_list = list(concepts)
        members = list(dict.fromkeys(m for concept in concept_list for m in concept.members))
        self._entries: dict[str, tuple[str, str]] = {
            member: (" ".join(_key(tokens)), encode_tokens(tokens))
            for member, tokens in zip(members, analyse_many(members), strict=True)
        }
        index: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for ci, concept in enumerate(concept_list):
            for mi, member in enumerate(concept.members):
                key = self._entries[member][0]
                if key and key.count(" ") < MAX_PHRASE:
                    index[key].append((ci, mi))
        self._table: dict[str, str] = {
            key: _encode_targets(_targets(concept_list, hits)) for key, hits in index.items()
        }
        self._size = len(concept_list)
        self._decoded: dict[str, list[Token]] = {}
        self._parsed: dict[str, list[tuple[str, float]]] = {}

    @classmethod
    def compiled(cls, entries: dict[str, tuple[str, str]], table: dict[str, str], size: int) -> TermMap:
        """A map from the shipped analysed file (see ``load_compiled``); ``entries`` maps a member
        to (its primary terms, its encoded tokens), ``table`` a phrase to its encoded targets."""
        term_map = cls.__new__(cls)
        term_map._entries = entries
        term_map._table = table
        term_map._size = size
        term_map._decoded = {}
        term_map._parsed = {}
        return term_map

    def tokens(self, member: str) -> list[Token]:
        """The analysed tokens of a member text (decoded on first use)."""
        tokens = self._decoded.get(member)
        if tokens is None:
            tokens = self._decoded[member] = decode_tokens(self._entries[member][1])
        return tokens

    def __len__(self) -> int:
        return self._size

    def translations(self, key: Key) -> list[tuple[str, list[Token], float]]:
        """(member text, its tokens, weight) for every term the phrase ``key`` expands to."""
        joined = " ".join(key)
        targets = self._parsed.get(joined)
        if targets is None:
            raw = self._table.get(joined)
            if raw is None:
                return []
            targets = self._parsed[joined] = _decode_targets(raw)
        return [(member, self.tokens(member), weight) for member, weight in targets]

    def has(self, key: Key) -> bool:
        return " ".join(key) in self._table

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
                    if " ".join(key) in self._table:
                        matched = length
                        words = segment[start : start + length]
                        source = _join([t.surface for t in words])
                        if length > 1:
                            _weigh_whole(terms, tokens, words)
                        for text, target_tokens, weight in self.translations(key):
                            target_key = _key(target_tokens)
                            for target in _whole(target_tokens, len(target_key)):
                                # A whole term of n words stands for n words: its n - 1 compounds
                                # carry the weight its words had when added one by one.
                                n = len(target_key)
                                factor = (
                                    SUB_TOKEN_WEIGHT
                                    if target.kind == "sub"
                                    else n / (n - 1)
                                    if target.kind == "compound" and n > 1
                                    else 1.0
                                )
                                put(
                                    QueryTerm(
                                        target.term, weight * factor, target.surface, source, text, target_key
                                    )
                                )
                        break
                start += matched or 1
        return list(terms.values())


def _weigh_whole(terms: dict[str, QueryTerm], tokens: Sequence[Token], words: Sequence[Token]) -> None:
    """The query's own multi-word term ("image recognition") counts as a whole, like its
    translations: its compounds get the full weight, its single words the sub-word weight, so
    "recognition" alone (speech recognition) does not outrank 画像認識."""
    own = {t.term for t in words}
    for token in tokens:
        if token.segment != words[0].segment:
            continue
        current = terms.get(token.term)
        if current is None or current.source is not None:
            continue
        if token.kind == "compound" and set(token.term.split(" ")) <= own:
            terms[token.term] = replace(current, weight=1.0)
        elif token.kind == "compound" and token.term in _concatenations(words):
            terms[token.term] = replace(current, weight=1.0)
        elif token.kind == "primary" and token.term in own:
            terms[token.term] = replace(current, weight=SUB_TOKEN_WEIGHT)


def _concatenations(words: Sequence[Token]) -> set[str]:
    """Japanese compound terms of adjacent words (画像+認識 -> 画像認識)."""
    return {a.term + b.term for a, b in zip(words, words[1:], strict=False)}


def _targets(concepts: Sequence[Concept], hits: list[tuple[int, int]]) -> list[tuple[str, float]]:
    """What one phrase expands to: all other members of a symmetric concept; a headword's glosses;
    a gloss's headword, for at most ``MAX_REVERSE`` headwords (curated concepts, then common
    words, then the gloss's position first)."""
    hits = sorted(hits, key=lambda hit: (-concepts[hit[0]].weight, concepts[hit[0]].rank, hit[1]))
    out: list[tuple[str, float]] = []
    reverse = 0
    for ci, mi in hits:
        concept = concepts[ci]
        if concept.symmetric:
            targets = [i for i in range(len(concept.members)) if i != mi]
        elif mi == 0:
            targets = list(range(1, len(concept.members)))
        else:
            if reverse >= MAX_REVERSE:
                continue
            reverse += 1
            targets = [0]
        out.extend((concept.members[ti], concept.weight) for ti in targets)
    return out


def _encode_targets(targets: Sequence[tuple[str, float]]) -> str:
    return _TOKEN.join(f"{member}{_FIELD}{weight!r}" for member, weight in targets)


def _decode_targets(text: str) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for item in text.split(_TOKEN):
        member, _, weight = item.partition(_FIELD)
        out.append((member, float(weight)))
    return out


def _whole(tokens: Sequence[Token], words: int) -> list[Token]:
    """The tokens a translation adds to a query: a one-word term its word and sub-words; a term
    of several words only its compounds (adjacent pairs), so it matches as a whole or not at all."""
    if words <= 1:
        return [t for t in tokens if t.kind != "compound"]
    return [t for t in tokens if t.kind == "compound"]


def _join(surfaces: Sequence[str]) -> str:
    """Join word surfaces as they would be written: no spaces in Japanese, spaces in English."""
    out = ""
    for surface in surfaces:
        if out and not (has_japanese(out[-1]) or has_japanese(surface[:1])):
            out += " "
        out += surface
    return out


def _data_bytes(name: str) -> bytes:
    return resources.files("kyoso.engine.text").joinpath("data", name).read_bytes()


def _data_text(name: str) -> str:
    raw = _data_bytes(name)
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
    rows: list[tuple[str, list[str], int]] = []
    shared: Counter[str] = Counter()
    for line in _data_text("jmdict_terms.tsv.gz").split("\n"):
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        glosses = parts[1].split("|")
        rows.append((parts[0], glosses, int(parts[2])))
        shared.update(glosses)
    concepts: list[Concept] = []
    for headword, glosses, rank in rows:
        if rank == 1 and len(glosses) > 1:
            glosses = glosses[:1] + [g for g in glosses[1:] if shared[g] <= MAX_SHARED_LATER_GLOSS]
        concepts.append(Concept((headword, *glosses), JMDICT_WEIGHT, symmetric=False, rank=rank))
    return concepts


# ---------------------------------------------------------------- the shipped analysed map

_FIELD = "\x1f"
_TOKEN = "\x1e"
_KINDS: dict[str, TokenKind] = {"p": "primary", "s": "sub", "c": "compound"}


def encode_tokens(tokens: Sequence[Token]) -> str:
    """Tokens as one line-safe string: ``term FS surface FS kind FS segment``, RS between tokens."""
    return _TOKEN.join(f"{t.term}{_FIELD}{t.surface}{_FIELD}{t.kind[0]}{_FIELD}{t.segment}" for t in tokens)


def decode_tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    if not text:
        return tokens
    for item in text.split(_TOKEN):
        term, surface, kind, segment = item.split(_FIELD)
        tokens.append(Token(term, surface, _KINDS[kind], int(segment)))
    return tokens


def _dictionary_version() -> str:
    try:
        return metadata.version("sudachidict-core")
    except metadata.PackageNotFoundError:  # pragma: no cover - the dictionary is a dependency
        return "none"


def analysed_map_key() -> str:
    """What the analysed map depends on: both sources, the analyser and the Sudachi dictionary."""
    digest = hashlib.sha256()
    for name in SOURCE_FILES:
        digest.update(name.encode())
        digest.update(hashlib.sha256(_data_bytes(name)).digest())
    return (
        f"sources={digest.hexdigest()[:32]} analyser={ANALYSER_VERSION} sudachidict={_dictionary_version()}"
        f" weights={GLOSSARY_WEIGHT:g},{JMDICT_WEIGHT:g}"
    )


def _all_concepts() -> list[Concept]:
    return [*load_glossary(), *load_jmdict()]


def analysed_map_text(concepts: Sequence[Concept] | None = None) -> str:
    """The content of ``data/term_map_analysed.tsv.gz``: a key line, the number of concepts,
    ``member TAB tokens`` per distinct member text, a line ``%%``, then ``phrase TAB targets``
    per phrase of primary terms; sorted, so every build writes the same bytes."""
    chosen = list(concepts) if concepts is not None else _all_concepts()
    term_map = TermMap(chosen)
    lines = [f"# {analysed_map_key()}", f"# concepts={len(chosen)}"]
    lines.extend(f"{member}\t{tokens}" for member, (_, tokens) in sorted(term_map._entries.items()))
    lines.append("%%")
    lines.extend(f"{key}\t{targets}" for key, targets in sorted(term_map._table.items()))
    return "\n".join(lines) + "\n"


def load_compiled() -> TermMap | None:
    """The shipped analysed map, or None when it was built from other sources or another analyser."""
    try:
        text = _data_text(ANALYSED_FILE)
    except FileNotFoundError:
        return None
    header, _, rest = text.partition("\n")
    if header != f"# {analysed_map_key()}":
        return None
    size_line, _, body = rest.partition("\n")
    members, _, phrases = body.rstrip("\n").partition("\n%%\n")
    # split("\n"), not splitlines(): the token separators are line breaks to splitlines.
    entries = {member: ("", tokens) for member, tokens in _pairs(members)}
    table = dict(_pairs(phrases))
    return TermMap.compiled(entries, table, int(size_line.partition("=")[2]))


def _pairs(section: str) -> Iterable[tuple[str, str]]:
    return (tuple(line.split("\t", 1)) for line in section.split("\n") if line)  # type: ignore[misc]


_default: TermMap | None = None
_default_lock = threading.Lock()


def default_term_map() -> TermMap:
    """The shipped glossary + JMdict map, built once per process (thread-safe)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = load_compiled() or TermMap(_all_concepts())
    return _default


def expand_query(query: str, term_map: TermMap | None = None) -> list[QueryTerm]:
    """Analyse ``query`` and add its translations; see :meth:`TermMap.expand`."""
    return (term_map or default_term_map()).expand(analyse_tokens(query))

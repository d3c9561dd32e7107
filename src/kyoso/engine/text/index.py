"""Field-weighted BM25 (BM25F) index with incremental updates and explainable hits.

Scoring, for a query term t with weight q_t (1 for the query's own words, less for sub-words,
compounds and translations) and a document d:

    tf~(t, d)  = sum over fields f of  w_f * tf_f(t, d) / (1 - b_f + b_f * len_f(d) / avglen_f)
    part(t, d) = q_t * idf(t) * tf~ * (k1 + 1) / (k1 + tf~)
    score(d)   = sum over concepts c of  max over t in c of part(t, d)
    idf(t)     = ln(1 + (N - df_t + 0.5) / (df_t + 0.5))

where a concept is a query word or phrase together with its translations and synonyms.

(Robertson & Zaragoza's BM25F with one saturation per term across fields.) N, df and avglen are
those of the live documents at query time, so an index grown by ``add``/``remove`` ranks exactly
as one built from scratch over the same documents.

Storage: per field a CSC matrix (documents x terms) of raw term frequencies for the "base"
segment, plus small per-term posting lists for documents added since the last compaction.
Removed documents are masked and their statistics subtracted; compaction (automatic when the
pending or dead share grows) rebuilds the CSC matrices with SciPy. ``to_bytes`` writes a NumPy
``.npz`` archive (no pickle) that ``from_bytes`` reads back.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from kyoso.engine.text.analysis import Token, analyse_tokens, has_japanese, stem_word
from kyoso.engine.text.bilingual import QueryTerm, TermMap, default_term_map

__all__ = ["Document", "Hit", "SearchIndex", "DEFAULT_FIELD_WEIGHTS", "FIELD_LABELS"]

DocId = str | int
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]

DEFAULT_FIELD_WEIGHTS: dict[str, float] = {
    "name": 3.0,
    "technologies": 5.0,
    "industries": 4.0,
    "offers": 1.5,
    "needs": 1.5,
    "tags": 1.5,
    "description": 1.0,
}
DEFAULT_FIELD_B: dict[str, float] = {"name": 0.5, "industries": 0.5, "technologies": 0.5, "tags": 0.5}

FIELD_LABELS: dict[str, dict[str, str]] = {
    "name": {"ja": "名称", "en": "name"},
    "description": {"ja": "説明", "en": "description"},
    "industries": {"ja": "業種", "en": "industries"},
    "technologies": {"ja": "技術", "en": "technologies"},
    "needs": {"ja": "ニーズ", "en": "needs"},
    "offers": {"ja": "提供内容", "en": "offers"},
    "tags": {"ja": "タグ", "en": "tags"},
}
_FORMAT_VERSION = 1
_MAX_REASONS = 5
# A translation (or synonym) found in more than this share of the documents is a general word
# in this collection ("system", "service", "management"): its weight falls with its idf below
# the idf of that share, so it ranks documents without flooding the result with them. The
# query's own words keep their weight: the user chose them.
TRANSLATION_DF_SHARE = 0.2
# Words that say how a request is phrased, not what it is about ("we want", "looking for",
# "当社は…の会社です", "…を探している"), as analysed terms. Dropped from queries only (with their
# translations: "want" expanded to 欲求 and 欠乏): documents keep them. Also the words of the
# request itself: who is sought (startup, vendor, firm, パートナー, 企業), how the work would be done
# (co-develop, joint, pilot, PoC, proposal, 協業, 共同, 連携, 実証, 導入, 活用) and the general
# "technology"/"development" (技術, 開発) that every need says: in a long need they outweighed the
# words naming what is needed, and every profile has them.
QUERY_STOPWORDS = frozenset(
    """want need look seek find hope like would wish plan tri way help get make know put abl
    interest current provid offer partner 探す 欲しい 考える 目指す 希望 会社 求める 募集 検討
    startup vendor firm solut collabor joint togeth extern develop project propos pilot poc
    innov programm launch theme welcom specif ideal organis organiz technolog
    協業 パートナー 企業 スタートアップ 共同 連携 提案 相談 取り組む 実現 進める 弊社 当社 御社
    実証 導入 活用 技術 開発""".split()
)
# The partner search's cut-off (``min_relative``): results below this share of the best score
# are "weakly related". Chosen on the tuning part of bench/data/search_heldout.json.
WEAK_RELATIVE_SCORE = 0.15
# The ranking score is the BM25F score times the weighted share of the query's concepts that the
# document matches, to this power (0 turns it off). Without it, a long need's industry or setting
# words ("care homes and home-care agencies", each word its own concept) outscored the one or two
# words naming what is needed; with it, a profile matching both beats one matching either many
# times. Chosen on the development and tuning collections (see docs/search.md).
COVERAGE_POWER = 1.0
# Tags that go with a query word in this directory (see ``SearchIndex._related_tags``): a tag
# term joins the word's concept when at least RELATED_MIN_SHARE of the documents containing the
# word carry it in a tag field, and that is at least RELATED_MIN_LIFT times its share among all
# documents; at most RELATED_PER_WORD tags per word, each weighted RELATED_WEIGHT and scored in
# the tag fields only. Words in more than RELATED_MAX_DF_SHARE of the documents, or in fewer than
# three, get none. (Three tags per word or scoring them in every field ranked the same on the
# development collection and cost more time.)
TAG_FIELDS = ("industries", "technologies", "tags")
RELATED_WEIGHT = 0.6
RELATED_MIN_SHARE = 0.3
RELATED_MIN_LIFT = 3.0
RELATED_PER_WORD = 2
RELATED_MAX_DF_SHARE = 0.1


@dataclass(frozen=True)
class Document:
    """One searchable record: ``fields`` maps a field name to its text (lists joined by ``;``)."""

    id: DocId
    fields: Mapping[str, str]


@dataclass(frozen=True)
class Hit:
    """A ranked document. ``reasons`` explain the match in the requested language;
    ``matched`` maps each field to the labels (words as the user sees them) found in it, and
    ``terms`` holds the matched index terms, for highlighting with ``analyse_tokens``."""

    doc_id: DocId
    score: float
    reasons: list[str]
    matched: dict[str, list[str]] = field(default_factory=dict)
    terms: frozenset[str] = frozenset()


@dataclass
class _Field:
    name: str
    weight: float
    b: float
    indptr: IntArray
    rows: IntArray
    tf: npt.NDArray[np.float32]
    lengths: FloatArray
    total_length: float = 0.0
    pending: dict[int, list[tuple[int, float]]] = field(default_factory=lambda: defaultdict(list))


def _empty_field(name: str, weight: float, b: float, capacity: int) -> _Field:
    return _Field(
        name=name,
        weight=weight,
        b=b,
        indptr=np.zeros(1, dtype=np.int32),
        rows=np.zeros(0, dtype=np.int32),
        tf=np.zeros(0, dtype=np.float32),
        lengths=np.zeros(capacity, dtype=np.float64),
    )


class SearchIndex:
    """Incremental BM25F index over :class:`Document` records, ranking with bilingual expansion."""

    def __init__(
        self,
        field_weights: Mapping[str, float] | None = None,
        *,
        k1: float = 1.2,
        field_b: Mapping[str, float] | None = None,
        default_b: float = 0.75,
        term_map: TermMap | None = None,
        expand: bool = True,
        translation_df_share: float = TRANSLATION_DF_SHARE,
    ) -> None:
        self.translation_df_share = translation_df_share
        self.field_weights = dict(DEFAULT_FIELD_WEIGHTS if field_weights is None else field_weights)
        self.k1 = k1
        self.field_b = dict(DEFAULT_FIELD_B if field_b is None else field_b)
        self.default_b = default_b
        self.expand = expand
        self._term_map = term_map
        self._capacity = 64
        self._fields: dict[str, _Field] = {}
        self._vocab: dict[str, int] = {}
        self._df = np.zeros(1024, dtype=np.int32)
        self._alive = np.zeros(self._capacity, dtype=bool)
        self._slot_ids: list[DocId | None] = []
        self._slot_of: dict[DocId, int] = {}
        self._doc_terms: list[IntArray] = []
        self._n_base = 0  # slots below this are in the CSC matrices
        # For ``_related_tags``: the tag-field terms of each base document (built lazily from the
        # CSC matrices, dropped on compaction), those of documents added since, and a readable
        # surface of every tag term for the reasons.
        self._tag_rows: sp.csr_matrix | None = None
        self._terms: list[str] = []  # term by id
        # term id -> its related tags, valid until the next write (which empties it)
        self._related_cache: dict[int, list[str]] = {}
        self._tag_df: npt.NDArray[np.int64] | None = None  # live documents per tag term, ditto
        self._pending_tags: dict[int, IntArray] = {}
        self._tag_surfaces: dict[str, str] = {}
        self._n_alive = 0
        for name in self.field_weights:
            self._field(name)

    # ------------------------------------------------------------------ bookkeeping

    def __len__(self) -> int:
        return self._n_alive

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._slot_of

    def ids(self) -> list[DocId]:
        return list(self._slot_of)

    @property
    def term_map(self) -> TermMap:
        if self._term_map is None:
            self._term_map = default_term_map()
        return self._term_map

    def _field(self, name: str) -> _Field:
        existing = self._fields.get(name)
        if existing is None:
            weight = self.field_weights.setdefault(name, 1.0)
            existing = _empty_field(name, weight, self.field_b.get(name, self.default_b), self._capacity)
            existing.indptr = np.zeros(self._base_terms() + 1, dtype=np.int32)
            self._fields[name] = existing
        return existing

    def _base_terms(self) -> int:
        for f in self._fields.values():
            return len(f.indptr) - 1
        return 0

    def _term_id(self, term: str) -> int:
        tid = self._vocab.get(term)
        if tid is None:
            tid = len(self._vocab)
            self._vocab[term] = tid
            self._terms.append(term)
            if tid >= len(self._df):
                self._df = np.concatenate([self._df, np.zeros(len(self._df), dtype=np.int32)])
        return tid

    def _grow(self, slots: int) -> None:
        if slots <= self._capacity:
            return
        capacity = max(slots, self._capacity * 2)
        self._alive = np.concatenate([self._alive, np.zeros(capacity - self._capacity, dtype=bool)])
        for f in self._fields.values():
            f.lengths = np.concatenate([f.lengths, np.zeros(capacity - self._capacity)])
        self._capacity = capacity

    # ------------------------------------------------------------------ writes

    def add(self, doc: Document) -> None:
        """Add ``doc``, replacing any document with the same id."""
        self.add_many([doc])

    def add_many(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            if doc.id in self._slot_of:
                self._remove_slot(self._slot_of.pop(doc.id))
            slot = len(self._slot_ids)
            self._grow(slot + 1)
            self._slot_ids.append(doc.id)
            self._slot_of[doc.id] = slot
            self._alive[slot] = True
            self._n_alive += 1
            self._related_cache = {}
            self._tag_df = None
            terms: set[int] = set()
            tag_terms: set[int] = set()
            for name, text in doc.fields.items():
                if not text:
                    continue
                f = self._field(name)
                tokens = analyse_tokens(text)
                counts = Counter(token.term for token in tokens)
                length = float(sum(counts.values()))
                f.lengths[slot] = length
                f.total_length += length
                for term, count in counts.items():
                    tid = self._term_id(term)
                    f.pending[tid].append((slot, float(count)))
                    terms.add(tid)
                if name in TAG_FIELDS:
                    tag_terms.update(self._vocab[t] for t in counts)
                    for term, surface in _tag_units(text):
                        self._tag_surfaces.setdefault(term, surface)
            if tag_terms:
                self._pending_tags[slot] = np.fromiter(tag_terms, dtype=np.int32, count=len(tag_terms))
            term_array = np.fromiter(terms, dtype=np.int32, count=len(terms))
            self._doc_terms.append(term_array)
            self._df[term_array] += 1
            if len(self._slot_ids) - self._n_base > max(4096, self._n_base // 4):
                self._maybe_compact()
        self._maybe_compact()

    def remove(self, doc_id: DocId) -> bool:
        """Remove a document; returns False if it was not in the index."""
        slot = self._slot_of.pop(doc_id, None)
        if slot is None:
            return False
        self._remove_slot(slot)
        self._maybe_compact()
        return True

    def _remove_slot(self, slot: int) -> None:
        self._related_cache = {}
        self._tag_df = None
        self._alive[slot] = False
        self._n_alive -= 1
        self._slot_ids[slot] = None
        self._df[self._doc_terms[slot]] -= 1
        self._doc_terms[slot] = np.zeros(0, dtype=np.int32)
        self._pending_tags.pop(slot, None)
        for f in self._fields.values():
            f.total_length -= f.lengths[slot]
            f.lengths[slot] = 0.0

    def _maybe_compact(self) -> None:
        slots = len(self._slot_ids)
        pending = slots - self._n_base
        dead = slots - self._n_alive
        if pending > max(512, self._n_base // 8) or dead > max(512, slots // 4):
            self.compact()

    def compact(self) -> None:
        """Merge pending postings into the CSC matrices and drop removed documents."""
        slots = len(self._slot_ids)
        alive = self._alive[:slots]
        new_slot = np.full(slots, -1, dtype=np.int64)
        new_slot[alive] = np.arange(int(alive.sum()))
        n_new = int(alive.sum())
        n_terms = len(self._vocab)
        for f in self._fields.values():
            base_cols = len(f.indptr) - 1
            cols = np.repeat(np.arange(base_cols, dtype=np.int64), np.diff(f.indptr))
            rows = f.rows.astype(np.int64)
            data = f.tf
            if f.pending:
                p_rows: list[int] = []
                p_cols: list[int] = []
                p_data: list[float] = []
                for tid, postings in f.pending.items():
                    for slot, count in postings:
                        p_rows.append(slot)
                        p_cols.append(tid)
                        p_data.append(count)
                rows = np.concatenate([rows, np.asarray(p_rows, dtype=np.int64)])
                cols = np.concatenate([cols, np.asarray(p_cols, dtype=np.int64)])
                data = np.concatenate([data, np.asarray(p_data, dtype=np.float32)])
            keep = new_slot[rows] >= 0
            matrix = sp.csc_matrix(
                (data[keep], (new_slot[rows[keep]], cols[keep])), shape=(max(n_new, 1), max(n_terms, 1))
            )
            matrix.sort_indices()
            f.indptr = matrix.indptr.astype(np.int32)[: n_terms + 1]
            f.rows = matrix.indices.astype(np.int32)
            f.tf = matrix.data.astype(np.float32)
            f.pending = defaultdict(list)
            lengths = np.zeros(max(n_new, 64), dtype=np.float64)
            lengths[:n_new] = f.lengths[:slots][alive]
            f.lengths = lengths
        live_ids: list[DocId] = [doc_id for doc_id in self._slot_ids if doc_id is not None]
        self._slot_ids = list(live_ids)
        self._doc_terms = [terms for terms, keep in zip(self._doc_terms, alive, strict=True) if keep]
        self._slot_of = {doc_id: i for i, doc_id in enumerate(live_ids)}
        self._capacity = max(n_new, 64)
        self._alive = np.zeros(self._capacity, dtype=bool)
        self._alive[:n_new] = True
        self._n_base = n_new
        self._n_alive = n_new
        self._tag_rows = None
        self._pending_tags = {}

    # ------------------------------------------------------------------ reads

    def _postings(self, f: _Field, tid: int) -> tuple[IntArray, FloatArray]:
        rows: IntArray
        tf: FloatArray
        if tid < len(f.indptr) - 1:
            start, end = int(f.indptr[tid]), int(f.indptr[tid + 1])
            rows = f.rows[start:end]
            tf = f.tf[start:end].astype(np.float64)
        else:
            rows = np.zeros(0, dtype=np.int32)
            tf = np.zeros(0, dtype=np.float64)
        extra = f.pending.get(tid)
        if extra:
            rows = np.concatenate(
                [rows, np.fromiter((s for s, _ in extra), dtype=np.int32, count=len(extra))]
            )
            tf = np.concatenate([tf, np.fromiter((c for _, c in extra), dtype=np.float64, count=len(extra))])
        return rows, tf

    def query_terms(self, query: str) -> list[QueryTerm]:
        """The weighted terms a query is scored with (its own words plus translations)."""
        tokens: list[Token] = [t for t in analyse_tokens(query) if not _phrasing(t)]
        if self.expand:
            return self._related_tags(self._joined_variants(tokens, self.term_map.expand(tokens)))
        out: dict[str, QueryTerm] = {}
        for token in tokens:
            weight = 1.0 if token.kind == "primary" else 0.6
            if token.term not in out or out[token.term].weight < weight:
                out[token.term] = QueryTerm(token.term, weight, token.surface)
        return self._joined_variants(tokens, list(out.values()))

    def _related_tags(self, terms: list[QueryTerm]) -> list[QueryTerm]:
        """Add, for each of the query's own words, the tags that go with it in this directory.

        Relevance in a directory lives in its tags, and a need rarely uses a tag's words: "chilled
        goods" for Cold Chain, 冷蔵 for an English tag. Among the documents that contain the word
        (in any field), a tag term carried by a large share of them, far above its share among all
        documents, is taken as a related term in the word's concept (a profile tagged with it
        matches the word as a synonym would, at ``RELATED_WEIGHT``). Learnt from the documents
        themselves, so it covers a workspace's own wording and crosses languages where profiles
        in one language carry tags in another; nothing is stored beyond the tag terms per
        document, which are the index's own postings."""
        n = self._n_alive
        if n == 0:
            return terms
        have = {t.term for t in terms}
        extra: list[QueryTerm] = []
        for qt in terms:
            if qt.source is not None or qt.weight < 1.0:
                continue
            tid = self._vocab.get(qt.term)
            if tid is None:
                continue
            tags = self._related_cache.get(tid)
            if tags is None:
                tags = self._related_cache[tid] = self._related_of(tid)
            for tag in [tag for tag in tags if tag not in have][:RELATED_PER_WORD]:
                label = self._tag_surfaces.get(tag, tag)
                extra.append(QueryTerm(tag, RELATED_WEIGHT, label, qt.label, related=True))
                have.add(tag)
        return terms + extra

    def _related_of(self, tid: int) -> list[str]:
        """The related tag terms of term ``tid``, best first (see ``_related_tags``)."""
        n = self._n_alive
        if not 3 <= int(self._df[tid]) <= RELATED_MAX_DF_SHARE * n:
            return []
        rows = self._tag_matrix()
        docs = self._live_docs(tid, self._fields.values())
        if len(docs) < 3:
            return []
        base = docs[docs < self._n_base]
        parts = [rows[base].indices] if rows is not None and len(base) else []
        parts += [
            self._pending_tags[s] for s in docs[docs >= self._n_base].tolist() if s in self._pending_tags
        ]
        if not parts:
            return []
        tag_ids, counts = np.unique(np.concatenate(parts), return_counts=True)
        tag_df = self._tag_document_counts()
        share = counts / len(docs)
        keep = share >= RELATED_MIN_SHARE
        chosen: list[tuple[float, str]] = []
        for tag_id, tag_share in zip(tag_ids[keep].tolist(), share[keep].tolist(), strict=True):
            if tag_id == tid:
                continue
            tag = self._terms[tag_id]
            if tag not in self._tag_surfaces and not has_japanese(tag):
                # an English word of a longer tag ("chain" of Cold Chain) is too vague alone; the
                # dictionary words of a Japanese tag (画像 and 認識 of 画像認識) are kept: on the
                # development collection they helped Japanese needs (1.61x -> 1.65x)
                continue
            tag_docs = int(tag_df[tag_id])
            if tag_docs and tag_share >= RELATED_MIN_LIFT * tag_docs / n:
                chosen.append((tag_share, tag))
        # a few spare: tags the query itself names are skipped (``_related_tags``)
        return [
            tag for _, tag in sorted(chosen, key=lambda item: (-item[0], item[1]))[: 3 * RELATED_PER_WORD]
        ]

    def _live_docs(self, tid: int, fields: Iterable[_Field]) -> IntArray:
        """The live slots holding term ``tid`` in any of ``fields``, sorted."""
        touched = [rows for rows, _ in (self._postings(f, tid) for f in fields) if len(rows)]
        if not touched:
            return np.zeros(0, dtype=np.int32)
        docs = self._union(touched, len(self._slot_ids))
        return docs[self._alive[docs]]

    def _tag_document_counts(self) -> npt.NDArray[np.int64]:
        """Per term, the live documents holding it in a tag field (until the next write)."""
        counts = self._tag_df
        if counts is None:
            n_terms = len(self._vocab)
            counts = np.zeros(n_terms, dtype=np.int64)
            rows = self._tag_matrix()
            if rows is not None:
                alive = self._alive[: self._n_base]
                indices = rows.indices if alive.all() else rows[np.flatnonzero(alive)].indices
                counts += np.bincount(indices, minlength=n_terms)[:n_terms]
            pending = [tids for slot, tids in self._pending_tags.items() if self._alive[slot]]
            if pending:
                counts += np.bincount(np.concatenate(pending), minlength=n_terms)[:n_terms]
            self._tag_df = counts
        return counts

    def _tag_matrix(self) -> sp.csr_matrix | None:
        """Base documents x terms, nonzero where a tag field holds the term (built once per
        compaction; read-only afterwards, so concurrent searches may share it)."""
        if self._tag_rows is None and self._n_base > 0:
            combined: sp.csr_matrix | None = None
            n_terms = max(len(self._vocab), 1)
            for name in TAG_FIELDS:
                f = self._fields.get(name)
                if f is None:
                    continue
                matrix = sp.csc_matrix(
                    (np.ones(len(f.rows), dtype=np.float32), f.rows, f.indptr),
                    shape=(self._n_base, len(f.indptr) - 1),
                )
                matrix.resize((self._n_base, n_terms))
                combined = matrix.tocsr() if combined is None else combined + matrix.tocsr()
            if combined is not None:
                combined.sum_duplicates()
            self._tag_rows = combined
        return self._tag_rows

    def _joined_variants(self, tokens: list[Token], terms: list[QueryTerm]) -> list[QueryTerm]:
        """English words written joined or apart ("cybersecurity" / "cyber security",
        "healthcare" / "health care", "ecommerce" / "e-commerce") as the documents write them.

        Directories tag the same thing both ways. A query word is split at every point where
        both halves form a two-word compound term the index holds; two adjacent query words are
        joined when the index holds the joined word. Looked up in the index's vocabulary, so
        only spellings that occur are added, without a dictionary of compounds."""
        have = {t.term for t in terms}
        extra: list[QueryTerm] = []
        for token in tokens:
            surface = token.surface.lower()
            if has_japanese(surface):
                continue
            if token.kind == "primary" and len(surface) >= 6 and surface.isalpha():
                for i in range(1, len(surface) - 2):
                    left, right = stem_word(surface[:i]), stem_word(surface[i:])
                    candidate = f"{left} {right}"
                    if candidate not in have and candidate in self._vocab:
                        extra.append(QueryTerm(candidate, 1.0, token.surface, token.surface))
                        have.add(candidate)
            elif token.kind == "compound" and " " in surface:
                joined = stem_word(surface.replace(" ", ""))
                if joined not in have and joined in self._vocab:
                    # one word standing for the two: weighted like both
                    extra.append(QueryTerm(joined, 2.0, token.surface))
                    have.add(joined)
        return terms + extra

    def _score(
        self, terms: list[QueryTerm]
    ) -> tuple[FloatArray, list[tuple[QueryTerm, int, float, IntArray, FloatArray]], FloatArray]:
        """(the ranking score per slot, the contributions per query term, the BM25F score before
        the coverage factor, which the relative cut-off is measured on)."""
        slots = len(self._slot_ids)
        scores = np.zeros(slots, dtype=np.float64)
        acc = np.zeros(slots, dtype=np.float64)
        n = max(self._n_alive, 1)
        contributions: list[tuple[QueryTerm, int, float, IntArray, FloatArray]] = []
        averages = {
            name: (f.total_length / n if f.total_length > 0 else 1.0) for name, f in self._fields.items()
        }
        reference_df = max(1.0, self.translation_df_share * self._n_alive)
        reference_idf = math.log(1.0 + (self._n_alive - reference_df + 0.5) / (reference_df + 0.5))
        # One concept, one pseudo-term: a query word and its translations and synonyms are scored
        # by the best of them in each document, not their sum (see ``_concept``).
        concepts: dict[str, list[tuple[IntArray, FloatArray]]] = defaultdict(list)
        concept_weights: dict[str, float] = {}
        for qt in terms:
            tid = self._vocab.get(qt.term)
            if tid is None:
                continue
            df = int(self._df[tid])
            if df <= 0:
                continue
            idf = math.log(1.0 + (self._n_alive - df + 0.5) / (df + 0.5))
            weight = qt.weight
            if qt.source is not None and idf < reference_idf:
                weight *= idf / reference_idf
            touched: list[IntArray] = []
            for name, f in self._fields.items():
                if qt.related and name not in TAG_FIELDS:
                    continue  # a related tag counts where it is a tag (and costs less there)
                rows, tf = self._postings(f, tid)
                if len(rows) == 0:
                    continue
                norm = 1.0 - f.b + f.b * f.lengths[rows] / averages[name]
                acc[rows] += f.weight * tf / norm
                touched.append(rows)
            if not touched:
                continue
            docs = self._union(touched, slots)
            pseudo = acc[docs]
            part = weight * idf * pseudo * (self.k1 + 1.0) / (self.k1 + pseudo)
            acc[docs] = 0.0
            concepts[_concept(qt)].append((docs, part))
            concept_weights[_concept(qt)] = max(concept_weights.get(_concept(qt), 0.0), qt.weight)
            contributions.append((qt, tid, weight * idf * (self.k1 + 1.0), docs, part))
        best = acc  # all zeros again: the best part of the current concept so far
        covered = np.zeros(slots, dtype=np.float64) if COVERAGE_POWER > 0 else None
        total_weight = 0.0
        for key, items in concepts.items():
            concept_weight = concept_weights[key]
            total_weight += concept_weight
            if len(items) == 1:
                docs, part = items[0]
                scores[docs] += part
                if covered is not None:
                    covered[docs] += concept_weight
                continue
            # Each term adds only what it scores above the concept's best so far (no union of
            # the posting lists needed, which cost more than the scoring at 100,000 documents).
            for docs, part in items:
                previous = best[docs]
                gain = np.maximum(part - previous, 0.0)
                scores[docs] += gain
                best[docs] = previous + gain
            for docs, _ in items:
                if covered is not None:
                    covered[docs] += concept_weight * (best[docs] > 0)
                best[docs] = 0.0
        scores[~self._alive[:slots]] = 0.0
        basis = scores
        if covered is not None and total_weight > 0:
            # Coverage: the share of the query's concepts (weighted) a document matches at all.
            basis = scores.copy()
            scores *= (covered / total_weight) ** COVERAGE_POWER
        return scores, contributions, basis

    @staticmethod
    def _union(touched: list[IntArray], slots: int) -> IntArray:
        """The sorted distinct slots of several posting lists (one per field)."""
        if len(touched) == 1:
            return np.sort(touched[0])
        if sum(len(t) for t in touched) * 32 < slots:
            # short lists: sort and drop repeats (np.unique hashes first and was several times slower)
            merged = np.sort(np.concatenate(touched))
            keep = np.empty(len(merged), dtype=bool)
            keep[:1] = True
            np.not_equal(merged[1:], merged[:-1], out=keep[1:])
            return merged[keep]
        # A common term's lists cover much of the index: marking a dense mask is linear, where
        # sorting every entry was most of a query's time at 100,000 documents.
        mask = np.zeros(slots, dtype=bool)
        for rows in touched:
            mask[rows] = True
        return np.flatnonzero(mask).astype(touched[0].dtype, copy=False)

    def search(
        self,
        query: str,
        top: int = 10,
        allowed_ids: Collection[DocId] | None = None,
        lang: str = "ja",
        *,
        filter: Callable[[DocId], bool] | None = None,
        offset: int = 0,
        min_relative: float = 0.0,
        exclude_ids: Collection[DocId] | None = None,
    ) -> list[Hit]:
        """Rank documents for ``query`` (Japanese, English or mixed).

        ``allowed_ids`` restricts the result to those ids; ``filter`` is called on candidate ids
        with a positive score; ``exclude_ids`` are never returned. ``lang`` (ja/en) is the language
        of the reasons. ``min_relative`` drops documents scoring below that fraction of the best
        one that is left (see ``_cut``).
        """
        if self._n_alive == 0 or top <= 0:
            return []
        scores, contributions, basis = self._score(self.query_terms(query))
        candidates = np.flatnonzero(scores > 0)
        if allowed_ids is not None:
            candidates = self._restrict(candidates, allowed_ids)
        if filter is not None:
            ids = self._slot_ids
            candidates = np.asarray([s for s in candidates if filter(ids[s])], dtype=np.int64)  # type: ignore[arg-type]
        candidates = self._exclude(candidates, exclude_ids)
        candidates, _ = _cut(candidates, basis, min_relative)
        wanted = offset + top
        if len(candidates) > wanted * 4:
            threshold = np.partition(scores[candidates], len(candidates) - wanted)[len(candidates) - wanted]
            candidates = candidates[scores[candidates] >= threshold]
        order = sorted(candidates.tolist(), key=lambda s: (-scores[s], str(self._slot_ids[s])))
        chosen = order[offset:wanted]
        return self._hits(chosen, scores, contributions, lang)

    def search_page(
        self,
        query: str,
        *,
        window: int,
        offset: int = 0,
        limit: int = 10,
        allowed_ids: Collection[DocId] | None = None,
        lang: str = "ja",
        min_relative: float = 0.0,
        exclude_ids: Collection[DocId] | None = None,
    ) -> tuple[list[Hit], list[DocId], int, int]:
        """A results page from one scoring pass: (hits with reasons for ranks [offset, offset + limit)
        of the best ``window``, the ids of the whole window in rank order, the number of matching
        documents kept, the number cut off by ``min_relative``). The same ranking as
        ``search(query, top=window)`` and the same totals as ``count``, but reasons are built only
        for the shown hits, which is most of a query's cost.
        """
        if self._n_alive == 0 or window <= 0:
            return [], [], 0, 0
        scores, contributions, basis = self._score(self.query_terms(query))
        candidates = np.flatnonzero(scores > 0)
        if allowed_ids is not None:
            candidates = self._restrict(candidates, allowed_ids)
        candidates = self._exclude(candidates, exclude_ids)
        candidates, hidden = _cut(candidates, basis, min_relative)
        total = len(candidates)
        if len(candidates) > window * 4:
            threshold = np.partition(scores[candidates], len(candidates) - window)[len(candidates) - window]
            candidates = candidates[scores[candidates] >= threshold]
        order = sorted(candidates.tolist(), key=lambda s: (-scores[s], str(self._slot_ids[s])))[:window]
        ids = [self._slot_ids[s] for s in order]
        shown = order[offset : offset + limit]
        return self._hits(shown, scores, contributions, lang), ids, total, hidden

    def _restrict(
        self, candidates: npt.NDArray[np.intp], allowed_ids: Collection[DocId]
    ) -> npt.NDArray[np.intp]:
        """Keep the candidate slots whose id is allowed, looping over the smaller side."""
        if len(allowed_ids) < len(candidates):
            mask = np.zeros(len(self._slot_ids), dtype=bool)
            slots = [self._slot_of[i] for i in allowed_ids if i in self._slot_of]
            mask[np.asarray(slots, dtype=np.int64)] = True
            return candidates[mask[candidates]]
        allowed = allowed_ids if isinstance(allowed_ids, set | frozenset | dict) else set(allowed_ids)
        ids = self._slot_ids
        keep = [s for s in candidates.tolist() if ids[s] in allowed]
        return np.asarray(keep, dtype=np.intp)

    def count(
        self,
        query: str,
        allowed_ids: Collection[DocId] | None = None,
        *,
        min_relative: float = 0.0,
        exclude_ids: Collection[DocId] | None = None,
    ) -> int:
        """Number of documents with a positive score (for pagination), after ``min_relative``."""
        scores, _, basis = self._score(self.query_terms(query))
        candidates = np.flatnonzero(scores > 0)
        if allowed_ids is not None:
            candidates = self._restrict(candidates, allowed_ids)
        candidates = self._exclude(candidates, exclude_ids)
        return len(_cut(candidates, basis, min_relative)[0])

    def _exclude(
        self, candidates: npt.NDArray[np.intp], exclude_ids: Collection[DocId] | None
    ) -> npt.NDArray[np.intp]:
        if not exclude_ids or len(candidates) == 0:
            return candidates
        slots = [self._slot_of[i] for i in exclude_ids if i in self._slot_of]
        if not slots:
            return candidates
        return candidates[~np.isin(candidates, np.asarray(slots, dtype=np.intp))]

    def relevance(self, query: str, doc_ids: Iterable[DocId]) -> dict[DocId, float]:
        """Query-document relevance in 0..1 for the fit score: the BM25F score divided by half
        the score a document saturated with every original query word would get, capped at 1."""
        terms = self.query_terms(query)
        scores, contributions, _ = self._score(terms)
        ceiling = sum(c[2] for c in contributions if c[0].source is None)
        out: dict[DocId, float] = {}
        for doc_id in doc_ids:
            slot = self._slot_of.get(doc_id)
            value = 0.0 if slot is None or ceiling <= 0 else float(scores[slot]) / (0.5 * ceiling)
            out[doc_id] = min(1.0, value)
        return out

    def _hits(
        self,
        slots: list[int],
        scores: FloatArray,
        contributions: list[tuple[QueryTerm, int, float, IntArray, FloatArray]],
        lang: str,
    ) -> list[Hit]:
        """`_hit` for several slots, with the lookups done per query term for all of them at once
        (one vectorised search per term and field instead of one per term, field and hit)."""
        if not slots:
            return []
        wanted = np.asarray(slots, dtype=np.int64)
        positions: list[npt.NDArray[np.intp]] = []
        in_fields: list[dict[str, npt.NDArray[np.bool_]]] = []
        for _, tid, _, docs, _ in contributions:
            position = np.searchsorted(docs, wanted)
            found = position < len(docs)
            found[found] = docs[position[found]] == wanted[found]
            positions.append(np.where(found, position, -1))
            in_fields.append(
                {name: self._has_many(f, tid, wanted) for name, f in self._fields.items()}
                if found.any()
                else {}
            )
        return [
            self._hit(
                slot,
                float(scores[slot]),
                contributions,
                lang,
                found=[
                    (int(p[i]), [name for name, has in fields.items() if has[i]])
                    for p, fields in zip(positions, in_fields, strict=True)
                ],
            )
            for i, slot in enumerate(slots)
        ]

    def _has_many(self, f: _Field, tid: int, slots: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """`_has` for many slots at once."""
        has = np.zeros(len(slots), dtype=bool)
        if tid < len(f.indptr) - 1:
            start, end = int(f.indptr[tid]), int(f.indptr[tid + 1])
            rows = f.rows[start:end]
            position = np.searchsorted(rows, slots)
            inside = position < len(rows)
            has[inside] = rows[position[inside]] == slots[inside]
        extra = f.pending.get(tid)
        if extra:
            has |= np.isin(slots, [s for s, _ in extra])
        return has

    def _hit(
        self,
        slot: int,
        score: float,
        contributions: list[tuple[QueryTerm, int, float, IntArray, FloatArray]],
        lang: str,
        *,
        found: list[tuple[int, list[str]]] | None = None,
    ) -> Hit:
        """The hit of one slot with its reasons. `found` gives, per contribution, the slot's position
        in its docs (-1 when absent) and the fields holding the term (see `_hits`)."""
        # (phrase, source) -> contribution, fields, matched terms, their labels and the phrase's terms
        groups: dict[tuple[str, str | None, bool], _Group] = {}
        matched: dict[str, list[str]] = defaultdict(list)
        terms: set[str] = set()
        for i, (qt, tid, _, docs, part) in enumerate(contributions):
            if found is None:
                position = int(np.searchsorted(docs, slot))
                if position >= len(docs) or docs[position] != slot:
                    continue
                fields = [name for name, f in self._fields.items() if self._has(f, tid, slot)]
            else:
                position, fields = found[i]
                if position < 0:
                    continue
            terms.add(qt.term)
            group = groups.setdefault((qt.group, qt.source, qt.related), _Group(qt.phrase_terms))
            group.value += float(part[position])
            group.fields.extend(n for n in fields if n not in group.fields)
            group.terms.add(qt.term)
            group.labels.append((qt.term, qt.label))
            for name in fields:
                if qt.label not in matched[name]:
                    matched[name].append(qt.label)
        ranked = sorted(groups.items(), key=lambda item: -item[1].value)
        reasons = [
            _reason(g.label(phrase), source, g.fields, lang, related=related)
            for (phrase, source, related), g in ranked
        ]
        reasons = list(dict.fromkeys(reasons))[:_MAX_REASONS]
        doc_id = self._slot_ids[slot]
        assert doc_id is not None
        return Hit(
            doc_id=doc_id,
            score=round(score, 4),
            reasons=reasons,
            matched=dict(matched),
            terms=frozenset(terms),
        )

    def _has(self, f: _Field, tid: int, slot: int) -> bool:
        if tid < len(f.indptr) - 1:
            start, end = int(f.indptr[tid]), int(f.indptr[tid + 1])
            position = int(np.searchsorted(f.rows[start:end], slot))
            if position < end - start and f.rows[start + position] == slot:
                return True
        extra = f.pending.get(tid)
        return bool(extra) and any(s == slot for s, _ in extra or ())

    # ------------------------------------------------------------------ serialisation

    def to_bytes(self) -> bytes:
        """Serialise (compacting first) to an ``.npz`` archive without pickled objects."""
        self.compact()
        vocab = sorted(self._vocab, key=self._vocab.__getitem__)
        meta: dict[str, Any] = {
            "version": _FORMAT_VERSION,
            "k1": self.k1,
            "default_b": self.default_b,
            "expand": self.expand,
            "field_weights": self.field_weights,
            "field_b": self.field_b,
            "fields": [
                {"name": f.name, "weight": f.weight, "b": f.b, "total_length": f.total_length}
                for f in self._fields.values()
            ],
            "ids": self._slot_ids,
            "vocab": vocab,
            "tag_surfaces": self._tag_surfaces,
        }
        arrays: dict[str, npt.NDArray[Any]] = {
            "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
            "df": self._df[: len(vocab)],
        }
        for i, f in enumerate(self._fields.values()):
            arrays[f"f{i}_indptr"] = f.indptr
            arrays[f"f{i}_rows"] = f.rows
            # Term frequencies are small counts: 16 bits halve the archive.
            arrays[f"f{i}_tf"] = np.minimum(f.tf, 65535).astype(np.uint16)
            arrays[f"f{i}_lengths"] = f.lengths[: self._n_base]
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)  # type: ignore[arg-type]
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, *, term_map: TermMap | None = None) -> SearchIndex:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            meta = json.loads(archive["meta"].tobytes().decode("utf-8"))
            if meta.get("version") != _FORMAT_VERSION:
                raise ValueError(f"unsupported search index format {meta.get('version')!r}")
            index = cls(
                meta["field_weights"],
                k1=meta["k1"],
                field_b=meta["field_b"],
                default_b=meta["default_b"],
                term_map=term_map,
                expand=meta["expand"],
            )
            ids: list[DocId] = meta["ids"]
            n = len(ids)
            index._capacity = max(n, 64)
            index._fields = {}
            for i, spec in enumerate(meta["fields"]):
                f = _empty_field(spec["name"], spec["weight"], spec["b"], index._capacity)
                f.indptr = archive[f"f{i}_indptr"].astype(np.int32)
                f.rows = archive[f"f{i}_rows"].astype(np.int32)
                f.tf = archive[f"f{i}_tf"].astype(np.float32)
                f.lengths[:n] = archive[f"f{i}_lengths"]
                f.total_length = float(spec["total_length"])
                index._fields[f.name] = f
            index._vocab = {term: i for i, term in enumerate(meta["vocab"])}
            index._terms = list(meta["vocab"])
            index._tag_surfaces = dict(meta.get("tag_surfaces", {}))
            df = archive["df"].astype(np.int32)
            index._df = np.zeros(max(1024, len(df) * 2), dtype=np.int32)
            index._df[: len(df)] = df
            index._doc_terms = _terms_per_document(list(index._fields.values()), n, len(index._vocab))
        index._slot_ids = list(ids)
        index._slot_of = {doc_id: i for i, doc_id in enumerate(ids)}
        index._alive = np.zeros(index._capacity, dtype=bool)
        index._alive[:n] = True
        index._n_base = n
        index._n_alive = n
        return index


def _tag_units(text: str) -> Iterator[tuple[str, str]]:
    """(term, surface) of each whole tag in a `;`-separated list: a one-word tag's term, or the
    compound terms of a longer one (Cold Chain -> ``cold chain``, 画像認識 -> 画像認識)."""
    for entry in re.split(r"[;\n]", text):
        tokens = analyse_tokens(entry)
        words = [t for t in tokens if t.kind == "primary"]
        if len(words) == 1:
            yield words[0].term, entry.strip()
        else:
            compounds = [t for t in tokens if t.kind == "compound"]
            for token in compounds:
                yield token.term, entry.strip() if len(compounds) == 1 else token.surface


def _concept(qt: QueryTerm) -> str:
    """The concept a query term stands for: the query phrase it translates, or its own surface.

    A need's word and its translations and synonyms (食品: food, foodstuff, food product …) name
    one thing. Summed, a word with many translations outweighed the rest of the need, and a
    translation had to be weighted far below the word (or it flooded the list); scored as one
    pseudo-term by the best match per document, a concept counts once whichever language or
    synonym a profile uses, and translations can carry the weight of the word itself."""
    return qt.source if qt.source is not None else qt.label


def _phrasing(token: Token) -> bool:
    """A query token that only phrases the request (see ``QUERY_STOPWORDS``)."""
    if token.kind == "compound" and " " in token.term:
        return any(part in QUERY_STOPWORDS for part in token.term.split(" "))
    return token.term in QUERY_STOPWORDS


def _cut(
    candidates: npt.NDArray[np.intp], scores: FloatArray, min_relative: float
) -> tuple[npt.NDArray[np.intp], int]:
    """(the candidates scoring at least ``min_relative`` x the best, how many fell below).

    A long need shares some word with most documents; their scores trail far behind the
    documents that match its substance. Relative to the best hit, the cut adapts to the query:
    a short precise query keeps its few hits, a long one loses its long tail."""
    if min_relative <= 0 or len(candidates) == 0:
        return candidates, 0
    values = scores[candidates]
    keep = values >= min_relative * float(values.max())
    return candidates[keep], int(len(candidates) - keep.sum())


@dataclass
class _Group:
    """Matches of one query phrase (or one translation of it) in one document."""

    phrase_terms: tuple[str, ...]
    value: float = 0.0
    fields: list[str] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)
    labels: list[tuple[str, str]] = field(default_factory=list)

    def label(self, phrase: str) -> str:
        """The whole phrase when all its words matched, else the words that did."""
        if not self.phrase_terms or set(self.phrase_terms) <= self.terms:
            return phrase
        order = {term: i for i, term in enumerate(self.phrase_terms)}
        words = sorted(
            ((term, label) for term, label in self.labels if term in order), key=lambda item: order[item[0]]
        )
        if not words:
            return min((label for _, label in self.labels), key=len)
        return _join_words([label for _, label in words])


def _join_words(words: list[str]) -> str:
    out = ""
    for word in words:
        if out and not (has_japanese(out[-1]) or has_japanese(word[:1])):
            out += " "
        out += word
    return out


def _terms_per_document(fields: list[_Field], n_docs: int, n_terms: int) -> list[IntArray]:
    """Each document's distinct term ids, recovered from the per-field CSC matrices."""
    if n_docs == 0:
        return []
    combined: sp.csr_matrix | None = None
    for f in fields:
        matrix = sp.csc_matrix(
            (np.ones(len(f.rows), dtype=np.float32), f.rows, f.indptr), shape=(n_docs, len(f.indptr) - 1)
        )
        matrix.resize((n_docs, n_terms))
        combined = matrix.tocsr() if combined is None else combined + matrix.tocsr()
    if combined is None:
        return [np.zeros(0, dtype=np.int32) for _ in range(n_docs)]
    combined.sort_indices()
    indices = combined.indices.astype(np.int32)
    indptr = combined.indptr
    return [indices[indptr[i] : indptr[i + 1]] for i in range(n_docs)]


def _quote(text: str, lang: str) -> str:
    return f"「{text}」" if lang == "ja" else f"'{text}'"


def _reason(label: str, source: str | None, fields: list[str], lang: str, *, related: bool = False) -> str:
    lang = "ja" if lang == "ja" else "en"
    names = [FIELD_LABELS.get(name, {}).get(lang, name) for name in fields]
    if related and source:
        # a tag learnt from the directory, not a translation: say so
        if lang == "ja":
            return (
                f"{_quote(label, lang)}（「{source}」を含むプロフィールに多いタグ）が{'・'.join(names)}に一致"
            )
        return f"{_quote(label, lang)} (a tag common among profiles mentioning '{source}') matched in {', '.join(names)}"
    if lang == "ja":
        where = "・".join(names)
        if source:
            return f"{_quote(label, lang)}（{_quote(source, lang)}の訳語・同義語）が{where}に一致"
        return f"{_quote(label, lang)}が{where}に一致"
    where = ", ".join(names)
    if source:
        return f"{_quote(label, lang)} (for {_quote(source, lang)}) matched in {where}"
    return f"{_quote(label, lang)} matched in {where}"

"""Japanese/English text analysis for search.

Pipeline (see docs/search.md):

1. Unicode NFKC: full-width ASCII becomes ASCII, half-width katakana becomes full-width.
2. Text without any Japanese character goes through the English pipeline only: lowercase,
   split on non-alphanumerics, drop stopwords and bare numbers, Snowball (Porter2) stemming
   (PyStemmer: the Snowball C code, same stems as the pure-Python ``snowballstemmer``).
3. Text with Japanese goes through SudachiPy in split mode C (the longest dictionary units, so
   compounds such as カーシェアリング stay whole) using each morpheme's ``normalized_form``
   (so コンピュータ/コンピューター and 出来る/できる agree). Particles, auxiliaries, symbols,
   whitespace and numerals are dropped, as are a handful of light verbs/nouns (する, こと ...).
   Every mode-C unit that mode A splits further also emits its mode-A parts ("sub" tokens), so
   a query for シェアリング finds カーシェアリング. Two adjacent Japanese nouns also emit
   their concatenation ("compound" tokens: 画像+認識 -> 画像認識), which rewards documents
   that use the same compound rather than the two words far apart. Latin-script morphemes
   inside Japanese text (AI, IoT, SaaS) go through the English pipeline.

One Sudachi dictionary is loaded per process, lazily, under a lock; each thread gets its own
tokenizer object created from it (Sudachi tokenizers are not safe to share across threads).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import Stemmer

if TYPE_CHECKING:  # pragma: no cover
    from sudachipy import Dictionary, Morpheme, Tokenizer

__all__ = [
    "ANALYSER_VERSION",
    "Token",
    "analyse",
    "analyse_tokens",
    "analyse_many",
    "normalise",
    "has_japanese",
]

# Bump whenever a change here changes the tokens of any text: the shipped analysed term map
# (``data/term_map_analysed.tsv.gz``) records the version it was built with, and stored search
# indexes built by another analyser must be rebuilt.
ANALYSER_VERSION = "2"

TokenKind = Literal["primary", "sub", "compound"]


@dataclass(frozen=True, slots=True)
class Token:
    """One index term. ``surface`` is the text it came from, for explanations and highlighting.

    ``segment`` numbers the runs of content words between stop tokens; phrase look-ups in the
    bilingual term map only join primary tokens of the same segment.
    """

    term: str
    surface: str
    kind: TokenKind
    segment: int


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30fc\u3005]")
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?", re.IGNORECASE)
_ASCII_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9'.+#&_-]*$")
_DIGITS = re.compile(r"^[0-9]+$")
_SUDACHI_CHUNK = 4000  # characters; Sudachi refuses inputs above ~49 KB, sentences are split well below

ENGLISH_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    us via per within without across among etc inc ltd co corp llc k.k company""".split()
)

# Normalised forms of light words that carry no topic.
JAPANESE_STOPWORDS = frozenset(
    """為る 居る 有る 成る 出来る 行う 致す 頂く 下さる 御座る 言う 思う 事 物 為 様 所 方 中 等
    これ それ あれ どれ この その あの 又 及び 並びに 弊社 当社 同社 私 我々 皆様 ます です
    よる 因る 依る 関する 対する 基づく 用いる 含む 持つ 於く 於ける 向ける 通じる 通す""".split()
)

_DROP_POS = frozenset({"助詞", "助動詞", "補助記号", "記号", "空白", "接続詞", "感動詞", "代名詞"})
_CHAIN_POS = frozenset({"名詞", "接頭辞", "接尾辞"})
_AFFIX_POS = frozenset({"接頭辞", "接尾辞"})

_stemmer_local = threading.local()
_dictionary: Dictionary | None = None
_dictionary_lock = threading.Lock()
_tokenizer_local = threading.local()


def normalise(text: str) -> str:
    """NFKC, so full-width/half-width forms and compatibility characters agree."""
    return unicodedata.normalize("NFKC", text)


def has_japanese(text: str) -> bool:
    return _JAPANESE.search(text) is not None


_stem_cache: dict[str, str] = {}
_STEM_CACHE_SIZE = 500_000


def _stem(word: str) -> str:
    # Vocabularies are small, so a bounded memo (dict reads and writes are atomic under the GIL)
    # saves even the C stemmer's call overhead; a stemmer object is not thread-safe, hence one
    # per thread.
    cached = _stem_cache.get(word)
    if cached is not None:
        return cached
    stemmer = getattr(_stemmer_local, "stemmer", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("english")
        _stemmer_local.stemmer = stemmer
    result: str = stemmer.stemWord(word)
    if len(_stem_cache) >= _STEM_CACHE_SIZE:
        _stem_cache.clear()
    _stem_cache[word] = result
    return result


def stem_word(word: str) -> str:
    """The index term of one lowercase English word (Snowball stem, as in documents)."""
    return _stem(word)


def _english_terms(text: str) -> Iterator[tuple[str, str]]:
    """(term, surface) pairs for Latin-script text; ``text`` is already NFKC-normalised."""
    for match in _LATIN_WORD.finditer(text):
        word = match.group(0).lower()
        if word.endswith("'s"):
            word = word[:-2]
        word = word.replace("'", "")
        if not word or word in ENGLISH_STOPWORDS or _DIGITS.match(word):
            continue
        yield _stem(word), match.group(0)


def _get_dictionary() -> Dictionary:
    global _dictionary
    if _dictionary is None:
        with _dictionary_lock:
            if _dictionary is None:
                from sudachipy import Dictionary

                _dictionary = Dictionary(dict="core")
    return _dictionary


def _get_tokenizer() -> Tokenizer:
    tokenizer: Tokenizer | None = getattr(_tokenizer_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import SplitMode

        dictionary = _get_dictionary()
        with _dictionary_lock:
            # Dictionary.tokenizer() replaced create() in SudachiPy 0.7; 0.6 only has create().
            make = getattr(dictionary, "tokenizer", None) or dictionary.create
            tokenizer = make(mode=SplitMode.C)
        _tokenizer_local.tokenizer = tokenizer
    return tokenizer


def _chunks(text: str) -> Iterator[str]:
    """Split long text at sentence ends or newlines so each Sudachi call stays small."""
    while len(text) > _SUDACHI_CHUNK:
        cut = max(text.rfind(sep, 0, _SUDACHI_CHUNK) for sep in ("。", "\n", "．", ". ", " "))
        cut = cut + 1 if cut > 0 else _SUDACHI_CHUNK
        yield text[:cut]
        text = text[cut:]
    if text:
        yield text


def _japanese_word(morpheme: Morpheme) -> str | None:
    """The index term of one Sudachi morpheme, or None if it is not a content word."""
    pos = morpheme.part_of_speech()
    if pos[0] in _DROP_POS or pos[1] == "数詞":
        return None
    form: str = morpheme.normalized_form()
    if form in JAPANESE_STOPWORDS or morpheme.surface() in JAPANESE_STOPWORDS:
        return None
    if pos[0] == "動詞" and pos[1] == "非自立可能":
        return None
    return form.lower()


def _morpheme_tokens(morphemes: Iterable[Morpheme], segment_start: int) -> tuple[list[Token], int]:
    from sudachipy import SplitMode

    tokens: list[Token] = []
    segment = segment_start
    chain: list[Token] = []  # adjacent Japanese nouns, for compound tokens

    def boundary() -> None:
        nonlocal segment
        if chain:
            chain.clear()
        segment += 1

    for morpheme in morphemes:
        surface = morpheme.surface()
        if _ASCII_WORD.match(surface):
            english = list(_english_terms(surface))
            if not english:
                boundary()
                continue
            chain.clear()
            for english_term, word in english:
                tokens.append(Token(english_term, word, "primary", segment))
            continue
        pos0 = morpheme.part_of_speech()[0]
        term = _japanese_word(morpheme)
        if term is None:
            boundary()
            continue
        token = Token(term, surface, "primary", segment)
        if pos0 in _AFFIX_POS:
            # Affixes join a compound (高+精度, 自動+化) but are too vague alone.
            if chain:
                previous = chain[-1]
                tokens.append(Token(previous.term + term, previous.surface + surface, "compound", segment))
            chain.append(token)
            continue
        tokens.append(token)
        if len(surface) > 1:
            parts = morpheme.split(SplitMode.A)
            if len(parts) > 1:
                for part in parts:
                    sub = _japanese_word(part)
                    if sub is not None and sub != term and part.part_of_speech()[0] not in _AFFIX_POS:
                        tokens.append(Token(sub, part.surface(), "sub", segment))
        if pos0 in _CHAIN_POS:
            if chain:
                previous = chain[-1]
                tokens.append(Token(previous.term + term, previous.surface + surface, "compound", segment))
            chain.append(token)
        else:
            chain.clear()
    return tokens, segment + 1


def analyse_tokens(text: str) -> list[Token]:
    """Analyse ``text`` into tokens with their kind, surface and segment."""
    text = normalise(text)
    if not has_japanese(text):
        return _english_tokens(text)
    tokenizer = _get_tokenizer()
    tokens: list[Token] = []
    segment = 0
    for chunk in _chunks(text):
        chunk_tokens, segment = _morpheme_tokens(tokenizer.tokenize(chunk), segment)
        tokens.extend(chunk_tokens)
    return tokens


def _english_tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    segment = 0
    position = 0
    previous: Token | None = None
    for match in _LATIN_WORD.finditer(text):
        gap = text[position : match.start()]
        position = match.end()
        if any(ch in ",.;:!?()[]{}/|\n" for ch in gap):
            segment += 1
        word = match.group(0)
        stemmed = list(_english_terms(word))
        if not stemmed:
            segment += 1
            continue
        for term, surface in stemmed:
            token = Token(term, surface, "primary", segment)
            tokens.append(token)
            # Adjacent words also form a compound term, as adjacent Japanese nouns do, so a
            # multi-word term ("image recognition") can be matched whole, not word by word.
            if previous is not None and previous.segment == segment:
                tokens.append(
                    Token(f"{previous.term} {term}", f"{previous.surface} {surface}", "compound", segment)
                )
            previous = token
    return tokens


def analyse(text: str) -> list[str]:
    """Index terms of ``text``: primary, sub-word and compound terms, in text order."""
    return [token.term for token in analyse_tokens(text)]


def analyse_many(texts: Sequence[str]) -> list[list[Token]]:
    """Analyse many short texts (dictionary entries) with few Sudachi calls.

    Equivalent to ``[analyse_tokens(t) for t in texts]`` for texts without line breaks.
    """
    results: list[list[Token]] = [[] for _ in texts]
    japanese: list[int] = []
    for i, text in enumerate(texts):
        clean = normalise(text).replace("\n", " ").strip()
        if has_japanese(clean):
            japanese.append(i)
        else:
            results[i] = _english_tokens(clean)
    if not japanese:
        return results
    tokenizer = _get_tokenizer()
    batch: list[int] = []
    size = 0

    def flush() -> None:
        if not batch:
            return
        joined = "\n".join(normalise(texts[i]).replace("\n", " ").strip() for i in batch)
        morphemes = list(tokenizer.tokenize(joined))
        line = 0
        current: list[Morpheme] = []
        for morpheme in morphemes:
            newlines = morpheme.surface().count("\n")
            if newlines:
                results[batch[line]] = _morpheme_tokens(current, 0)[0]
                current = []
                line += newlines
            else:
                current.append(morpheme)
        if line < len(batch):
            results[batch[line]] = _morpheme_tokens(current, 0)[0]
        batch.clear()

    for i in japanese:
        batch.append(i)
        size += len(texts[i]) + 1
        if size > _SUDACHI_CHUNK:
            flush()
            size = 0
    flush()
    return results

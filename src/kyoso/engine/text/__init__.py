"""Japanese/English text engine: analysis, bilingual expansion, BM25F search and fit scoring.

Pure Python (SudachiPy, snowballstemmer, NumPy, SciPy); no Django import. See docs/search.md.
"""

from kyoso.engine.text.analysis import Token, analyse, analyse_tokens, normalise
from kyoso.engine.text.bilingual import QueryTerm, TermMap, default_term_map, expand_query
from kyoso.engine.text.fit import (
    Checklist,
    CultureProfile,
    Expectation,
    FitComponent,
    FitInput,
    FitResult,
    fit_score,
)
from kyoso.engine.text.index import Document, Hit, SearchIndex

__all__ = [
    "Checklist",
    "CultureProfile",
    "Document",
    "Expectation",
    "FitComponent",
    "FitInput",
    "FitResult",
    "Hit",
    "QueryTerm",
    "SearchIndex",
    "TermMap",
    "Token",
    "analyse",
    "analyse_tokens",
    "default_term_map",
    "expand_query",
    "fit_score",
    "normalise",
]

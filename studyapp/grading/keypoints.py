"""Key-point coverage: which key points a typed interview answer already mentions.

The matching is deliberately simple and explainable. A key point's *key terms* are its
words minus common filler words, each reduced to a crude stem (lowercase, a few English
endings dropped). A key point counts as covered when the typed answer contains at least
half of its key terms (all of them when it has one or two). Formulas and symbols count as
terms too, so "X^T r / m" is matched by an answer that writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9][a-z0-9_^'/*.+-]*")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "but",
        "is",
        "are",
        "be",
        "was",
        "were",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "with",
        "by",
        "as",
        "at",
        "from",
        "into",
        "than",
        "then",
        "so",
        "if",
        "not",
        "no",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "we",
        "you",
        "they",
        "he",
        "she",
        "them",
        "their",
        "our",
        "your",
        "each",
        "every",
        "any",
        "all",
        "more",
        "most",
        "less",
        "very",
        "just",
        "only",
        "also",
        "which",
        "what",
        "when",
        "where",
        "who",
        "why",
        "how",
        "there",
        "here",
        "has",
        "have",
        "had",
        "been",
        "being",
        "same",
        "one",
    ]
)
_ENDINGS = ("ation", "ing", "ed", "ly")


def _stem(word: str) -> str:
    """A crude stem that maps singular and plural, and verb forms, to one term."""
    word = word.strip("'.-+/*")
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending in _ENDINGS:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            word = word[: -len(ending)]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def key_terms(text: str) -> list[str]:
    """The key terms of a text, stemmed, in order, without repeats."""
    return list(_terms_with_words(text))


def _terms_with_words(text: str) -> dict[str, str]:
    """{stem: the first word written for it}, in order."""
    terms: dict[str, str] = {}
    for word in _WORD.findall(text.lower()):
        if word in _STOP or len(word.strip("'.-+/*")) < 2:
            continue
        stem = _stem(word)
        if stem and stem not in terms:
            terms[stem] = word.strip("'.-+/*")
    return terms


@dataclass(frozen=True, slots=True)
class KeyPointMatch:
    """How one key point matched the typed answer."""

    point: str
    """The key point as written in the deck."""
    terms: tuple[str, ...]
    """Its key terms, as written in the key point."""
    found: tuple[str, ...]
    """The key terms the answer contains, as written in the key point."""
    covered: bool
    """Whether the point counts as covered."""

    def explain(self) -> str:
        """One line saying why the point was or was not ticked."""
        if not self.terms:
            return "no key terms to match"
        found = ", ".join(self.found) if self.found else "none"
        return f"{len(self.found)} of {len(self.terms)} key terms found ({found})"


@dataclass(frozen=True, slots=True)
class Coverage:
    """Coverage of all key points of one question."""

    matches: tuple[KeyPointMatch, ...]
    """One match per key point, in deck order."""

    @property
    def share(self) -> float:
        """Share of key points covered (0.0 to 1.0)."""
        if not self.matches:
            return 0.0
        return sum(match.covered for match in self.matches) / len(self.matches)


def cover_key_points(answer: str, key_points: tuple[str, ...] | list[str]) -> Coverage:
    """Match a typed answer against key points (see the module docstring for the rule)."""
    answer_terms = set(key_terms(answer))
    matches = []
    for point in key_points:
        words = _terms_with_words(point)
        terms = tuple(words.values())
        found = tuple(word for stem, word in words.items() if stem in answer_terms)
        needed = len(terms) if len(terms) <= 2 else (len(terms) + 1) // 2
        matches.append(KeyPointMatch(point, terms, found, bool(terms) and len(found) >= needed))
    return Coverage(tuple(matches))


def suggest_correct(ticked: int, total: int) -> bool:
    """The suggested grade from ticked key points: good when at least half are ticked."""
    return total > 0 and ticked * 2 >= total

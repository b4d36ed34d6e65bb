"""Key-point coverage: which key points a typed interview answer already mentions.

The matching is deliberately simple and explainable. A key point's *key terms* are its
words minus common filler words, each reduced to a crude stem (lowercase, a few English
endings dropped, British and American spellings joined). Formulas and symbols count as
terms too, so "X^T r / m" is matched by an answer that writes it.

The answer is read clause by clause (split at sentence ends, blank lines, commas,
semicolons and "but", "while", "whereas"; a clause that starts with "which", "like",
"then", ... stays with the one before it, one that starts with "when", "if", ... with the
one after it). A key point counts as covered when the answer's clauses together hold at
least half of its key terms (all of them when it has one or two), leaving out clauses that
are evidence of something else:

- a clause that denies a term the point states: a negation ("not", "no", "never",
  "without", "-n't") denies the next two key terms, so "min-max is not sensitive to
  outliers" is no evidence for "min-max sensitive to outliers"; a term the point denies
  ("no learning rate") is found only where the answer denies it too;
- a clause that names the rival of one of the point's terms and not the term itself
  ("z-score" for "min-max", "underfitting" for "overfitting", "L1" for "L2"): "use
  z-score when features have outliers" is about z-score;
- a clause with one term of the point among several of another key point of the same
  question: that clause is about the other point.

tests/keypoint_cases.py holds a labelled set; the README gives this rule's precision and
recall on it.
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
_NEGATIONS = frozenset(["not", "no", "never", "without", "cannot", "nor", "none", "neither"])
_NEGATION_REACH = 2
"""How many key terms after a negation it denies."""
_CONTINUES = frozenset(["which", "that", "like", "such", "e.g", "i.e", "including",
                        "especially", "giving", "making", "meaning", "then", "and", "or"])
"""First words of a comma clause that goes on with the one before it."""
_LEADS = frozenset(["when", "if", "once", "unless", "after", "before"])
"""First words of a comma clause that leads into the one after it."""
_CLAUSE = re.compile(
    r"[.;!?](?=\s|$)|\n\s*\n|,(?=\s)|\s[-\u2013\u2014]\s|"
    r"\b(?:but|while|whereas|however|although|though|otherwise)\b",
    re.IGNORECASE,
)
_ALTERNATIVES = {
    "overfit": "underfit",
    "underfit": "overfit",
    "l1": "l2",
    "l2": "l1",
    "z-scor": "min-max",
    "min-max": "z-scor",
}
"""Stems of rival choices: a clause naming the other one (and not this one) is about it."""


def _stem(word: str) -> str:
    """A crude stem that maps singular and plural, verb forms and spellings to one term."""
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
            # "stopping" -> "stopp" -> "stop", as "stop" itself
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsaeiou":
                word = word[:-1]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    # British and American spellings: regularise/regularize, favour/favor.
    if len(word) > 5 and word.endswith("is"):
        word = word[:-2] + "iz"
    elif len(word) > 5 and word.endswith("our"):
        word = word[:-3] + "or"
    return word


_LIGHT_VERBS = frozenset(
    _stem(word)
    for forms in (
        ["use", "uses", "using", "used", "need", "needs", "needing", "needed"],
        ["take", "takes", "taking", "took", "make", "makes", "making", "made"],
        ["get", "gets", "getting", "got", "give", "gives", "giving", "gave"],
        ["go", "goes", "going", "went", "become", "becomes", "becoming", "became"],
    )
    for word in forms
)
"""Stems of verbs a negation reaches through: "do not use min-max" denies min-max."""


def _words(text: str) -> list[str]:
    """Lowercase words of a text, symbols and formulas kept."""
    return _WORD.findall(text.lower())


def key_terms(text: str) -> list[str]:
    """The key terms of a text, stemmed, in order, without repeats."""
    return list(_terms_with_words(text))


def _terms_with_words(text: str) -> dict[str, str]:
    """{stem: the first word written for it}, in order."""
    terms: dict[str, str] = {}
    for word in _words(text):
        if word in _STOP or len(word.strip("'.-+/*")) < 2:
            continue
        stem = _stem(word)
        if stem and stem not in terms:
            terms[stem] = word.strip("'.-+/*")
    return terms


@dataclass(frozen=True, slots=True)
class _Clause:
    """The key terms one clause states and the ones it denies."""

    stated: frozenset[str]
    denied: frozenset[str]


def _clause(text: str) -> _Clause:
    """Stated and denied terms of one clause (a negation denies the next key terms)."""
    stated: set[str] = set()
    denied: set[str] = set()
    reach = 0
    for word in _words(text):
        if word in _NEGATIONS or word.endswith("n't"):
            reach = _NEGATION_REACH
            continue
        if word in _STOP or len(word.strip("'.-+/*")) < 2:
            continue
        stem = _stem(word)
        if reach:
            denied.add(stem)
            if stem not in _LIGHT_VERBS:
                reach -= 1
        else:
            stated.add(stem)
    return _Clause(frozenset(stated), frozenset(denied))


def _first_word(text: str) -> str:
    """The first word of a clause, for deciding where it belongs."""
    words = _words(text)
    return words[0].strip("'.-+/*") if words else ""


def _clauses(text: str) -> list[_Clause]:
    """The clauses of an answer, each with its stated and denied terms.

    A comma clause that starts with "which", "like", ... stays with the one before it, and
    one that starts with "when", "if", ... with the one after it.
    """
    parts = [part for part in _CLAUSE.split(text) if part and part.strip()]
    joined: list[str] = []
    for part in parts:
        if joined and _first_word(part) in _CONTINUES:
            joined[-1] += " " + part
        else:
            joined.append(part)
    clauses: list[str] = []
    lead = ""
    for part in joined:
        if _first_word(part) in _LEADS:
            lead += part + " "
        else:
            clauses.append(lead + part)
            lead = ""
    if lead:
        clauses.append(lead)
    return [_clause(part) for part in clauses]


@dataclass(frozen=True, slots=True)
class KeyPointMatch:
    """How one key point matched the typed answer."""

    point: str
    """The key point as written in the deck."""
    terms: tuple[str, ...]
    """Its key terms, as written in the key point."""
    found: tuple[str, ...]
    """The key terms found in the answer, as written in the key point."""
    covered: bool
    """Whether the point counts as covered."""
    needed: int = 0
    """How many key terms the answer must hold."""
    elsewhere: tuple[str, ...] = ()
    """Key terms the answer has only in clauses about another key point."""
    contradicted: tuple[str, ...] = ()
    """Key terms the answer says otherwise about ("not sensitive"), when not covered."""

    def explain(self) -> str:
        """One line saying why the point was or was not ticked."""
        if not self.terms:
            return "no key terms to match"
        found = ", ".join(self.found) if self.found else "none"
        line = f"{len(self.found)} of {len(self.terms)} key terms found ({found})"
        if self.covered:
            return line
        if self.contradicted:
            line += f"; your answer says otherwise about {', '.join(self.contradicted)}"
        if self.elsewhere:
            line += f"; {', '.join(self.elsewhere)} only where you speak of another point"
        return line


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


@dataclass(frozen=True, slots=True)
class _Point:
    """A key point's terms: {stem: word as written}, the stems it states and denies."""

    words: dict[str, str]
    stated: frozenset[str]
    denied: frozenset[str]

    @property
    def needed(self) -> int:
        """How many key terms an answer must hold to cover the point."""
        count = len(self.words)
        return count if count <= 2 else (count + 1) // 2


def _point(text: str) -> _Point:
    """The terms of one key point."""
    stated: frozenset[str] = frozenset()
    denied: frozenset[str] = frozenset()
    for part in _clauses(text):
        stated, denied = stated | part.stated, denied | part.denied
    return _Point(_terms_with_words(text), stated - denied, denied)


def _match(
    point: _Point, text: str, clauses: list[_Clause], others: list[_Point]
) -> KeyPointMatch:
    """Match one key point against the clauses of an answer (`others`: the question's rest)."""
    rivals = {_ALTERNATIVES[stem]: stem for stem in point.words if stem in _ALTERNATIVES}
    found: set[str] = set()
    elsewhere: set[str] = set()
    against: set[str] = set()
    for clause in clauses:
        here = (point.stated & clause.stated) | (point.denied & clause.denied)
        # Denying what the point states is a contradiction; stating what the point denies
        # is one only in a clause plainly about the point ("regularisation fixes the shift"
        # against "fixes variance, not shift"), not in a passing mention of the word.
        denied = (point.stated & clause.denied) - here
        if len(here) >= 2:
            denied |= (point.denied & clause.stated) - here
        if any(rival in clause.stated and own not in clause.stated
               for rival, own in rivals.items()):
            # "use z-score when features have outliers" is about z-score, not min-max.
            elsewhere |= here
            continue
        if denied:
            # The clause is about this point and says otherwise: its terms are no evidence.
            against |= denied
            continue
        if not here:
            continue
        # One term in a clause full of another point's terms is about that point ("compute
        # the gradient from the old parameters" is no step against the gradient).
        if len(here) == 1 and any(_exclusive(other, point, clause) > 1 for other in others):
            elsewhere |= here
            continue
        found |= here
    covered = bool(point.words) and len(found) >= point.needed
    as_written = point.words.items()
    return KeyPointMatch(
        text,
        tuple(point.words.values()),
        tuple(word for stem, word in as_written if stem in found),
        covered,
        point.needed,
        tuple(word for stem, word in as_written if stem in elsewhere - found),
        () if covered else tuple(word for stem, word in as_written if stem in against - found),
    )


def _exclusive(other: _Point, point: _Point, clause: _Clause) -> int:
    """How many terms of `other`, and not of `point`, the clause states."""
    return len((other.stated - point.words.keys()) & clause.stated)


def cover_key_points(answer: str, key_points: tuple[str, ...] | list[str]) -> Coverage:
    """Match a typed answer against key points (see the module docstring for the rule)."""
    clauses = _clauses(answer)
    points = [_point(text) for text in key_points]
    return Coverage(
        tuple(
            _match(point, text, clauses, points[:index] + points[index + 1 :])
            for index, (point, text) in enumerate(zip(points, key_points, strict=True))
        )
    )


def suggest_correct(ticked: int, total: int) -> bool:
    """The suggested grade from ticked key points: good when at least half are ticked."""
    return total > 0 and ticked * 2 >= total

"""Length and readability of a drafted message: word count, sentence length, Flesch reading ease."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

# Titles and abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = re.compile(
    r"\b(mr|mrs|ms|dr|prof|st|no|inc|ltd|co|corp|jr|sr|vs|etc|approx|ref|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.",
    re.I,
)
_DOTTED = re.compile(r"\b(e\.g|i\.e|a\.m|p\.m)\.", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
_GREETING = re.compile(r"^(hi|hello|hey|dear|good (morning|afternoon|evening)|to:|from:)\b", re.I)
_SIGN_OFF = re.compile(
    r"^(best|regards|kind regards|best regards|warm regards|warmly|cheers|thanks|thank you|many thanks|"
    r"sincerely|yours (sincerely|faithfully)|respectfully|all the best|with thanks|bien cordialement)\b",
    re.I,
)
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


class ReadabilityScore(BaseModel):
    """How long a message is and how hard it is to read."""

    model_config = ConfigDict(frozen=True)

    word_count: int  # every whitespace-separated token with a letter or digit, greeting and sign-off included
    sentence_count: int  # sentences of the body: greeting and sign-off lines left out
    avg_sentence_words: float
    longest_sentence_words: int
    syllables_per_word: float
    flesch_reading_ease: float  # 206.835 - 1.015 words/sentence - 84.6 syllables/word; higher is easier


class ReadabilityLimits(BaseModel):
    """The bounds a message for one action must stay within."""

    model_config = ConfigDict(frozen=True)

    max_words: int
    max_avg_sentence_words: float
    max_sentence_words: int
    min_flesch: float


class ReadabilityCheck(BaseModel):
    """A message's readability against its action's limits, with each breach spelt out."""

    action: str
    score: ReadabilityScore
    limits: ReadabilityLimits
    passed: bool
    problems: list[str]


# A reminder is read in seconds on a phone, so it is short and plain (Flesch 50+ is "fairly difficult"
# at worst); formal notices and internal notes carry more detail and legal terms, so they get more room.
LIMITS: dict[str, ReadabilityLimits] = {
    "send_reminder": ReadabilityLimits(max_words=250, max_avg_sentence_words=22, max_sentence_words=40, min_flesch=50),
    "offer_payment_plan": ReadabilityLimits(
        max_words=300, max_avg_sentence_words=22, max_sentence_words=40, min_flesch=45
    ),
    "final_notice": ReadabilityLimits(max_words=350, max_avg_sentence_words=25, max_sentence_words=45, min_flesch=35),
    # A call briefing for the account owner carries an invoice table and the account's history; it is
    # read before a call, not sent, so it may run longer than a reminder (the measured notes: 250-290 words).
    "call_task": ReadabilityLimits(max_words=350, max_avg_sentence_words=22, max_sentence_words=40, min_flesch=45),
    "route_dispute": ReadabilityLimits(max_words=300, max_avg_sentence_words=25, max_sentence_words=45, min_flesch=35),
    "escalate_to_manager": ReadabilityLimits(
        max_words=400, max_avg_sentence_words=25, max_sentence_words=45, min_flesch=30
    ),
    "write_off_review": ReadabilityLimits(
        max_words=400, max_avg_sentence_words=25, max_sentence_words=45, min_flesch=30
    ),
}


def count_syllables(word: str) -> int:
    """Estimate a word's syllables from its vowel groups (the usual heuristic; good to about one in ten)."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 0
    if len(letters) <= 3:
        return 1
    # A final silent e ("due", "invoice") or -es/-ed that adds no syllable ("dates", "signed").
    trimmed = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", lambda m: m.group(0)[0], letters)
    trimmed = re.sub(r"^y", "", trimmed)
    return max(1, len(_VOWEL_GROUPS.findall(trimmed)))


def _units(text: str) -> list[str]:
    protected = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
    protected = _ABBREVIATIONS.sub(lambda m: m.group(1), protected)
    return [u.strip() for u in _SENTENCE_END.split(protected) if u and u.strip()]


def _body_sentences(text: str) -> list[str]:
    units = _units(text)
    if units and _GREETING.match(units[0]) and len(units[0].split()) <= 6:
        units = units[1:]
    # The sign-off and the name and title lines under it are not sentences a reader has to parse.
    # A sign-off needs a body above it: "Thanks so much, Jo!" opening a message is a sentence.
    for index in range(max(len(units) - 5, 1), len(units)):
        if _SIGN_OFF.match(units[index]) and len(units[index].split()) <= 4:
            units = units[:index]
            break
    return [u for u in units if _words(u)] or units


def _words(text: str) -> list[str]:
    return [t for t in text.split() if any(ch.isalnum() for ch in t)]


def _is_prose(token: str) -> bool:
    return not any(ch.isdigit() for ch in token) and "@" not in token and "://" not in token and "www." not in token


def score_readability(text: str) -> ReadabilityScore:
    """Word count, sentence lengths and Flesch reading ease of a message."""
    sentences = _body_sentences(text)
    lengths = [len(_words(s)) for s in sentences]
    # Amounts, dates, invoice numbers and addresses are copied, not read word by word: not in Flesch.
    prose = [w for s in sentences for w in _words(s) if _is_prose(w)]
    syllables = sum(count_syllables(w) for w in prose)
    n_sentences = max(len(sentences), 1)
    words_per_sentence = sum(lengths) / n_sentences
    syllables_per_word = syllables / len(prose) if prose else 0.0
    flesch = 206.835 - 1.015 * (len(prose) / n_sentences) - 84.6 * syllables_per_word if prose else 0.0
    return ReadabilityScore(
        word_count=len(_words(text)),
        sentence_count=len(sentences),
        avg_sentence_words=round(words_per_sentence, 2),
        longest_sentence_words=max(lengths, default=0),
        syllables_per_word=round(syllables_per_word, 3),
        flesch_reading_ease=round(flesch, 2),
    )


def check_readability(text: str, action: str) -> ReadabilityCheck:
    """Score a message and compare it with the limits for its action (a key of LIMITS)."""
    if action not in LIMITS:
        raise ValueError(f"no readability limits for action {action!r}; known: {sorted(LIMITS)}")
    limits = LIMITS[action]
    score = score_readability(text)
    problems: list[str] = []
    if score.word_count > limits.max_words:
        problems.append(f"{score.word_count} words; {action} allows {limits.max_words}")
    if score.avg_sentence_words > limits.max_avg_sentence_words:
        problems.append(
            f"sentences average {score.avg_sentence_words:.1f} words; limit {limits.max_avg_sentence_words:g}"
        )
    if score.longest_sentence_words > limits.max_sentence_words:
        problems.append(f"longest sentence has {score.longest_sentence_words} words; limit {limits.max_sentence_words}")
    if score.flesch_reading_ease < limits.min_flesch:
        problems.append(f"Flesch reading ease {score.flesch_reading_ease:.1f}; needs {limits.min_flesch:g}+")
    return ReadabilityCheck(action=action, score=score, limits=limits, passed=not problems, problems=problems)

"""The offline tone scorer: which tone a message has, whether it is abusive, and whether it fits its tier."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from evals.scorers.tone_cues import ABUSE_FAMILIES, CueHit, find_cues
from evals.scorers.tone_model import ToneClassifier, default_classifier
from evals.tone.dataset import ABUSIVE_TONES, TONES, Tone

# Probability the classifier must put on aggressive+rude to flag a message with no abuse cue in it.
# Set below one half on purpose: a missed threat costs far more than a second look at a blunt draft.
ABUSIVE_MASS_THRESHOLD = 0.4

# Below this top-tone probability the text is unlike anything in the labelled set; say so in the reasons.
LOW_CONFIDENCE = 0.5

# Which heard tones are acceptable for each expected tone. Neighbours on the scale
# friendly < neutral < firm < formal are tolerated: a T2 follow-up that comes out warm, or a T3 demand
# written as a formal letter, is fine to send. Two steps apart is not (a T1 nudge that reads like a
# formal demand, a final notice that reads like a casual nudge). Abusive tones never match.
TOLERATED: dict[Tone, frozenset[Tone]] = {
    "friendly": frozenset({"friendly", "neutral"}),
    "neutral": frozenset({"friendly", "neutral", "firm"}),
    "firm": frozenset({"neutral", "firm", "formal"}),
    "formal": frozenset({"firm", "formal"}),
}

# The tone each tier calls for, as in docs/collections-policy.md.
TIER_TONE: dict[str, Tone] = {
    "pre_due": "friendly",
    "T1": "friendly",
    "T2": "neutral",
    "T3": "firm",
    "T4": "formal",
    "T5": "formal",
}


class ToneScore(BaseModel):
    """The tone heard in a message, how sure the scorer is, and the cues behind it."""

    model_config = ConfigDict(frozen=True)

    tone: Tone
    scores: dict[Tone, float]  # per-tone probability from the classifier, summing to 1
    is_abusive: bool
    cues: list[CueHit]
    reasons: list[str]


def _pick_abusive_tone(scores: dict[Tone, float], abuse_hits: list[CueHit]) -> Tone:
    families = {hit.family for hit in abuse_hits}
    threatens = bool(families & {"threat", "shouting"})
    insults = bool(families & {"insult", "sarcasm"})
    if threatens and not insults:
        return "aggressive"
    if insults and not threatens:
        return "rude"
    return "aggressive" if scores["aggressive"] >= scores["rude"] else "rude"


def _cue_reasons(hits: list[CueHit]) -> list[str]:
    reasons: list[str] = []
    for family in dict.fromkeys(hit.family for hit in hits):
        phrases = list(dict.fromkeys(hit.phrase for hit in hits if hit.family == family))
        shown = ", ".join(f'"{p}"' for p in phrases[:5])
        more = f" (+{len(phrases) - 5} more)" if len(phrases) > 5 else ""
        reasons.append(f"{family}: {shown}{more}")
    return reasons


def score_tone(text: str, *, classifier: ToneClassifier | None = None) -> ToneScore:
    """Score one message's tone offline: classifier probabilities, the abusive flag, and the cues found."""
    if not any(ch.isalpha() for ch in text):
        raise ValueError("nothing to score: the text has no words")
    model = classifier or default_classifier()
    scores = model.predict_proba([text])[0]
    hits = find_cues(text)
    abuse_hits = [hit for hit in hits if hit.family in ABUSE_FAMILIES]
    ranked = sorted(TONES, key=lambda tone: scores[tone], reverse=True)
    abusive_mass = sum(scores[tone] for tone in ABUSIVE_TONES)
    is_abusive = bool(abuse_hits) or abusive_mass >= ABUSIVE_MASS_THRESHOLD or ranked[0] in ABUSIVE_TONES
    tone = ranked[0]
    if is_abusive and tone not in ABUSIVE_TONES:
        tone = _pick_abusive_tone(scores, abuse_hits)
    reasons = _cue_reasons(hits)
    reasons.append(f"classifier: {ranked[0]} {scores[ranked[0]]:.2f}, then {ranked[1]} {scores[ranked[1]]:.2f}")
    if scores[ranked[0]] < LOW_CONFIDENCE:
        reasons.append("low confidence: unlike the labelled messages (e.g. SMS-style text); read it yourself")
    if abuse_hits:
        reasons.append("abusive: the text contains " + ", ".join(sorted({h.family for h in abuse_hits})))
    elif is_abusive:
        reasons.append(f"abusive: the classifier puts {abusive_mass:.2f} on aggressive or rude")
    return ToneScore(tone=tone, scores=scores, is_abusive=is_abusive, cues=hits, reasons=reasons)


def tone_matches(expected: str, text: str, *, classifier: ToneClassifier | None = None) -> tuple[bool, str]:
    """Whether the text's tone is acceptable where `expected` (a tone, or a tier like "T3") is called for."""
    wanted = TIER_TONE.get(expected, expected)
    if wanted not in TOLERATED:
        raise ValueError(f"expected must be one of {sorted(TOLERATED)} or a tier {sorted(TIER_TONE)}")
    allowed = TOLERATED[wanted]
    score = score_tone(text, classifier=classifier)
    heard = f"heard {score.tone} ({score.scores[score.tone]:.2f})"
    if score.is_abusive:
        why = next(r for r in score.reasons if r.startswith("abusive:"))
        return False, f"expected {wanted}; {heard}; never acceptable, {why}"
    accepted = ", ".join(t for t in TONES if t in allowed)
    if score.tone in allowed:
        return True, f"expected {wanted}; {heard}; {wanted} accepts {accepted}"
    mass = sum(score.scores[t] for t in allowed)
    # A borderline message whose probability sits mostly on acceptable tones passes, with a note.
    if mass >= 0.5:
        return True, f"expected {wanted}; {heard}, but {mass:.2f} of the probability is on {accepted}"
    return False, f"expected {wanted}; {heard}; {wanted} accepts only {accepted}"

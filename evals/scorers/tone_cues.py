"""Transparent lexical and structural tone cues: what a reviewer would point at in a message."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

CueFamily = Literal[
    "politeness",
    "hedge",
    "informational",
    "urgency",
    "formal_register",
    "legal_escalation",
    "blame",
    "threat",
    "insult",
    "sarcasm",
    "shouting",
]
# A hit in one of these families alone makes a message abusive: no collector may send it.
ABUSE_FAMILIES: frozenset[CueFamily] = frozenset({"threat", "insult", "sarcasm", "shouting"})


def _compile(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_YOUR_PEOPLE = (
    r"customers?|clients?|suppliers?|family|employer|neighbou?rs|landlord|board|ceo|"
    r"managing director|directors?|colleagues|whole team|boss"
)

# Written from what collection-conduct rules forbid (threats of harm, arrest or ruin, contacting third
# parties, publishing debtors, repeated calls, abuse), not tuned to any one message.
LEXICON: dict[CueFamily, re.Pattern[str]] = {
    "politeness": _compile(
        r"\bhope (you|this|all|your|the|you've)\b",
        r"\bthanks?( you)?( so much| again| a (ton|bunch|lot)| as always)\b",
        r"\b(much |really )?appreciated?\b",
        r"\b(happy|glad) to (help|discuss|resend|talk|set|jump)",
        r"\bdon't hesitate\b",
        r"\bno (worries|rush|pressure|problem at all)\b",
        r"\b(totally|completely) understand",
        r"\bcheers\b",
        r"\bwarm(ly| regards| wishes)?\b",
        r"\bbest wishes\b",
        r"\bhave a (great|good|lovely|nice) (day|weekend|one)\b",
        r"\bcongrat",
        r"\blovely\b",
        r"\bvalued (customer|partner)\b",
        r"\bgreat partner\b",
        r":\)",
        r"\bcourtesy\b",
        r"\bfriendly (reminder|nudge|heads-up)\b",
        r"\bgentl(e|y)\b",
        r"\bheads-up\b",
        r"\bjust a (quick|little|friendly|gentle)\b",
        r"\bquick (note|one|reminder|look)\b",
        r"\b(checking in|circling back)\b",
        r"\bhappy (friday|new year|holidays)\b",
    ),
    "hedge": _compile(
        r"\bjust\b(?! pay)",
        r"\b(maybe|perhaps|roughly|probably)\b",
        r"\bcould you\b",
        r"\bwould you mind\b",
        r"\bwhen(ever)? you (get|have) a (moment|chance|sec)\b",
        r"\bwhenever (convenient|you)\b",
        r"\bif (it's|it has|you've|you have|payment has) already\b",
        r"\bplease (disregard|ignore)\b",
        r"\boverlooked\b",
        r"\bi'?m sure it'?s\b",
        r"\bin case\b",
    ),
    "informational": _compile(
        r"\b(our|according to our) records\b",
        r"\bas of\b",
        r"\b(remains?|still|is currently) (open|outstanding)\b",
        r"\bfollow(ing)?[- ]up\b",
        r"\breminder\b",
        r"\bplease (let us know|confirm|advise)\b",
        r"\bremittance\b",
        r"\bstatement\b",
        r"\bpayment (details|can be made)\b",
    ),
    "urgency": _compile(
        r"\bimmediately\b",
        r"\btoday\b",
        r"\bby (end of day|tomorrow|tonight|noon|(monday|tuesday|wednesday|thursday|friday)\b)",
        r"\bno later than\b",
        r"\bwithin (\d+|seven|ten|fourteen|48|24) (business )?(days|hours)\b",
        r"\bdeadline\b",
        r"\b(we )?(require|required)\b",
        r"\bmust\b",
        r"\bwe need\b|\bi need\b|\bneeds to be\b",
        r"\bwe expect\b",
        r"\bdespite\b",
        r"\b(second|third|fourth|last) (request|reminder)\b",
        r"\bhave not received\b|\bhaven't received\b",
        r"\bno (reply|response)\b|\bunanswered\b",
        r"\b(credit )?hold\b",
        r"\bprepayment\b",
        r"\bpaused\b",
        r"\bcannot extend\b|\bunable to extend\b",
        r"\bwithout further delay\b",
        r"\bfirm reminder\b",
    ),
    "formal_register": _compile(
        r"\bhereby\b",
        r"\bpursuant\b",
        r"\bnotwithstanding\b",
        r"\bin accordance with\b",
        r"\bclause\b",
        r"\bfurther to\b",
        r"\bwe refer to\b",
        r"\b(we|i) write\b",
        r"\byours (faithfully|sincerely)\b",
        r"\brespectfully\b",
        r"\bdear (sir|madam|customer)\b",
        r"\bsir/madam\b",
        r"^\s*re:",
        r"\bfailing (which|this|payment|receipt)\b",
        r"\bwithout further (notice|reference)\b",
        r"\baccordingly\b",
        r"\bkindly\b",
        r"\bbe advised\b",
        r"\btake notice\b",
        r"\bin respect of\b",
        r"\bthe undersigned\b",
        r"\bconstitutes\b",
        r"\barrears\b",
        r"\bwe regret\b",
        r"\b(should|absent) payment\b",
        r"\bin the absence of\b",
        r"\bformal(ly)? (notice|notify|request)\b",
        r"\bwe (acknowledge|note)\b",
    ),
    "legal_escalation": _compile(
        r"\blegal (proceedings|action|counsel|department|channels)\b",
        r"\bcollections? (agency|partner)\b",
        r"\bdebt (collector|collection|recovery|enforcement)\b",
        r"\bsolicitors?\b",
        r"\battorney\b",
        r"\bcourt\b",
        r"\b(issue|commence|initiate|recovery) proceedings\b",
        r"\blitigation\b",
        r"\breferr(ed|al)\b",
        r"\bfinal (notice|demand)\b",
        r"\brecovery (action|service)\b",
        r"\bcredit (bureaus?|standing|reporting)\b",
        r"\bletter before action\b",
        r"\bnotice of default\b",
    ),
    "blame": _compile(
        r"\byou (never|always|still|keep|didn't|haven't|failed|ignored|can't|couldn't)\b",
        r"\byour (excuses|fault|habits)\b",
        r"\b(tired|sick) of\b",
        r"\bclearly\b",
        r"\bno wonder\b",
        r"\bcan't even\b|\bcouldn't even\b",
        r"\bseriously\b",
        r"\bhonestly\b",
        r"\bexcuses\b",
    ),
    "threat": _compile(
        r"\bruin(ed|ing)? (your|you)\b",
        r"\bor else\b",
        r"\b(you|you'll|you will) regret\b",
        r"\bknow where (you|your)\b",
        r"\b(home address|at (your )?home|where you live|front door)\b",
        r"\bmake (your|you) life\b",
        r"\bdestroy(ed|ing)?\b",
        r"\bblacklist",
        r"\b(tell|telling|inform|contact|call|calling|copy|copying|cc'?ing|go to|take this to)\b[^.]{0,40}?"
        rf"\b(your|every( one of your)?|all (of )?your)\s+(entire\s+)?({_YOUR_PEOPLE})\b",
        r"\bevery (single )?(hour|day|morning|night)\b[^.]{0,60}\buntil\b",
        r"\b(keep|start) (calling|phoning|sending people|coming)\b",
        r"\bcome (to|round to|after) (your|you)\b",
        r"\bsend(ing)? (the guys|people|someone) (round|to)\b",
        r"\barrest(ed)?\b|\bpolice\b|\bjail\b|\bprison\b|\bcriminal\b|\bpress charges\b",
        r"\breport(ing)? you\b",
        r"\bseize\b|\bshut (down )?your\b|\btake your (house|car|home)\b",
        r"\bsue you\b|\bbankrupt you\b|\binto bankruptcy\b",
        r"\bhound\b",
        r"\b(last|final) (warning|chance)\b|\bbeen warned\b|\bi'?m warning you\b",
        r"\b(don't|do not) test us\b|\bnot bluffing\b|\bwe will not leave\b",
        r"\bface (the )?consequences\b",
        r"\bthink (very )?carefully\b",
        r"\b(hide|run) from us\b",
        r"\bpersonally (make sure|come)\b|\bcome after you\b|\bbeing personal\b|\bchased personally\b",
        r"\bnon-?payers\b|\bname and shame\b|\bname you\b|\bpost(ing)? (a review|your)\b",
        r"\bnever works? in this industry\b",
        r"\bstart going wrong\b",
        r"\bmake (things|it) (very )?(uncomfortable|difficult|hard)\b",
        r"\bhearing from us there\b|\bkeep your job\b|\blast polite\b",
        r"\b(wipe|delete) your\b",
        r"\bgo under\b|\bdisappears?\b|\b(bookings|business) (are|is) finished\b",
        r"\bwe have the connections\b|\bi know a lot of people\b",
    ),
    "insult": _compile(
        r"\byou (people|lot|freeloaders)\b",
        r"\bdeadbeats?\b",
        r"\bpathetic\b",
        r"\bincompeten(t|ce)\b",
        r"\blaz(y|iest)\b",
        r"\b(is|are) a joke\b",
        r"\bidiots?\b|\bstupid\b|\bmorons?\b|\bclowns?\b|\bfreeloaders?\b",
        r"\b(really )?that (cheap|hard)\b",
        r"\bshameful\b|\bdisgrace(ful)?\b|\bembarrass(ed|ing) on your behalf\b",
        r"\btoddlers?\b|\b(even )?a child could\b",
        r"\brocket science\b",
        r"\bgrow up\b",
        r"\b(tired of|spare me|no more) (your |the )?excuses\b",
        r"\bnobody believes\b",
        r"\btry (harder|to keep up)\b",
        r"\bterrible customer\b",
        r"\bhow you run a business\b",
        r"\bwhat part of\b",
        r"\bspell it out\b",
        r"\bbasic arithmetic\b|\blarge print\b",
        r"\bsomeone more competent\b|\bevidently i was mistaken\b",
        r"\bslowest payer\b",
        r"\bfigure it out\b",
        r"\bwasting (our|my) time\b",
        r"\bsob story\b",
        r"\bstrong suit\b",
        r"\bwhatever it is you do\b",
        r"\bincapable\b",
        r"\blike a normal customer\b",
        r"(^|[.!?]\s+)sort it out\b",
    ),
    "sarcasm": _compile(
        r"\bthanks?( you)? (so much|a lot) for ignoring\b",
        r"\btruly inspiring\b",
        r"\bwhat a surprise\b|\bsurprise,? surprise\b",
        r"\bshocking\b",
        r"\bmust be nice\b",
        r"\bwell done,? i guess\b",
        r"\bfunny how\b",
        r"\binteresting priorities\b",
        r"\bshame you can'?t\b",
        r"\bas you probably didn'?t notice\b",
        r"\bsomething to be proud of\b",
        r"\bsure it is\b",
        r"\bthe lucky one\b",
        r"\bonly customer who\b",
    ),
}

_ACRONYMS = frozenset(
    "USD EUR GBP CAD AUD SGD JPY MXN AED SEK CHF ZAR INR NZD HKD CNY NOK DKK PLN BRL INV PO AP AR ACH "
    "CEO CFO VAT ID PDF IBAN BIC SWIFT SEPA OK US UK EU USA LLC LTD INC GMBH RE FYI ASAP SL BV AG SA NV "
    "AM PM CC BCC SMS URL FAQ PIN TIN EIN GST HST BACS CHAPS EFT ABA ACH".split()
)
_IMPERATIVE_VERBS = frozenset(
    "pay send stop tell listen sort figure try grow remit settle transfer make call don't do".split()
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


class CueHit(BaseModel):
    """One cue found in a message: its family and the words that triggered it."""

    model_config = ConfigDict(frozen=True)

    family: CueFamily
    phrase: str


def _caps_words(line: str) -> list[str]:
    words = [w.strip(".,;:!?()\"'") for w in line.split()]
    # Tokens with digits are invoice or PO numbers; known acronyms are not shouting.
    letters = [w.replace("-", "") for w in words if w and not any(ch.isdigit() for ch in w)]
    return [w for w in letters if len(w) >= 2 and w.isalpha() and w.isupper() and w not in _ACRONYMS]


def shouted_words(text: str) -> list[str]:
    """Words in capitals outside short heading lines ("FINAL NOTICE" as a letter heading is not shouting)."""
    found: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        is_heading = len(stripped.split()) <= 6 and not stripped.endswith("!")
        if not is_heading:
            found.extend(_caps_words(stripped))
    return found


def find_cues(text: str) -> list[CueHit]:
    """Every lexical cue in the text, in family order, with the matched words."""
    hits: list[CueHit] = []
    for family, pattern in LEXICON.items():
        for match in pattern.finditer(text):
            hits.append(CueHit(family=family, phrase=match.group(0).strip()))
    shouted = shouted_words(text)
    # Two capitalised words are emphasis ("LAST WARNING"); three or more in running text is shouting.
    if len(shouted) >= 3:
        hits.append(CueHit(family="shouting", phrase=" ".join(shouted[:8])))
    return hits


def sentences(text: str) -> list[str]:
    """Sentences and stand-alone lines (greetings, sign-offs, list items) of a message."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s.strip()]


def _structure(text: str) -> dict[str, float]:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    n_words = max(len(words), 1)
    parts = sentences(text)
    n_sent = max(len(parts), 1)
    lowered = [w.lower() for w in words]
    first_line = parts[0].lower() if parts else ""
    last_lines = " ".join(parts[-3:]).lower()
    bare_imperatives = sum(1 for s in parts if s.split()[0].lower().strip(",") in _IMPERATIVE_VERBS)
    return {
        "log_words": math.log1p(len(words)),
        "words_per_sentence": len(words) / n_sent,
        "exclamations": text.count("!") / n_sent,
        "multi_exclamation": float("!!" in text or "?!" in text),
        "questions": text.count("?") / n_sent,
        "caps_words": math.log1p(len(shouted_words(text))),
        "emphatic_caps": math.log1p(len(_caps_words(text))),
        "second_person": sum(w in {"you", "your", "you're", "you've", "yourselves"} for w in lowered) / n_words,
        "first_person_plural": sum(w in {"we", "our", "us", "we're", "we've"} for w in lowered) / n_words,
        "please": lowered.count("please") / n_sent,
        "bare_imperatives": bare_imperatives / n_sent,
        "greeting_casual": float(bool(re.match(r"(hi|hey|hello|good (morning|afternoon))\b", first_line))),
        "greeting_formal": float(first_line.startswith("dear")),
        "signoff_casual": float(bool(re.search(r"\b(cheers|thanks|best|warm|appreciate)", last_lines))),
        "signoff_formal": float(bool(re.search(r"\byours (faithfully|sincerely)|\bsincerely", last_lines))),
    }


FAMILIES: tuple[CueFamily, ...] = (*LEXICON, "shouting")
FEATURE_NAMES: tuple[str, ...] = (*(f"cue_{f}" for f in FAMILIES), *_structure("x"))


def cue_features(text: str, hits: Sequence[CueHit] | None = None) -> list[float]:
    """The cue counts (log-scaled) and structural measures, in FEATURE_NAMES order."""
    found = find_cues(text) if hits is None else hits
    counts = [math.log1p(sum(1 for h in found if h.family == family)) for family in FAMILIES]
    return [*counts, *_structure(text).values()]

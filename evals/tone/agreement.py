"""Measure the offline tone scorer against the labelled set; print the report and write it as JSON.

Run: .venv/bin/python -m evals.tone.agreement  (writes evals/tone/agreement.json)
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel
from sklearn.model_selection import StratifiedKFold

from evals.scorers.tone import ABUSIVE_MASS_THRESHOLD, ToneScore, score_tone
from evals.scorers.tone_cues import ABUSE_FAMILIES, find_cues
from evals.scorers.tone_model import DEFAULT_C, EMBEDDING_WEIGHT, SEED, ToneClassifier, default_classifier
from evals.tone.dataset import (
    ABUSIVE_TONES,
    LABELLED_PATH,
    TEST_EVERY,
    TONES,
    LabelledMessage,
    load_labelled_messages,
    split_train_test,
)
from evals.tone.metrics import Agreement, measure

REPORT_PATH = Path(__file__).resolve().parent / "agreement.json"
CHALLENGE_PATH = Path(__file__).resolve().parent / "challenge_messages.jsonl"
FOLDS = 5
# The runner fails below these (the scorer guards what reaches customers; recall on abuse comes first).
MIN_CV_ACCURACY = 0.85
MIN_ABUSIVE_RECALL = 0.95


class AblationRow(BaseModel):
    """One way of building the scorer: cross-validated on the labelled set, and on the challenge set."""

    variant: str
    cv_accuracy: float | None  # None where the variant predicts no tone (the lexicon alone)
    cv_kappa: float | None
    cv_abusive_recall: float  # this variant's own flag, without the abuse lexicon unless it is the lexicon
    cv_abusive_precision: float
    challenge_accuracy: float | None  # trained on the train split, scored on the challenge set
    challenge_abusive_recall: float
    challenge_abusive_precision: float


class AgreementReport(BaseModel):
    """Everything the agreement run measured, as written to agreement.json."""

    method: str
    settings: dict[str, float | int | str]
    dataset_rows: int
    dataset_per_class: dict[str, int]
    held_out: Agreement
    cross_validated: Agreement
    challenge: Agreement
    ablation: list[AblationRow]


def _fit(messages: Sequence[LabelledMessage], **options: bool) -> ToneClassifier:
    return ToneClassifier(**options).fit([m.text for m in messages], [m.label for m in messages])


def _folds(messages: Sequence[LabelledMessage]) -> list[tuple[list[int], list[int]]]:
    splitter = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    labels = [m.label for m in messages]
    return [(list(tr), list(te)) for tr, te in splitter.split(list(range(len(messages))), labels)]


def cross_validated_scores(messages: Sequence[LabelledMessage], **options: bool) -> list[ToneScore]:
    """Out-of-fold scores: each message scored by a classifier that never saw it."""
    scores: list[ToneScore | None] = [None] * len(messages)
    for train_idx, test_idx in _folds(messages):
        classifier = _fit([messages[i] for i in train_idx], **options)
        for i in test_idx:
            scores[i] = score_tone(messages[i].text, classifier=classifier)
    return [s for s in scores if s is not None]


def _flag_figures(messages: Sequence[LabelledMessage], flags: Sequence[bool]) -> tuple[float, float]:
    abusive = [m.label in ABUSIVE_TONES for m in messages]
    caught = sum(f and a for f, a in zip(flags, abusive, strict=True))
    return round(caught / max(sum(abusive), 1), 4), round(caught / max(sum(flags), 1), 4)


def _lexicon_flag(text: str) -> bool:
    return any(h.family in ABUSE_FAMILIES for h in find_cues(text))


def _classifier_flag(score: ToneScore) -> bool:
    # The classifier's own opinion, with the abuse lexicon taken out, to show what each part contributes.
    top = max(score.scores, key=lambda tone: score.scores[tone])
    mass = sum(score.scores[tone] for tone in ABUSIVE_TONES)
    return top in ABUSIVE_TONES or mass >= ABUSIVE_MASS_THRESHOLD


def ablation(messages: Sequence[LabelledMessage], challenge: Sequence[LabelledMessage]) -> list[AblationRow]:
    """What the abuse lexicon, the cue features and the embeddings each achieve alone and together."""
    cv_recall, cv_precision = _flag_figures(messages, [_lexicon_flag(m.text) for m in messages])
    ch_recall, ch_precision = _flag_figures(challenge, [_lexicon_flag(m.text) for m in challenge])
    rows = [
        AblationRow(
            variant="abuse lexicon alone",
            cv_accuracy=None,
            cv_kappa=None,
            cv_abusive_recall=cv_recall,
            cv_abusive_precision=cv_precision,
            challenge_accuracy=None,
            challenge_abusive_recall=ch_recall,
            challenge_abusive_precision=ch_precision,
        )
    ]
    train, _ = split_train_test(messages)
    variants: dict[str, dict[str, bool]] = {
        "cue features only": {"use_embeddings": False},
        "embeddings only": {"use_cues": False},
        "cue features + embeddings (shipped)": {},
    }
    for name, options in variants.items():
        cv_scores = cross_validated_scores(messages, **options)
        classifier = _fit(train, **options)
        ch_scores = [score_tone(m.text, classifier=classifier) for m in challenge]
        cv_recall, cv_precision = _flag_figures(messages, [_classifier_flag(s) for s in cv_scores])
        ch_recall, ch_precision = _flag_figures(challenge, [_classifier_flag(s) for s in ch_scores])
        cv, ch = measure(messages, cv_scores), measure(challenge, ch_scores)
        rows.append(
            AblationRow(
                variant=name,
                cv_accuracy=cv.accuracy,
                cv_kappa=cv.cohen_kappa,
                cv_abusive_recall=cv_recall,
                cv_abusive_precision=cv_precision,
                challenge_accuracy=ch.accuracy,
                challenge_abusive_recall=ch_recall,
                challenge_abusive_precision=ch_precision,
            )
        )
    return rows


def build_report() -> AgreementReport:
    """Held-out, cross-validated and challenge-set agreement, plus the ablation."""
    messages = load_labelled_messages()
    _, test = split_train_test(messages)
    shipped = default_classifier()
    challenge = load_labelled_messages(CHALLENGE_PATH)
    return AgreementReport(
        method=(
            "Logistic regression on standardised lexical/structural cue features and WordLlama (256-d) "
            "embeddings; abusive = any threat/insult/sarcasm/shouting cue, or classifier mass on "
            f"aggressive+rude >= {ABUSIVE_MASS_THRESHOLD}, or an abusive top tone. held_out: the shipped "
            f"classifier (trained on the train split) on every {TEST_EVERY}th message per tone. "
            f"cross_validated: {FOLDS}-fold stratified, out-of-fold predictions over all rows. challenge: "
            "the shipped classifier on challenge_messages.jsonl, written after the scorer was frozen and "
            "never used for training or tuning."
        ),
        settings={
            "C": DEFAULT_C,
            "embedding_weight": EMBEDDING_WEIGHT,
            "abusive_mass_threshold": ABUSIVE_MASS_THRESHOLD,
            "folds": FOLDS,
            "seed": SEED,
            "test_every": TEST_EVERY,
            "labelled_path": LABELLED_PATH.name,
        },
        dataset_rows=len(messages),
        dataset_per_class=dict(Counter(m.label for m in messages)),
        held_out=measure(test, [score_tone(m.text, classifier=shipped) for m in test]),
        cross_validated=measure(messages, cross_validated_scores(messages)),
        challenge=measure(challenge, [score_tone(m.text, classifier=shipped) for m in challenge]),
        ablation=ablation(messages, challenge),
    )


def _print_agreement(name: str, result: Agreement) -> None:
    abuse = result.abusive
    print(f"\n== {name}: {result.rows} messages")
    print(
        f"accuracy {result.accuracy:.3f}  kappa {result.cohen_kappa:.3f}  "
        f"tolerant accuracy {result.tolerant_accuracy:.3f}"
    )
    print(
        f"abusive recall {abuse.recall:.3f} ({abuse.abusive_rows - len(abuse.missed)}/{abuse.abusive_rows})  "
        f"precision {abuse.precision:.3f}  missed {abuse.missed or '-'}  "
        f"false alarms {abuse.false_alarms or '-'}"
    )
    print(f"{'':12}{'prec':>7}{'rec':>7}{'f1':>7}{'n':>5}   confusion (rows: label; cols: predicted)")
    print(f"{'':12}{'':26}   " + " ".join(f"{t[:5]:>5}" for t in TONES))
    for tone, row in zip(TONES, result.confusion, strict=True):
        c = result.per_class[tone]
        cells = " ".join(f"{v:>5}" for v in row)
        print(f"{tone:12}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}{c.support:5}   {cells}")
    for miss in result.disagreements:
        print(f"  {miss.id}: labelled {miss.label}, heard {miss.predicted}")


def print_report(report: AgreementReport) -> None:
    """Print the report for a person to read."""
    print(f"Tone scorer agreement on {report.dataset_rows} labelled messages {report.dataset_per_class}")
    _print_agreement("held-out split (shipped classifier)", report.held_out)
    _print_agreement(f"{FOLDS}-fold cross-validation", report.cross_validated)
    _print_agreement("challenge set (unseen while building)", report.challenge)
    print("\n== ablation: cross-validated on the labelled set | trained on train split, on the challenge set")
    print("   (abusive recall/precision of each part's own flag; the shipped scorer ORs lexicon and classifier)")
    for row in report.ablation:
        print(
            f"  {row.variant:38} cv acc {_fmt(row.cv_accuracy)} kappa {_fmt(row.cv_kappa)} "
            f"abuse R {row.cv_abusive_recall:.3f} P {row.cv_abusive_precision:.3f} | challenge acc "
            f"{_fmt(row.challenge_accuracy)} abuse R {row.challenge_abusive_recall:.3f} "
            f"P {row.challenge_abusive_precision:.3f}"
        )


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the agreement report, write it as JSON, and return 1 if it is below the floors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=REPORT_PATH, help="where to write the JSON report")
    args = parser.parse_args(argv)
    report = build_report()
    print_report(report)
    args.out.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    cv = report.cross_validated
    if cv.accuracy < MIN_CV_ACCURACY or cv.abusive.recall < MIN_ABUSIVE_RECALL:
        print(f"BELOW FLOOR: cv accuracy >= {MIN_CV_ACCURACY} and abusive recall >= {MIN_ABUSIVE_RECALL}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

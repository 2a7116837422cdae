"""Length and readability scorers: Flesch by hand, sentence splitting on real emails, limits per action."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evals.scorers.readability import LIMITS, check_readability, count_syllables, score_readability
from evals.tone.dataset import load_labelled_messages

ONE_SYLLABLE = ["pay", "the", "bill", "now", "we", "sent", "it", "on", "time", "due", "please", "sum", "date"]


def _flesch(words: float, sentences: float, syllables: float) -> float:
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("due", 1),
        ("please", 1),
        ("dates", 1),
        ("signed", 1),
        ("invoice", 2),
        ("payment", 2),
        ("balance", 2),
        ("table", 2),
        ("today", 2),
        ("outstanding", 3),
        ("reminder", 3),
        ("agency", 3),
        ("customer", 3),
        ("receivable", 4),
        ("litigation", 4),
        ("1,250.00", 0),
    ],
)
def test_count_syllables_on_collection_vocabulary(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


def test_flesch_matches_the_formula_worked_by_hand() -> None:
    # please(1) pay(1) the(1) bal-ance(2) to-day(2): 5 words, 7 syllables, 1 sentence -> 83.32
    assert score_readability("Please pay the balance today.").flesch_reading_ease == pytest.approx(83.32, abs=0.01)
    assert score_readability("The cat sat on the mat.").flesch_reading_ease == pytest.approx(116.15, abs=0.01)


def test_score_readability_counts_an_email_like_a_reader_would() -> None:
    text = (
        "Dear Mr. Smith,\n\n"
        "Invoice INV-1042 for 1,250.00 USD was due on Nov. 12, e.g. last week. Please pay it.\n\n"
        "- INV-1042: 1,250.00 USD\n\n"
        "Kind regards,\nAna Costa\nAccounts Receivable"
    )

    score = score_readability(text)

    # Greeting and sign-off count as words but not as sentences; "Mr." and "e.g." and "1,250.00" end nothing.
    assert score.word_count == 28
    assert score.sentence_count == 3
    assert score.longest_sentence_words == 13


def test_a_thank_you_that_opens_a_message_is_read_as_a_sentence() -> None:
    score = score_readability("Thanks so much, Jo! Payment received for INV-2231. Have a lovely weekend.")

    assert score.sentence_count == 3 and score.flesch_reading_ease > 60


@given(st.lists(st.lists(st.sampled_from(ONE_SYLLABLE), min_size=1, max_size=30), min_size=1, max_size=12))
def test_score_readability_on_one_syllable_prose(sentences: list[list[str]]) -> None:
    text = " ".join(" ".join(words).capitalize() + "." for words in sentences)
    n_words = sum(len(words) for words in sentences)

    score = score_readability(text)

    assert score.word_count == n_words
    assert score.sentence_count == len(sentences)
    assert score.longest_sentence_words == max(len(words) for words in sentences)
    assert score.flesch_reading_ease == pytest.approx(_flesch(n_words, len(sentences), n_words), abs=0.01)


def test_longer_words_read_harder() -> None:
    plain = score_readability("Please pay the bill by Friday. Thank you.")
    dense = score_readability("Kindly remit the outstanding consideration immediately. Notwithstanding.")

    assert dense.flesch_reading_ease < plain.flesch_reading_ease - 40


def test_check_readability_passes_a_short_plain_reminder() -> None:
    check = check_readability(
        "Hi Jo,\n\nInvoice INV-12 for 45.00 EUR is due on Friday. Thanks!\n\nSam", "send_reminder"
    )

    assert check.passed and check.problems == []


def test_check_readability_flags_a_reminder_over_the_word_limit() -> None:
    text = "Hi Jo,\n\n" + " ".join(["Please pay the bill on time."] * 45) + "\n\nSam"

    check = check_readability(text, "send_reminder")

    assert not check.passed
    assert check.score.word_count > LIMITS["send_reminder"].max_words
    assert any("words; send_reminder allows 250" in p for p in check.problems)
    assert check_readability(" ".join(["Please pay the bill on time."] * 45), "final_notice").passed


def test_check_readability_flags_a_run_on_sentence_and_dense_wording() -> None:
    run_on = (
        "We are writing in connection with the outstanding balance on the account which, notwithstanding "
        "our previous correspondence and the various telephone conversations with your organisation's "
        "accounts payable representatives, remains unsettled and consequently requires immediate "
        "consideration by the appropriate authorised signatories within your organisation."
    )

    check = check_readability(run_on, "send_reminder")

    assert any(p.startswith("longest sentence has") for p in check.problems)
    assert any(p.startswith("Flesch reading ease") for p in check.problems)


def test_check_readability_rejects_an_unknown_action() -> None:
    with pytest.raises(ValueError):
        check_readability("Hello", "send_fax")


def test_friendly_labelled_messages_fit_the_reminder_limits() -> None:
    failing = [
        (m.id, check_readability(m.text, "send_reminder").problems)
        for m in load_labelled_messages()
        if m.label == "friendly"
    ]

    assert [f for f in failing if f[1]] == []

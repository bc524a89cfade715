"""NPS, CSAT and the experience loop's small rules, without a database."""

from __future__ import annotations

import pytest

from services.feedback import scores


def test_nps_is_promoters_minus_detractors_in_percent() -> None:
    # 3 promoters (9, 10, 9), 1 passive (7), 2 detractors (0, 6): (3 - 2) / 6.
    figure = scores.nps([9, 10, 9, 7, 0, 6])
    assert figure.responses == 6
    assert figure.value == pytest.approx(16.7)


@pytest.mark.parametrize(
    ("answers", "value"),
    [([10, 9], 100.0), ([0, 6, 3], -100.0), ([7, 8], 0.0), ([9, 6], 0.0), ([9, 7, 8, 6], 0.0)],
)
def test_nps_bounds_and_passives(answers: list[int], value: float) -> None:
    assert scores.nps(answers).value == value


def test_no_answers_has_no_score_rather_than_zero() -> None:
    assert scores.nps([]) == scores.Figure(0, None)
    assert scores.csat([]) == scores.Figure(0, None)
    assert scores.nps_from_counts(promoters=0, passives=0, detractors=0).value is None


def test_nps_from_counts_matches_nps_from_scores() -> None:
    answers = [10, 9, 8, 7, 6, 5, 0, 9, 9]
    counted = scores.nps_from_counts(
        promoters=sum(a >= 9 for a in answers),
        passives=sum(7 <= a <= 8 for a in answers),
        detractors=sum(a <= 6 for a in answers),
    )
    assert counted == scores.nps(answers)


def test_csat_is_share_of_four_and_five() -> None:
    assert scores.csat([5, 4, 3, 1]) == scores.Figure(4, 50.0)
    assert scores.csat_from_counts(satisfied=2, total=3).value == pytest.approx(66.7)


@pytest.mark.parametrize(
    ("scale", "score", "unhappy"),
    [
        ("nps", 0, True),
        ("nps", 6, True),
        ("nps", 7, False),
        ("nps", 10, False),
        ("csat", 1, True),
        ("csat", 2, True),
        ("csat", 3, False),
        ("csat", 5, False),
    ],
)
def test_detractors_and_low_csat_need_a_case(
    scale: scores.Scale, score: int, unhappy: bool
) -> None:
    assert scores.needs_case(scale, score) is unhappy


@pytest.mark.parametrize(
    ("scale", "score", "ok"),
    [
        ("nps", 0, True),
        ("nps", 10, True),
        ("nps", 11, False),
        ("csat", 0, False),
        ("csat", 6, False),
    ],
)
def test_score_ranges(scale: scores.Scale, score: int, ok: bool) -> None:
    assert scores.score_in_range(scale, score) is ok


def test_monthly_cap_never_goes_negative() -> None:
    assert scores.invitations_left(0, 2) == 2
    assert scores.invitations_left(2, 2) == 0
    assert scores.invitations_left(5, 2) == 0


def test_every_occasion_is_a_journey_kind_with_a_stage() -> None:
    assert scores.STAGE_OF.keys() >= scores.OCCASIONS
    assert set(scores.STAGE_OF.values()) == {"discover", "consider", "buy", "fulfil", "retain"}
    with pytest.raises(KeyError):
        scores.stage_of("daydreaming")

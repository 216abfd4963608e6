"""Wilson's score interval against values worked out by hand (z = 1.959964)."""

import pytest

from lms.surveys.stats import wilson_interval


@pytest.mark.parametrize(
    "successes, trials, low, high",
    [
        # 8/10: p = .8, z²/n = .384146; centre = (.8 + .192073)/1.384146 = .716737;
        # half = 1.959964 · √(.016 + .0096036)/1.384146 = .226577  →  [.490160, .943314]
        (8, 10, 0.490160, 0.943314),
        # 10/10: centre = (1 + .192073)/1.384146 = .861233, half = 1.959964 · √.009604/1.384146 = .138767
        (10, 10, 0.722467, 1.0),
        # 0/10 mirrors it
        (0, 10, 0.0, 0.277533),
        # 5/5: z²/n = .768292; centre = 1.384146/1.768292 = .782758, half = 1.959964 · √.038415/1.768292 = .217242
        (5, 5, 0.565518, 1.0),
        # 45/50: p = .9, z²/n = .076829; centre = .938415/1.076829 = .871460;
        # half = 1.959964 · √(.0018 + .00038415)/1.076829 = .085063  →  [.786397, .956523]
        (45, 50, 0.786397, 0.956523),
    ],
)
def test_wilson_interval_matches_hand_computed_values(successes, trials, low, high):
    computed_low, computed_high = wilson_interval(successes, trials)
    assert computed_low == pytest.approx(low, abs=1e-5)
    assert computed_high == pytest.approx(high, abs=1e-5)


def test_the_interval_is_refused_for_impossible_counts():
    with pytest.raises(ValueError):
        wilson_interval(1, 0)
    with pytest.raises(ValueError):
        wilson_interval(6, 5)

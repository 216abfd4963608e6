"""The satisfaction share's confidence interval."""

import math

Z_95 = 1.959963984540054  # the standard normal quantile for a two-sided 95 % interval


def wilson_interval(successes, trials, *, z=Z_95):
    """Wilson's score interval for a share (successes / trials), as (low, high) between 0 and 1.

    Wilson's, not the textbook p ± z·√(p(1−p)/n): that one collapses to a zero-width interval at 100 %
    and leaves [0, 1] for small groups, and satisfaction shares are often near 100 % in small groups.
    """
    if trials <= 0:
        raise ValueError("trials must be positive")
    if not 0 <= successes <= trials:
        raise ValueError("successes must be between 0 and trials")
    share = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (share + z2 / (2 * trials)) / denominator
    half_width = z * math.sqrt(share * (1 - share) / trials + z2 / (4 * trials * trials)) / denominator
    return max(0.0, centre - half_width), min(1.0, centre + half_width)

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lms.records import crediting
from lms.records.crediting import apply_beat, merge_intervals, subtract_intervals, take_seconds, total_length

ranges = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda pair: [pair[0], pair[0] + pair[1]]), max_size=25
)


def covered_points(intervals):
    """Half-open unit cells [n, n+1) covered by integer intervals: a brute-force model of the union."""
    return {n for start, end in intervals for n in range(int(start), int(end))}


@given(ranges)
def test_merge_is_the_union_as_sorted_disjoint_ranges(intervals):
    merged = merge_intervals(intervals)
    assert covered_points(merged) == covered_points(intervals)
    assert all(start < end for start, end in merged)
    assert all(merged[i][1] < merged[i + 1][0] for i in range(len(merged) - 1)), "ranges stay disjoint and sorted"
    assert total_length(merged) == len(covered_points(intervals))


@given(ranges, ranges)
def test_merge_is_order_independent(first, second):
    assert merge_intervals(first + second) == merge_intervals(second + first)
    assert merge_intervals(merge_intervals(first) + second) == merge_intervals(first + second)


@given(ranges, ranges)
def test_subtract_leaves_exactly_the_uncovered_part(intervals, covered):
    rest = subtract_intervals(merge_intervals(intervals), merge_intervals(covered))
    assert covered_points(rest) == covered_points(intervals) - covered_points(covered)


@given(ranges, st.integers(0, 300))
def test_take_seconds_takes_the_first_seconds_in_video_order(intervals, seconds):
    merged = merge_intervals(intervals)
    taken = take_seconds(merged, seconds)
    assert total_length(taken) == min(seconds, total_length(merged))
    assert covered_points(taken) <= covered_points(merged)


NOW = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


def beat(progress, clock, intervals, *, after, rate=1.0, duration=600.0):
    now = (clock.last_credit_at or NOW) + dt.timedelta(seconds=after)
    return apply_beat(
        progress, clock, intervals=intervals, rate=rate, position=intervals[-1][1] if intervals else 0.0, duration=duration, now=now
    )


def test_credit_never_outruns_the_clock():
    progress, clock, credited = beat(crediting.NEW_PROGRESS, crediting.NEW_CLOCK, [[0, 0]], after=0)
    assert credited == [] and clock.allowance == crediting.INITIAL_ALLOWANCE_SECONDS
    # 15 s later the learner claims to have watched 300 s at 2× — only 15 × 2 × 1.1 + the grace is credited.
    progress, clock, credited = beat(progress, clock, [[0, 300]], after=15, rate=2.0)
    assert total_length(credited) == 15 * 2.0 * 1.1 + crediting.INITIAL_ALLOWANCE_SECONDS
    assert progress.watched_intervals == [[0.0, 38.0]]
    assert clock.allowance == 0


def test_played_seconds_count_once():
    progress, clock, _ = beat(crediting.NEW_PROGRESS, crediting.NEW_CLOCK, [[0, 0]], after=0)
    progress, clock, _ = beat(progress, clock, [[0, 15]], after=15)
    progress, clock, credited = beat(progress, clock, [[0, 15]], after=15)  # rewatching earns nothing new
    assert credited == []
    assert progress.verified_seconds == 15
    # ...but the unused wall-clock time stays banked for ranges played later (e.g. offline beats).
    assert clock.allowance > 15


def test_the_clock_banks_no_more_than_the_grace():
    progress, clock, _ = beat(crediting.NEW_PROGRESS, crediting.NEW_CLOCK, [[0, 0]], after=0)
    progress, clock, credited = beat(progress, clock, [[0, 600]], after=3600)  # idle an hour, then "all of it"
    assert total_length(credited) == crediting.GRACE_SECONDS


def test_one_clock_for_every_page_of_the_learner():
    """Two videos beaten at once share one allowance: together they get what one would alone."""
    pages = [crediting.NEW_PROGRESS, crediting.NEW_PROGRESS]
    clock, total = crediting.NEW_CLOCK, 0.0
    for second in range(0, 150, 15):
        for index in (0, 1):
            now = NOW + dt.timedelta(seconds=second)
            pages[index], clock, credited = apply_beat(
                pages[index], clock, intervals=[[0, 600]], rate=2.0, position=600, duration=600, now=now
            )
            total += total_length(credited)
    assert total <= 135 * 2.0 * 1.1 + crediting.INITIAL_ALLOWANCE_SECONDS + 1e-6


def test_wall_clock_credit_is_taken_from_the_same_clock():
    start = NOW
    clock, credited = crediting.credit_time(crediting.NEW_CLOCK, seconds=1800, since=start, now=start + dt.timedelta(seconds=1800))
    assert credited == 1800, "a SCO that commits once after 30 minutes is credited its 30 minutes"
    assert clock.allowance <= crediting.GRACE_SECONDS, "what is left over does not stay banked"
    _, clock, video = apply_beat(
        crediting.NEW_PROGRESS, clock, intervals=[[0, 600]], rate=2.0, position=600, duration=600,
        now=start + dt.timedelta(seconds=1800),
    )
    assert total_length(video) <= crediting.GRACE_SECONDS
    # Another session over the same half hour finds the clock used.
    _, again = crediting.credit_time(clock, seconds=1800, since=start, now=start + dt.timedelta(seconds=1800))
    assert again == 0


def test_percent():
    assert crediting.percent_of(540, 600) == 90.0
    assert crediting.percent_of(700, 600) == 100.0
    assert crediting.percent_of(10, 0) == 0.0

import threading

import pytest

from lms.records.group_commit import GroupCommit


class SlowWriter:
    """write_batch that records its batches and holds the first one until released."""

    def __init__(self):
        self.batches = []
        self.first_started = threading.Event()
        self.release = threading.Event()

    def __call__(self, items):
        self.batches.append(list(items))
        if len(self.batches) == 1:
            self.first_started.set()
            assert self.release.wait(5)
        if "boom" in items:
            raise RuntimeError("저장 실패")
        return [item * 10 for item in items]


def submit_in_threads(group, items):
    results, threads = {}, []

    def run(item):
        try:
            results[item] = group.submit(item)
        except RuntimeError as error:
            results[item] = error

    for item in items:
        thread = threading.Thread(target=run, args=(item,))
        thread.start()
        threads.append(thread)
    return results, threads


def test_a_lone_item_is_written_at_once_as_a_batch_of_one():
    writer = SlowWriter()
    writer.release.set()
    assert GroupCommit(writer).submit(1) == 10
    assert writer.batches == [[1]]


def test_items_arriving_during_a_write_go_together_in_the_next_batch():
    writer = SlowWriter()
    group = GroupCommit(writer)
    first, first_threads = submit_in_threads(group, [1])
    assert writer.first_started.wait(5)
    later, later_threads = submit_in_threads(group, [2, 3, 4, 5])
    while len(group._queue) < 4:  # all four are queued behind the write in progress
        threading.Event().wait(0.01)
    writer.release.set()
    for thread in first_threads + later_threads:
        thread.join(5)
    assert writer.batches[0] == [1]
    assert sorted(writer.batches[1]) == [2, 3, 4, 5] and len(writer.batches) == 2
    assert first == {1: 10} and later == {2: 20, 3: 30, 4: 40, 5: 50}, "each caller gets its own result"


def test_a_failed_batch_raises_in_every_caller_of_that_batch_only():
    writer = SlowWriter()
    group = GroupCommit(writer)
    _, first_threads = submit_in_threads(group, [1])
    assert writer.first_started.wait(5)
    failed, failed_threads = submit_in_threads(group, [2, "boom"])
    while len(group._queue) < 2:
        threading.Event().wait(0.01)
    writer.release.set()
    for thread in first_threads + failed_threads:
        thread.join(5)
    assert all(isinstance(result, RuntimeError) for result in failed.values()) and len(failed) == 2
    assert group.submit(7) == 70, "the next batch is written normally"


def test_batches_are_capped_and_everyone_is_served():
    writer = SlowWriter()
    group = GroupCommit(writer, max_batch=3)
    _, first_threads = submit_in_threads(group, [0])
    assert writer.first_started.wait(5)
    results, threads = submit_in_threads(group, list(range(1, 8)))
    while len(group._queue) < 7:
        threading.Event().wait(0.01)
    writer.release.set()
    for thread in first_threads + threads:
        thread.join(5)
    assert results == {item: item * 10 for item in range(1, 8)}
    assert max(len(batch) for batch in writer.batches) == 3
    assert sorted(item for batch in writer.batches[1:] for item in batch) == list(range(1, 8))


def test_an_error_does_not_leave_the_group_stuck():
    def failing(items):
        raise RuntimeError("저장 실패")

    group = GroupCommit(failing)
    for _ in range(2):
        with pytest.raises(RuntimeError):
            group.submit(1)

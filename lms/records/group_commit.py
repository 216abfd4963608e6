"""Group commit: concurrent requests of one process share one database transaction.

Every viewer posts a heartbeat every 15 s, and each beat's write is tiny; what costs is the
transaction around it (BEGIN, the locking and duplicate lookups, the write, COMMIT: five round trips
and a WAL flush). Here the first thread to arrive while no batch is being written becomes the writer:
it takes what is queued, writes it in one transaction on its own connection, hands every waiting
thread its own result (or the error) and wakes them; one of the threads that queued meanwhile then
writes the next batch.
There is no background thread, and a lone request is written at once, as a batch of one.
"""

import threading


class _Slot:
    __slots__ = ("item", "done", "result", "error")

    def __init__(self, item):
        self.item, self.done, self.result, self.error = item, False, None, None


class GroupCommit:
    def __init__(self, write_batch, *, max_batch=200):
        """`write_batch(items)` returns one result per item, in order, or raises for the whole batch."""
        self._write_batch = write_batch
        self._max_batch = max_batch
        self._condition = threading.Condition()
        self._queue = []
        self._writing = False

    def submit(self, item):
        """Queue `item`, wait until a batch containing it is written, return its result (or raise)."""
        slot = _Slot(item)
        with self._condition:
            self._queue.append(slot)
        while True:
            with self._condition:
                while self._writing and not slot.done:
                    self._condition.wait()
                if slot.done:
                    break
                self._writing = True
                batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
            self._write(batch)
        if slot.error is not None:
            raise slot.error
        return slot.result

    def _write(self, batch):
        try:
            results = self._write_batch([slot.item for slot in batch])
            for slot, result in zip(batch, results, strict=True):
                slot.result = result
        except Exception as error:  # every request of the batch answers with the error
            for slot in batch:
                slot.error = error
        finally:
            with self._condition:
                for slot in batch:
                    slot.done = True
                self._writing = False
                self._condition.notify_all()

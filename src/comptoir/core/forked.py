"""Work handed to a forked copy of this process, for the other core of the machine.

A million-row import is pure Python for half its time, under one interpreter lock: a
thread would not help, and pickling the rows to a worker pool and back costs more than the
work (decision 82). A fork inherits the rows as they are, without copying them up front
(the pages are shared until written); the helper does its share and sends back a small
result through a pipe (decisions 87 and 88).

The helper never talks to the database through the connections it inherited (at most
it borrows their settings, core.bulk's COPY formatting) and ends with `multiprocessing`'s
`os._exit`, which closes none of them, so the parent's session and transaction are
untouched. Whatever the helper does, the caller must be ready to do it
itself: `result()` is None when the helper died or sent nothing.
"""

import multiprocessing

__all__ = ["Forked"]


class Forked:
    """`Forked(function, *args)` runs function(*args) in a forked copy of this process;
    `result()` waits for it and returns what it returned (small and picklable), or None
    if it failed."""

    def __init__(self, function, *args):
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(function, args, sender), daemon=True)
        self._process.start()
        sender.close()

    def result(self):
        try:
            value = self._receiver.recv()
        except (EOFError, OSError):  # the helper died without a word
            value = None
        self._receiver.close()
        self._process.join()
        return value


def _run(function, args, sender) -> None:
    sender.send(function(*args))
    sender.close()

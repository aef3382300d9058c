"""Python's cyclic garbage collector paused during work that makes millions of objects.

The collector's passes are triggered by the count of objects made, and each walks the young
objects again: reading a million-row file (two thirds of the time spent building its rows)
or laying out a long PDF (hundreds of thousands of linked boxes, a third of a 500-line
quote) spent much of their time there, for nothing (docs/decisions.md, 82 and 83).
Reference counting still frees what is no longer used; only reference cycles wait.
"""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_was_enabled = False
_collect_wanted = False


@contextmanager
def collector_paused(*, collect: bool = False):
    """The collector off for the block. Threads inside at once share the pause; the last one
    out restores the collector as it was, and collects the youngest generation once if a
    block asked for it (`collect=True`: work that leaves reference cycles behind, such as
    WeasyPrint's boxes)."""
    global _running, _was_enabled, _collect_wanted
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
        _collect_wanted = _collect_wanted or collect
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            last = _running == 0
            restore, sweep = last and _was_enabled, last and _collect_wanted
            if last:
                _collect_wanted = False
            if restore:
                gc.enable()
        if sweep and restore:
            gc.collect(0)

"""Pause Python's cyclic garbage collector while many objects are made at once.

An import builds tens of thousands of records and points, a print tens of thousands of small
matplotlib objects with reference cycles; a collection in between walks them (and the whole
heap: pandas, GeoPandas, the app) again and finds little to free (~15 % of an A3 print). What
is left is collected at the next collection after the pause.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block. Several pauses at once (threads of the
    app) only ever turn it back on: the one that found it on turns it on again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()

"""``responsive_prompt()``: process settings that keep keystrokes prompt while a shell waits for input.

A shell's completer, signature lookup and jedi run in threads of the user's own process, so
they share the GIL with the thread echoing keys. Two CPython defaults then show as stalls
(measured over ``ssh localhost`` with a 5,000-attribute object: keystroke echo 15-40 ms,
spikes of 150-350 ms):

- the 5 ms switch interval: each write or socket call of the prompt's thread gives up the
  GIL and may wait the whole interval to get it back from a thread ranking completions;
- full (generation 2) garbage collections: jedi's parse trees hold hundreds of thousands of
  objects, and a full collection, started by whichever thread allocates, stops every thread.

While the prompt is up the interval is shortened and full collections wait (young ones go
on); the user's values are put back before their code runs, so it sees exactly what it set.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

PROMPT_SWITCH_INTERVAL = 0.0005  # seconds; short enough that a thread's turn is not felt in typing
_NO_FULL_COLLECTIONS = 1_000_000  # generation-1 collections before a full one: never, at a prompt


@contextmanager
def responsive_prompt() -> Iterator[None]:
    """Within the block, a short GIL switch interval and no full garbage collections; the
    previous settings (whatever user code last set) are restored on leaving, however it ends."""
    interval = sys.getswitchinterval()
    thresholds = gc.get_threshold()
    sys.setswitchinterval(PROMPT_SWITCH_INTERVAL)
    gc.set_threshold(thresholds[0], thresholds[1], _NO_FULL_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        sys.setswitchinterval(interval)


__all__ = ["PROMPT_SWITCH_INTERVAL", "responsive_prompt"]

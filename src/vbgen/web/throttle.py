"""Slowing down password guessing: failed logins per account and per client address.

The first :data:`FREE` failures of a key cost nothing; after that each failure locks the key
for twice as long as the one before (1 s, 2 s, 4 s … up to :data:`MAX_LOCK`), and a login
attempt on a locked key is refused without even checking the password. A success clears the
account's count (not the address's: one valid account must not reset a guesser's budget for
the others). Counts are forgotten after :data:`FORGET` seconds without failures. Memory is
bounded: at most :data:`MAX_KEYS` keys are remembered, the stalest dropped first.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable

FREE = 5
MAX_LOCK = 15 * 60
FORGET = 60 * 60
MAX_KEYS = 20_000


class Throttle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._keys: collections.OrderedDict[str, tuple[int, float, float]] = collections.OrderedDict()
        # key -> (failures, locked until, last failure)

    def wait(self, *keys: str) -> int:
        """Seconds until every key may try again (0: now)."""
        now = self.clock()
        with self._lock:
            waits = []
            for key in keys:
                entry = self._keys.get(key)
                if entry is None:
                    continue
                if now - entry[2] > FORGET:
                    del self._keys[key]
                    continue
                waits.append(entry[1] - now)
            return max(0, int(-(-max(waits, default=0) // 1)))

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                count, _until, last = self._keys.pop(key, (0, 0.0, now))
                if now - last > FORGET:
                    count = 0
                count += 1
                until = now + min(MAX_LOCK, 2 ** (count - FREE - 1)) if count > FREE else 0.0
                self._keys[key] = (count, until, now)
            while len(self._keys) > MAX_KEYS:
                self._keys.popitem(last=False)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._keys.pop(key, None)

"""Sessions ended by "Đăng xuất": a copied session cookie is worthless once its owner logs out.

The web's session lives in a signed cookie, so the server alone cannot forget it; logging out
therefore records the session's random id here, with the time the session would have expired
anyway, in ``.vbgen-office/ended-sessions.json``. The record survives a restart (a cookie
taken before a restart stays dead after it) and prunes itself: an id is dropped once its session
would have expired.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from vbgen.office.paths import locked, make, write_atomic

FILE_NAME = "ended-sessions.json"


class EndedSessions:
    """The ids of sessions ended before their time, shared by every process of one office."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILE_NAME
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._ended: dict[str, float] = {}

    def _read(self) -> dict[str, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {str(k): float(v) for k, v in data.get("ended", {}).items()}
        except (OSError, ValueError, AttributeError, TypeError):
            return {}

    def end(self, sid: str, until: float, now: float) -> None:
        """Record that session ``sid`` ended; forget ids whose sessions have expired by ``now``."""
        make(self.path.parent)
        with self._lock, locked(self.path.parent / "ended-sessions.lock"):
            ended = {k: v for k, v in self._read().items() if v > now}
            ended[sid] = until
            write_atomic(self.path, (json.dumps({"ended": ended}, indent=1) + "\n").encode("utf-8"))
            self._stamp = None

    def is_ended(self, sid: str) -> bool:
        """Whether ``sid`` was logged out (the file is read again only when it changed)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        stamp = (st.st_mtime_ns, st.st_size)
        with self._lock:
            if stamp != self._stamp:
                self._ended, self._stamp = self._read(), stamp
            return sid in self._ended

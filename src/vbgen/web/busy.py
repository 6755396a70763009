"""How many uploads the server works on at once.

A check or an import holds one of waitress's eight threads for about a second of LibreOffice
(longer for a .doc). Without a bound, one person's script (or a stuck double click) could take
every thread and leave the office's drafting pages waiting. So each person works on at most
:data:`PER_USER` uploads at a time and the server on at most :data:`TOTAL`; past that the page
says so in Vietnamese (429) and nothing is lost: the file is still in the person's browser.
"""

from __future__ import annotations

import collections
import contextlib
import threading
from collections.abc import Iterator

from vbgen.errors import VbgenError

PER_USER = 2
TOTAL = 4
"""Half of the server's threads: the other half stay for pages, previews and saves."""


class Busy(VbgenError):
    """Too many uploads in work: try again in a moment."""

    http_status = 429


class UploadSlots:
    """Counts the uploads in work, per person and in all."""

    def __init__(self, per_user: int = PER_USER, total: int = TOTAL) -> None:
        self.per_user, self.total = per_user, total
        self._lock = threading.Lock()
        self._working: collections.Counter[str] = collections.Counter()

    @contextlib.contextmanager
    def taken(self, who: str) -> Iterator[None]:
        """One slot for ``who`` while the block runs; :class:`Busy` when none is free."""
        with self._lock:
            if self._working[who] >= self.per_user:
                raise Busy("Bạn đang có {n} tệp đang được xử lý; hãy chờ kết quả rồi bấm lại "
                           "(tệp vẫn còn trong trình duyệt).".format(n=self._working[who]))
            if sum(self._working.values()) >= self.total:
                raise Busy("Máy chủ đang xử lý nhiều tệp của mọi người; hãy chờ vài giây rồi bấm lại "
                           "(tệp vẫn còn trong trình duyệt).")
            self._working[who] += 1
        try:
            yield
        finally:
            with self._lock:
                self._working[who] -= 1
                if not self._working[who]:
                    del self._working[who]

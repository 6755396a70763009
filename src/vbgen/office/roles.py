"""The people of a provincial office and what their role is called.

A user is what the rest of vbgen passes around once someone has logged in (or, on a
one-person loopback workspace, the local owner). Roles follow a provincial office:
soạn thảo drafts, pháp chế keeps the registry and reviews, lãnh đạo approves, quản trị
administers. ``provinces`` holds slugs; ``ALL_PROVINCES`` means every province.
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFTER, LEGAL, LEADER, ADMIN = "soan-thao", "phap-che", "lanh-dao", "quan-tri"
ROLES = (DRAFTER, LEGAL, LEADER, ADMIN)
ROLE_LABELS = {DRAFTER: "Soạn thảo", LEGAL: "Pháp chế", LEADER: "Lãnh đạo", ADMIN: "Quản trị"}
ALL_PROVINCES = "*"


@dataclass(frozen=True)
class User:
    """Someone acting on the workspace; ``name`` is what the history records."""

    name: str
    full_name: str
    role: str
    provinces: tuple[str, ...]

    def covers(self, province: str) -> bool:
        """True when this user works on ``province`` (every province for ``*``)."""
        return ALL_PROVINCES in self.provinces or province in self.provinces


LOCAL_OWNER = User(name="local", full_name="Người dùng máy này", role=ADMIN, provinces=(ALL_PROVINCES,))
"""The one person of a loopback workspace that has no accounts: may do everything."""

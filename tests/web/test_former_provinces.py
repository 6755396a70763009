"""The web workspace never offers a former province (content/provinces.yaml 'former:'), even
when its folder holds a historical document: the lists, the drafting and batch pages show the 34."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workspace(workspace: Path) -> Path:
    own = workspace / "content" / "provinces" / "hai-duong" / "own"
    own.mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "tables" / "hai-duong-ke-hoach-2024.yaml", own / "ke-hoach-2024.yaml")
    return workspace


def test_former_provinces_are_not_offered_on_the_web(client) -> None:
    for page in ("/draft", "/batch"):
        r = client.get(page)
        html = r.get_data(as_text=True)
        assert r.status_code == 200 and 'value="tay-ninh"' in html, page  # the list is there …
        assert 'value="hai-duong"' not in html and "/hai-duong/" not in html and "Hải Dương" not in html, page  # … without it
    assert client.get("/own/hai-duong/ke-hoach-2024").status_code == 404
    assert client.get("/draft/hai-duong/ke-hoach-06").status_code == 404

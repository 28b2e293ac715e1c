"""The cache folder is the one each operating system keeps for a user's caches, or the one asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from nenpo import cache


@pytest.mark.parametrize(("platform", "env", "expected"), [
    ("linux", {"XDG_CACHE_HOME": "/x/cache"}, Path("/x/cache/nenpo")),
    ("linux", {}, Path.home() / ".cache" / "nenpo"),
    ("win32", {"LOCALAPPDATA": r"C:\Users\jimu\AppData\Local"}, Path(r"C:\Users\jimu\AppData\Local") / "nenpo" / "Cache"),
    ("win32", {}, None),
    ("darwin", {}, Path.home() / "Library" / "Caches" / "nenpo"),
])
def test_the_cache_folder_of_each_system(monkeypatch: pytest.MonkeyPatch, platform: str, env: dict[str, str],
                                         expected: Path | None) -> None:
    for name in ("NENPO_CACHE_DIR", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(cache.sys, "platform", platform)
    assert cache.cache_root() == expected


def test_an_entry_is_written_whole_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NENPO_CACHE_DIR", str(tmp_path / "c"))
    folder = cache.cache_dir("fonts")
    assert folder == tmp_path / "c" / "fonts" and folder.is_dir()
    cache.write_entry(folder / "a", b"data")
    assert cache.read_entry(folder / "a") == b"data"
    assert [p.name for p in folder.iterdir()] == ["a"]  # no temporary file left behind
    assert cache.read_entry(folder / "missing") is None

"""The cache folder: what is written is read back whole, and anything else reads as nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from cscoach import cachedir


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cachedir.ENV_DIR, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_what_is_written_is_read_back(folder: Path) -> None:
    assert cachedir.read("thing") is None
    cachedir.write("thing", b"\x00bytes\n")
    assert cachedir.read("thing") == b"\x00bytes\n"
    cachedir.write("thing", b"new")
    assert cachedir.read("thing") == b"new"
    assert [p.name for p in folder.iterdir()] == ["thing"]  # no temporary file left behind


def test_a_damaged_or_truncated_file_reads_as_nothing(folder: Path) -> None:
    cachedir.write("thing", b"some bytes")
    data = (folder / "thing").read_bytes()
    (folder / "thing").write_bytes(data[:-1] + b"X")
    assert cachedir.read("thing") is None
    (folder / "thing").write_bytes(data[:10])
    assert cachedir.read("thing") is None


def test_an_unwritable_folder_only_means_nothing_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("in the way")
    monkeypatch.setenv(cachedir.ENV_DIR, str(tmp_path / "file" / "cache"))
    cachedir.write("thing", b"bytes")
    assert cachedir.read("thing") is None


def test_an_empty_setting_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cachedir.ENV_DIR, "")
    monkeypatch.chdir(tmp_path)
    assert cachedir.cache_dir() is None
    cachedir.write("thing", b"bytes")
    assert cachedir.read("thing") is None
    assert not list(tmp_path.iterdir())


def test_the_folder_follows_xdg_and_falls_back_to_the_home_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cachedir.ENV_DIR, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cachedir.cache_dir() == tmp_path / "xdg" / "cscoach"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: absolute only
    assert cachedir.cache_dir() == tmp_path / ".cache" / "cscoach"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cachedir.cache_dir() == tmp_path / ".cache" / "cscoach"


def test_keys_differ_with_what_was_built_from() -> None:
    assert cachedir.key("a", (1, ("x",))) == cachedir.key("a", (1, ("x",)))
    assert cachedir.key("a", (1, ("x",))) != cachedir.key("a", (1, ("y",)))

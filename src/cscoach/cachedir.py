"""Files cscoach keeps between runs because they are slow to build and cheap to read again.

Only what can be rebuilt from scratch lives here (the compiled Hyperscan databases, the
rule prefilter's factor sets): a file
is named by a digest of everything it was built from, checked against its own digest when
read, and a missing, stale, damaged or unwritable cache only means building it again. The
folder is ``$CSCOACH_CACHE_DIR``, else ``$XDG_CACHE_HOME/cscoach``, else ``~/.cache/cscoach``;
``CSCOACH_CACHE_DIR=""`` keeps nothing on disk.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

ENV_DIR = "CSCOACH_CACHE_DIR"
_DIGEST = hashlib.sha256().digest_size


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None where caching is switched off."""
    chosen = os.environ.get(ENV_DIR)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found
        return None
    return root / "cscoach"


def key(*parts: object) -> str:
    """A file name for what was built from ``parts`` (their reprs, which must be stable)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def read(name: str) -> bytes | None:
    """The bytes stored under ``name``, or None if there are none or they are damaged."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = (folder / name).read_bytes()
    except OSError:
        return None
    stored, body = data[:_DIGEST], data[_DIGEST:]
    return body if len(stored) == _DIGEST and hashlib.sha256(body).digest() == stored else None


def write(name: str, body: bytes) -> None:
    """Store ``body`` under ``name``, atomically (a concurrent reader sees the old file or the
    new one, never half of one); silently nothing where the folder cannot be written."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(hashlib.sha256(body).digest() + body)
            os.replace(temporary, folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass

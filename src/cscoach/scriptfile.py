"""Saving a run's macro lines as the team's required scripts (``scripts = [...]`` in
cscoach.toml), so every later run gives them no behaviour credit.

Recurring lines are found over a whole batch; scoring them out inside that run would make one
conversation's score depend on which others came with it. Saved once, reviewed and kept in the
config, they make the scores stable from run to run. tomlkit edits the file in place, keeping
the team's comments and layout.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from .macros import sentence_key


class ScriptFileError(ValueError):
    """The config file cannot be read or written: the message names the file."""


@dataclass(frozen=True, slots=True)
class Saved:
    added: tuple[str, ...]
    already: int
    """Lines left out because the file's scripts already hold them (names masked)."""


def save_scripts(path: Path, lines: Sequence[str]) -> Saved:
    """Add ``lines`` to the ``scripts`` list of the TOML file at ``path`` (created if missing),
    skipping those a script there already covers; the file is replaced whole, never half
    written."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        document = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError, TOMLKitError) as exc:
        raise ScriptFileError(f"{path}: {exc}") from None
    scripts = document.get("scripts")
    if scripts is None:
        scripts = tomlkit.array()
        scripts.multiline(True)
        document["scripts"] = scripts
    elif not isinstance(scripts, list) or not all(isinstance(s, str) for s in scripts):
        raise ScriptFileError(f"{path}: scripts must be a list of strings")
    known = {sentence_key(s, min_words=1) for s in scripts}
    added = []
    for line in lines:
        line = line.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate from JSON
        key = sentence_key(line, min_words=1)
        if key is None or key in known:
            continue
        known.add(key)
        scripts.append(line)
        added.append(line)
    if added:
        text = tomlkit.dumps(document)
        _replace(path, text if text.endswith("\n") else text + "\n")
    return Saved(tuple(added), len(lines) - len(added))


def _replace(path: Path, text: str) -> None:
    folder = path.resolve().parent
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        raise ScriptFileError(f"{path}: {exc.strerror or exc}") from None

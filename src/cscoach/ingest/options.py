"""How to read inputs: forced format, CSV column mapping, known agent names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ReadOptions:
    input_format: str | None = None
    """Force a reader (``json``, ``jsonl``, ``text``, ``csv``); None chooses by name and content."""
    columns: Mapping[str, str] = field(default_factory=dict)
    """CSV: canonical field (id, speaker, role, text, timestamp) -> column name."""
    agents: tuple[str, ...] = ()
    """Speaker names that are agents."""
    roles: Mapping[str, str] = field(default_factory=dict)
    """Speaker name -> role, applied before any inference."""
    agent_domains: tuple[str, ...] = ()
    """Email domains whose senders are agents (support.example.com, example.com)."""

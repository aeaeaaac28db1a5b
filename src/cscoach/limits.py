"""Bounds that keep every pass linear and memory flat, whatever an export contains."""

MAX_TURN_CHARS = 20_000
"""Only a turn's first 20,000 characters are analysed (findings still point into the full
text); longer "turns" are pasted logs or documents, not conversation."""

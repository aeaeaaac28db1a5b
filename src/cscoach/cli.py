"""Kept so ``from cscoach.cli import app, main`` goes on working: the command line lives in
``cscoach.commands``, one module per command."""

from .commands.app import app, main

__all__ = ["app", "main"]

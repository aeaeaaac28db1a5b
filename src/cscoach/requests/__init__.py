"""Customer requests and how the agent handled them: answered, partly, with a question for
details, deferred, redirected, missed, or left with no reply (see GUIDELINES-requests.md)."""

from .track import RequestTracker

__all__ = ["RequestTracker"]

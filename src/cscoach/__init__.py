"""cscoach: offline, explainable coaching and QA scoring for customer-service transcripts."""

__version__ = "0.1.0"

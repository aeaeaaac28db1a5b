from __future__ import annotations

import pytest

from cscoach.ingest.roles import assign_roles, role_from_label


@pytest.mark.parametrize(
    ("label", "role"),
    [("Agent", "agent"), ("Jo (Support)", "agent"), ("end-user", "customer"), ("Customer", "customer"),
     ("HelpBot", None), ("bot", "bot"), ("Internal note", "system"), ("Dana", None)],
)  # fmt: skip
def test_role_from_label(label: str, role: str | None) -> None:
    assert role_from_label(label) == role


def test_agent_found_by_what_they_say() -> None:
    speakers = ["Ana", "Ben", "Ana", "Ben"]
    texts = [
        "my internet keeps dropping",
        "Thanks for contacting Skyline Broadband, my name is Ben. How can I help?",
        "it says SL-400",
        "I'll send you a new filter.",
    ]
    roles, inferred = assign_roles(speakers, texts)
    assert roles == ["customer", "agent", "customer", "agent"] and inferred


def test_agent_who_opens_the_chat_is_still_the_agent() -> None:
    roles, _ = assign_roles(
        ["Kim", "Lee"], ["Welcome to Acme! How can I help you?", "My order is late"]
    )
    assert roles == ["agent", "customer"]


def test_without_cues_the_first_speaker_is_the_customer() -> None:
    roles, inferred = assign_roles(["A", "B"], ["hello", "hi"])
    assert roles == ["customer", "agent"] and inferred


def test_explicit_agent_names_win_and_are_not_inferred() -> None:
    roles, inferred = assign_roles(["A", "B"], ["How can I help?", "hi"], agents=["b"])
    assert roles == ["customer", "agent"] and not inferred

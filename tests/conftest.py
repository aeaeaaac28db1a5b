from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from cscoach.analyzer import Analyzer
from cscoach.model import Conversation, ConversationResult, Turn
from cscoach.rules.engine import RuleSet, builtin_rules


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests (and the commands they run) keep cached files in a folder of their own, never in
    the user's ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSCOACH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return builtin_rules()


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """Rules only: scoring, coaching and context-check tests take the rules' tags as given.
    The learned tagger's own behaviour is tested in test_tagger.py."""
    return Analyzer(model=None)


def conversation(*turns: tuple[str, str], conv_id: str = "T-1", **kwargs: object) -> Conversation:
    """Build a conversation from (role, text) pairs; a role may be "agent:Name" to set a speaker."""
    built = []
    for role, text in turns:
        role, _, speaker = role.partition(":")
        built.append(Turn(role=role, text=text, speaker=speaker or None))  # type: ignore[arg-type]
    return Conversation(id=conv_id, turns=tuple(built), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def analyze(analyzer: Analyzer) -> Callable[..., ConversationResult]:
    def run(*turns: tuple[str, str], **kwargs: object) -> ConversationResult:
        return analyzer.analyze(conversation(*turns, **kwargs))

    return run


def tags_of(rules: RuleSet, text: str, role: str = "agent") -> set[str]:
    return {f.tag for f in rules.scan(text, role)}

"""Settings from ``cscoach.toml`` or ``[tool.cscoach]`` in ``pyproject.toml``, found upwards."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analyzer import Analyzer
from .model import ROLES
from .redos import adjacent_overlapping_repeats
from .rules.engine import RuleSet, builtin_rules
from .rules.schema import Rule, RuleError, rule_from_mapping
from .rules.triggers import nested_unbounded_repeat
from .scoring import DIMENSIONS
from .tagger.weights import (
    FILES,
    MODEL_FILE,
    REQUESTS_FILE,
    UPSET_FILE,
    ModelError,
    TaggerModel,
    builtin_model,
    load_model,
)
from .themes import ThemeOptions

CONFIG_NAMES = ("cscoach.toml", ".cscoach.toml")
KEYS = (
    "weights",
    "disable",
    "rules",
    "critical",
    "agents",
    "roles",
    "fail_under",
    "format",
    "jobs",
    "model",
    "themes",
    "scripts",
)
FORMATS = ("terminal", "json", "jsonl", "csv", "markdown", "html", "junit", "github", "sarif")


class ConfigError(ValueError):
    """A config file is invalid; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Settings:
    path: Path | None = None
    weights: Mapping[str, float] = field(default_factory=dict)
    disable: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    critical: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    agent_domains: tuple[str, ...] = ()
    roles: Mapping[str, str] = field(default_factory=dict)
    """Speaker name -> role, for exports whose labels cscoach cannot read."""
    fail_under: int | None = None
    fail_under_dimensions: Mapping[str, int] = field(default_factory=dict)
    format: str | None = None
    jobs: int | None = None
    model: Path | None = None
    """A model directory made by ``cscoach train`` (relative paths: from the config's folder)."""
    theme_ignore: tuple[str, ...] = ()
    """Words and phrases never counted as what customers contact about (``[themes] ignore``)."""
    scripts: tuple[str, ...] = ()
    """The team's required scripts (greetings, disclosures, closers): shown as macro wherever
    an agent sends them, whether or not they recur in the batch."""

    def theme_options(self) -> ThemeOptions:
        return ThemeOptions(ignore=self.theme_ignore)

    def rule_set(self) -> RuleSet:
        where = str(self.path) if self.path else "config"
        try:
            rules = builtin_rules()
            if self.rules or self.disable:
                unknown = sorted(set(self.disable) - set(rules.by_id) - {r.id for r in self.rules})
                if unknown:
                    raise RuleError(f"cannot disable unknown rule {unknown[0]!r}")
                kept = [r for r in (*rules.rules, *self.rules) if r.id not in set(self.disable)]
                rules = RuleSet(kept)
        except RuleError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        unknown = [
            r for r in self.critical if r not in rules.by_id and not r.startswith("context.")
        ]
        if unknown:
            raise ConfigError(f"{where}: critical names unknown rule {unknown[0]!r}")
        return rules

    def tagger_model(self, override: Path | None = None) -> TaggerModel:
        """The model ``--model`` names, else the config's, else the built-in one (also when
        the directory holds only a request or upset model)."""
        path = override or self.model
        with self._model_errors(override):
            if path is None or _only_requests(path):
                return builtin_model()
            return load_model(path)

    def request_model(self, override: Path | None = None) -> TaggerModel:
        """The request model in the model directory ``--model`` (or the config) names, when
        that directory has one (``cscoach train --requests``), else the built-in one."""
        return self._task_model("requests", override)

    def upset_model(self, override: Path | None = None) -> TaggerModel:
        """The upset model in the model directory ``--model`` (or the config) names, when that
        directory has one, else the built-in one."""
        return self._task_model("upset", override)

    def _task_model(self, task: str, override: Path | None) -> TaggerModel:
        path = override or self.model
        with self._model_errors(override):
            if path is not None and path.is_dir() and (path / FILES[task][0]).is_file():
                return load_model(path, task)
            return builtin_model(task)

    @contextmanager
    def _model_errors(self, override: Path | None) -> Iterator[None]:
        """A model that cannot be used is a ConfigError naming where it was set."""
        try:
            yield
        except ModelError as exc:
            where = "--model" if override else f"{self.path}: model"
            raise ConfigError(f"{where}: {exc}") from None

    def analyzer(
        self,
        extra_critical: tuple[str, ...] = (),
        model: Path | None = None,
        rules_only: bool = False,
        track_requests: bool = True,
    ) -> Analyzer:
        """``rules_only``: the phrase rules and the request rules decide, no learned model.
        ``track_requests=False``: no request model is loaded (training one needs none)."""
        rules = self.rule_set()
        unknown = [r for r in extra_critical if r not in rules.by_id]
        if unknown:
            raise ConfigError(f"--critical: unknown rule {unknown[0]!r} (see 'cscoach rules')")
        tagger = None if rules_only else self.tagger_model(model)
        requests = None if rules_only or not track_requests else self.request_model(model)
        upset = None if rules_only else self.upset_model(model)
        critical = (*self.critical, *extra_critical)
        return Analyzer(
            rules,
            self.weights,
            critical,
            tagger,
            request_model=requests,
            scripts=self.scripts,
            upset_model=upset,
        )


def _only_requests(path: Path) -> bool:
    """A model directory with no tagger, only a request or upset model (the built-in tags)."""
    if not path.is_dir() or (path / MODEL_FILE).exists():
        return False
    return (path / REQUESTS_FILE).is_file() or (path / UPSET_FILE).is_file()


def find_config(start: Path) -> Path | None:
    """The nearest cscoach.toml, or pyproject.toml with a [tool.cscoach] table, upwards."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "cscoach" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def load_settings(path: Path | None = None, *, start: Path | None = None) -> Settings:
    """Settings from ``path``, or from the config found upwards from ``start`` (default: cwd)."""
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return Settings()
    elif not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    data = _read(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cscoach", {})
        prefix = "tool.cscoach."
    else:
        prefix = ""
    return settings_from_mapping(data, path, prefix)


def settings_from_mapping(data: Mapping[str, Any], path: Path, prefix: str = "") -> Settings:
    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{path}: {prefix}{key}: {problem}")

    for key in data:
        if key not in KEYS:
            raise fail(key, f"unknown key (known: {', '.join(KEYS)})")
    weights = data.get("weights", {})
    if not isinstance(weights, Mapping):
        raise fail("weights", "expected a table of dimension = number")
    for dim, value in weights.items():
        if dim not in DIMENSIONS:
            raise fail(f"weights.{dim}", f"unknown dimension (one of: {', '.join(DIMENSIONS)})")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise fail(f"weights.{dim}", f"expected a finite number >= 0, got {value!r}")
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        raise fail("rules", "expected an array of tables ([[rules]] or [[tool.cscoach.rules]])")
    rules = []
    for n, raw in enumerate(raw_rules, start=1):
        if not isinstance(raw, Mapping):
            raise fail(f"rules[{n}]", "expected a table")
        try:
            rule = rule_from_mapping(raw, where=f"{prefix}rules[{n}]", origin=str(path))
        except RuleError as exc:
            raise ConfigError(f"{path}: {exc}") from None
        for pattern in (*rule.patterns, *rule.unless_after, *rule.unless_before, *rule.unless_turn):
            if nested_unbounded_repeat(pattern):
                raise fail(
                    f"rules[{n}]",
                    f"pattern {pattern!r} repeats a repetition ('(a+)+'): it can run for hours "
                    "on some text; rewrite it without the nested repeat",
                )
            if adjacent_overlapping_repeats(pattern):
                raise fail(
                    f"rules[{n}]",
                    f"pattern {pattern!r} has repeats side by side that take the same characters "
                    "('\\w+\\s*\\w+'): its time grows with the square of a run's length; "
                    "rewrite it so each run is matched once (e.g. '\\w+(?:\\s+\\w+)?')",
                )
        rules.append(rule)
    fail_under, fail_dims = _fail_under(data.get("fail_under"), fail)
    output_format = data.get("format")
    if output_format is not None and output_format not in FORMATS:
        raise fail("format", f"unknown format {output_format!r} (one of: {', '.join(FORMATS)})")
    jobs = data.get("jobs")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise fail("jobs", f"expected a whole number >= 1, got {jobs!r}")
    roles = data.get("roles", {})
    if not isinstance(roles, Mapping):
        raise fail("roles", "expected a table of speaker = role")
    for speaker, role in roles.items():
        if role not in ROLES:
            raise fail(f"roles.{speaker}", f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    themes = data.get("themes", {})
    if not isinstance(themes, Mapping):
        raise fail("themes", 'expected a table: [themes] ignore = ["word", "a phrase"]')
    for key in themes:
        if key != "ignore":
            raise fail(f"themes.{key}", "unknown key (known: ignore)")
    model = data.get("model")
    if model is not None and (not isinstance(model, str) or not model.strip()):
        raise fail("model", "expected the path of a model directory (made by 'cscoach train')")
    settings = Settings(
        path=path,
        model=None if model is None else path.parent / model,
        weights={k: float(v) for k, v in weights.items()},
        disable=_strings(data, "disable", fail),
        rules=tuple(rules),
        critical=_strings(data, "critical", fail),
        agents=_strings(data, "agents", fail),
        agent_domains=_strings(data, "agent_domains", fail),
        roles=dict(roles),
        fail_under=fail_under,
        fail_under_dimensions=fail_dims,
        format=output_format,
        jobs=jobs,
        theme_ignore=_strings(
            themes, "ignore", lambda key, problem: fail(f"themes.{key}", problem)
        ),
        scripts=_strings(data, "scripts", fail),
    )
    settings.rule_set()  # validate rule ids now, with the file named
    return settings


def _fail_under(value: Any, fail: Any) -> tuple[int | None, dict[str, int]]:
    """``fail_under = 70`` or ``fail_under = { overall = 70, empathy = 60 }``."""
    if value is None:
        return None, {}
    table = value if isinstance(value, Mapping) else {"overall": value}
    overall, dims = None, {}
    for dim, number in table.items():
        key = "fail_under" if not isinstance(value, Mapping) else f"fail_under.{dim}"
        if dim != "overall" and dim not in DIMENSIONS:
            raise fail(key, f"unknown dimension (one of: overall, {', '.join(DIMENSIONS)})")
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 100:
            raise fail(key, f"expected a whole number 0-100, got {number!r}")
        if dim == "overall":
            overall = number
        else:
            dims[dim] = number
    return overall, dims


def _strings(data: Mapping[str, Any], key: str, fail: Any) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, "expected a list of strings")
    return tuple(value)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a text file (a config is UTF-8 TOML)") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to be a cscoach config") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}") from None

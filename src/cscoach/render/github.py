"""GitHub Actions workflow commands: annotations on the transcript file and line."""

from __future__ import annotations

from ..model import ConversationResult
from .base import Renderer
from .safe import annotation_data as _data
from .safe import annotation_property as _prop


class GitHubRenderer(Renderer):
    def write(self, result: ConversationResult) -> None:
        conv = result.conversation
        lines = {tr.index: tr.turn.line for tr in result.turns}
        critical = {(f.rule, f.start) for f in result.critical}
        for tr in result.turns:
            for f in tr.findings:
                if f.tag != "negative_language":
                    continue
                level = "error" if (f.rule, f.start) in critical else "warning"
                self._emit(level, conv.source, tr.turn.line, f"cscoach {f.rule}",
                           f"{conv.id} turn {tr.index}: “{f.text}”: {f.message}")  # fmt: skip
        for tip in result.tips:
            if tip.tag != "negative_language":
                self._emit("notice", conv.source, lines.get(tip.turn), f"cscoach {tip.tag}",
                           f"{conv.id}: {tip.tip}")  # fmt: skip
        failures = self.options.thresholds.failures(result)
        if failures:
            self._emit("error", conv.source, None, "cscoach gate",
                       f"{conv.id} failed: {'; '.join(failures)}")  # fmt: skip

    def _emit(
        self, level: str, path: str | None, line: int | None, title: str, message: str
    ) -> None:
        props = []
        if path and not path.startswith("<"):
            props.append(f"file={_prop(path)}")
            if line is not None:
                props.append(f"line={line}")
        props.append(f"title={_prop(title)}")
        self.stream.write(f"::{level} {','.join(props)}::{_data(message)}\n")

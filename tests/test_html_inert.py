"""The HTML reports hold no live markup from a transcript, and their policy runs only their own
scripts."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from cscoach.cli import app

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&</style><!--"


class Page(HTMLParser):
    """What a browser would run: script elements and event-handler attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.events: list[tuple[str, str]] = []
        self.policy = ""
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.events += [(tag, name) for name, _ in attrs if name.startswith("on")]
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = found.get("content") or ""
        if tag == "script":
            self._open, self._text = found, []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open, "".join(self._text)))
            self._open = None


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def _hostile_export(tmp_path: Path) -> Path:
    lines = []
    for i in range(4):
        conversation = {
            "id": f"{PAYLOAD}{i}",
            "channel": PAYLOAD,
            "metadata": {"team": f"{PAYLOAD}{i % 2}", "agent": PAYLOAD},
            "turns": [
                {
                    "role": "customer",
                    "speaker": PAYLOAD,
                    "timestamp": f"2026-05-0{1 + i}T10:00:00Z",
                    "text": f"My order {PAYLOAD} is late, this is unacceptable {PAYLOAD}.",
                },
                {"role": "agent", "speaker": PAYLOAD, "text": f"Calm down. {PAYLOAD}"},
            ],
        }
        lines.append(json.dumps(conversation))
    path = tmp_path / f"{PAYLOAD[:8]}.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def _check(page: str, own: int) -> None:
    parsed = parse(page)
    assert parsed.events == []
    runnable = [body for attrs, body in parsed.scripts if attrs.get("type") != "application/json"]
    assert len(runnable) == own
    for body in runnable:
        assert "alert(" not in body
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in parsed.policy
    assert "default-src 'none'" in parsed.policy and "unsafe-inline" not in re.sub(
        r"style-src [^;]*", "", parsed.policy
    )
    for attrs, body in parsed.scripts:
        if attrs.get("type") == "application/json":
            assert "<" not in body  # nothing can end the element early
            assert PAYLOAD[:50] in json.dumps(json.loads(body), ensure_ascii=False)  # kept


def test_a_transcript_full_of_markup_is_text_in_the_html_report(tmp_path: Path) -> None:
    path = _hostile_export(tmp_path)
    page = CliRunner().invoke(app, ["analyze", str(path), "-f", "html", "-q"]).stdout
    _check(page, own=2)
    assert "<script>alert" not in page and "<img" not in page


def test_a_transcript_full_of_markup_is_text_in_the_team_summary(tmp_path: Path) -> None:
    path = _hostile_export(tmp_path)
    results = tmp_path / "r.jsonl"
    CliRunner().invoke(app, ["analyze", str(path), "-f", "jsonl", "-q", "-o", str(results)])
    for source in (path, results):
        result = CliRunner().invoke(app, ["summary", str(source), "-f", "html", "--baseline",
                                          str(results)])  # fmt: skip
        assert result.exit_code == 0, result.output
        _check(result.stdout, own=1)
        assert "<script>alert" not in result.stdout and "<img" not in result.stdout


def test_every_html_field_goes_through_one_escaping_template() -> None:
    import pandas as pd
    from markupsafe import Markup

    from cscoach.render.overview import frame_table

    frame = pd.DataFrame({PAYLOAD: [PAYLOAD], "n": [1]}).set_index(PAYLOAD)
    table = frame_table(frame, links=[PAYLOAD])
    assert isinstance(table, Markup)
    assert parse(table).events == [] and parse(table).scripts == []
    assert "<script" not in table and "<img" not in table


def test_the_policy_stops_a_script_that_is_not_the_reports_own(tmp_path: Path) -> None:
    """Were markup ever to slip into the page, the browser would not run it."""
    from browser import dump_dom, title_of

    path = _hostile_export(tmp_path)
    page = CliRunner().invoke(app, ["analyze", str(path), "-f", "html", "-q"]).stdout
    injected = tmp_path / "injected.html"
    foreign = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='img'\">"
    injected.write_text(page.replace("<h1>", foreign + "<h1>", 1), encoding="utf-8")
    dom = dump_dom(injected, tmp_path)
    assert title_of(dom) == "cscoach report"
    assert 'id="list"' in dom and "<tr" in dom.split('id="list"')[1]  # its own script ran

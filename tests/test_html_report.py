"""The HTML team report: overview first, then a list drawn from embedded data. Checked as
written, and as headless Chromium draws it after its scripts ran."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import dump_dom, screenshot, title_of, with_probe
from typer.testing import CliRunner

from cscoach.cli import app

ID, SCORES, TURNS = 1, 8, 11
"""Where a conversation's fields sit in the page's compact arrays (HtmlRenderer._compact)."""
HOSTILE = "<script>alert(1)</script> </script><!-- & [bold]x[/bold]"


def _conv(conv_id: str, agent: str, team: str, agent_text: str, customer: str) -> dict:
    return {"id": conv_id, "metadata": {"agent": agent, "team": team}, "turns": [
        {"role": "customer", "speaker": "Dana", "text": customer,
         "timestamp": "2026-05-01T10:00:00Z"},
        {"role": "agent", "speaker": agent, "text": agent_text},
        {"role": "customer", "speaker": "Dana", "text": "Thanks, that is great."}]}  # fmt: skip


CONVERSATIONS = [
    _conv("good", "Sam", "billing", "Hi Dana, I'm so sorry, that sounds frustrating. I've sent a "
          "replacement; you'll get tracking within the hour.", "My parcel arrived broken, I'm upset."),
    _conv("bad", "Lee", "shipping", f"Calm down. You should have checked it. {HOSTILE}",
          "My parcel arrived broken, I'm upset."),
    _conv("meh", "Lee", "shipping", "Thanks for reaching out. We will look into it.",
          "Where is my refund?"),
]  # fmt: skip


def write_report(tmp_path: Path, conversations: list[dict], *args: str) -> Path:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(c) + "\n" for c in conversations), encoding="utf-8")
    page = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["analyze", str(source), "-f", "html", "-o", str(page), "-q", "-j", "1", *args]
    )
    assert result.exit_code in (0, 1), result.output
    return page


def embedded(page: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    raw = html.split('<script type="application/json" id="cscoach-data">', 1)[1]
    return json.loads(raw.split("</script>", 1)[0])


def test_page_is_self_contained_with_the_overview_first(tmp_path: Path) -> None:
    page = write_report(tmp_path, CONVERSATIONS, "--fail-under", "60")
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)  # nothing fetched
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    order = [html.index(f'<section id="{s}">') for s in ("overview", "agents", "conversations")]
    assert order == sorted(order)
    assert 'id="teams"' in html and 'id="failed"' in html and 'id="trend"' in html
    assert html.count('class="chart histogram"') == 10  # 9 scores, and overall in 10-point bands


def test_transcript_text_cannot_escape_the_embedded_data(tmp_path: Path) -> None:
    page = write_report(tmp_path, CONVERSATIONS)
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<!-- &" not in html
    texts = [turn[2] for conv in embedded(page)["convs"] for turn in conv[TURNS]]
    assert any(HOSTILE in text for text in texts)  # kept whole, only escaped


def test_the_list_sorts_filters_and_opens_conversations_in_chromium(tmp_path: Path) -> None:
    page = write_report(tmp_path, CONVERSATIONS, "--fail-under", "60")
    probe = """
    function ids() { return Array.from(document.querySelectorAll('#list tr.row td:nth-child(2)')).map(td => td.textContent); }
    function set(id, value) { const e = document.getElementById(id); e.value = value; e.dispatchEvent(new Event('change')); }
    const out = {initial: ids()};
    const overall = document.querySelector('#list th[data-key=overall]');
    overall.click(); out.ascending = ids();
    overall.click(); out.descending = ids();
    set('f-agent', 'Lee'); out.lee = ids();
    const failed = document.getElementById('f-failed'); failed.checked = true; failed.dispatchEvent(new Event('change'));
    out.leeFailed = ids(); document.getElementById('f-reset').click();
    set('f-team', 'billing'); out.billing = ids(); document.getElementById('f-reset').click();
    set('f-tag', 'apology'); out.apology = ids(); document.getElementById('f-reset').click();
    document.querySelector('#c2').click();
    const detail = document.querySelector('#list td.detail');
    out.detail = detail ? detail.textContent : null;
    out.marks = document.querySelectorAll('#list td.detail mark.bad').length;
    out.injected = document.querySelectorAll('#list td.detail script').length;
    out.errors = window.__errors;
    document.title = JSON.stringify(out);
    """
    dom = dump_dom(with_probe(page, probe), tmp_path)
    out = json.loads(title_of(dom).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    assert out["errors"] == []
    assert out["initial"] == ["good", "bad", "meh"]
    scores = {conv[ID]: conv[SCORES][0] for conv in embedded(page)["convs"]}
    assert out["ascending"] == sorted(scores, key=scores.get)
    assert out["descending"] == sorted(scores, key=scores.get, reverse=True)
    lee = sorted(("bad", "meh"), key=scores.get, reverse=True)  # the sort stays as filters change
    assert out["lee"] == lee and out["billing"] == ["good"]
    assert out["leeFailed"] == ["bad"] and out["apology"] == ["good"]
    assert HOSTILE in out["detail"] and out["injected"] == 0  # shown as text, never run
    assert out["marks"] >= 1  # "Calm down" highlighted as bad


def test_anchors_are_unique_and_a_link_opens_its_conversation(tmp_path: Path) -> None:
    twice = [CONVERSATIONS[1], CONVERSATIONS[1], CONVERSATIONS[0]]  # the same id twice
    page = write_report(tmp_path, twice, "--fail-under", "60")
    html = page.read_text(encoding="utf-8")
    assert 'href="#c1"' in html and 'href="#c2"' in html  # the failed list links to each
    dom = dump_dom(page, tmp_path, fragment="#c2")
    anchors = re.findall(r'\bid="([^"]+)"', dom)
    assert len(anchors) == len(set(anchors)) and {"c1", "c2"} <= set(anchors)
    assert dom.count('class="detail-row"') == 1
    assert re.search(r'<tr class="row open" id="c2"', dom)


def test_a_report_on_one_conversation_opens_it_with_confidences(tmp_path: Path) -> None:
    from cscoach.analyzer import Analyzer
    from cscoach.ingest import load

    path = tmp_path / "c.txt"
    path.write_text(
        "Customer: My order 5521 arrived broken and I need it for Friday.\n"
        "Agent: Sorry to hear that! I've sent a replacement; it will arrive by Thursday.\n"
    )
    (conv,) = load([str(path)])
    learned = [f for tr in Analyzer().analyze(conv).turns for f in tr.findings]
    shown = {f"{f.confidence:.2f}" for f in learned if f.confidence < 1}
    assert shown, "the built-in model decides some of these tags"
    page = tmp_path / "one.html"
    CliRunner().invoke(app, ["analyze", str(path), "-f", "html", "-o", str(page), "--explain"])
    dom = dump_dom(page, tmp_path)
    assert dom.count('class="detail-row"') == 1
    confidences = set(re.findall(r'<small class="conf"> (\d\.\d\d)</small>', dom))
    assert confidences and confidences <= shown
    assert 'class="chart sentiment"' in dom and "checked: earns" in dom


def test_report_is_drawn_with_scores_and_sentiment_colours(tmp_path: Path) -> None:
    from PIL import Image

    page = write_report(tmp_path, CONVERSATIONS, "--fail-under", "60")
    probe = (
        "document.querySelectorAll('section:not(#conversations)').forEach(s => s.hidden = true);"
        "document.querySelector('#c2').click();"
    )
    shot = screenshot(with_probe(page, probe), tmp_path / "shot.png", tmp_path)
    present = {rgb for _, rgb in Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)}
    # Score bars (green, red) and the customer's sentiment line (blue) were drawn.
    assert (46, 158, 91) in present and (209, 69, 59) in present and (59, 111, 216) in present


def test_page_is_no_wider_than_the_window(tmp_path: Path) -> None:
    page = write_report(tmp_path, CONVERSATIONS)
    probe = (
        "document.querySelector('#c2').click(); const d = document.documentElement;"
        "document.title = d.scrollWidth + '/' + d.clientWidth;"
    )
    scroll, client = map(int, title_of(dump_dom(with_probe(page, probe), tmp_path)).split("/"))
    assert scroll <= client  # wide tables scroll inside their box, not the page


@pytest.mark.parametrize("count", [40, 160])
def test_size_grows_with_the_transcripts_not_the_markup(tmp_path: Path, count: int) -> None:
    conversations = [
        _conv(f"id-{n}", f"Agent {n % 7}", f"team {n % 3}",
              f"Sorry about order {n}, I've refunded it; you'll see it in {n % 5 + 2} days.",
              f"Order {n} arrived broken and I want my money back, this is the {n}th time.")
        for n in range(count)
    ]  # fmt: skip
    page = write_report(tmp_path, conversations)
    transcripts = (tmp_path / "in.jsonl").stat().st_size
    assert page.stat().st_size < 60_000 + 2.5 * transcripts


def test_the_trend_line_breaks_where_a_period_had_no_conversation() -> None:
    import pandas as pd

    from cscoach.render.overview import trend_chart

    trend = pd.DataFrame(
        {"conversations": [3, 2, 0, 4, 1], "pass_rate": [50.0, 0.0, None, 25.0, 100.0],
         "overall": [60.0, 55.0, None, 70.0, 80.0]},
        index=pd.Index(["2026-W01", "2026-W02", "2026-W03", "2026-W04", "2026-W05"], name="period"),
    )  # fmt: skip
    svg = trend_chart(trend)
    assert svg.count("<polyline") == 2 and svg.count("<rect") == 5
    assert "2026-W03: 0 conversations" in svg

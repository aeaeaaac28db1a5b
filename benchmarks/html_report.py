"""Size and browser load of the HTML team report at 200, 2,000 and 10,000 conversations.

The conversations are distinct: every dataset under ../shared/datasets taken in turn (one from
each, round robin), so a report mixes short Twitter threads with long helpdesk dialogues. For
each size it prints:

  - the report's size (limit at 2,000: 3 MB) and the time `cscoach analyze -f html` took;
  - in headless Chromium (median of --repeat loads): the time until the page's script drew the
    list (performance.now() after it ran), the whole browser run, and what a user does next,
    each timed in the page: sort by score, filter by agent, failed only, search a word, open a
    conversation;
  - script errors (must be none), and whether sorting and filtering gave the right rows.

Screenshots of the overview and of the list with one conversation open go to --shots.

    python benchmarks/html_report.py --sizes 200 2000 10000 --shots docs/screenshots
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
LIMIT_2000 = 3_000_000
sys.path.insert(0, str(ROOT / "tests"))
from browser import ERRORS, FLAGS  # noqa: E402  (the tests' Chromium harness)

PROBE = """
const drawn = performance.now();
function rows() { return Array.from(document.querySelectorAll('#list tr.row')); }
function timed(action) { const t = performance.now(); action(); return performance.now() - t; }
function set(id, value) { const e = document.getElementById(id); e.value = value; e.dispatchEvent(new Event('change')); }
const out = {drawn: drawn, rows: rows().length};
out.sort = timed(() => document.querySelector('#list th[data-key=overall]').click());
const scores = rows().map(r => Number(r.cells[5].textContent)).filter(x => !isNaN(x));
out.sorted = scores.every((x, i) => i === 0 || scores[i - 1] <= x);
const agent = document.getElementById('f-agent').options[1].value;
out.agent = timed(() => set('f-agent', agent));
out.agentOk = rows().every(r => r.cells[2].textContent === agent);
document.getElementById('f-reset').click();
const failed = document.getElementById('f-failed');
out.failed = timed(() => { failed.checked = true; failed.dispatchEvent(new Event('change')); });
out.failedOk = rows().every(r => r.cells[r.cells.length - 1].textContent === 'fail');
document.getElementById('f-reset').click();
const search = document.getElementById('f-text');
out.search = timed(() => { search.value = 'refund'; search.dispatchEvent(new Event('change')); document.getElementById('f-agent').dispatchEvent(new Event('change')); });
out.searchRows = document.getElementById('count').textContent;
document.getElementById('f-reset').click();
out.open = timed(() => document.querySelector('#list tr.row').click());
out.opened = document.querySelectorAll('#list td.detail .turn').length > 0;
out.errors = window.__errors;
document.title = JSON.stringify(out);
"""


def corpus(size: int, folder: Path) -> Path:
    """``size`` distinct conversations, one from each dataset in turn, with unique ids."""
    readers = [path.open(encoding="utf-8") for path in sorted(DATASETS.glob("*.jsonl"))]
    path = folder / f"corpus-{size}.jsonl"
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for lines in zip_longest(*readers):
            for line in lines:
                if line and line.strip() and written < size:
                    conv = json.loads(line)
                    conv["id"] = f"{conv.get('id', 'c')}-{written}"
                    out.write(json.dumps(conv, ensure_ascii=False) + "\n")
                    written += 1
    if written < size:
        raise SystemExit(f"the datasets hold only {written} conversations, not {size}")
    return path


def chromium() -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("needs Debian's chromium (apt-get install chromium)")
    return browser


def browse(page: Path, work: Path, *extra: str) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={work / 'profile'}", "--window-size=1200,1400",
         *extra, page.as_uri()],
        check=True, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    return time.perf_counter() - start, proc.stdout


def probed(page: Path, script: str, name: str) -> Path:
    html = page.read_text(encoding="utf-8").replace("<style>", ERRORS + "<style>", 1)
    copy = page.with_name(name)
    copy.write_text(html.replace("</body>", f"<script>{script}</script></body>"), "utf-8")
    return copy


def measure(size: int, work: Path, repeat: int, shots: Path | None) -> dict:
    source = corpus(size, work)
    page = work / f"report-{size}.html"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cscoach", "analyze", str(source), "-f", "html", "-o", str(page),
         "--fail-under", "60", "-q"],
        check=False, capture_output=True,
    )  # fmt: skip
    render = time.perf_counter() - start
    probe = probed(page, PROBE, f"probe-{size}.html")
    loads = []
    for _ in range(repeat):
        wall, dom = browse(probe, work, "--dump-dom")
        title = dom.split("<title>", 1)[1].split("</title>", 1)[0]
        result = json.loads(title.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
        loads.append((wall, result))
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
        browse(page, work, f"--screenshot={shots / f'report-{size}-overview.png'}")
        opened = probed(
            page,
            "document.querySelectorAll('section:not(#conversations)').forEach(s => s.hidden = true);"
            "document.querySelector('#list tr.row:nth-child(2)').click();",
            f"list-{size}.html",
        )
        browse(opened, work, f"--screenshot={shots / f'report-{size}-list.png'}")
    last = loads[-1][1]
    median = {
        key: statistics.median(r[key] for _, r in loads)
        for key in ("drawn", "sort", "agent", "failed", "search", "open")
    }
    return {
        "size": size,
        "bytes": page.stat().st_size,
        "render_s": render,
        "browser_s": statistics.median(wall for wall, _ in loads),
        **median,
        "errors": last["errors"],
        "checks": all(last[k] for k in ("sorted", "agentOk", "failedOk", "opened")),
        "rows": last["rows"],
        "search_rows": last["searchRows"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shots", type=Path, default=None, help="folder for the screenshots")
    args = parser.parse_args()
    print(
        "| conversations | size | per conv. | cscoach -f html | browser run | list drawn | sort "
        "| agent filter | failed only | search | open one | errors | checks |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            m = measure(size, Path(tmp), args.repeat, args.shots)
            limit = " ✓" if size != 2000 else (" ✓" if m["bytes"] <= LIMIT_2000 else " ✗ > 3 MB")
            print(
                f"| {size:,} | {m['bytes'] / 1e6:.2f} MB{limit} | {m['bytes'] / size / 1e3:.2f} kB "
                f"| {m['render_s']:.1f} s | {m['browser_s']:.2f} s | {m['drawn']:.0f} ms "
                f"| {m['sort']:.0f} ms | {m['agent']:.0f} ms | {m['failed']:.0f} ms "
                f"| {m['search']:.0f} ms | {m['open']:.0f} ms | {len(m['errors'])} "
                f"| {'ok' if m['checks'] else 'WRONG'} |",
                flush=True,
            )


if __name__ == "__main__":
    main()

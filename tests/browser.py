"""Headless Chromium for the HTML tests: the DOM after the page's scripts ran, and screenshots."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ERRORS = (
    "<script>window.__errors=[];addEventListener('error',function(e){__errors.push(e.message)})"
    "</script>"
)
"""Put before the page's own scripts: collects what they throw (read back with a probe)."""


def chromium() -> str:
    """The browser's path; the test is skipped where it is missing, and fails on CI."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium (.ci/run installs it)")
        pytest.skip("chromium is not installed here (.ci/run installs it)")
    return browser


def with_probe(page: Path, probe: str) -> Path:
    """A copy of ``page`` that records script errors and runs ``probe`` after the page's scripts.
    The probe reports by setting ``document.title``. The page's Content-Security-Policy stays,
    with these two scripts' hashes added to it: the page's own scripts run under it as shipped."""
    html = page.read_text(encoding="utf-8").replace("<style>", ERRORS + "<style>", 1)
    allowed = " ".join(_hash(code) for code in (ERRORS[8:-9], probe))
    html = html.replace("script-src ", f"script-src {allowed} ", 1)
    probed = page.with_name(page.stem + ".probe.html")
    probed.write_text(html.replace("</body>", f"<script>{probe}</script></body>"), "utf-8")
    return probed


def _hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def dump_dom(page: Path, work: Path, fragment: str = "", width: int = 1000) -> str:
    """The DOM of ``page`` once its scripts ran."""
    return subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={work / 'profile'}", f"--window-size={width},1400",
         "--dump-dom", page.as_uri() + fragment],
        check=True, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip


def title_of(dom: str) -> str:
    return dom.split("<title>", 1)[1].split("</title>", 1)[0]


def screenshot(page: Path, shot: Path, work: Path, size: str = "1000,1400") -> Path:
    subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={work / 'profile'}", f"--screenshot={shot}",
         f"--window-size={size}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return shot

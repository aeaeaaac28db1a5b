"""The shell every cscoach HTML page shares: head, style, escaping and score colours.
Pages are self-contained: no network, no external scripts, fonts or styles."""

from __future__ import annotations

import base64
import hashlib

from markupsafe import Markup

from .. import __version__
from .safe import html

escape = html
"""HTML-escaped, control characters made visible (``safe.html``)."""


def color(value: float | None) -> str:
    """Green from 80, amber from 60, red below; grey for n/a."""
    if value is None:
        return "#c4c9d4"
    return "#2e9e5b" if value >= 80 else "#d49b00" if value >= 60 else "#d1453b"


STYLE = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1180px;
color:#1d2433;padding:1rem 1.2rem 4rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{margin-top:2.2rem;border-bottom:2px solid #e3e7ef;padding-bottom:.3rem}
h3{margin:1.2rem 0 .4rem}a{color:#2456b8}
nav{position:sticky;top:0;background:#fff;padding:.4rem 0;border-bottom:1px solid #e3e7ef;z-index:2}
nav a{margin-right:1rem;text-decoration:none;font-weight:500}
.meta,.note{color:#5a6478;overflow-wrap:anywhere}.inferred{color:#a15c00}.fail{color:#b3261e;font-weight:600}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{background:#f5f7fb;border-radius:10px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.5rem}
.hists{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.8rem}
.hist{margin:0}.hist figcaption{font-size:.85rem;color:#5a6478}
.wide{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.9rem}
td,th{padding:.25rem .55rem;border-bottom:1px solid #e3e7ef;text-align:right;vertical-align:top}
th{background:#f5f7fb;position:sticky;top:0;white-space:nowrap}
td.text,th.text{text-align:left;overflow-wrap:anywhere;min-width:7rem}
td.long{text-align:left;min-width:16rem;max-width:34rem}
table.sortable th{cursor:pointer;user-select:none}
td small{display:block;color:#5a6478;font-size:.72rem;white-space:nowrap;font-weight:400}
td.within{color:#8a93a6}td.differs{font-weight:600}tr.everyone td{background:#f5f7fb}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.controls{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin:.6rem 0}
.controls label{display:flex;flex-direction:column;font-size:.8rem;color:#5a6478}
.controls input,.controls select{font:inherit;padding:.15rem .3rem}
.controls input[type=number]{width:5rem}
#list tr.row{cursor:pointer}#list tr.row:hover{background:#f5f8ff}#list tr.open{background:#eef6ff}
#list td.detail{text-align:left;background:#fbfcfe;padding:.6rem 1rem}
.pill{display:inline-block;border-radius:9px;padding:0 .45rem;font-size:.75rem;color:#fff}
.charts{display:flex;gap:2rem;flex-wrap:wrap;align-items:flex-start}
.bars{display:grid;grid-template-columns:8.5rem 16rem 2.5rem;gap:.15rem .5rem;font-size:.8rem;align-items:center}
.track{background:#eef0f4;height:.8rem}.fill{height:.8rem}
.turn{margin:.5rem 0;padding:.45rem .8rem;border-radius:8px;background:#f5f7fb}
.turn.agent{background:#eef6ff}.turn.bot,.turn.system{background:#f3f3f3;color:#666}
.who{font-weight:600}.role{color:#5a6478;font-weight:400}
.badge{display:inline-block;font-size:.75rem;padding:0 .45rem;margin-left:.3rem;border-radius:9px;
background:#d9f2e3;color:#14532d}.badge.bad{background:#fde2e1;color:#8c1d18}.badge .conf{opacity:.7;font-size:.7rem}
mark.good{background:#c8f0d7}mark.bad{background:#fbc9c5}
.text{white-space:pre-wrap;margin-top:.25rem;overflow-wrap:anywhere}
ol.tips li{margin:.5rem 0}.quote{color:#444;font-style:italic}.rewrite{color:#14532d}
.said{color:#666;font-size:.85rem}.quote.customer{color:#7a4b00}mark.ask{background:#e8eefc;border-bottom:2px solid #3b5bdb}
.badge.request{background:#e8eefc;color:#1c3a8a}.badge.macro{background:#e4e6eb;color:#3d4452}
.macro-line{font-style:italic}.badge.request.bad{background:#fde2e1;color:#8c1d18}
button{font:inherit;padding:.2rem .8rem;margin:.6rem 0}
"""


def script(code: str) -> Markup:
    """An inline script of cscoach's own: the page's policy allows it by its hash."""
    return Markup("<script>") + Markup(code) + Markup("</script>")


def _hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(scripts: tuple[str, ...]) -> str:
    """The Content-Security-Policy: nothing loads from anywhere, and the only scripts that run
    are cscoach's own (by their SHA-256), so markup that slipped into the page could not run."""
    allowed = " ".join(_hash(code) for code in scripts) or "'none'"
    return (
        f"default-src 'none'; script-src {allowed}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def page_start(title: str, scripts: tuple[str, ...] = ()) -> Markup:
    """The head, with a policy that allows exactly ``scripts`` (given as ``script`` will put
    them in the page)."""
    return Markup(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="cscoach {version}">'
        "<title>{title}</title><style>{style}</style></head><body>\n"
    ).format(policy=Markup(policy(scripts)), version=__version__, title=title, style=Markup(STYLE))


def navigation(parts: list[tuple[str, str, Markup]], *extra: tuple[str, str]) -> Markup:
    """Links to each part (id, title, body), then to ``extra`` (id, title)."""
    links = [(key, title) for key, title, _ in parts] + list(extra)
    return Markup("<nav>{}</nav>\n").format(
        Markup("").join(Markup('<a href="#{}">{}</a>').format(k, t) for k, t in links)
    )


def section(key: str, title: str, body: Markup) -> Markup:
    return Markup('<section id="{}"><h2>{}</h2>{}</section>\n').format(key, title, body)


def page_end() -> Markup:
    return Markup("</body></html>\n")

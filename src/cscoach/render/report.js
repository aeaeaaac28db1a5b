// The conversation list of a cscoach HTML report, drawn from the JSON embedded in the page:
// filter, sort, page through, and open any conversation's transcript, scores and tips.
// Every string from a transcript reaches the page through textContent, never as markup.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("cscoach-data").textContent);
  const PAGE = 200;
  const BAD = new Set(["negative_language", "customer_negative", "escalation_request"]);
  const SHORT = DATA.short;
  const NAMES = DATA.names;
  function name(i) { return i === null ? null : NAMES[i]; }
  const convs = DATA.convs.map(function (c) {  // see HtmlRenderer._compact for the layout
    return { n: c[0], id: c[1], agent: name(c[2]), team: name(c[3]), channel: name(c[4]), source: name(c[5]),
      inferred: c[6], status: c[7] ? "unscored" : "scored", scores: c[8], fail: c[9], sent: c[10],
      turns: c[11].map(function (t) { return [name(t[0]), name(t[1]), t[2], t[3]]; }),
      macros: DATA.macros[c[0]] || [],
      tips: c[12].map(function (t) { return [name(t[0]), t[1], t[2], t[3], name(t[4]), t[5].map(name), t[6]]; }),
      noTips: c[13],
      reasons: c[15] || [],
      requests: (c[14] || []).map(function (r) { return { turn: r[0], handling: name(r[1]), start: r[2], end: r[3], replies: r[4], reask: name(r[5]) }; }) };
  });
  const state = { key: "n", descending: false, limit: PAGE, open: new Set() };
  const $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function (pair) {
      if (pair[0] === "text") node.textContent = pair[1];
      else node.setAttribute(pair[0], pair[1]);
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.append(child);
    });
    return node;
  }
  function color(value) {
    if (value === null || value === undefined) return "#c4c9d4";
    return value >= 80 ? "#2e9e5b" : value >= 60 ? "#d49b00" : "#d1453b";
  }
  function agentTags(conv) {
    if (!conv._tags) {
      const tags = new Set();
      conv.turns.forEach(function (turn) {
        if (turn[0] === "agent") turn[3].forEach(function (f) { tags.add(NAMES[f[0]]); });
      });
      conv._tags = tags;
      conv._tips = new Set(conv.tips.map(function (tip) { return tip[0]; }));
      conv._text = (conv.id + "\n" + conv.agent + "\n" + conv.turns.map(function (t) { return t[2]; }).join("\n")).toLowerCase();
    }
    return conv._tags;
  }

  // ---- filters -------------------------------------------------------------------------
  function options(select, values) {
    Array.from(values).sort().forEach(function (value) { select.append(el("option", { value: value, text: value })); });
  }
  const agents = new Set(), teams = new Set(), tags = new Set(), tips = new Set();
  convs.forEach(function (conv) {
    agents.add(conv.agent); teams.add(conv.team);
    agentTags(conv).forEach(function (tag) { tags.add(tag); });
    conv._tips.forEach(function (tip) { tips.add(tip); });
  });
  options($("f-agent"), agents); options($("f-team"), teams); options($("f-tag"), tags); options($("f-tip"), tips);
  if (teams.size < 2) $("f-team").parentNode.hidden = true;

  function number(input) { return input.value === "" ? null : Number(input.value); }
  function matches(conv) {
    const text = $("f-text").value.trim().toLowerCase();
    const min = number($("f-min")), max = number($("f-max"));
    const overall = conv.scores[0];
    return (!text || conv._text.includes(text)) &&
      (!$("f-agent").value || conv.agent === $("f-agent").value) &&
      (!$("f-team").value || conv.team === $("f-team").value) &&
      (!$("f-tag").value || conv._tags.has($("f-tag").value)) &&
      (!$("f-tip").value || conv._tips.has($("f-tip").value)) &&
      (!$("f-failed").checked || conv.fail.length > 0) &&
      (min === null || (overall !== null && overall >= min)) &&
      (max === null || (overall !== null && overall <= max));
  }
  function value(conv, key) {
    if (key === "result") return conv.fail.length ? 0 : 1;
    if (key === "turns") return conv.turns.length;
    const dim = DATA.dims.indexOf(key);
    return dim >= 0 ? conv.scores[dim] : conv[key];
  }
  function compare(a, b) {
    const x = value(a, state.key), y = value(b, state.key);
    const xNa = x === null || x === undefined, yNa = y === null || y === undefined;
    if (xNa || yNa) return (xNa - yNa) || a.n - b.n;  // n/a apart, after every score, either way
    const order = typeof x === "string" ? x.localeCompare(y) : x - y;
    return (state.descending ? -order : order) || a.n - b.n;
  }

  // ---- the list ------------------------------------------------------------------------
  const COLUMNS = [["n", "#"], ["id", "conversation"], ["agent", "agent"], ["team", "team"], ["turns", "turns"]]
    .concat(DATA.dims.map(function (d) { return [d, SHORT[d] || d]; }), [["result", DATA.gated ? "result" : "critical"]]);
  const head = $("list").tHead.rows[0];
  COLUMNS.forEach(function (column) {
    const th = el("th", { text: column[1], title: "Sort by " + column[0].replace(/_/g, " "), "data-key": column[0] });
    if (column[0] === "team" && teams.size < 2) th.hidden = true;
    if (["id", "agent", "team"].indexOf(column[0]) >= 0) th.className = "text";
    th.addEventListener("click", function () {
      state.descending = state.key === column[0] ? !state.descending : false;
      state.key = column[0];
      draw();
    });
    head.append(th);
  });

  function row(conv) {
    const tr = el("tr", { class: "row", id: "c" + conv.n, tabindex: "0" });
    COLUMNS.forEach(function (column) {
      const key = column[0];
      let cell;
      if (key === "result" && !DATA.gated) {  // no threshold: no pass or fail, only critical rule hits
        cell = el("td", {}, conv.fail.length ? [el("span", { class: "pill", style: "background:#d1453b",
          text: "critical", title: conv.fail.join("; ") })] : []);
      } else if (key === "result") {
        cell = el("td", {}, [el("span", { class: "pill", style: "background:" + (conv.fail.length ? "#d1453b" : "#2e9e5b"),
          text: conv.fail.length ? "fail" : "pass", title: conv.fail.join("; ") })]);
      } else {
        const v = value(conv, key);
        cell = el("td", { text: v === null || v === undefined ? "n/a" : String(v) });
        if (key === "id" || key === "agent" || key === "team") cell.className = "text";
        if (DATA.dims.indexOf(key) >= 0 && v !== null) cell.style.color = color(v);
        if (key === "team" && teams.size < 2) cell.hidden = true;
      }
      tr.append(cell);
    });
    function toggle() {
      if (state.open.has(conv.n)) state.open.delete(conv.n); else state.open.add(conv.n);
      draw();
    }
    tr.addEventListener("click", toggle);
    tr.addEventListener("keydown", function (event) { if (event.key === "Enter") toggle(); });
    return tr;
  }

  function draw() {
    const shown = convs.filter(matches).sort(compare);
    const body = $("list").tBodies[0];
    const rows = [];
    shown.slice(0, state.limit).forEach(function (conv) {
      const tr = row(conv);
      rows.push(tr);
      if (state.open.has(conv.n)) {
        tr.classList.add("open");
        rows.push(el("tr", { class: "detail-row" }, [el("td", { class: "detail", colspan: String(COLUMNS.length) }, [detail(conv)])]));
      }
    });
    body.replaceChildren.apply(body, rows);
    head.querySelectorAll("th").forEach(function (th) {
      if (th.dataset.key === state.key) th.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    const left = shown.length - Math.min(shown.length, state.limit);
    $("count").textContent = shown.length.toLocaleString() + " of " + convs.length.toLocaleString() + " conversations";
    $("more").hidden = left <= 0;
    $("more").textContent = "Show " + Math.min(PAGE, left).toLocaleString() + " more (" + left.toLocaleString() + " left)";
  }

  // ---- one conversation ----------------------------------------------------------------
  function scoreBars(conv) {
    const grid = el("div", { class: "bars", role: "img", "aria-label": "scores" });
    DATA.dims.forEach(function (dim, i) {
      const v = conv.scores[i];
      grid.append(el("span", { text: dim.replace(/_/g, " ") }),
        el("span", { class: "track" }, [el("span", { class: "fill", style: "display:block;width:" + (v || 0) + "%;background:" + color(v) })]),
        el("span", { text: v === null ? "n/a" : String(v) }));
    });
    return grid;
  }
  function sentimentChart(points) {
    const NS = "http://www.w3.org/2000/svg", width = 300, height = 120, pad = 12;
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("class", "chart sentiment"); svg.setAttribute("width", width); svg.setAttribute("height", height);
    svg.setAttribute("role", "img"); svg.setAttribute("aria-label", "customer sentiment");
    function add(tag, attrs) {
      const node = document.createElementNS(NS, tag);
      Object.entries(attrs).forEach(function (pair) { node.setAttribute(pair[0], pair[1]); });
      svg.append(node);
      return node;
    }
    add("rect", { width: width, height: height, fill: "#f8f9fc" });
    add("line", { x1: 0, y1: height / 2, x2: width, y2: height / 2, stroke: "#c4c9d4", "stroke-dasharray": "4 3" });
    const step = (width - 2 * pad) / Math.max(1, points.length - 1);
    const xy = points.map(function (p, i) { return [pad + i * step, pad + (1 - (p + 1) / 2) * (height - 2 * pad)]; });
    add("polyline", { points: xy.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" "),
      fill: "none", stroke: "#3b6fd8", "stroke-width": 2 });
    xy.forEach(function (p, i) { add("circle", { cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 4, fill: color(Math.round(50 + 50 * points[i])) }); });
    return svg;
  }
  function highlighted(text, findings) {
    const out = el("div", { class: "text" });
    let pos = 0;
    findings.slice().sort(function (a, b) { return a[1] - b[1] || b[2] - a[2]; }).forEach(function (f) {
      if (f[1] < pos) return;  // overlapping span: the earlier one is already marked
      out.append(text.slice(pos, f[1]));
      if (f[0] === null) {  // the sentence a request asks in
        out.append(el("mark", { class: "ask", text: text.slice(f[1], f[2]), title: "request: " + HANDLED[f[5]] }));
      } else {
        const tag = NAMES[f[0]];
        out.append(el("mark", { class: BAD.has(tag) ? "bad" : "good", text: text.slice(f[1], f[2]),
          title: NAMES[f[4]] + " · confidence " + (f[3] / 100).toFixed(2) }));
      }
      pos = f[2];
    });
    out.append(text.slice(pos));
    return out;
  }
  const HANDLED = { answered: "answered", partial: "partly answered", clarify: "asked for details",
    deferred: "follow-up promised", redirect: "sent elsewhere", missed: "not answered", no_reply: "no reply" };
  const UNHANDLED = new Set(["partial", "redirect", "missed", "no_reply"]);
  function requestMark(request) {  // on the customer turn that asks: how the reply handled it
    const replies = request.replies.length ? " (turn " + request.replies.join(", ") + ")" : "";
    const text = "asks: " + HANDLED[request.handling] + replies + (request.reask ? " · asked again for the " + request.reask : "");
    return el("span", { class: "badge request" + (UNHANDLED.has(request.handling) || request.reask ? " bad" : ""), text: text });
  }
  function macroNote(t, spans) {  // the sentences sent in many conversations, or required
    const quoted = spans.map(function (s) { return "“" + t[2].slice(s[1], s[2]) + "”"; }).join(" ");
    return el("div", { class: "said macro-line", text: "macro (sent in many conversations or a required script): " + quoted });
  }
  function turn(t, index, request, macros) {
    const badges = Array.from(new Map(t[3].map(function (f) { return [NAMES[f[0]], f[3]]; })).entries()).sort();
    const best = {};
    t[3].forEach(function (f) { const tag = NAMES[f[0]]; best[tag] = Math.max(best[tag] || 0, f[3]); });
    const who = el("span", { class: "who", text: "#" + (index + 1) + " " + (t[1] || t[0]) + " " }, [el("span", { class: "role", text: "(" + t[0] + ")" })]);
    const box = el("div", { class: "turn " + t[0] }, [who]);
    if (macros.length) box.append(el("span", { class: "badge macro", text: "macro" }));
    badges.forEach(function (pair) {
      const tag = pair[0], conf = best[tag];
      box.append(el("span", { class: "badge" + (BAD.has(tag) ? " bad" : "") }, [tag,
        conf < 100 ? el("small", { class: "conf", text: " " + (conf / 100).toFixed(2) }) : null]));
    });
    const marks = t[3].slice();
    if (request) {
      box.append(requestMark(request));
      marks.push([null, request.start, request.end, 100, null, request.handling]);
    }
    box.append(highlighted(t[2], marks));
    if (macros.length) box.append(macroNote(t, macros));
    return box;
  }
  function detail(conv) {
    const box = el("div", { class: "conversation" });
    box.append(el("p", { class: "meta", text: "agent: " + conv.agent + " · channel: " + (conv.channel || "unknown") +
      " · turns: " + conv.turns.length + " · source: " + (conv.source || "-") }));
    if (conv.inferred) box.append(el("p", { class: "inferred", text: "Roles were inferred from content." }));
    if (conv.fail.length) box.append(el("p", { class: "fail", text: (DATA.gated ? "Failed: " : "Critical rule hit: ") + conv.fail.join("; ") }));
    const charts = el("div", { class: "charts" }, [scoreBars(conv)]);
    if (conv.sent) {
      charts.append(el("figure", {}, [sentimentChart(conv.sent[3]), el("figcaption", {
        text: "customer sentiment " + signed(conv.sent[0]) + " → " + signed(conv.sent[1]) + " (" + conv.sent[2] + ")" })]));
    }
    if (conv.reasons.length) {  // why each low dimension is low
      const why = el("ul", { class: "reasons" });
      conv.reasons.forEach(function (r) {
        why.append(el("li", {}, [el("b", { text: r[0].replace(/_/g, " ") + " " + r[1] + ": " }), r[2]]));
      });
      charts.append(el("div", {}, [el("h3", { text: "Why " + conv.scores[0] }), why]));
    }
    box.append(charts, el("h3", { text: "Transcript" }));
    const asked = new Map(conv.requests.map(function (r) { return [r.turn, r]; }));
    conv.turns.forEach(function (t, i) {
      box.append(turn(t, i, asked.get(i + 1), conv.macros.filter(function (m) { return m[0] === i; })));
    });
    box.append(el("h3", { text: "Tips" }));
    if (conv.tips.length) {
      const list = el("ol", { class: "tips" });
      conv.tips.forEach(function (tip) {
        const item = el("li", {}, [el("b", { text: tip[0] }), " " + tip[3]]);
        if (tip[6]) {  // the customer's words that make the point
          item.append(el("br"), el("span", { class: "said", text: "customer said (turn " + tip[6][0] + "): " }),
            el("span", { class: "quote customer", text: "“" + tip[6][1] + "”" }));
        }
        item.append(el("br"), el("span", { class: "said", text: tip[2] ? "you said (turn " + tip[1] + "): " : "no reply after turn " + tip[1] }));
        if (tip[2]) item.append(el("span", { class: "quote", text: "“" + tip[2] + "”" }));
        if (tip[4]) {
          item.append(el("br"), el("span", { class: "said", text: "try: " }), el("span", { class: "rewrite", text: "“" + tip[4] + "”" }));
          if (DATA.explain) item.append(el("br"), el("small", { class: "checked", text: "checked: earns " + (tip[5].join(", ") || "no tag") }));
        }
        list.append(item);
      });
      box.append(list);
    } else {
      box.append(el("p", { text: conv.status === "unscored" ? DATA.unscored : conv.noTips }));
    }
    return box;
  }
  function signed(x) { return (x >= 0 ? "+" : "") + x.toFixed(2); }

  // ---- wiring --------------------------------------------------------------------------
  let timer = null;
  ["f-text", "f-min", "f-max"].forEach(function (id) {
    $(id).addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { state.limit = PAGE; draw(); }, 150); });
  });
  ["f-agent", "f-team", "f-tag", "f-tip", "f-failed"].forEach(function (id) {
    $(id).addEventListener("change", function () { state.limit = PAGE; draw(); });
  });
  $("f-reset").addEventListener("click", function () {
    document.querySelectorAll(".controls input, .controls select").forEach(function (input) {
      if (input.type === "checkbox") input.checked = false; else input.value = "";
    });
    state.limit = PAGE; draw();
  });
  $("more").addEventListener("click", function () { state.limit += PAGE; draw(); });
  if (!DATA.gated) $("f-failed-name").textContent = "critical rule hit only";
  $("show-failed").addEventListener("click", function () {  // every conversation, worst first
    state.key = "overall"; state.descending = false; state.limit = PAGE; draw();
    $("conversations").scrollIntoView();
  });
  function follow() {  // #c123 opens conversation 123 wherever it sorts
    const m = /^#c(\d+)$/.exec(location.hash);
    const conv = m && convs[Number(m[1]) - 1];
    if (!conv) return;
    document.querySelectorAll(".controls input, .controls select").forEach(function (input) {
      if (input.type === "checkbox") input.checked = false; else input.value = "";
    });
    $("f-text").value = conv.id.toLowerCase();
    state.open.add(conv.n); draw();
    const target = $("c" + conv.n);
    if (target) target.scrollIntoView();
  }
  window.addEventListener("hashchange", follow);
  if (convs.length === 1) state.open.add(1);  // a report on one conversation shows it
  draw();
  follow();
})();

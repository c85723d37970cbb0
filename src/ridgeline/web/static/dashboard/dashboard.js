// The operations dashboard: reads /api/v1/metrics with the staff token, draws cards, charts, tables.
// Formatting follows `ridgeline report` (cli/report.py format_value) so both show the same text.
(function () {
  "use strict";
  const KEY = "ridgeline.dashboard.token";
  // metric -> [label, kind, better: 1 higher is better, -1 lower is better, 0 neither]
  const METRICS = {
    contacts: ["Contacts", "count", 0],
    automation_rate: ["Automation rate (resolved, no person)", "share", 1],
    resolution_rate: ["Resolution rate", "share", 1],
    durable_resolution_rate: ["Durable resolution (no repeat in 7 days)", "share", 1],
    repeat_contact_rate: ["Repeat-contact rate", "share", -1],
    handoff_rate: ["Handoff rate", "share", 0],
    necessary_handoff_share: ["Necessary handoffs (of handoffs)", "share", 1],
    abandonment_rate: ["Abandonment rate", "share", -1],
    time_to_resolution_p50_s: ["Time to resolution p50", "seconds", -1],
    time_to_resolution_p90_s: ["Time to resolution p90", "seconds", -1],
    time_to_human_p50_s: ["Time to a person p50", "seconds", -1],
    time_to_human_p90_s: ["Time to a person p90", "seconds", -1],
    csat_positive_share: ["Satisfaction (4-5 of 5)", "share", 1],
    csat_mean: ["Satisfaction mean score", "score", 1],
    csat_response_rate: ["Survey response rate", "share", 0],
    complaint_rate: ["Complaint rate", "share", -1],
    complaint_upheld_share: ["Complaints upheld", "share", -1],
    cost_per_contact: ["Cost per contact", "money", -1],
    cost_per_resolved_contact: ["Cost per resolved contact", "money", -1],
    assistant_fte_equivalent: ["Assistant's work in full-time people", "number", 0],
  };
  const CHARTS = ["contacts", "automation_rate", "durable_resolution_rate", "csat_positive_share",
    "time_to_human_p50_s", "cost_per_resolved_contact"];
  const TABLE = ["contacts", "automation_rate", "durable_resolution_rate", "handoff_rate",
    "time_to_human_p50_s", "csat_positive_share", "complaint_rate", "cost_per_contact"];
  const $ = (id) => document.getElementById(id);
  let last = null;

  function group(n, digits) {
    return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function format(value, kind) {
    if (value === null || value === undefined) return "-";
    if (kind === "count") return group(value, 0);
    if (kind === "share") return (value * 100).toFixed(1) + "%";
    if (kind === "seconds") return value >= 120 ? (value / 60).toFixed(1) + " min" : value.toFixed(0) + " s";
    if (kind === "money") return group(value / 100, 2);
    return group(value, 2);
  }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function token() { return sessionStorage.getItem(KEY); }

  function query() {
    const params = new URLSearchParams();
    ["from", "to", "market", "language"].forEach((name) => {
      const v = $(name).value;
      if (v) params.set(name, v);
    });
    return params.toString();
  }

  async function call(path) {
    const res = await fetch(path, { headers: { Authorization: "Bearer " + token() } });
    if (res.status === 401 || res.status === 403) { signOut("That token is not a staff token."); return null; }
    if (!res.ok) throw new Error("the server answered " + res.status);
    return res;
  }

  async function load() {
    $("status").textContent = "Loading…";
    try {
      const res = await call("/api/v1/metrics?" + query());
      if (!res) return;
      last = await res.json();
      render(last);
      $("status").textContent = "";
    } catch (err) {
      $("status").textContent = "Could not load the figures: " + err.message;
    }
  }

  function render(data) {
    $("from").value = data.period.from;
    $("to").value = data.period.to;
    fillChoices("market", data.choices.market, data.filters.market);
    fillChoices("language", data.choices.language, data.filters.language);
    $("period").textContent = data.period.from + " to " + data.period.to + " (" + data.period.days + " days)";
    $("provisional").textContent = data.provisional_from;
    cards(data);
    charts(data.series);
    reasons(data);
    byPath(data.satisfaction_by_path);
    breakdown();
    document.body.dataset.loaded = "true";
  }

  function fillChoices(id, values, chosen) {
    const select = $(id);
    select.replaceChildren(el("option", { value: "" }, "all"));
    values.forEach((v) => select.appendChild(el("option", { value: v }, v)));
    select.value = chosen || "";
  }

  function cards(data) {
    const box = $("cards");
    box.replaceChildren();
    Object.entries(METRICS).forEach(([key, [label, kind, better]]) => {
      if (!(key in data.headline)) return;
      const value = data.headline[key];
      const before = data.previous[key];
      const card = el("div", { class: "card", "data-metric": key, "data-value": String(value) });
      card.appendChild(el("div", { class: "label" }, label));
      card.appendChild(el("div", { class: "value" }, format(value, kind)));
      let trend = "no earlier figure";
      let cls = "trend";
      if (value !== null && before !== null && before !== undefined) {
        const delta = value - before;
        const arrow = delta > 0 ? "▲" : delta < 0 ? "▼" : "=";
        trend = arrow + " from " + format(before, kind);
        if (better !== 0 && delta !== 0) cls += (delta * better > 0) ? " better" : " worse";
      }
      card.appendChild(el("div", { class: cls }, trend));
      box.appendChild(card);
    });
  }

  function charts(series) {
    const box = $("charts");
    box.replaceChildren();
    const days = series.day || [];
    CHARTS.forEach((key) => {
      const [label, kind] = METRICS[key];
      const values = series[key] || [];
      const wrap = el("div", { class: "chart", "data-series": key });
      wrap.appendChild(el("h3", {}, label));
      wrap.appendChild(line(days, values, kind));
      box.appendChild(wrap);
    });
  }

  function line(days, values, kind) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    const W = 360, H = 120, L = 44, B = 16;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    const finite = values.filter((v) => v !== null);
    if (!finite.length) return svg;
    const lo = Math.min(...finite), hi = Math.max(...finite);
    const span = hi - lo || Math.abs(hi) || 1;
    const x = (i) => L + (days.length > 1 ? (i * (W - L - 4)) / (days.length - 1) : 0);
    const y = (v) => 4 + (H - B - 8) * (1 - (v - lo) / span);
    const points = [];
    values.forEach((v, i) => { if (v !== null) points.push(x(i).toFixed(1) + "," + y(v).toFixed(1)); });
    const axis = document.createElementNS(ns, "line");
    [["x1", L], ["y1", H - B], ["x2", W], ["y2", H - B], ["class", "axis"]].forEach(([k, v]) => axis.setAttribute(k, v));
    svg.appendChild(axis);
    const poly = document.createElementNS(ns, "polyline");
    poly.setAttribute("points", points.join(" "));
    svg.appendChild(poly);
    [[hi, 10], [lo, H - B - 2]].forEach(([v, yy]) => {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", 0); t.setAttribute("y", yy); t.textContent = format(v, kind);
      svg.appendChild(t);
    });
    [[0, "start"], [days.length - 1, "end"]].forEach(([i, anchor]) => {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", i === 0 ? L : W); t.setAttribute("y", H - 2);
      t.setAttribute("text-anchor", anchor); t.textContent = days[i];
      svg.appendChild(t);
    });
    return svg;
  }

  function reasons(data) {
    bars($("reasons"), data.handoff_rate_by.handoff_reason, "data-reason");
    bars($("queues"), data.handoff_rate_by.queue, "data-queue");
    const n = data.necessary_handoffs;
    $("necessary").textContent = "Necessary handoffs (a person acted or a rule required one): " +
      group(n.necessary, 0) + "; avoidable: " + group(n.avoidable, 0) + ".";
  }

  function bars(box, shares, attr) {
    box.replaceChildren();
    const rates = Object.entries(shares).sort((a, b) => b[1] - a[1]);
    const top = rates.length ? rates[0][1] : 1;
    rates.forEach(([reason, rate]) => {
      const row = el("div", { class: "bar", [attr]: reason });
      row.appendChild(el("span", {}, reason));
      const track = el("span", {});
      track.appendChild(el("span", { class: "fill", style: "width:" + (100 * rate / top).toFixed(1) + "%" }));
      row.appendChild(track);
      row.appendChild(el("span", {}, format(rate, "share")));
      box.appendChild(row);
    });
  }

  function byPath(paths) {
    const table = $("by-path");
    table.replaceChildren();
    const head = el("tr", {});
    ["Path", "Contacts", "Positive", "Mean", "Responses", "Response rate"].forEach((h) => head.appendChild(el("th", {}, h)));
    table.appendChild(head);
    Object.entries(paths).forEach(([path, s]) => {
      const tr = el("tr", { "data-path": path });
      [path, format(s.contacts, "count"), format(s.positive_share, "share"), format(s.mean_score, "score"),
        format(s.responses, "count"), format(s.response_rate, "share")].forEach((v) => tr.appendChild(el("td", {}, v)));
      table.appendChild(tr);
    });
  }

  function breakdown() {
    if (!last) return;
    const by = $("breakdown-by").value;
    const groups = last.breakdowns[by] || {};
    const table = $("breakdown");
    table.replaceChildren();
    const head = el("tr", {});
    head.appendChild(el("th", {}, by));
    TABLE.forEach((k) => head.appendChild(el("th", {}, METRICS[k][0])));
    table.appendChild(head);
    Object.entries(groups).sort((a, b) => (b[1].contacts || 0) - (a[1].contacts || 0)).forEach(([label, figs]) => {
      const tr = el("tr", { "data-label": label });
      tr.appendChild(el("td", {}, label));
      TABLE.forEach((k) => tr.appendChild(el("td", {}, format(figs[k], METRICS[k][1]))));
      table.appendChild(tr);
    });
  }

  async function exportCsv() {
    const res = await call("/api/v1/metrics/export.csv?" + query());
    if (!res) return;
    const blob = await res.blob();
    const a = el("a", { href: URL.createObjectURL(blob), download: "ridgeline-metrics.csv" });
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    $("dashboard").hidden = true;
    $("signin").hidden = false;
    $("signin-error").textContent = message || "";
  }

  function start() {
    const params = new URLSearchParams(location.search);
    if (params.get("token")) {
      sessionStorage.setItem(KEY, params.get("token"));
      params.delete("token");
      history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
    }
    ["from", "to", "market", "language"].forEach((name) => { if (params.get(name)) $(name).value = params.get(name); });
    if (!token()) { signOut(""); return; }
    $("signin").hidden = true;
    $("dashboard").hidden = false;
    load();
  }

  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, $("token").value.trim());
    start();
  });
  $("filters").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("breakdown-by").addEventListener("change", breakdown);
  $("export").addEventListener("click", exportCsv);
  $("signout").addEventListener("click", () => signOut(""));
  start();
})();

// The operations dashboard: reads /api/v1/metrics with the staff token and draws cards, charts
// and tables; polls /api/v1/metrics/live for the live panel. The words, the names of figures
// and groups, and each figure's unit and better direction come from the page (#setup), made by
// the server from web/pages/strings/dashboard/ and analytics/units.py: one unit per figure.
// The filters live in the address (reload keeps them, back and forward move between them); a
// filter the server would refuse is refused here with a message, and nothing changes.
(function () {
  "use strict";
  const KEY = "ridgeline.dashboard.token";
  const $ = (id) => document.getElementById(id);
  const SETUP = JSON.parse($("setup").textContent);
  const W = SETUP.words, N = SETUP.names, FIGURES = SETUP.figures, LANG = SETUP.language;
  const FILTERS = ["from", "to", "market", "language"];
  const CHARTS = ["contacts", "automation_rate", "durable_resolution_rate", "csat_positive_share",
    "time_to_human_p50_s", "cost_per_resolved_contact"];
  const TABLE = ["contacts", "automation_rate", "durable_resolution_rate", "handoff_rate",
    "time_to_human_p50_s", "csat_positive_share", "complaint_rate", "cost_per_contact"];
  const DAY = /^\d{4}-\d{2}-\d{2}$/;
  const CODE = /^[A-Za-z]{2,8}$/;
  let last = null; // the figures shown
  let shownState = null; // the filters of the figures shown
  let ticket = 0; // the latest request of figures; older answers are dropped
  let liveTimer = null;

  function say(text, facts) {
    return text.replace(/\{(\w+)\}/g, (all, name) => (name in facts ? String(facts[name]) : all));
  }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function token() { return sessionStorage.getItem(KEY); }

  // One unit per figure: the same format for a card, its previous value, its chart and tables.
  const formats = {};
  function formatter(unit, currency) {
    const key = unit + ":" + (currency || "");
    if (!formats[key]) {
      const digits = (n) => ({ minimumFractionDigits: n, maximumFractionDigits: n });
      const options = {
        count: digits(0),
        percent: { style: "percent", ...digits(1) },
        minutes: { style: "unit", unit: "minute", unitDisplay: "short", ...digits(1) },
        money: { style: "currency", currency: currency || "USD" },
        score: digits(2),
        people: digits(1),
      }[unit] || digits(2);
      formats[key] = new Intl.NumberFormat(LANG, options);
    }
    return formats[key];
  }
  function format(value, unit, currency) {
    if (value === null || value === undefined) return "–";
    const f = formatter(unit, currency);
    if (unit === "minutes") return f.format(value / 60);
    if (unit === "money") return f.format(value / 10 ** f.resolvedOptions().maximumFractionDigits);
    return f.format(value);
  }
  function figure(key, value) {
    return format(value, (FIGURES[key] || { unit: "people" }).unit, last && last.currency);
  }
  function plain(key) {
    const text = key.replace(/_/g, " ").trim();
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  function nameOf(dimension, value) {
    if (!value || value === "(none)") return W.none;
    if (dimension === "day") return value;
    return (N[dimension] || {})[value] || plain(value);
  }
  function metricName(key) { return N.metric[key] || plain(key); }
  function periodText(p) { return say(W.period, { first: p.from, last: p.to, days: p.days }); }

  // The filters: the address, the form, and the checks the server makes.
  function fromAddress() {
    const params = new URLSearchParams(location.search);
    const state = {};
    FILTERS.forEach((name) => { state[name] = params.get(name) || ""; });
    state.by = params.get("by") || "";
    return state;
  }
  function fromForm() {
    const state = {};
    FILTERS.forEach((name) => { state[name] = $(name).value.trim(); });
    state.by = $("breakdown-by").value;
    return state;
  }
  function toForm(state) {
    ["from", "to"].forEach((name) => { $(name).value = state[name] || ""; });
    ["market", "language"].forEach((name) => ensureOption(name, state[name] || ""));
    if (state.by && [...$("breakdown-by").options].some((o) => o.value === state.by)) {
      $("breakdown-by").value = state.by;
    }
  }
  function address(state) {
    const params = new URLSearchParams();
    const lang = new URLSearchParams(location.search).get("lang");
    if (lang) params.set("lang", lang);
    FILTERS.forEach((name) => { if (state[name]) params.set(name, state[name]); });
    if (state.by && state.by !== "intent") params.set("by", state.by);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }
  function query(state, extra) {
    const params = new URLSearchParams(extra || {});
    FILTERS.forEach((name) => { if (state[name]) params.set(name, state[name]); });
    return params.toString();
  }
  function isDay(text) {
    if (!DAY.test(text)) return false;
    const day = new Date(text + "T00:00:00Z");
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
  }
  // Return the first problem of the filters ({field, message}), or null. `complete`: the form's
  // two dates are required (an address may leave them out for the default period).
  function problem(state, complete) {
    const label = { from: W.from, to: W.to, market: W.market, language: W.language };
    for (const name of ["from", "to"]) {
      const value = state[name];
      if (!value) {
        if (complete) return { field: name, message: say(W.date_missing, { field: label[name] }) };
        continue;
      }
      if (!isDay(value)) return { field: name, message: say(W.date_invalid, { field: label[name] }) };
      if (value < SETUP.earliest || value > SETUP.latest) {
        return { field: name, message: say(W.date_out_of_range,
          { field: label[name], earliest: SETUP.earliest, latest: SETUP.latest }) };
      }
    }
    if (state.from && state.to) {
      if (state.from > state.to) {
        return { field: "from", message: say(W.range_reversed, { first: state.from, last: state.to }) };
      }
      const days = (Date.parse(state.to) - Date.parse(state.from)) / 86400000 + 1;
      if (days > SETUP.max_days) return { field: "from", message: say(W.range_too_long, { days: SETUP.max_days }) };
    }
    for (const name of ["market", "language"]) {
      if (state[name] && !CODE.test(state[name])) {
        return { field: name, message: say(W.code_invalid, { field: label[name] }) };
      }
    }
    return null;
  }
  function showProblem(found) {
    FILTERS.forEach((name) => $(name).removeAttribute("aria-invalid"));
    if (!found) { $("filters-error").textContent = ""; return; }
    if (found.field) $(found.field).setAttribute("aria-invalid", "true");
    const kept = last ? " " + say(W.unchanged_note, { period: periodText(last.period) }) : "";
    $("filters-error").textContent = found.message + kept;
    if (found.field) $(found.field).focus();
  }

  async function call(path) {
    const res = await fetch(path, { headers: { Authorization: "Bearer " + token() } });
    if (res.status === 401 || res.status === 403) { signOut(W.not_staff); return null; }
    if (!res.ok) {
      let reason = String(res.status);
      try { reason = (await res.json()).error.message || reason; } catch (err) { /* not JSON */ }
      const error = new Error(reason);
      error.status = res.status;
      throw error;
    }
    return res;
  }

  // Load the figures of `state`; only a success changes the page and (with `push`) the address.
  async function load(state, push) {
    const mine = ++ticket;
    $("status").textContent = W.loading;
    try {
      const res = await call("/api/v1/metrics?" + query(state));
      if (!res) return;
      const data = await res.json();
      if (mine !== ticket) return;
      last = data;
      shownState = state;
      showProblem(null);
      render(data, state);
      $("status").textContent = "";
      const target = address(state);
      if (push && target !== location.pathname + location.search) history.pushState(null, "", target);
    } catch (err) {
      if (mine !== ticket) return;
      $("status").textContent = "";
      showProblem({ field: err.status === 422 ? "from" : null, message: say(W.load_failed, { reason: err.message }) });
    }
  }

  function render(data, state) {
    $("from").value = data.period.from;
    $("to").value = data.period.to;
    fillChoices("market", data.choices.market, data.filters.market);
    fillChoices("language", data.choices.language, data.filters.language);
    $("period").textContent = periodText(data.period);
    $("trend-note").textContent = say(W.trend_note, { period: periodText(data.previous_period) });
    $("money-note").textContent = say(W.money_note, { currency: data.currency });
    $("provisional-note").textContent = say(W.provisional_note, { day: data.provisional_from });
    if (state.by) $("breakdown-by").value = state.by;
    cards(data);
    charts(data.series);
    reasons(data);
    byPath(data.satisfaction_by_path);
    breakdown();
    document.body.dataset.loaded = "true";
  }

  function ensureOption(id, value) {
    const select = $(id);
    if (value && ![...select.options].some((o) => o.value === value)) {
      select.appendChild(el("option", { value: value }, nameOf(id, value) + " (" + value + ")"));
    }
    select.value = value;
  }
  function fillChoices(id, values, chosen) {
    const select = $(id);
    select.replaceChildren(el("option", { value: "" }, id === "market" ? W.all_markets : W.all_languages));
    values.forEach((v) => select.appendChild(el("option", { value: v }, nameOf(id, v) + " (" + v + ")")));
    ensureOption(id, chosen || "");
  }

  function cards(data) {
    const box = $("cards");
    box.replaceChildren();
    SETUP.order.forEach((key) => {
      if (!(key in data.headline)) return;
      const value = data.headline[key];
      const before = data.previous[key];
      const card = el("div", { class: "card", "data-metric": key, "data-value": String(value) });
      card.appendChild(el("div", { class: "label" }, metricName(key)));
      card.appendChild(el("div", { class: "value" }, figure(key, value)));
      card.appendChild(trend(key, value, before, (data.trend || {})[key]));
      box.appendChild(card);
    });
  }
  // The move from the previous period: a neutral mark when the shown values are the same.
  function trend(key, value, before, moved) {
    const box = el("div", { class: "trend neutral" });
    if (!moved || value === null || before === null || before === undefined) {
      box.textContent = W.no_earlier;
      box.dataset.direction = "none";
      return box;
    }
    const then = figure(key, before);
    const same = moved.direction === "same" || figure(key, value) === then;
    const direction = same ? "same" : moved.direction;
    const verdict = same ? "neutral" : moved.verdict;
    box.className = "trend " + verdict;
    box.dataset.direction = direction;
    const mark = { up: "▲", down: "▼", same: "=" }[direction];
    box.appendChild(el("span", { class: "mark", "aria-hidden": "true" }, mark + " "));
    const words = { up: W.rose, down: W.fell, same: W.unchanged }[direction];
    box.appendChild(document.createTextNode(say(words, { before: then })));
    if (verdict !== "neutral") box.appendChild(document.createTextNode(" · " + W[verdict]));
    return box;
  }

  function charts(series) {
    const box = $("charts");
    box.replaceChildren();
    const days = series.day || [];
    CHARTS.forEach((key) => {
      const wrap = el("figure", { class: "chart", "data-series": key });
      wrap.appendChild(el("figcaption", {}, metricName(key)));
      wrap.appendChild(line(key, days, series[key] || []));
      box.appendChild(wrap);
    });
  }

  function svgNode(tag, attrs, text) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function line(key, days, values) {
    const W_ = 360, H = 120, L = 56, B = 16;
    const svg = svgNode("svg", { viewBox: "0 0 " + W_ + " " + H, role: "img" });
    const finite = values.filter((v) => v !== null);
    if (!finite.length) {
      svg.setAttribute("aria-label", say(W.chart_empty, { metric: metricName(key) }));
      return svg;
    }
    const lo = Math.min(...finite), hi = Math.max(...finite);
    svg.setAttribute("aria-label", say(W.chart_label, { metric: metricName(key), first: days[0],
      last: days[days.length - 1], low: figure(key, lo), high: figure(key, hi) }));
    const span = hi - lo || Math.abs(hi) || 1;
    const x = (i) => L + (days.length > 1 ? (i * (W_ - L - 4)) / (days.length - 1) : 0);
    const y = (v) => 4 + (H - B - 8) * (1 - (v - lo) / span);
    const points = [];
    values.forEach((v, i) => { if (v !== null) points.push(x(i).toFixed(1) + "," + y(v).toFixed(1)); });
    svg.appendChild(svgNode("line", { x1: L, y1: H - B, x2: W_, y2: H - B, class: "axis" }));
    svg.appendChild(svgNode("polyline", { points: points.join(" ") }));
    [[hi, 10], [lo, H - B - 2]].forEach(([v, yy]) => svg.appendChild(svgNode("text", { x: 0, y: yy }, figure(key, v))));
    [[0, "start"], [days.length - 1, "end"]].forEach(([i, anchor]) => {
      svg.appendChild(svgNode("text", { x: i === 0 ? L : W_, y: H - 2, "text-anchor": anchor }, days[i]));
    });
    return svg;
  }

  function reasons(data) {
    bars($("reasons"), data.handoff_rate_by.handoff_reason, "handoff_reason", "data-reason");
    bars($("queues"), data.handoff_rate_by.queue, "queue", "data-queue");
    const n = data.necessary_handoffs;
    $("necessary").textContent = say(W.necessary_note,
      { necessary: format(n.necessary, "count"), avoidable: format(n.avoidable, "count") });
  }
  function bars(box, shares, dimension, attr) {
    box.replaceChildren();
    const rates = Object.entries(shares).sort((a, b) => b[1] - a[1]);
    const top = rates.length ? rates[0][1] || 1 : 1;
    rates.forEach(([value, rate]) => {
      const row = el("div", { class: "bar", [attr]: value });
      row.appendChild(el("span", { class: "name" }, nameOf(dimension, value)));
      const track = el("span", { class: "track", "aria-hidden": "true" });
      track.appendChild(el("span", { class: "fill", style: "width:" + (100 * rate / top).toFixed(1) + "%" }));
      row.appendChild(track);
      row.appendChild(el("span", { class: "share" }, figure("handoff_rate", rate)));
      box.appendChild(row);
    });
  }

  function headRow(table, labels) {
    const thead = el("thead", {});
    const head = el("tr", {});
    labels.forEach((h) => head.appendChild(el("th", { scope: "col" }, h)));
    thead.appendChild(head);
    table.appendChild(thead);
    const body = el("tbody", {});
    table.appendChild(body);
    return body;
  }
  function byPath(paths) {
    const table = $("by-path");
    table.replaceChildren();
    const body = headRow(table, [W.path, metricName("contacts"), metricName("csat_positive_share"),
      metricName("csat_mean"), W.responses, metricName("csat_response_rate")]);
    Object.entries(paths).forEach(([path, s]) => {
      const tr = el("tr", { "data-path": path });
      tr.appendChild(el("th", { scope: "row" }, nameOf("path", path)));
      [figure("contacts", s.contacts), figure("csat_positive_share", s.positive_share),
        figure("csat_mean", s.mean_score), format(s.responses, "count"),
        figure("csat_response_rate", s.response_rate)].forEach((v) => tr.appendChild(el("td", {}, v)));
      body.appendChild(tr);
    });
  }
  function breakdown() {
    if (!last) return;
    const by = $("breakdown-by").value;
    const groups = last.breakdowns[by] || {};
    const table = $("breakdown");
    table.replaceChildren();
    const body = headRow(table, [N.dimension[by] || plain(by), ...TABLE.map(metricName)]);
    Object.entries(groups).sort((a, b) => (b[1].contacts || 0) - (a[1].contacts || 0)).forEach(([value, figs]) => {
      const tr = el("tr", { "data-label": value });
      tr.appendChild(el("th", { scope: "row" }, nameOf(by, value)));
      TABLE.forEach((k) => tr.appendChild(el("td", {}, figure(k, figs[k]))));
      body.appendChild(tr);
    });
  }

  // The CSV of the figures shown, in the page's language; its name comes from the server.
  async function exportCsv() {
    if (!shownState) return;
    $("status").textContent = W.exporting;
    try {
      const res = await call("/api/v1/metrics/export.csv?" + query(shownState, { lang: LANG }));
      if (!res) return;
      const disposition = res.headers.get("Content-Disposition") || "";
      const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "ridgeline-figures.csv";
      const blob = await res.blob();
      const a = el("a", { href: URL.createObjectURL(blob), download: name });
      document.body.appendChild(a);
      a.click();
      a.remove();
      $("status").textContent = say(W.exported, { name: name });
    } catch (err) {
      $("status").textContent = say(W.load_failed, { reason: err.message });
    }
  }

  // The live panel: the desk's queues and people, asked for every few seconds (not while the
  // page is hidden).
  function liveFigure(name, value, key) {
    const row = el("div", { "data-live": key });
    row.appendChild(el("dt", {}, name));
    row.appendChild(el("dd", {}, value));
    return row;
  }
  function wait(seconds) { return seconds === null ? W.nobody_waiting : format(seconds, "minutes"); }
  function renderLive(data) {
    const box = $("live-figures");
    box.replaceChildren(
      liveFigure(W.waiting_customers, format(data.waiting_customers, "count"), "waiting_customers"),
      liveFigure(W.waiting_conversations, format(data.waiting_conversations, "count"), "waiting_conversations"),
      liveFigure(W.oldest_wait, wait(data.oldest_wait_seconds), "oldest_wait"),
      liveFigure(W.agents_online, format(data.agents_online, "count"), "agents_online"),
      liveFigure(W.agents_away, format(data.agents_away, "count"), "agents_away"),
      liveFigure(W.chats_held, format(data.chats_held, "count"), "chats_held"),
      liveFigure(W.free_slots, format(data.free_slots, "count"), "free_slots"),
    );
    const body = $("live-queues").tBodies[0];
    body.replaceChildren();
    data.queues.forEach((q) => {
      const tr = el("tr", { "data-queue": q.queue, class: q.over_target ? "late" : "" });
      tr.appendChild(el("th", { scope: "row" }, nameOf("queue", q.queue)));
      [format(q.waiting, "count"), format(q.high_priority, "count"), wait(q.oldest_wait_seconds),
        format(q.over_target, "count"), format(q.agents_online, "count"), format(q.free_slots, "count")]
        .forEach((v) => tr.appendChild(el("td", {}, v)));
      body.appendChild(tr);
    });
    const at = new Date(data.at);
    $("live-status").textContent = say(W.live_updated, { time: at.toLocaleTimeString(LANG) });
    document.body.dataset.liveAt = data.at;
  }
  async function pollLive() {
    liveTimer = null;
    if (!token()) return;
    if (!document.hidden) {
      try {
        const res = await call("/api/v1/metrics/live");
        if (!res) return;
        renderLive(await res.json());
      } catch (err) {
        $("live-status").textContent = W.live_failed;
      }
    }
    if (token()) liveTimer = setTimeout(pollLive, SETUP.live_seconds * 1000);
  }
  function stopLive() { if (liveTimer) clearTimeout(liveTimer); liveTimer = null; }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    stopLive();
    $("dashboard").hidden = true;
    $("signin").hidden = false;
    $("signin-error").textContent = message || "";
  }

  // Show what the address asks for (first visit, reload, back or forward).
  function follow() {
    const state = fromAddress();
    toForm(state);
    const found = problem(state, false);
    if (found) { showProblem(found); return; }
    load(state, false);
  }

  function start() {
    const params = new URLSearchParams(location.search);
    if (params.get("token")) {
      sessionStorage.setItem(KEY, params.get("token"));
      params.delete("token");
      history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
    }
    if (!token()) { signOut(""); return; }
    $("signin").hidden = true;
    $("dashboard").hidden = false;
    follow();
    stopLive();
    pollLive();
  }

  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, $("token").value.trim());
    start();
  });
  $("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    const state = fromForm();
    const found = problem(state, true);
    if (found) { showProblem(found); return; }
    load(state, true);
  });
  $("breakdown-by").addEventListener("change", () => {
    breakdown();
    if (shownState) {
      shownState = { ...shownState, by: $("breakdown-by").value };
      history.replaceState(null, "", address(shownState));
    }
  });
  $("export").addEventListener("click", exportCsv);
  $("signout").addEventListener("click", () => signOut(""));
  window.addEventListener("popstate", () => { if (token()) follow(); });
  start();
})();

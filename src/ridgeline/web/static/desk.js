// The agent console: sign in, the queue (polled, with the latest message, service-level timers
// and new-conversation alerts), the conversation with its summary and a live transcript, notes,
// macros, transfer, keyboard shortcuts, the customer's records beside it, and record actions
// confirmed with their parameters and a preview of what they change, undone where allowed.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = "ridgeline.desk.token";
  const DISPUTE_REASONS = JSON.parse($("dispute-reasons").textContent);
  let token = sessionStorage.getItem(TOKEN_KEY) || "";
  let me = null;
  let current = null; // the open conversation's desk view
  let stream = null;
  let lastSeq = 0;

  // One Idempotency-Key per action: a retry after a lost answer, or a second click while the
  // first is on its way, carries the same key, so the server does the action once.
  const pending = new Map(); // action (method, path and body) on its way -> its key
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)),
      (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function api(path, body, method) {
    const verb = method || (body === undefined ? "GET" : "POST");
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { "Authorization": "Bearer " + token, "Content-Type": "application/json" };
    const post = verb === "POST";
    const action = verb + " " + path + "\n" + payload;
    if (post) {
      if (!pending.has(action)) pending.set(action, newKey());
      headers["Idempotency-Key"] = pending.get(action);
    }
    try {
      for (let attempt = 0; ; attempt += 1) {
        let response;
        try {
          response = await fetch(path, { method: verb, headers, body: payload });
        } catch (error) { // the answer was lost: the same key again, so it happens once
          if (!post || attempt >= 3) throw error;
          await sleep(500 * (attempt + 1));
          continue;
        }
        if (response.status === 401) { signOut(); throw new Error("please sign in again"); }
        const data = response.status === 204 ? null : await response.json();
        const code = data && data.error && data.error.code;
        const again = code === "idempotency_key_in_progress" || response.status === 503;
        if (post && again && attempt < 3) { await sleep(1000); continue; }
        if (!response.ok) throw new Error((data && data.error && data.error.message) || response.statusText);
        return data;
      }
    } finally {
      if (post) pending.delete(action);
    }
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function button(label, cls, onClick) {
    const b = el("button", label, cls);
    b.type = "button";
    if (onClick) b.addEventListener("click", onClick);
    return b;
  }

  // The status line: what just happened, and for an action that can be undone, its Undo button.
  function flash(text, undoAction) {
    const box = $("flash");
    box.replaceChildren(el("span", text));
    if (undoAction) box.append(" ", button("Undo", "undo link", () => undo(undoAction)));
  }

  function money(amount, currency) {
    try { return new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(amount / 100); }
    catch (e) { return amount + " " + currency; }
  }

  const words = (name) => String(name || "").replaceAll("_", " ");

  function clockText(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const two = (n) => String(n).padStart(2, "0");
    return (h ? h + ":" + two(m) : String(m)) + ":" + two(r);
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    token = "";
    if (stream) stream.close();
    $("console").hidden = true;
    $("signin").hidden = false;
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("signin-error").textContent = "";
    const response = await fetch("/api/v1/desk/sign-in", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: $("email").value, password: $("password").value }),
    });
    const data = await response.json();
    if (!response.ok) { $("signin-error").textContent = data.error.message; return; }
    token = data.token;
    sessionStorage.setItem(TOKEN_KEY, token);
    enter();
  });
  $("signout").addEventListener("click", signOut);
  $("availability").addEventListener("change", async () => {
    me = await api("/api/v1/desk/me/availability", { availability: $("availability").value });
    flash("you are " + me.availability);
  });

  // -- the queue and my conversations, with service-level timers and new-conversation alerts --

  let settings = null; // the desk's lists and policy numbers (GET /api/v1/desk/settings)
  let seenWaiting = null; // ids of the waiting conversations already shown (null: first poll)
  let alertsOn = false;
  let audio = null;

  function timerSpan(timer) {
    if (!timer) return null;
    const span = el("span", "", "timer");
    // Counted from the server's clock (a sandbox may set it), then on by the page's own.
    span.dataset.start = String(Date.now() - timer.elapsed_seconds * 1000);
    span.dataset.target = String(timer.target_seconds);
    span.dataset.kind = timer.kind;
    tick(span);
    return span;
  }

  function tick(span) {
    const elapsed = (Date.now() - Number(span.dataset.start)) / 1000;
    const target = Number(span.dataset.target);
    const label = span.dataset.kind === "wait" ? "waiting " : "reply due ";
    const over = elapsed > target;
    span.textContent = label + clockText(elapsed) + " / " + clockText(target);
    span.classList.toggle("over", over);
    span.title = over ? "over the service level" : "within the service level";
  }

  setInterval(() => document.querySelectorAll(".timer").forEach(tick), 1000);

  function row(item, held) {
    const li = el("li", null, "item priority-" + item.priority);
    li.dataset.id = item.id;
    if (current && current.conversation.id === item.id) li.classList.add("current");
    const head = el("div", null, "item-head");
    head.append(el("span", item.priority, "badge " + item.priority), el("span", words(item.queue), "queue-name"),
      el("span", words(item.reason), "reason"));
    const timer = timerSpan(item.timer);
    if (timer) head.append(timer);
    li.append(head);
    li.append(el("p", item.customer_name ? item.customer_name + " · " + item.language : item.customer_id, "who"));
    if (item.latest) {
      const latest = el("p", null, "latest");
      latest.append(el("span", item.latest.answered ? "Last message: " : "Waiting on: ", "latest-label"),
        el("span", item.latest.text));
      li.append(latest);
    }
    const summary = el("p", item.summary, "summary");
    li.append(summary);
    if (item.transferred_from) li.append(el("p", "from " + words(item.transferred_from), "moved"));
    li.append(button(held ? "Open" : "Claim", held ? "open" : "claim",
      () => held ? openConversation(item.id) : claim(item.id)));
    return li;
  }

  async function refreshLists() {
    if (!token) return;
    try {
      const [queue, mine] = await Promise.all([api("/api/v1/desk/queue"), api("/api/v1/desk/mine")]);
      $("queue").replaceChildren(...queue.map((item) => row(item, false)));
      $("mine").replaceChildren(...mine.map((item) => row(item, true)));
      if (!queue.length) $("queue").append(el("li", "Nobody is waiting.", "empty"));
      if (!mine.length) $("mine").append(el("li", "You hold no conversation.", "empty"));
      $("queue-count").textContent = queue.length ? "(" + queue.length + ")" : "";
      document.title = (queue.length ? "(" + queue.length + ") " : "") + "Ridgeline desk";
      alertNew(queue);
    } catch (error) { flash(error.message); }
  }

  function alertNew(queue) {
    const ids = new Set(queue.map((q) => q.id));
    const fresh = seenWaiting === null ? [] : queue.filter((q) => !seenWaiting.has(q.id));
    seenWaiting = ids;
    if (!fresh.length) return;
    document.body.dataset.alerts = String(Number(document.body.dataset.alerts || 0) + fresh.length);
    if (!alertsOn) return;
    beep();
    if ("Notification" in window && Notification.permission === "granted") {
      const first = fresh[0];
      new Notification("New conversation at the desk", {
        body: words(first.queue) + " · " + words(first.reason) + (first.latest ? ": " + first.latest.text : ""),
        tag: "ridgeline-" + first.id,
      });
    }
  }

  function beep() {
    if (!audio) return;
    const now = audio.currentTime;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = "sine";
    tone.frequency.setValueAtTime(880, now);
    tone.frequency.setValueAtTime(660, now + 0.15);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.2, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.35);
    tone.connect(gain).connect(audio.destination);
    tone.start(now);
    tone.stop(now + 0.4);
  }

  $("alerts").addEventListener("click", async () => {
    alertsOn = !alertsOn;
    $("alerts").setAttribute("aria-pressed", String(alertsOn));
    $("alerts").textContent = alertsOn ? "Alerts on" : "Alerts off";
    if (alertsOn) {
      // Sound needs a click to start; the browser asks once for notifications.
      const Context = window.AudioContext || window.webkitAudioContext;
      if (Context && !audio) audio = new Context();
      if (audio && audio.state === "suspended") audio.resume();
      if ("Notification" in window && Notification.permission === "default") {
        try { await Notification.requestPermission(); } catch (e) { /* not offered here */ }
      }
    }
  });

  async function claim(id) {
    try {
      await api("/api/v1/desk/conversations/" + id + "/claim", {});
      await openConversation(id);
      refreshLists();
    } catch (error) { flash(error.message); }
  }

  async function takeNext() {
    try {
      const view = await api("/api/v1/desk/next", {});
      if (!view) { flash("nobody is waiting in your queues"); return; }
      await openConversation(view.conversation.id);
      refreshLists();
    } catch (error) { flash(error.message); }
  }
  $("next").addEventListener("click", takeNext);

  // -- the open conversation --

  function held() {
    return Boolean(current && current.conversation.state === "with_human" && me && current.agent_id === me.id);
  }

  function showHandoff(view) {
    const box = $("handoff");
    const h = view.conversation.handoff;
    box.replaceChildren();
    const who = view.customer_name ? view.customer_name + " · " : "";
    $("handoff-title").textContent = who + "Conversation " + view.conversation.id + " (" + words(view.conversation.state) + ")";
    if (h) {
      box.append(el("p", view.priority + " priority · " + words(h.queue) + " · " + words(h.reason), "handoff-meta"));
      box.append(el("p", h.summary, "handoff-summary"));
    }
    const mine = held();
    const atDesk = ["waiting_for_human", "with_human"].includes(view.conversation.state);
    const supervises = me && (me.role === "supervisor" || me.role === "admin");
    $("claim").hidden = view.conversation.state !== "waiting_for_human";
    $("release").disabled = !mine;
    $("close").disabled = !mine;
    $("reply-send").disabled = !mine;
    $("transfer").disabled = !(atDesk && (mine || supervises));
    $("reassign").hidden = !(supervises && atDesk);
    if (supervises && atDesk) loadTeam();
    showNotes(view.notes || []);
  }

  async function loadTeam() {
    const team = await api("/api/v1/desk/agents");
    const options = [new Option("routing picks", "")].concat(team.map((a) =>
      new Option(a.name + " (" + a.availability + ", " + a.holding + "/" + a.capacity + ")", a.id)));
    $("assignee").replaceChildren(...options);
  }

  $("assign").addEventListener("click", async () => {
    try {
      const agentId = $("assignee").value;
      current = await api("/api/v1/desk/conversations/" + current.conversation.id + "/assign",
        agentId ? { agent_id: agentId } : {});
      showHandoff(current);
      flash("assigned to " + current.agent_id);
      refreshLists();
    } catch (error) { flash(error.message); }
  });

  function addMessage(message) {
    if (message.seq <= lastSeq) return;
    lastSeq = message.seq;
    const li = el("li", null, "message " + message.role);
    li.dataset.seq = String(message.seq);
    const who = { customer: "Customer", assistant: "Assistant", agent: "Agent", system: "" }[message.role];
    if (who) li.append(el("span", who, "sender"));
    li.append(el("span", message.text, "text"));
    $("transcript").append(li);
    li.scrollIntoView({ block: "end" });
  }

  function follow(id) {
    if (stream) stream.close();
    stream = new EventSource("/api/v1/conversations/" + encodeURIComponent(id) + "/events?after=" +
      lastSeq + "&access_token=" + encodeURIComponent(token));
    stream.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (typeof message.seq !== "number") return;
      addMessage(message);
      if (message.role === "customer" || message.role === "assistant") loadSuggestions(id);
      if (current && message.state && message.state !== current.conversation.state) reload();
    };
  }

  async function reload() {
    if (!current) return;
    current = await api("/api/v1/desk/conversations/" + current.conversation.id);
    showHandoff(current);
    showAudit(current.audit);
  }

  async function openConversation(id) {
    current = await api("/api/v1/desk/conversations/" + id);
    $("conversation").hidden = false;
    $("records").hidden = false;
    $("transcript").replaceChildren();
    lastSeq = 0;
    current.conversation.messages.forEach((m) => addMessage({ ...m, state: current.conversation.state }));
    showHandoff(current);
    showAudit(current.audit);
    follow(id);
    loadRecords(current.conversation.customer_id);
    loadSuggestions(id);
    document.querySelectorAll(".queue .item").forEach((li) => li.classList.toggle("current", li.dataset.id === id));
  }

  function showAudit(entries) {
    $("audit").replaceChildren(...entries.map((e) =>
      el("li", e.at.slice(0, 19).replace("T", " ") + " · " + e.actor_type + (e.actor_id ? " " + e.actor_id : "") +
        " · " + e.action + " · " + e.entity_type + " " + e.entity_id)));
  }

  function showNotes(notes) {
    $("notes").replaceChildren(...notes.map((n) => {
      const li = el("li", null, "note-item " + n.kind);
      li.append(el("span", n.author_name + " · " + n.created_at.slice(0, 16).replace("T", " "), "note-meta"),
        el("span", n.text, "note-text"));
      return li;
    }));
    if (!notes.length) $("notes").append(el("li", "No internal note yet.", "empty"));
  }

  async function loadSuggestions(id) {
    try {
      const list = await api("/api/v1/desk/conversations/" + id + "/suggestions");
      const box = $("suggestions");
      box.replaceChildren();
      if (!list.length) return;
      box.append(el("h3", "Suggested replies"));
      list.forEach((s) => {
        const b = button(s.text, "suggestion", () => { $("reply").value = s.text; $("reply").focus(); });
        b.title = "from " + s.source;
        box.append(b);
      });
    } catch (error) { /* suggestions are a help, not a need */ }
  }

  // -- record actions: confirmation with parameters and a preview, then undo --

  let proposed = null; // {label, base parameters, inputs}
  let previewSeq = 0;

  function field(label, input) {
    const wrap = el("label", null, "param");
    wrap.append(el("span", label), input);
    return wrap;
  }

  function numberInput(id, value, min, max) {
    const input = el("input");
    input.id = id;
    input.type = "number";
    input.value = String(value);
    if (min !== undefined) input.min = String(min);
    if (max !== undefined) input.max = String(max);
    return input;
  }

  function selectInput(id, options, value) {
    const select = el("select");
    select.id = id;
    options.forEach(([v, text]) => select.append(new Option(text, v)));
    if (value !== undefined) select.value = value;
    return select;
  }

  // What the dialog asks for each kind of action: the fields, read back into parameters.
  function paramsFor(kind) {
    const s = settings || {};
    if (kind === "dispute") {
      return [[field("Reason", selectInput("p-reason", DISPUTE_REASONS.map((r) => [r, words(r)])))],
        () => ({ reason: $("p-reason").value })];
    }
    if (kind === "hardship") {
      const kindSelect = selectInput("p-arrangement", [["payment_pause", "Payment pause"], ["reduced_installments", "Reduced instalments"]]);
      const days = numberInput("p-days", 30, 1, undefined);
      const count = numberInput("p-count", 8, 2, undefined);
      const daysField = field("Pause, in days (at most " + s.hardship_pause_max_days + ")", days);
      const countField = field("Spread over instalments (at most " + s.hardship_max_installments + ")", count);
      const sync = () => { daysField.hidden = kindSelect.value !== "payment_pause"; countField.hidden = !daysField.hidden; };
      kindSelect.addEventListener("change", sync);
      sync();
      return [[field("Arrangement", kindSelect), daysField, countField], () => {
        const arrangement = kindSelect.value;
        return arrangement === "payment_pause"
          ? { arrangement, days: Number(days.value) }
          : { arrangement, count: Number(count.value) };
      }];
    }
    if (kind === "close_case") {
      return [[], () => ({ outcome: $("p-outcome").value })];
    }
    return [[], () => ({})];
  }

  function openAction(label, kind, base, extraFields) {
    const [fields, read] = paramsFor(kind);
    const all = (extraFields || []).concat(fields);
    proposed = { label, kind, base, read };
    $("confirm-title").textContent = label;
    $("confirm-params").replaceChildren(...all);
    $("confirm-preview").replaceChildren(el("p", "Working out what this changes…", "muted"));
    $("confirm-error").textContent = "";
    $("confirm-ok").disabled = true;
    all.forEach((f) => f.querySelectorAll("input, select").forEach((input) =>
      input.addEventListener("input", () => showPreview())));
    $("confirm").showModal();
    showPreview();
    const first = $("confirm-params").querySelector("input, select");
    (first || $("confirm-cancel")).focus();
  }

  function proposal() {
    // An action on the records of the open conversation's customer is tied to that conversation.
    const tied = current && current.conversation.customer_id === shownCustomer ? current.conversation.id : null;
    return Object.assign({ kind: proposed.kind, conversation_id: tied }, proposed.base, proposed.read());
  }

  async function showPreview() {
    if (!proposed) return;
    const mine = ++previewSeq;
    const box = $("confirm-preview");
    $("confirm-ok").disabled = true;
    $("confirm-error").textContent = "";
    let shown;
    try { shown = await api("/api/v1/desk/actions/preview", proposal()); }
    catch (error) { if (mine === previewSeq) $("confirm-error").textContent = error.message; return; }
    if (mine !== previewSeq) return; // a newer preview is on its way
    box.replaceChildren();
    if (!shown.allowed) {
      $("confirm-error").textContent = "Not allowed: " + shown.message;
      box.append(el("p", "Nothing will change.", "muted"));
      return;
    }
    box.append(el("p", shown.summary, "preview-summary"));
    const list = el("ul", null, "changes");
    (shown.changes.length ? shown.changes : ["No record changes."]).forEach((c) => list.append(el("li", c)));
    box.append(el("h3", "What changes"), list);
    if (shown.before && shown.after && shown.after.installments) box.append(scheduleTable(shown.before, shown.after));
    box.append(el("p", shown.undo, "undo-note"));
    $("confirm-ok").disabled = false;
  }

  function scheduleTable(before, after) {
    const table = el("table", null, "schedule");
    const caption = el("caption", "Schedule before and after");
    const head = el("tr");
    ["#", "Due before", "Due after", "Amount before", "Amount after", "Status"].forEach((h) => {
      const th = el("th", h);
      th.scope = "col";
      head.append(th);
    });
    table.append(caption, head);
    const was = Object.fromEntries(before.installments.map((i) => [i.seq, i]));
    after.installments.forEach((i) => {
      const a = was[i.seq] || {};
      const tr = el("tr");
      const changed = a.due_date !== i.due_date || a.amount !== i.amount || a.status !== i.status;
      if (changed) tr.className = "changed";
      [String(i.seq), a.due_date || "new", i.due_date, a.amount === undefined ? "-" : money(a.amount, after.currency),
        money(i.amount, after.currency), (a.status && a.status !== i.status ? a.status + " → " : "") + i.status]
        .forEach((text) => tr.append(el("td", text)));
      table.append(tr);
    });
    return table;
  }

  $("confirm-ok").addEventListener("click", async () => {
    if (!proposed) return;
    $("confirm-ok").disabled = true;
    try {
      const done = await api("/api/v1/desk/actions", proposal());
      $("confirm").close();
      proposed = null;
      flash(done.summary + (done.undo_until ? "." : ". It cannot be undone."), done.undo_until ? done : null);
      afterRecordChange();
    } catch (error) {
      $("confirm-error").textContent = "Not done: " + error.message;
    }
  });
  $("confirm").addEventListener("close", () => { proposed = null; });

  async function undo(action) {
    try {
      const undone = await api("/api/v1/desk/actions/" + encodeURIComponent(action.id) + "/undo", {});
      flash("Undone: " + undone.summary + (undone.changes.length ? " (" + undone.changes.join("; ") + ")" : ""));
      afterRecordChange();
    } catch (error) { flash("Could not undo: " + error.message); }
  }

  function afterRecordChange() {
    if (!current) return;
    loadRecords(current.conversation.customer_id);
    loadSuggestions(current.conversation.id);
    reload();
  }

  function actionButton(label, kind, base, extraFields) {
    return button(label, "crm", () => openAction(label, kind, base, extraFields));
  }

  let shownCustomer = null; // whose records the right-hand column shows

  async function loadRecords(customerId) {
    shownCustomer = customerId;
    const [c, done, past] = await Promise.all([
      api("/api/v1/customers/" + encodeURIComponent(customerId)),
      api("/api/v1/desk/actions?customer_id=" + encodeURIComponent(customerId)),
      api("/api/v1/desk/customers/" + encodeURIComponent(customerId) + "/conversations"),
    ]);
    $("profile").replaceChildren(
      el("p", c.name + " · " + c.id + " · " + c.market + " · " + c.language),
      el("p", c.email + " · " + c.phone + (c.locked ? " · LOCKED" : "")));
    $("orders").replaceChildren(...c.orders.map((o) => orderBox(o)));
    $("cases").replaceChildren(...c.cases.map((k) => caseItem(k)));
    if (!c.cases.length) $("cases").append(el("li", "No case.", "empty"));
    $("actions").replaceChildren(...done.map((a) => {
      const li = el("li", null, a.undone_at ? "undone" : "");
      li.append(el("span", a.created_at.slice(11, 16) + " " + a.summary + (a.undone_at ? " (undone)" : "")));
      if (a.undo_until) li.append(" ", button("Undo", "undo link", () => undo(a)));
      return li;
    }));
    if (!done.length) $("actions").append(el("li", "No action yet.", "empty"));
    $("past").replaceChildren(...past.map((p) => {
      const li = el("li", null, p.id === (current && current.conversation.id) ? "current" : "");
      const label = p.created_at.slice(0, 10) + " · " + words(p.state) + (p.reason ? " · " + words(p.reason) : "") +
        (p.latest ? " · " + p.latest.text : "");
      li.append(button(label, "link past-link", () => openConversation(p.id)));
      return li;
    }));
  }

  function orderBox(o) {
    const box = el("div", null, "order");
    box.dataset.id = o.id;
    box.append(el("h4", o.id + " · " + o.merchant.name + " · " + money(o.total, o.currency)));
    const base = { order_id: o.id };
    if (o.plan) {
      box.append(el("p", o.plan.product.replaceAll("_", " ") + " · " + o.plan.status + (o.plan.autopay ? " · autopay on" : " · autopay off")));
      const table = el("ol", null, "installments");
      o.plan.installments.forEach((i) =>
        table.append(el("li", i.due_date + " · " + money(i.amount, o.currency) + " · " + i.status)));
      box.append(table);
      const buttons = el("div", null, "crm-buttons");
      buttons.append(
        actionButton("Pause", "pause", base), actionButton("Resume", "resume", base),
        actionButton("Extend due date", "extend", base), actionButton("Report return", "report_return", base),
        actionButton("Autopay " + (o.plan.autopay ? "off" : "on"), "autopay", { order_id: o.id, enabled: !o.plan.autopay }),
        actionButton("Open dispute", "dispute", base),
        actionButton("Hardship arrangement", "hardship", base));
      (o.fees || []).filter((f) => f.status === "charged").forEach((f) =>
        buttons.append(actionButton("Waive fee " + money(f.amount, o.currency), "waive_fee", { order_id: o.id, fee_id: f.id })));
      box.append(buttons);
    }
    return box;
  }

  function caseItem(k) {
    const li = el("li", null, "case");
    li.append(el("span", k.id + " · " + words(k.type) + " · " + k.status + (k.outcome ? " (" + words(k.outcome) + ")" : "") +
      (k.due_at ? " · due " + k.due_at.slice(0, 10) : "")));
    if (k.status === "open") {
      const outcomes = (settings && settings.case_outcomes[k.type]) || ["resolved"];
      li.append(" ", button("Close case", "crm", () => openAction("Close case " + k.id, "close_case", { case_id: k.id },
        [field("Outcome", selectInput("p-outcome", outcomes.map((o) => [o, words(o)])))])));
    }
    return li;
  }

  // -- reply, note, macros --

  function showTab(which) {
    const note = which === "note";
    $("tab-reply").setAttribute("aria-selected", String(!note));
    $("tab-note").setAttribute("aria-selected", String(note));
    $("reply-form").hidden = note;
    $("note-form").hidden = !note;
    $(note ? "note" : "reply").focus();
  }
  $("tab-reply").addEventListener("click", () => showTab("reply"));
  $("tab-note").addEventListener("click", () => showTab("note"));

  $("claim").addEventListener("click", () => current && claim(current.conversation.id));
  $("reply-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("reply").value;
    if (!text.trim() || !current || $("reply-send").disabled) return;
    try {
      current = await api("/api/v1/desk/conversations/" + current.conversation.id + "/messages", { text });
      $("reply").value = "";
    } catch (error) { flash(error.message); }
  });
  $("note-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("note").value;
    if (!text.trim() || !current) return;
    try {
      await api("/api/v1/desk/conversations/" + current.conversation.id + "/notes", { text });
      $("note").value = "";
      flash("note added (only the staff see it)");
      reload();
    } catch (error) { flash(error.message); }
  });
  [["reply", "reply-form"], ["note", "note-form"]].forEach(([area, form]) =>
    $(area).addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        $(form).requestSubmit();
      }
    }));

  let macros = [];

  async function loadMacros() {
    macros = await api("/api/v1/desk/macros");
    const options = macros.map((m) => new Option(m.title + (m.builtin ? "" : " (team)"), m.id));
    $("macro").replaceChildren(new Option("Choose a macro…", ""), ...options);
  }

  $("macro-insert").addEventListener("click", async () => {
    if (!current) return;
    const id = $("macro").value;
    if (!id) { flash("choose a macro first"); $("macro").focus(); return; }
    try {
      const filled = await api("/api/v1/desk/conversations/" + current.conversation.id + "/macro", { macro_id: id });
      const box = $("reply");
      box.value = box.value.trim() ? box.value.trimEnd() + "\n" + filled.text : filled.text;
      showTab("reply");
      flash("macro inserted in " + filled.language + "; check it, then send");
    } catch (error) { flash("Macro not inserted: " + error.message); }
  });

  $("macro-new").addEventListener("click", () => {
    const langs = (settings && settings.languages) || ["en"];
    $("macro-texts").replaceChildren(...langs.map((lang) => {
      const area = el("textarea");
      area.id = "macro-text-" + lang;
      area.rows = 2;
      area.maxLength = 2000;
      return field("Text in " + lang + (lang === "en" ? "" : " (optional)"), area);
    }));
    const names = Object.keys((settings && settings.placeholders) || {}).map((p) => "{" + p + "}");
    $("macro-help").textContent = "Placeholders filled from the records: " + names.join(", ");
    $("macro-error").textContent = "";
    $("macro-name").value = "";
    $("macro-dialog").showModal();
    $("macro-name").focus();
  });

  $("macro-save").addEventListener("click", async () => {
    const texts = {};
    ((settings && settings.languages) || ["en"]).forEach((lang) => {
      const value = $("macro-text-" + lang).value;
      if (value.trim()) texts[lang] = value;
    });
    try {
      const made = await api("/api/v1/desk/macros", { title: $("macro-name").value, texts });
      $("macro-dialog").close();
      await loadMacros();
      $("macro").value = made.id;
      flash("macro saved: " + made.title);
    } catch (error) { $("macro-error").textContent = "Not saved: " + error.message; }
  });

  // Reserved for the knowledge package: search help-centre articles and insert a passage into
  // the reply. The slot (#knowledge-slot) stays hidden until that feature fills it.
  const knowledgeSlot = $("knowledge-slot"); // eslint-disable-line no-unused-vars

  // -- release, close, transfer --

  $("release").addEventListener("click", async () => {
    try {
      current = await api("/api/v1/desk/conversations/" + current.conversation.id + "/release", {});
      showHandoff(current);
      flash("released to the assistant");
      refreshLists();
    } catch (error) { flash(error.message); }
  });
  $("close").addEventListener("click", async () => {
    try {
      current = await api("/api/v1/desk/conversations/" + current.conversation.id + "/close", {});
      showHandoff(current);
      flash("closed");
      refreshLists();
    } catch (error) { flash(error.message); }
  });

  function openTransfer() {
    if (!current || $("transfer").disabled) return;
    const here = (current.conversation.handoff && current.conversation.handoff.queue) || "general";
    const queues = ((settings && settings.queues) || []).filter((q) => q !== here);
    $("transfer-queue").replaceChildren(...queues.map((q) => new Option(words(q), q)));
    $("transfer-note").value = "";
    $("transfer-error").textContent = "";
    $("transfer-dialog").showModal();
    $("transfer-queue").focus();
  }
  $("transfer").addEventListener("click", openTransfer);
  $("transfer-ok").addEventListener("click", async () => {
    try {
      current = await api("/api/v1/desk/conversations/" + current.conversation.id + "/transfer",
        { queue: $("transfer-queue").value, note: $("transfer-note").value });
      $("transfer-dialog").close();
      showHandoff(current);
      flash("transferred to " + words(current.conversation.handoff.queue));
      refreshLists();
    } catch (error) { $("transfer-error").textContent = "Not transferred: " + error.message; }
  });

  // -- search --

  $("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = $("search").value.trim();
    if (q.length < 2) { flash("type at least 2 characters to search"); return; }
    try {
      const found = await api("/api/v1/desk/search?q=" + encodeURIComponent(q));
      const box = $("results");
      box.replaceChildren();
      const customers = el("ul", null, "hits");
      found.customers.forEach((c) => {
        const li = el("li");
        li.append(button(c.name + " · " + c.id + " · " + c.market, "link", () => showCustomer(c.id)));
        customers.append(li);
      });
      const conversations = el("ul", null, "hits");
      found.conversations.forEach((h) => {
        const li = el("li");
        li.append(button((h.customer_name || h.customer_id) + " · " + words(h.state) + " · " +
          h.updated_at.slice(0, 10) + (h.latest ? " · " + h.latest.text : ""), "link", () => openConversation(h.id)));
        conversations.append(li);
      });
      box.append(el("h3", "Customers (" + found.customers.length + ")"), customers,
        el("h3", "Conversations (" + found.conversations.length + ")"), conversations);
      $("search-results").hidden = false;
    } catch (error) { flash(error.message); }
  });
  $("search-clear").addEventListener("click", () => { $("search-results").hidden = true; $("search").value = ""; });

  async function showCustomer(customerId) {
    $("records").hidden = false;
    await loadRecords(customerId);
    flash("showing customer " + customerId + "; open one of their conversations on the right");
  }

  // -- keyboard shortcuts --

  function moveInLists(step) {
    const items = Array.from(document.querySelectorAll(".queue .item"));
    if (!items.length) return;
    const at = items.findIndex((li) => li.classList.contains("current"));
    const next = items[(at + step + items.length) % items.length];
    const b = next.querySelector("button");
    if (b) b.focus();
  }

  document.addEventListener("keydown", (event) => {
    if ($("console").hidden || document.querySelector("dialog[open]")) return;
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      const key = event.key.toLowerCase();
      const acts = {
        n: takeNext,
        c: () => current && !$("claim").hidden && claim(current.conversation.id),
        r: () => !$("release").disabled && $("release").click(),
        t: openTransfer,
        i: () => current && showTab("note"),
        m: () => $("macro").focus(),
        j: () => moveInLists(1),
        k: () => moveInLists(-1),
      };
      const act = acts[event.code && event.code.startsWith("Key") ? event.code.slice(3).toLowerCase() : key];
      if (act) { event.preventDefault(); act(); }
      return;
    }
    if (typing || event.ctrlKey || event.metaKey) return;
    if (event.key === "/") { event.preventDefault(); $("search").focus(); }
    else if (event.key === "?") { event.preventDefault(); $("shortcuts").showModal(); }
  });
  $("shortcuts-button").addEventListener("click", () => $("shortcuts").showModal());

  async function enter() {
    try { me = await api("/api/v1/desk/me"); } catch (error) { signOut(); return; }
    $("signin").hidden = true;
    $("console").hidden = false;
    $("me").textContent = me.name + " (" + me.role + ", " + me.skills.map(words).join(", ") + ", capacity " + me.capacity + ")";
    $("availability").value = me.availability;
    try { settings = await api("/api/v1/desk/settings"); await loadMacros(); } catch (error) { flash(error.message); }
    refreshLists();
    const wanted = new URLSearchParams(location.search).get("conversation");
    if (wanted) openConversation(wanted).catch((error) => flash(error.message));
  }

  setInterval(refreshLists, 2000);
  if (token) enter(); else $("signin").hidden = false;
})();

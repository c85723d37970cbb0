// The agent console: sign in, the queue (polled), the conversation with its summary and a live
// transcript, the customer's records and audit trail beside it, reply suggestions, and the
// actions: claim, reply, release to the assistant, close, and the CRM actions on orders.
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

  async function api(path, body, method) {
    const response = await fetch(path, {
      method: method || (body === undefined ? "GET" : "POST"),
      headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) { signOut(); throw new Error("please sign in again"); }
    const data = response.status === 204 ? null : await response.json();
    if (!response.ok) throw new Error((data && data.error && data.error.message) || response.statusText);
    return data;
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function flash(text) { $("flash").textContent = text; }

  function money(amount, currency) {
    try { return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount / 100); }
    catch (e) { return amount + " " + currency; }
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

  function row(item, held) {
    const li = el("li", null, "item priority-" + item.priority);
    li.dataset.id = item.id;
    const head = el("div", null, "item-head");
    head.append(el("span", item.priority, "badge"), el("span", item.queue, "queue-name"),
      el("span", item.reason, "reason"), el("span", Math.round(item.wait / 60) + " min", "wait"));
    li.append(head, el("p", item.summary, "summary"));
    const open = el("button", held ? "Open" : "Claim");
    open.type = "button";
    open.className = held ? "open" : "claim";
    open.addEventListener("click", () => held ? openConversation(item.id) : claim(item.id));
    li.append(open);
    return li;
  }

  async function refreshLists() {
    if (!token) return;
    try {
      const [queue, mine] = await Promise.all([api("/api/v1/desk/queue"), api("/api/v1/desk/mine")]);
      $("queue").replaceChildren(...queue.map((item) => row(item, false)));
      $("mine").replaceChildren(...mine.map((item) => row(item, true)));
      if (!queue.length) $("queue").append(el("li", "Nobody is waiting.", "empty"));
    } catch (error) { flash(error.message); }
  }

  async function claim(id) {
    try {
      await api("/api/v1/desk/conversations/" + id + "/claim", {});
      await openConversation(id);
      refreshLists();
    } catch (error) { flash(error.message); }
  }

  $("next").addEventListener("click", async () => {
    try {
      const view = await api("/api/v1/desk/next", {});
      if (!view) { flash("nobody is waiting in your queues"); return; }
      await openConversation(view.conversation.id);
      refreshLists();
    } catch (error) { flash(error.message); }
  });

  function showHandoff(view) {
    const box = $("handoff");
    const h = view.conversation.handoff;
    box.replaceChildren();
    box.append(el("h2", "Conversation " + view.conversation.id + " (" + view.conversation.state + ")"));
    if (h) {
      box.append(el("p", view.priority + " · " + h.queue + " · " + h.reason, "handoff-meta"));
      box.append(el("p", h.summary, "handoff-summary"));
    }
    const held = view.conversation.state === "with_human" && me && view.agent_id === me.id;
    $("claim").hidden = view.conversation.state !== "waiting_for_human";
    $("release").disabled = !held;
    $("close").disabled = !held;
    $("reply-send").disabled = !held;
    const supervises = me && (me.role === "supervisor" || me.role === "admin");
    const atDesk = ["waiting_for_human", "with_human"].includes(view.conversation.state);
    $("reassign").hidden = !(supervises && atDesk);
    if (supervises && atDesk) loadTeam();
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
    const li = el("li", message.text, "message " + message.role);
    li.dataset.seq = String(message.seq);
    $("transcript").append(li);
    li.scrollIntoView({ block: "end" });
  }

  function follow(id) {
    if (stream) stream.close();
    stream = new EventSource("/api/v1/conversations/" + encodeURIComponent(id) + "/events?after=" +
      lastSeq + "&access_token=" + encodeURIComponent(token));
    stream.onmessage = (event) => {
      const message = JSON.parse(event.data);
      addMessage(message);
      if (current && message.state !== current.conversation.state) reload();
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
  }

  function showAudit(entries) {
    $("audit").replaceChildren(...entries.map((e) =>
      el("li", e.at.slice(0, 19).replace("T", " ") + " · " + e.actor_type + (e.actor_id ? " " + e.actor_id : "") +
        " · " + e.action + " · " + e.entity_type + " " + e.entity_id)));
  }

  async function loadSuggestions(id) {
    const list = await api("/api/v1/desk/conversations/" + id + "/suggestions");
    const box = $("suggestions");
    box.replaceChildren(el("h3", "Suggested replies"));
    list.forEach((s) => {
      const b = el("button", s.text, "suggestion");
      b.type = "button";
      b.title = "from " + s.source;
      b.addEventListener("click", () => { $("reply").value = s.text; $("reply").focus(); });
      box.append(b);
    });
  }

  function action(label, path, body) {
    const b = el("button", label, "crm");
    b.type = "button";
    b.addEventListener("click", async () => {
      try {
        await api(path, body === undefined ? {} : body);
        flash(label + ": done");
        loadRecords(current.conversation.customer_id);
        reload();
      } catch (error) { flash(label + ": " + error.message); }
    });
    return b;
  }

  async function loadRecords(customerId) {
    const c = await api("/api/v1/customers/" + encodeURIComponent(customerId));
    $("profile").replaceChildren(
      el("p", c.name + " · " + c.id + " · " + c.market + " · " + c.language),
      el("p", c.email + " · " + c.phone + (c.locked ? " · LOCKED" : "")));
    $("orders").replaceChildren(...c.orders.map((o) => {
      const box = el("div", null, "order");
      box.dataset.id = o.id;
      box.append(el("h4", o.id + " · " + o.merchant.name + " · " + money(o.total, o.currency)));
      if (o.plan) {
        box.append(el("p", o.plan.product + " · " + o.plan.status));
        const table = el("ol", null, "installments");
        o.plan.installments.forEach((i) =>
          table.append(el("li", i.due_date + " · " + money(i.amount, o.currency) + " · " + i.status)));
        box.append(table);
      }
      const base = "/api/v1/orders/" + encodeURIComponent(o.id);
      box.append(action("Pause", base + "/pause"), action("Resume", base + "/resume"),
        action("Extend due date", base + "/extension"), action("Report return", base + "/return"));
      if (o.plan) {
        const on = !o.plan.autopay;
        box.append(action("Autopay " + (on ? "on" : "off"), base + "/autopay", { enabled: on }));
      }
      const reason = el("select", null, "dispute-reason");
      reason.setAttribute("aria-label", "dispute reason");
      DISPUTE_REASONS.forEach((r) => reason.append(new Option(r.replaceAll("_", " "), r)));
      const dispute = el("button", "Open dispute", "crm");
      dispute.type = "button";
      dispute.addEventListener("click", () =>
        action("Open dispute", base + "/disputes", { reason: reason.value }).click());
      box.append(reason, dispute);
      (o.fees || []).filter((f) => f.status === "charged" || f.status === "open" || f.status === "due").forEach((f) =>
        box.append(action("Waive fee " + money(f.amount, o.currency), base + "/fees/" + encodeURIComponent(f.id) + "/waive")));
      return box;
    }));
    $("cases").replaceChildren(...c.cases.map((k) =>
      el("li", k.id + " · " + k.type + " · " + k.status + (k.due_at ? " · due " + k.due_at.slice(0, 10) : ""))));
  }

  $("claim").addEventListener("click", () => current && claim(current.conversation.id));
  $("reply-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("reply").value;
    if (!text.trim() || !current) return;
    try {
      current = await api("/api/v1/desk/conversations/" + current.conversation.id + "/messages", { text });
      $("reply").value = "";
    } catch (error) { flash(error.message); }
  });
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

  async function enter() {
    try { me = await api("/api/v1/desk/me"); } catch (error) { signOut(); return; }
    $("signin").hidden = true;
    $("console").hidden = false;
    $("me").textContent = me.name + " (" + me.role + ", " + me.skills.join(", ") + ", capacity " + me.capacity + ")";
    $("availability").value = me.availability;
    refreshLists();
    const wanted = new URLSearchParams(location.search).get("conversation");
    if (wanted) openConversation(wanted).catch((error) => flash(error.message));
  }

  setInterval(refreshLists, 2000);
  if (token) enter(); else $("signin").hidden = false;
})();

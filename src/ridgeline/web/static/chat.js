// The customer's chat page: opens (or resumes) a conversation, sends messages, and shows every
// message from the live stream of the conversation (server-sent events, one event per message,
// its id the message's seq). After a dropped connection it asks for what it missed.
//
// Every message shows who said it and when (a screen reader hears "Assistant, 14:02" before
// the text); new messages are announced by the list's live region. A clarifying question or a
// yes/no question offers its answers as buttons (quick replies) that send their label. While a
// conversation waits for a person, the waiting room (the stream's `waiting` events) shows the
// place in line, the expected wait and who is online, and, when nobody can answer, offers a call
// back or an email. Files (images, PDF) go to the attachments route; a refusal is said in the
// page. After close: the rating (1 to 5 with labels, and a comment) below the transcript, then
// "start a new conversation". A bad or expired token stops the page with a clear message.
"use strict";
(function () {
  const params = new URLSearchParams(location.search);
  const token = params.get("token") || "";
  const locale = params.get("locale") || document.body.dataset.locale || "";
  const lang = document.documentElement.lang || "en";
  const region = (locale || lang).replace("_", "-"); // "en-GB": dates and numbers as there
  const words = JSON.parse(document.getElementById("words").textContent);
  const $ = (id) => document.getElementById(id);
  const list = $("messages");
  const status = $("status");
  const form = $("composer");
  const input = $("text");
  const sendButton = $("send");
  const human = $("human");
  const attach = $("attach");
  const fileInput = $("file");
  const csat = $("csat");
  const typing = $("typing");
  const quick = $("quick");
  const waitingBox = $("waiting");
  const alertBox = $("alert");
  const scroller = $("scroller");
  const storeKey = "ridgeline.conversation." + token.slice(-12);
  const MAX_FILE = 10 * 1024 * 1024;
  let conversation = params.get("conversation") || sessionStorage.getItem(storeKey) || "";
  let lastSeq = 0;
  let stream = null;
  let state = "";
  let agentName = "";
  let lastWaiting = null;
  let stopped = false; // a bad or expired token: nothing more is sent
  let typingTimer = null;

  const fill = (text, facts) => text.replace(/\{(\w+)\}/g, (all, key) => (key in facts ? String(facts[key]) : all));
  const format = (options) => {
    try { return new Intl.DateTimeFormat(region, options); } catch (error) { return new Intl.DateTimeFormat(lang, options); }
  };
  const clock = format({ hour: "2-digit", minute: "2-digit" });
  const fullClock = format({ dateStyle: "medium", timeStyle: "short" });
  const opening = format({ weekday: "long", hour: "2-digit", minute: "2-digit" });

  function unit(value, name) {
    try {
      return new Intl.NumberFormat(region, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
    } catch (error) { return value + " " + name; }
  }
  const megabytes = (n) => {
    try { return new Intl.NumberFormat(region, { style: "unit", unit: "megabyte" }).format(n); }
    catch (error) { return n + " MB"; }
  };
  $("attach-hint").textContent = fill(words.attach_hint, { size: megabytes(10) });
  attach.title = words.attach + " · " + $("attach-hint").textContent;

  // One Idempotency-Key per action: a retry after a lost answer, or a second click while the
  // first is on its way, carries the same key, so the server does the action once.
  const pending = new Map(); // action (path and body) on its way -> its key
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)),
      (b) => b.toString(16).padStart(2, "0")).join("");
  }

  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  // GET without a body, POST with a JSON body, or POST a file as the raw body (`file`).
  async function api(path, body, file) {
    const post = body !== undefined || file !== undefined;
    const payload = file !== undefined ? file : (body !== undefined ? JSON.stringify(body) : undefined);
    const headers = { "Authorization": "Bearer " + token,
      "Content-Type": file !== undefined ? (file.type || "application/octet-stream") : "application/json" };
    const action = path + "\n" + (file !== undefined ? [file.name, file.size, file.lastModified].join("/") : payload);
    if (post) {
      if (!pending.has(action)) pending.set(action, newKey());
      headers["Idempotency-Key"] = pending.get(action);
    }
    try {
      for (let attempt = 0; ; attempt += 1) {
        let response;
        try {
          response = await fetch(path, { method: post ? "POST" : "GET", headers, body: payload });
        } catch (error) { // the answer was lost: the same key again, so it happens once
          if (!post || attempt >= 3) throw error;
          await sleep(500 * (attempt + 1));
          continue;
        }
        let data = {};
        try { data = response.status === 204 ? {} : await response.json(); } catch (error) { data = {}; }
        const code = data.error && data.error.code;
        const again = code === "idempotency_key_in_progress" || response.status === 503;
        if (post && again && attempt < 3) { await sleep(1000); continue; }
        if (response.status === 401) stop();
        if (!response.ok) {
          throw new ApiError(response.status, code, (data.error && data.error.message) || response.statusText);
        }
        return data;
      }
    } finally {
      if (post) pending.delete(action);
    }
  }

  const conversationPath = (tail) => "/api/v1/conversations/" + encodeURIComponent(conversation) + (tail || "");

  function say(text) { // a problem the customer should know of, announced at once
    alertBox.textContent = text;
    alertBox.hidden = !text;
  }

  function scrollDown() { scroller.scrollTop = scroller.scrollHeight; }

  // Who said a message, as the page shows and a screen reader reads it.
  function sender(message) {
    if (message.role === "customer") return words.sender_you;
    if (message.role === "assistant") return words.sender_assistant;
    if (message.role === "agent") return message.author || agentName || words.sender_team;
    return words.sender_notice;
  }

  function joinedNotice(message) {
    return message.role === "system" && message.agent && message.state === "with_human" &&
      message.text.indexOf(message.agent) !== -1;
  }

  function render(message, extra) {
    const item = document.createElement("li");
    item.className = "message " + message.role + (extra ? " " + extra : "");
    if (message.seq) item.dataset.seq = String(message.seq);
    const at = message.created_at ? new Date(message.created_at) : new Date();
    const meta = document.createElement("p");
    meta.className = "meta";
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = sender(message);
    const when = document.createElement("time");
    when.dateTime = at.toISOString();
    when.title = fullClock.format(at);
    when.textContent = clock.format(at);
    const pause = document.createElement("span");
    pause.className = "visually-hidden";
    pause.textContent = ":";
    meta.append(who, " ", when, pause);
    const text = document.createElement("p");
    text.className = "text";
    if (extra && extra.indexOf("joined") !== -1) {
      const avatar = document.createElement("span");
      avatar.className = "avatar";
      avatar.setAttribute("aria-hidden", "true");
      avatar.textContent = (message.agent || "?").slice(0, 1).toUpperCase();
      text.append(avatar);
      item.setAttribute("aria-label", words.joined_badge + ": " + message.text);
    }
    text.append(message.text);
    item.append(meta, text);
    if (message.attachment) item.append(fileView(message.attachment));
    list.appendChild(item);
    scrollDown();
    return item;
  }

  function fileView(file) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "file";
    const name = document.createElement("span");
    name.textContent = file.filename;
    button.setAttribute("aria-label", fill(words.open_file, { name: file.filename }));
    button.append(name);
    const load = async () => {
      const response = await fetch(file.url, { headers: { "Authorization": "Bearer " + token } });
      if (!response.ok) throw new ApiError(response.status, "", response.statusText);
      return URL.createObjectURL(await response.blob());
    };
    if (file.content_type.indexOf("image/") === 0) {
      load().then((url) => {
        const image = document.createElement("img");
        image.src = url;
        image.alt = "";
        button.prepend(image);
        scrollDown();
      }).catch(() => {});
    }
    button.addEventListener("click", async () => {
      try { window.open(await load(), "_blank", "noopener"); } catch (error) { say(error.message); }
    });
    return button;
  }

  let ackAfter = null; // a waiting room's acknowledgement to show once the customer's message is
  let ackText = "";
  let saidAt = null; // when the customer's last message was stored (the server's clock)

  function show(message) {
    if (message.seq <= lastSeq) return; // already shown (a resumed stream may repeat)
    lastSeq = message.seq;
    if (message.agent) agentName = message.agent;
    if (message.role === "customer") saidAt = message.created_at;
    const extra = joinedNotice(message) ? "joined" : "";
    render(message, extra);
    if (message.role !== "customer") hideTyping();
    if (ackAfter !== null && message.role === "customer" && message.seq > ackAfter) showAck();
    setState(message.state);
  }

  function showAck() {
    if (!ackText) return;
    render({ role: "system", text: ackText, created_at: saidAt }, "ack unstored");
    ackText = "";
    ackAfter = null;
  }

  function showUnstored(reply) {
    render({ role: reply.role || "assistant", text: reply.text }, "unstored");
  }

  function statusText(next) {
    if (stopped) return words.bad_token;
    if (next === "waiting_for_human") return words.waiting;
    if (next === "with_human") return agentName ? fill(words.with_named, { name: agentName }) : words.with_human;
    if (next === "closed") return words.closed;
    return "";
  }

  function setState(next) {
    if (!next || stopped) return;
    const changed = next !== state;
    state = next;
    document.body.dataset.state = next;
    const text = statusText(next);
    if (status.textContent !== text) status.textContent = text;
    const closed = next === "closed";
    input.disabled = closed;
    sendButton.disabled = closed;
    attach.disabled = closed;
    human.disabled = closed || next !== "assistant";
    if (next !== "waiting_for_human") waitingBox.hidden = true;
    else if (lastWaiting) showWaiting(lastWaiting);
    if (closed) { clearQuick(); hideTyping(); csat.hidden = false; }
    if (changed && next !== "assistant") clearQuick();
  }

  function waitWords(seconds) {
    if (seconds < 60) return words.waiting_under_minute;
    const minutes = Math.round(seconds / 60);
    const duration = minutes >= 90 ? unit(Math.round(minutes / 60), "hour") : unit(minutes, "minute");
    return fill(words.waiting_about, { duration });
  }

  function showWaiting(waiting) {
    lastWaiting = waiting;
    if (state !== "waiting_for_human" || !waiting) { waitingBox.hidden = true; return; }
    waitingBox.hidden = false;
    const position = waiting.position ? fill(words.waiting_position, { position: waiting.position }) : "";
    let wait;
    if (!waiting.open_now) {
      const opens = waiting.opens_at ? opening.format(new Date(waiting.opens_at)) : "";
      wait = fill(words.waiting_closed, { opens });
    } else if (!waiting.agents_online) {
      wait = words.waiting_nobody;
    } else if (waiting.estimated_wait_seconds === null || waiting.estimated_wait_seconds === undefined) {
      wait = words.waiting_unknown;
    } else {
      wait = fill(words.waiting_wait, { wait: waitWords(waiting.estimated_wait_seconds) });
    }
    const online = waiting.open_now && waiting.agents_online
      ? fill(words.waiting_online, { count: waiting.agents_online }) : "";
    const parts = { "waiting-position": position, "waiting-wait": wait, "waiting-online": online };
    Object.keys(parts).forEach((id) => { if ($(id).textContent !== parts[id]) $(id).textContent = parts[id]; });
    waitingBox.dataset.position = String(waiting.position || "");
    waitingBox.dataset.wait = String(waiting.estimated_wait_seconds ?? "");
    $("callback").hidden = !(waiting.offer_callback && !waiting.callback);
    $("callback-asked").hidden = !waiting.callback;
  }

  // Quick replies: the choices of a clarifying question, or yes and no; a click sends the label.
  function clearQuick() { quick.replaceChildren(); quick.hidden = true; }

  function offer(turn) {
    clearQuick();
    const labels = (turn.choices || []).map((choice) => choice.label);
    if (!labels.length && turn.expects === "yes_no") labels.push(words.answer_yes, words.answer_no);
    if (!labels.length) return;
    labels.forEach((label) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "quick-reply";
      button.textContent = label;
      button.addEventListener("click", () => { send(label); input.focus(); });
      quick.append(button);
    });
    quick.hidden = false;
    scrollDown();
  }

  function showTyping() {
    typing.hidden = false;
    scrollDown();
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 20000);
  }

  function hideTyping() { typing.hidden = true; clearTimeout(typingTimer); }

  function connect() {
    if (stream) stream.close();
    if (stopped) return;
    const url = conversationPath("/events") + "?waiting=true&after=" + lastSeq + "&access_token=" + encodeURIComponent(token);
    stream = new EventSource(url);
    stream.onmessage = (event) => show(JSON.parse(event.data));
    stream.addEventListener("waiting", (event) => showWaiting(JSON.parse(event.data)));
    stream.onopen = () => { if (status.textContent === words.reconnecting) status.textContent = statusText(state); };
    stream.onerror = () => {
      // EventSource retries by itself (sending Last-Event-ID); when it gives up (a refused
      // token, a server gone), check the token, then start anew from the last message shown.
      if (stream.readyState === EventSource.CLOSED) {
        api(conversationPath()).then(() => setTimeout(connect, 1500)).catch(() => {
          if (!stopped) setTimeout(connect, 3000);
        });
      } else {
        status.textContent = words.reconnecting;
      }
    };
  }

  async function send(text) {
    if (!text.trim() || stopped || !conversation) return;
    input.value = "";
    say("");
    clearQuick();
    const before = lastSeq;
    if (state === "assistant" || state === "") showTyping();
    try {
      const turn = await api(conversationPath("/messages"), { text });
      // Replies that were stored arrive on the stream. A message the assistant could not read
      // stores nothing, so its reply is shown here, once the stream has had time to deliver.
      if (turn.waiting) showWaiting(turn.waiting);
      if (turn.state !== "assistant") hideTyping();
      const system = (turn.messages || []).filter((m) => m.role === "system");
      if (system.length) { // the waiting room's acknowledgement, shown after the message it answers
        ackText = system.map((m) => m.text).join(" ");
        ackAfter = before;
        if (lastSeq > before) showAck();
        else setTimeout(showAck, 1500);
      } else if (turn.messages && turn.messages.length) {
        setTimeout(() => {
          if (lastSeq === before) { hideTyping(); turn.messages.forEach(showUnstored); }
        }, 1500);
      }
      offer(turn);
    } catch (error) {
      hideTyping();
      if (!stopped) say(error.status === 429 || error.status >= 500 || !error.message ? words.send_failed : error.message);
    }
  }

  async function sendFile(file) {
    if (!file || stopped) return;
    const name = file.name || "file";
    say("");
    if (file.size > MAX_FILE) { say(fill(words.attach_too_large, { name, size: megabytes(10) })); return; }
    status.textContent = fill(words.attach_sending, { name });
    try {
      await api(conversationPath("/attachments?filename=" + encodeURIComponent(name)), undefined, file);
      status.textContent = statusText(state);
    } catch (error) {
      status.textContent = statusText(state);
      if (stopped) return;
      if (error.status === 413) say(fill(words.attach_too_large, { name, size: megabytes(10) }));
      else if (error.status === 422) say(fill(words.attach_wrong_type, { name }));
      else say(fill(words.attach_failed, { name }));
    } finally {
      fileInput.value = "";
    }
  }

  // A bad or expired token: say so, and let nothing more be sent.
  function stop() {
    stopped = true;
    if (stream) { stream.close(); stream = null; }
    hideTyping();
    clearQuick();
    document.body.dataset.state = "unauthorized";
    [input, sendButton, attach, human].forEach((control) => { control.disabled = true; });
    waitingBox.hidden = true;
    status.textContent = "";
    say(words.bad_token);
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); send(input.value); });
  human.addEventListener("click", () => send(words.human_text));
  attach.addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", () => sendFile(fileInput.files && fileInput.files[0]));
  waitingBox.querySelectorAll("button[data-channel]").forEach((button) => {
    button.addEventListener("click", async () => {
      try {
        const found = await api(conversationPath("/callback"), { channel: button.dataset.channel });
        if (found.waiting) showWaiting(found.waiting);
        $("callback-asked").focus();
      } catch (error) { if (!stopped) say(error.message); }
    });
  });

  $("csat-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = csat.querySelector("input[name=score]:checked");
    $("csat-error").hidden = Boolean(chosen);
    if (!chosen) { csat.querySelector("input[name=score]").focus(); return; }
    const comment = $("csat-comment").value.trim();
    const body = { score: Number(chosen.value) };
    if (comment) body.comment = comment;
    try {
      await api(conversationPath("/csat"), body);
    } catch (error) {
      if (error.code !== "already_rated") { say(error.message); return; }
    }
    rated(true);
  });

  function rated(focus) {
    $("csat-form").hidden = true;
    $("csat-thanks").hidden = false;
    if (focus) $("csat-thanks").focus();
  }

  $("new-conversation").addEventListener("click", async () => {
    sessionStorage.removeItem(storeKey);
    if (params.has("conversation")) {
      params.delete("conversation");
      history.replaceState(null, "", location.pathname + "?" + params.toString());
    }
    if (stream) { stream.close(); stream = null; }
    list.replaceChildren();
    clearQuick();
    say("");
    csat.hidden = true;
    $("csat-form").reset();
    $("csat-form").hidden = false;
    $("csat-thanks").hidden = true;
    $("csat-error").hidden = true;
    conversation = "";
    lastSeq = 0;
    agentName = "";
    lastWaiting = null;
    setState("assistant"); // a new conversation starts with the assistant
    await open();
    input.focus();
  });

  // In the embed snippet's panel: Esc asks the page around to close the panel, and the panel
  // asks the chat to take the focus when it opens.
  const framed = window.parent !== window;
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && framed) window.parent.postMessage({ type: "ridgeline:close" }, "*");
  });
  window.addEventListener("message", (event) => {
    if (framed && event.source === window.parent && event.data && event.data.type === "ridgeline:focus") {
      (input.disabled ? scroller : input).focus();
    }
  });

  async function open() {
    let found = null;
    if (conversation) {
      try { found = await api(conversationPath()); }
      catch (error) { if (stopped) return; conversation = ""; }
    }
    if (!conversation) {
      const body = { channel: "web" };
      if (locale) body.locale = locale;
      const started = await api("/api/v1/conversations", body);
      conversation = started.id;
      sessionStorage.setItem(storeKey, conversation);
    }
    document.body.dataset.conversation = conversation;
    if (found) {
      agentName = found.agent || "";
      found.messages.forEach((m) => show({ ...m, state: found.state, agent: found.agent }));
      setState(found.state);
      if (found.waiting) showWaiting(found.waiting);
      if (found.state === "assistant") offer(found);
      if (found.csat) rated(false);
    }
    connect();
  }

  if (!token) { stop(); return; }
  open().catch((error) => { if (!stopped) say(error.message); });
})();

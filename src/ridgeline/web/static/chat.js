// The customer's chat page: opens (or resumes) a conversation, sends messages, and shows every
// message from the live stream of the conversation (server-sent events, one event per message,
// its id the message's seq). After a dropped connection it asks for what it missed.
"use strict";
(function () {
  const params = new URLSearchParams(location.search);
  const token = params.get("token") || "";
  const locale = params.get("locale") || document.body.dataset.locale || "";
  const words = JSON.parse(document.getElementById("words").textContent);
  const list = document.getElementById("messages");
  const status = document.getElementById("status");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const csat = document.getElementById("csat");
  const storeKey = "ridgeline.conversation." + token.slice(-12);
  let conversation = params.get("conversation") || sessionStorage.getItem(storeKey) || "";
  let lastSeq = 0;
  let stream = null;

  async function api(path, body) {
    const response = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = response.status === 204 ? {} : await response.json();
    if (!response.ok) throw new Error((data.error && data.error.message) || response.statusText);
    return data;
  }

  function show(message) {
    if (message.seq <= lastSeq) return; // already shown (a resumed stream may repeat)
    lastSeq = message.seq;
    const item = document.createElement("li");
    item.className = "message " + message.role;
    item.dataset.seq = String(message.seq);
    item.textContent = message.text;
    list.appendChild(item);
    item.scrollIntoView({ block: "end" });
    setState(message.state);
  }

  function showUnstored(reply) {
    const item = document.createElement("li");
    item.className = "message assistant unstored";
    item.textContent = reply.text;
    list.appendChild(item);
  }

  function setState(state) {
    document.body.dataset.state = state;
    status.textContent = words[state] || "";
    const closed = state === "closed";
    input.disabled = closed;
    document.getElementById("send").disabled = closed;
    if (closed) csat.hidden = false;
  }

  function connect() {
    if (stream) stream.close();
    const url = "/api/v1/conversations/" + encodeURIComponent(conversation) +
      "/events?after=" + lastSeq + "&access_token=" + encodeURIComponent(token);
    stream = new EventSource(url);
    stream.onmessage = (event) => show(JSON.parse(event.data));
    stream.onopen = () => { if (status.textContent === words.reconnecting) setState(document.body.dataset.state); };
    stream.onerror = () => {
      // EventSource retries by itself (sending Last-Event-ID); when it gives up, start anew
      // from the last message shown.
      if (stream.readyState === EventSource.CLOSED) setTimeout(connect, 1500);
      else status.textContent = words.reconnecting;
    };
  }

  async function send(text) {
    if (!text.trim()) return;
    input.value = "";
    const before = lastSeq;
    try {
      const turn = await api("/api/v1/conversations/" + encodeURIComponent(conversation) + "/messages", { text });
      // Replies that were stored arrive on the stream. A message the assistant could not read
      // stores nothing, so its reply is shown here, once the stream has had time to deliver.
      if (turn.messages && turn.messages.length) {
        setTimeout(() => { if (lastSeq === before) turn.messages.forEach(showUnstored); }, 1500);
      }
    } catch (error) {
      status.textContent = error.message;
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); send(input.value); });
  document.getElementById("human").addEventListener("click", () => send(words.human_text));
  csat.querySelectorAll("button[data-score]").forEach((button) => {
    button.addEventListener("click", async () => {
      await api("/api/v1/conversations/" + encodeURIComponent(conversation) + "/csat",
        { score: Number(button.dataset.score) });
      csat.querySelector(".scores").hidden = true;
      document.getElementById("csat-thanks").hidden = false;
    });
  });

  async function start() {
    if (!token) { status.textContent = "A customer token is required (?token=...)."; return; }
    if (conversation) {
      try { await api("/api/v1/conversations/" + encodeURIComponent(conversation)); }
      catch (error) { conversation = ""; }
    }
    if (!conversation) {
      const body = { channel: "web" };
      if (locale) body.locale = locale;
      const started = await api("/api/v1/conversations", body);
      conversation = started.id;
      sessionStorage.setItem(storeKey, conversation);
    }
    document.body.dataset.conversation = conversation;
    connect();
  }
  start().catch((error) => { status.textContent = error.message; });
})();

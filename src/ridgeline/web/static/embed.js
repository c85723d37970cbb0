// Ridgeline chat bubble for a lender's site:
//   <script src="https://support.example/embed.js" data-token="CUSTOMER_TOKEN" data-locale="fr-FR"
//           data-label="Chat with us"></script>
// It adds a round button with a chat icon (inline SVG: it renders the same everywhere, with no
// font or emoji); the button opens the chat page of the same server in a framed panel and
// moves the focus into it. Esc (on the site or inside the chat) closes the panel and gives the
// focus back to the button, as does the button itself, which then shows a close icon.
"use strict";
(function () {
  const script = document.currentScript;
  if (!script) return;
  const origin = new URL(script.src).origin;
  const query = new URLSearchParams();
  if (script.dataset.token) query.set("token", script.dataset.token);
  if (script.dataset.locale) query.set("locale", script.dataset.locale);
  const label = script.dataset.label || "Chat";
  const SVG = "http://www.w3.org/2000/svg";

  function icon(paths) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "28");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    paths.forEach((d) => {
      const path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "2");
      path.setAttribute("stroke-linecap", "round");
      path.setAttribute("stroke-linejoin", "round");
      svg.appendChild(path);
    });
    return svg;
  }
  const chatIcon = icon(["M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z",
    "M8.5 12h.01M12 12h.01M15.5 12h.01"]);
  const closeIcon = icon(["M6 6l12 12", "M18 6L6 18"]);

  const bubble = document.createElement("button");
  bubble.type = "button";
  bubble.id = "ridgeline-bubble";
  bubble.setAttribute("aria-label", label);
  bubble.setAttribute("aria-expanded", "false");
  bubble.setAttribute("aria-controls", "ridgeline-panel");
  bubble.appendChild(chatIcon);
  bubble.style.cssText = "position:fixed;right:20px;bottom:20px;width:56px;height:56px;padding:0;" +
    "display:grid;place-items:center;border-radius:50%;border:0;background:#1f4d3a;color:#fff;" +
    "cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3);z-index:2147483646";
  const ring = () => { bubble.style.outline = "3px solid #0b57d0"; bubble.style.outlineOffset = "3px"; };
  bubble.addEventListener("focus", () => { if (bubble.matches(":focus-visible")) ring(); });
  bubble.addEventListener("blur", () => { bubble.style.outline = "none"; });

  let panel = null;
  let frame = null;

  function open() {
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "ridgeline-panel";
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-label", label);
      panel.style.cssText = "position:fixed;right:20px;bottom:88px;width:370px;max-width:calc(100vw - 40px);" +
        "height:560px;max-height:80vh;z-index:2147483647";
      frame = document.createElement("iframe");
      frame.id = "ridgeline-chat";
      frame.title = label;
      frame.src = origin + "/chat?" + query.toString();
      frame.style.cssText = "width:100%;height:100%;border:1px solid #ccc;border-radius:12px;" +
        "background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25)";
      frame.addEventListener("load", focusChat);
      panel.appendChild(frame);
      document.body.appendChild(panel);
    } else {
      panel.hidden = false;
      focusChat();
    }
    bubble.setAttribute("aria-expanded", "true");
    bubble.replaceChildren(closeIcon);
  }

  function focusChat() {
    if (!frame || panel.hidden) return;
    frame.focus();
    frame.contentWindow.postMessage({ type: "ridgeline:focus" }, origin);
  }

  function close() {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    bubble.setAttribute("aria-expanded", "false");
    bubble.replaceChildren(chatIcon);
    bubble.focus();
  }

  bubble.addEventListener("click", () => {
    if (panel && !panel.hidden) close();
    else open();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  window.addEventListener("message", (event) => {
    const fromChat = frame && event.source === frame.contentWindow && event.origin === origin;
    if (fromChat && event.data && event.data.type === "ridgeline:close") close();
  });
  document.body.appendChild(bubble);
})();

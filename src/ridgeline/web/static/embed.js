// Ridgeline chat bubble for a lender's site:
//   <script src="https://support.example/embed.js" data-token="CUSTOMER_TOKEN" data-locale="fr-FR"></script>
// It adds a round button; the button opens the chat page of the same server in a framed panel.
"use strict";
(function () {
  const script = document.currentScript;
  if (!script) return;
  const origin = new URL(script.src).origin;
  const query = new URLSearchParams();
  if (script.dataset.token) query.set("token", script.dataset.token);
  if (script.dataset.locale) query.set("locale", script.dataset.locale);
  const bubble = document.createElement("button");
  bubble.type = "button";
  bubble.id = "ridgeline-bubble";
  bubble.setAttribute("aria-label", script.dataset.label || "Chat");
  bubble.textContent = "💬";
  bubble.style.cssText = "position:fixed;right:20px;bottom:20px;width:56px;height:56px;" +
    "border-radius:50%;border:0;background:#1f4d3a;color:#fff;font-size:24px;cursor:pointer;" +
    "box-shadow:0 2px 8px rgba(0,0,0,.3);z-index:2147483646";
  let frame = null;
  bubble.addEventListener("click", () => {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.id = "ridgeline-chat";
      frame.title = "Chat";
      frame.src = origin + "/chat?" + query.toString();
      frame.style.cssText = "position:fixed;right:20px;bottom:88px;width:370px;height:560px;" +
        "max-height:80vh;border:1px solid #ccc;border-radius:12px;background:#fff;" +
        "box-shadow:0 4px 16px rgba(0,0,0,.25);z-index:2147483647";
      document.body.appendChild(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
  });
  document.body.appendChild(bubble);
})();

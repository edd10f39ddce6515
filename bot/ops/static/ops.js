// Operator console: the live conversation list (Server-Sent Events) and confirmations. No build step, no CDN.
(function () {
  "use strict";

  // Forms that ask first (delete a user's data, retry every failed job).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  const list = document.getElementById("turns");
  if (!list || !window.EventSource || list.dataset.paused) { return; }
  const state = document.getElementById("live-state");
  const empty = document.getElementById("empty");
  const template = document.createElement("template");
  const source = new EventSource(list.dataset.stream);

  function mark(on) {
    if (!state) { return; }
    state.textContent = on ? state.dataset.on : state.dataset.off;
    state.classList.toggle("off", !on);
  }

  source.addEventListener("open", function () { mark(true); });
  source.addEventListener("error", function () { mark(false); });
  source.addEventListener("turn", function (event) {
    template.innerHTML = event.data.trim();
    const row = template.content.firstElementChild;
    if (!row || list.querySelector('[data-id="' + row.dataset.id + '"]')) { return; }
    list.prepend(row);
    if (empty) { empty.hidden = true; }
    while (list.children.length > 200) { list.lastElementChild.remove(); }
    window.setTimeout(function () { row.classList.remove("fresh"); }, 4000);
  });
  window.addEventListener("pagehide", function () { source.close(); });
}());

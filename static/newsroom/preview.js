// "Forhåndsvis" in the article form (news/preview.py): the form as it stands, rendered as readers will
// see the page, in a dialog with a frame at a phone's or a desktop's width. Nothing is saved.
"use strict";
(function () {
  const open = document.querySelector("[data-preview-open]");
  const dialog = document.getElementById("preview-dialog");
  const form = document.getElementById("article_form");
  if (!open || !dialog || !form) return;
  const frame = dialog.querySelector(".preview-frame");
  const message = dialog.querySelector(".preview-message");
  const errors = dialog.querySelector(".preview-errors");

  function width(pixels) {
    frame.width = pixels;
    for (const button of dialog.querySelectorAll("[data-preview-width]")) {
      button.setAttribute("aria-pressed", String(button.dataset.previewWidth === String(pixels)));
    }
  }

  async function show() {
    message.textContent = message.dataset.loading;
    errors.replaceChildren();
    frame.hidden = true;
    if (!dialog.open) dialog.showModal();
    try {
      const response = await fetch(open.dataset.url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.status === 400) {
        message.textContent = "";
        errors.innerHTML = await response.text(); // the server's own escaped fragment
        return;
      }
      if (!response.ok) throw new Error(response.status);
      frame.srcdoc = await response.text();
      frame.hidden = false;
      message.textContent = "";
    } catch {
      message.textContent = message.dataset.failed;
    }
  }

  open.addEventListener("click", show);
  dialog.querySelector("[data-preview-close]").addEventListener("click", () => dialog.close());
  for (const button of dialog.querySelectorAll("[data-preview-width]")) {
    button.addEventListener("click", () => width(Number(button.dataset.previewWidth)));
  }
  dialog.addEventListener("close", () => open.focus());
})();

// Leave the fields left empty out of a filter form's URL, so the address readers share is short.
// Without this script the server redirects to the same address (clusters.views.PublicListMixin).
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.method !== "get") return;
  for (const field of form.elements) {
    if (field.name && !field.disabled && field.value.trim() === "") {
      field.disabled = true;
      field.dataset.skipped = "";
    }
  }
});
// A page restored from the back-forward cache gets its fields back.
window.addEventListener("pageshow", () => {
  for (const field of document.querySelectorAll("[data-skipped]")) {
    field.disabled = false;
    delete field.dataset.skipped;
  }
});

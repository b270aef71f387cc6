// Accessible names for the admin widgets that lose them: select2's autocompletes and the rich-text
// editor label a hidden <select>/<textarea>, so the controls people actually use get no name.
// The widgets render (and select2 re-renders) after load, so this runs again whenever the DOM grows.
"use strict";
(function () {
  function labelFor(field) {
    const label = field.id && document.querySelector(`label[for="${field.id}"]`);
    if (label) label.id ||= `${field.id}-label`;
    return label;
  }

  function nameSelect2(select) {
    const label = labelFor(select);
    const container = select.nextElementSibling;
    if (!label || !container?.classList.contains("select2-container")) return;
    const rendered = container.querySelector(".select2-selection--single .select2-selection__rendered");
    if (rendered) {
      // select2 calls the shown choice a read-only textbox, without a name; it is the combobox's
      // value, so the combobox is named by the label followed by that choice.
      rendered.removeAttribute("role");
      rendered.removeAttribute("aria-readonly");
    }
    container
      .querySelector(".select2-selection")
      ?.setAttribute("aria-labelledby", rendered ? `${label.id} ${rendered.id}` : label.id);
    container.querySelector(".select2-search__field")?.setAttribute("aria-labelledby", label.id);
    // "Remove all" is a mouse-only × placed straight inside the choices' <ul>; the keyboard clears
    // with Delete or Backspace, and each choice keeps its own remove button.
    container.querySelector(".select2-selection__clear")?.setAttribute("aria-hidden", "true");
  }

  function nameOpenSearch(dropdown) {
    // A single select's search box lives in a dropdown appended to <body>; its results list's id
    // (select2-<select id>-results) says which field it belongs to.
    const results = dropdown.querySelector(".select2-results__options[id]");
    const field = results && document.getElementById(results.id.replace(/^select2-(.*)-results$/, "$1"));
    const label = field && labelFor(field);
    if (label) dropdown.querySelector(".select2-search__field")?.setAttribute("aria-labelledby", label.id);
  }

  function nameEditor(editor) {
    const label = labelFor(editor.closest(".prose-editor")?.querySelector("textarea") || {});
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    if (label) editor.setAttribute("aria-labelledby", label.id);
  }

  function nameWidgets() {
    document.querySelectorAll("select.select2-hidden-accessible").forEach(nameSelect2);
    document.querySelectorAll(".select2-dropdown").forEach(nameOpenSearch);
    document.querySelectorAll(".prose-editor .tiptap").forEach(nameEditor);
  }

  nameWidgets();
  new MutationObserver(nameWidgets).observe(document.body, { childList: true, subtree: true });
})();

// The body editor's toolbar in Norwegian. django-prose-editor writes its toolbar labels in English
// (its dialogs go through gettext: locale/nb/LC_MESSAGES/djangojs.po); this relabels each button and
// option as it appears, including the copies the block-type menu makes as the cursor moves.
"use strict";
(function () {
  const LABELS = {
    "bold": "Fet",
    "italic": "Kursiv",
    "underline": "Understreking",
    "strike": "Gjennomstreking",
    "subscript": "Senket skrift",
    "superscript": "Hevet skrift",
    "unordered list": "Punktliste",
    "ordered list": "Nummerert liste",
    "blockquote": "Sitat",
    "horizontal rule": "Skillelinje",
    "insert link": "Sett inn lenke",
    "remove link": "Fjern lenke",
    "paragraph": "Avsnitt",
    "heading 1": "Overskrift 1",
    "heading 2": "Mellomtittel",
    "heading 3": "Undertittel",
    "undo": "Angre",
    "redo": "Gjør om",
    "edit HTML": "Rediger HTML",
    "Toggle fullscreen": "Fullskjerm av/på",
  };
  const OPTIONS = {
    "Paragraph": "Avsnitt",
    "Heading 1": "Overskrift 1",
    "Heading 2": "Mellomtittel",
    "Heading 3": "Undertittel",
  };

  function relabel(root) {
    for (const button of root.querySelectorAll(".prose-menubar__button")) {
      const label = LABELS[button.getAttribute("aria-label")] || LABELS[button.title];
      if (label) {
        button.title = label;
        button.setAttribute("aria-label", label);
      }
    }
    for (const option of root.querySelectorAll(".prose-menubar__option > *")) {
      const text = OPTIONS[option.textContent];
      if (text) option.textContent = text;
    }
  }

  function watch(editor) {
    relabel(editor);
    new MutationObserver(() => relabel(editor)).observe(editor, { childList: true, subtree: true });
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const editor = event.target.closest(".prose-editor");
    if (editor) watch(editor);
  });
})();

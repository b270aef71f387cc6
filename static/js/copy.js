// Copy buttons: <button data-copy="id"> copies the text of the element with that id. Without
// JavaScript the button stays hidden and the text can be selected and copied by hand.
"use strict";
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector("[role=status]");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent);
      status.textContent = button.dataset.copied;
    } catch {
      // No clipboard (an insecure address, or permission refused): select the text for the reader.
      getSelection().selectAllChildren(source);
      status.textContent = button.dataset.failed;
    }
  });
}

// The news filter's cluster choices, narrowed to those matching what the reader types. Without this
// script the choices are grouped by tier with the rest behind "Vis alle" (a plain <details>).
"use strict";
// Where the stylesheet cannot show the closed filter panel beside the list (no ::details-content),
// open it on a wide screen.
if (!CSS.supports("selector(::details-content)") && matchMedia("(min-width: 52rem)").matches) {
  for (const panel of document.querySelectorAll("details.filter-panel")) panel.open = true;
}

(() => {
  const search = document.querySelector(".cluster-search");
  if (!search) return;
  const fieldset = search.closest(".cluster-choices");
  const input = search.querySelector("input");
  const status = search.querySelector("[role=status]");
  const choices = [...fieldset.querySelectorAll("li[data-names]")].map((item) => ({
    item,
    names: item.dataset.names.toLocaleLowerCase("nb").split("|"),
  }));
  let announce;

  function narrow() {
    const wanted = input.value.trim().toLocaleLowerCase("nb");
    fieldset.classList.toggle("searching", wanted !== "");
    let found = 0;
    for (const { item, names } of choices) {
      const matches = names.some((name) => name.includes(wanted));
      item.hidden = !matches;
      found += matches;
    }
    // While searching, the clusters behind "Vis alle" are searched too; after, each is as it was.
    for (const more of fieldset.querySelectorAll(".more-choices")) {
      if (wanted && !("wasOpen" in more.dataset)) {
        more.dataset.wasOpen = more.open;
        more.open = true;
      } else if (!wanted && "wasOpen" in more.dataset) {
        more.open = more.dataset.wasOpen === "true";
        delete more.dataset.wasOpen;
      }
    }
    for (const group of fieldset.querySelectorAll(".cluster-group")) {
      group.hidden = !group.querySelector("li[data-names]:not([hidden])");
    }
    // Screen readers hear the number once the reader pauses, not at every key.
    clearTimeout(announce);
    announce = setTimeout(() => {
      const { none, one, many } = status.dataset;
      status.textContent = !wanted ? "" : found === 0 ? none : found === 1 ? one : many.replace("%(count)s", found);
    }, 400);
  }

  input.addEventListener("input", narrow);
  // Enter in the search field would submit the whole form; here it only narrows the choices.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  search.hidden = false;
  if (input.value) narrow(); // a value the browser restored
})();

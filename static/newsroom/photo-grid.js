// The photo library's grid and the list's actions: Django's actions script works on table rows only,
// so here the same for the grid's tiles: a box that selects every photo on the page, the counter
// ("2 av 48 valgt"), and, with every photo on the page selected, the question whether to act on every
// photo of the list. Without JavaScript each photo is still ticked on its own.
"use strict";
// Loaded in the page's head with the admin's other scripts: it waits for the document.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    const grid = document.getElementById("photo-grid");
    const toggle = document.getElementById("action-toggle");
    const counter = document.querySelector("span.action-counter");
    if (!grid || !toggle || !counter) return;
    const boxes = Array.from(grid.querySelectorAll("input.action-select"));
    const across = document.querySelectorAll("div.actions input.select-across");

    function show(selector, shown) {
      document.querySelectorAll(selector).forEach(function (el) {
        el.classList.toggle("hidden", !shown);
      });
    }

    function acrossTheList(chosen) {
      across.forEach(function (input) {
        input.value = chosen ? 1 : 0;
      });
      show("div.actions span.clear", chosen);
      show("div.actions span.all", chosen);
      show("span.action-counter", !chosen);
    }

    function update() {
      const selected = boxes.filter(function (box) {
        return box.checked;
      }).length;
      const total = Number(counter.dataset.actionsIcnt);
      counter.textContent = interpolate(
        ngettext("%(sel)s of %(cnt)s selected", "%(sel)s of %(cnt)s selected", selected),
        { sel: selected, cnt: total },
        true
      );
      toggle.checked = boxes.length > 0 && selected === boxes.length;
      boxes.forEach(function (box) {
        box.closest(".photo-tile").classList.toggle("selected", box.checked);
      });
      acrossTheList(false);
      show("div.actions span.question", toggle.checked);
    }

    toggle.closest("[hidden]")?.removeAttribute("hidden");
    toggle.addEventListener("click", function () {
      boxes.forEach(function (box) {
        box.checked = toggle.checked;
      });
      update();
    });
    grid.addEventListener("change", function (event) {
      if (event.target.classList.contains("action-select")) update();
    });
    document.querySelectorAll("div.actions span.question a").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        acrossTheList(true);
        show("div.actions span.question", false);
      });
    });
    document.querySelectorAll("div.actions span.clear a").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        toggle.checked = false;
        boxes.forEach(function (box) {
          box.checked = false;
        });
        update();
      });
    });
    // The browser may restore ticked boxes on the way back to the page.
    window.addEventListener("pageshow", update);
  });
})();

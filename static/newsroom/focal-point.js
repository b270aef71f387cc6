// The photo's focal point: a click in the picture sets the two number fields (0–1) beside it, and a
// marker shows where it is. Without JavaScript the number fields are set by hand.
"use strict";
(function () {
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    const picker = document.querySelector("[data-focal-picker]");
    const x = document.getElementById("id_focal_x");
    const y = document.getElementById("id_focal_y");
    if (!picker || !x || !y) return;
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-marker");

    function place() {
      const fx = Math.min(1, Math.max(0, parseFloat(x.value)));
      const fy = Math.min(1, Math.max(0, parseFloat(y.value)));
      if (Number.isNaN(fx) || Number.isNaN(fy)) {
        marker.hidden = true;
        return;
      }
      marker.style.left = `${fx * 100}%`;
      marker.style.top = `${fy * 100}%`;
      marker.hidden = false;
    }

    image.addEventListener("click", function (event) {
      const box = image.getBoundingClientRect();
      x.value = ((event.clientX - box.left) / box.width).toFixed(2);
      y.value = ((event.clientY - box.top) / box.height).toFixed(2);
      place();
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    picker.classList.add("focal-picker-active");
    place();
  });
})();

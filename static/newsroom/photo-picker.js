// The article form's photo picker (news/widgets.py). "Velg fra bildearkivet" opens the photo library
// in Django's lookup window; a photo chosen there, or uploaded with the "+" beside the picker, sets
// the hidden input, and the picker shows the photo's thumbnail and caption.
"use strict";
(function () {
  const $ = django.jQuery;

  function pickerOf(input) {
    return document.querySelector(`[data-photo-picker="${input.id}"]`);
  }

  function show(picker, card) {
    const chosen = picker.querySelector(".photo-picker-chosen");
    const label = picker.querySelector(".photo-picker-label");
    let image = chosen.querySelector("img");
    if (card) {
      if (!image) {
        image = document.createElement("img");
        image.alt = "";
        image.width = 160;
        image.height = 120;
        chosen.prepend(image);
      }
      image.src = card.thumbnail;
      image.className = `photo-picker-image ${card.focal_classes}`;
      label.textContent = card.label;
    } else {
      image?.remove();
      label.textContent = label.dataset.empty;
    }
    picker.querySelector(".photo-picker-clear").hidden = !card;
  }

  async function refresh(input) {
    const picker = pickerOf(input);
    if (!picker) return;
    window.updateRelatedObjectLinks?.(input);
    if (!input.value) {
      show(picker, null);
      return;
    }
    const response = await fetch(picker.dataset.cardUrl.replace("__fk__", input.value), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) show(picker, await response.json());
  }

  function notify(picker, text) {
    picker.querySelector(".photo-picker-notice").textContent = text;
  }

  // Called from the add window before it closes (photo-popup-response.js).
  window.newsroomPhotoPicker = {
    uploaded(field, id, notice) {
      const input = document.getElementById(field);
      const picker = input && pickerOf(input);
      if (picker) notify(picker, notice);
    },
  };

  $(function () {
    document.querySelectorAll("[data-photo-picker-input]").forEach(function (input) {
      const picker = pickerOf(input);
      $(input).on("change", function () {
        refresh(input);
      });
      picker.querySelector(".photo-picker-open").addEventListener("click", function (event) {
        event.preventDefault();
        notify(picker, "");
        window.showRelatedObjectLookupPopup(this);
      });
      picker.querySelector(".photo-picker-clear").addEventListener("click", function () {
        input.value = "";
        notify(picker, "");
        $(input).trigger("change");
        picker.querySelector(".photo-picker-open").focus();
      });
      window.updateRelatedObjectLinks?.(input);
    });
  });
})();

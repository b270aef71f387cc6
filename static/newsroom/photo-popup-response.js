// A photo uploaded in the article form's picker window: tell the picker what was read from the file
// before Django's popup_response.js chooses the photo and closes the window.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("photo-popup-response").dataset.popupResponse);
  const field = window.name.replace(/__\d+$/, "");
  if (window.opener && window.opener.newsroomPhotoPicker) {
    window.opener.newsroomPhotoPicker.uploaded(field, data.value, data.notice || "");
  }
})();

// Autosave in the article form (news/autosave.py). Every few seconds, if the form has changed, its
// fields are sent to the server as this person's unsaved edits; on leaving the page they go by beacon.
// Should the server be out of reach (offline, session expired), the edits wait in this browser, under
// this person's key, until they reach it. Opening the form again offers the newest kept edits back.
"use strict";
(function () {
  // The body editors, by their textarea, as django-prose-editor announces them (before this script's
  // DOMContentLoaded, so the script is loaded before the editor's modules).
  const editors = new Map();
  document.addEventListener("prose-editor:ready", (event) => editors.set(event.detail.textarea, event.detail.editor));

  const config = JSON.parse(document.getElementById("autosave-config")?.textContent || "null");
  const form = document.getElementById("article_form");
  if (!config || !form) return;
  const prompt = document.getElementById("autosave-prompt");
  const status = document.querySelector(".autosave-status");
  let last = null; // the edits as last sent, JSON
  let submitting = false;
  let superseded = false;
  let unreachable = false; // the last autosave did not reach the server

  function csrfToken() {
    // The cookie is the newest token (it changes on logging in again in another tab).
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.slice(10)) : form.querySelector("[name=csrfmiddlewaretoken]").value;
  }

  function snapshot() {
    const fields = Object.fromEntries(config.names.map((name) => [name, []]));
    for (const [name, value] of new FormData(form)) {
      if (name in fields && typeof value === "string") fields[name].push(value);
    }
    const labels = {};
    for (const select of form.querySelectorAll("select")) {
      if (select.name in fields) {
        labels[select.name] = Object.fromEntries([...select.selectedOptions].map((o) => [o.value, o.text]));
      }
    }
    return { fields, labels };
  }

  function body(edits, extra) {
    const data = new URLSearchParams({ csrfmiddlewaretoken: csrfToken(), ...extra });
    if (edits) data.set("edits", JSON.stringify(edits));
    return data;
  }

  // This browser's copy, for when the server cannot take the edits.
  const local = {
    read() {
      try {
        return JSON.parse(localStorage.getItem(config.key));
      } catch {
        return null;
      }
    },
    write(edits) {
      try {
        localStorage.setItem(config.key, JSON.stringify({ ...edits, updated: new Date().toISOString() }));
      } catch {
        // Storage full or refused: the server's copy is all there is.
      }
    },
    clear() {
      localStorage.removeItem(config.key);
    },
  };

  function say(kind, extra) {
    if (status) status.textContent = [status.dataset[kind], extra].filter(Boolean).join(" ");
  }

  async function save() {
    if (submitting || superseded) return;
    const edits = snapshot();
    const json = JSON.stringify(edits);
    if (json === last) return;
    last = json;
    try {
      const response = await fetch(config.url, {
        method: "POST",
        body: body(edits),
        credentials: "same-origin",
        redirect: "manual", // a login page (session expired) is no success
      });
      if (response.status === 409) {
        superseded = true;
        say("superseded");
      } else if (!response.ok) {
        throw new Error(response.status);
      } else if (json === last) {
        unreachable = false;
        local.clear();
        const time = new Date((await response.json()).updated);
        say("saved", time.toLocaleTimeString("nb-NO", { hour: "2-digit", minute: "2-digit" }) + ".");
      }
    } catch {
      last = null; // try again at the next round
      unreachable = true;
      local.write(edits);
      say("failed");
    }
  }

  function leave() {
    if (submitting || superseded) return;
    const edits = snapshot();
    if (JSON.stringify(edits) === last) return;
    local.write(edits); // a beacon may be too large to send, and is never confirmed
    navigator.sendBeacon(config.url, body(edits));
  }

  // Restoring: every field the kept edits hold, the body editor and the autocompletes included.

  function setField(name, values, labels) {
    for (const element of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value);
      } else if (element.tagName === "SELECT") {
        for (const value of values) {
          if (value && ![...element.options].some((o) => o.value === value)) {
            element.add(new Option(labels?.[value] || value, value));
          }
        }
        for (const option of element.options) option.selected = values.includes(option.value);
      } else if (editors.has(element)) {
        editors.get(element).commands.setContent(values[0] || ""); // and the editor updates the textarea
      } else {
        element.value = values[0] ?? "";
      }
      element.dispatchEvent(new Event("input", { bubbles: true }));
      element.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function restore(edits) {
    for (const name of config.names) {
      if (edits.fields[name]) setField(name, edits.fields[name], edits.labels?.[name]);
    }
  }

  function sameAsForm(edits) {
    const now = snapshot().fields;
    return config.names.every((name) => !edits.fields[name] || JSON.stringify(edits.fields[name]) === JSON.stringify(now[name]));
  }

  function newest(kept, here) {
    // This browser's copy, if older than the article's last save, was written before that save.
    if (here && config.saved && Date.parse(here.updated) < Date.parse(config.saved)) here = null;
    const copies = [kept, here].filter((c) => c && c.fields);
    return copies.sort((a, b) => Date.parse(b.updated) - Date.parse(a.updated))[0];
  }

  function offer(edits) {
    if (!edits || sameAsForm(edits)) {
      local.clear();
      return;
    }
    const updated = new Date(edits.updated);
    prompt.querySelector(".autosave-time").textContent = updated.toLocaleString("nb-NO", {
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
    prompt.hidden = false;
    prompt.querySelector("[data-autosave-restore]").addEventListener("click", () => {
      restore(edits);
      prompt.hidden = true;
      local.clear();
      last = null; // the restored edits are kept again at the next round
      say("restored");
      form.querySelector("input:not([type=hidden]), textarea")?.focus();
    });
    prompt.querySelector("[data-autosave-discard]").addEventListener("click", () => {
      prompt.hidden = true;
      local.clear();
      fetch(config.url, { method: "POST", body: body(null, { discard: "1" }), credentials: "same-origin" });
      say("discarded");
      form.querySelector("input:not([type=hidden]), textarea")?.focus();
    });
  }

  function start() {
    if (document.querySelector(".messagelist .success")) local.clear(); // a save just went through
    offer(newest(config.kept, local.read()));
    last = JSON.stringify(snapshot()); // what the form opened with is nothing new
    setInterval(save, config.every * 1000);
    form.addEventListener("submit", () => {
      submitting = true;
      // A session that has expired loses the posted form to the login page: keep it here.
      if (unreachable) local.write(snapshot());
    });
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") save();
    });
  }

  // The body editor may start after the page has loaded: offer the edits once it is there.
  function whenEditorReady(callback) {
    const textarea = form.querySelector("textarea[data-django-prose-editor-configurable]");
    if (!textarea || editors.has(textarea)) return callback();
    let done = false;
    const once = () => done || ((done = true), callback());
    document.addEventListener("prose-editor:ready", once, { once: true });
    setTimeout(once, 5000); // no editor after all: restore into the plain field
  }

  document.addEventListener("DOMContentLoaded", () => whenEditorReady(start));
})();

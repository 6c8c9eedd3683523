/* The attendance desk: Enter sends the person and clears the form at once, so the next
   name can be typed while the last one travels. Each entry gets its own id and waits
   in an outbox kept in the browser's storage (it survives a reload and a closed tab);
   entries are sent in order, again when the connection returns. The server knows an
   entry by its id, so sending one twice never adds a second row; an entry it refuses
   (a duplicate, an invalid name) is listed with the reason and the next one goes on. */
(function () {
  "use strict";
  var form = document.getElementById("desk-form");
  if (!form || !window.fetch) {
    return;
  }
  var nameInput = form.elements.namedItem("name");
  var institution = form.elements.namedItem("institution");
  var gender = form.elements.namedItem("gender");
  var message = document.getElementById("pesan-meja");
  var outbox = document.getElementById("antrean");
  var report = document.getElementById("antrean-laporan");
  var storeKey = "gemaskop-antrean:" + form.getAttribute("action");
  var memory = [];
  var sending = false;
  var retry = null;
  var SERVER_TRIES = 3;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey) || "[]");
    } catch (error) {
      return memory;
    }
  }

  function store(entries) {
    memory = entries;
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(entries));
    } catch (error) {
      /* Private mode or full storage: the outbox lives in this page only. */
    }
  }

  function drop(id) {
    store(
      load().filter(function (entry) {
        return entry.id !== id;
      })
    );
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    // Plain HTTP on a LAN address has no randomUUID, but has getRandomValues.
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return (b + 0x100).toString(16).slice(1);
      })
      .join("");
    return [0, 8, 12, 16, 20]
      .map(function (start, i, all) {
        return hex.slice(start, all[i + 1] || 32);
      })
      .join("-");
  }

  function say(text, level, link) {
    var p = document.createElement("p");
    p.className = "message message-" + level;
    p.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      p.append(" ", a);
    }
    message.replaceChildren(p);
  }

  function tell(entry, reason, level) {
    var item = document.createElement("li");
    item.className = "message message-" + level;
    item.textContent = reason;
    report.prepend(item);
    report.hidden = false;
  }

  function showOutbox() {
    var waiting = load().length;
    outbox.hidden = waiting === 0;
    outbox.querySelector("[data-count]").textContent = String(waiting);
  }

  function insert(html) {
    // A poll may already have brought this row: never show it twice.
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var row = template.content.querySelector("tr[id]");
    if (row) {
      var old = document.getElementById(row.id);
      if (old) {
        old.remove();
      }
    }
    htmx.swap("#daftar-hadir-isi", html, { swapStyle: "afterbegin" });
  }

  function reasonIn(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var text = template.content.querySelector(".message");
    return text ? text.textContent.trim() : "";
  }

  function later() {
    window.clearTimeout(retry);
    retry = window.setTimeout(flush, 3000);
  }

  function csrfToken() {
    var cookie = document.cookie.split("; ").filter(function (pair) {
      return pair.indexOf("csrftoken=") === 0;
    })[0];
    return cookie
      ? decodeURIComponent(cookie.slice("csrftoken=".length))
      : form.elements.csrfmiddlewaretoken.value;
  }

  function body(entry) {
    var data = new FormData();
    entry.fields.forEach(function (pair) {
      data.append(pair[0], pair[1]);
    });
    data.append("client_id", entry.id);
    // The current token, not the one of the page the entry was typed on: a log-in
    // (in another tab, after a long break) changes it.
    data.append("csrfmiddlewaretoken", csrfToken());
    return data;
  }

  function settle(entry, response, html) {
    var outcome = response.headers.get("X-Desk-Outcome");
    drop(entry.id);
    if (response.ok) {
      insert(html);
      if (outcome === "warning") {
        tell(entry, reasonIn(html), "warning");
      }
    } else {
      var reason = reasonIn(html) || form.dataset.failed + " " + response.status;
      tell(entry, entry.label + ": " + reason, "error");
      say(entry.label + ": " + reason, "error");
    }
  }

  function flush() {
    var entries = load();
    showOutbox();
    if (sending || entries.length === 0) {
      return;
    }
    var entry = entries[0];
    sending = true;
    fetch(form.action, {
      method: "POST",
      body: body(entry),
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
      redirect: "manual",
    })
      .then(function (response) {
        return response.text().then(function (html) {
          sending = false;
          if (response.type === "opaqueredirect") {
            // The log-in comes back to this desk, whose outbox then goes out.
            say(form.dataset.loggedOut, "warning", {
              href: form.dataset.loginUrl,
              text: form.dataset.loginText,
            });
            later();
            return;
          }
          if (response.status >= 500 || response.status === 429) {
            entry.tries = (entry.tries || 0) + 1;
            if (entry.tries < SERVER_TRIES || response.status === 429) {
              store(
                load().map(function (each) {
                  return each.id === entry.id ? entry : each;
                })
              );
              say(form.dataset.serverBusy, "warning");
              later();
              return;
            }
          }
          settle(entry, response, html);
          flush();
        });
      })
      .catch(function () {
        sending = false;
        say(form.dataset.offline, "warning");
        showOutbox();
        later();
      });
  }

  var pickerHolder = form.querySelector("[data-institution-picker]");
  var picker = pickerHolder && pickerHolder.picker;
  var choosing = false;

  function institutionChoice() {
    if (picker) {
      return picker.choice();
    }
    return Promise.resolve({ institution: institution.value.trim(), ref: "" });
  }

  function clearForm() {
    nameInput.value = "";
    gender.value = "";
    if (picker) {
      picker.reset();
    } else {
      institution.value = "";
    }
    nameInput.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (choosing) {
      return;
    }
    if (!nameInput.value.trim()) {
      say(form.dataset.nameRequired, "error");
      nameInput.focus();
      return;
    }
    choosing = true;
    institutionChoice()
      .catch(function () {
        // Whatever went wrong in choosing, the typed text is kept and sent: the
        // server matches it to the registry itself when the entry arrives.
        return { institution: (picker ? picker.input : institution).value.trim(), ref: "" };
      })
      .then(function (choice) {
      choosing = false;
      if (!choice) {
        return;
      }
      var fields = [];
      new FormData(form).forEach(function (value, key) {
        if (["csrfmiddlewaretoken", "client_id", "institution"].indexOf(key) === -1) {
          fields.push([key, String(value)]);
        }
      });
      fields.push(["institution", choice.institution]);
      fields.push(["institution_ref", choice.ref]);
      var label = nameInput.value.trim();
      if (choice.institution) {
        label += " (" + choice.institution + ")";
      }
      store(load().concat([{ id: uuid(), fields: fields, label: label }]));
      clearForm();
      flush();
    });
  });
  window.addEventListener("online", flush);
  window.addEventListener("storage", function (event) {
    if (event.key === storeKey) {
      showOutbox();
    }
  });
  flush();

  invitationFinder();
})();

/* The invitation finder at the top of the desk: type part of a name or institution,
   Enter ticks the first invitee not yet present (or goes to their name field when the
   invitation names nobody). Present people leave the list. */
function invitationFinder() {
  "use strict";
  var search = document.getElementById("cari-undangan");
  if (!search) {
    return;
  }
  var list = document.getElementById("undangan");
  var counter = document.getElementById("undangan-hitungan");
  var showAll = document.getElementById("undangan-semua");
  var everyone = false;

  function items() {
    return Array.prototype.slice.call(list.children);
  }

  function present(item) {
    return item.querySelector("form") === null;
  }

  function words() {
    return search.value
      .toLowerCase()
      .split(/[^0-9a-z\u00c0-\uffff]+/)
      .filter(Boolean);
  }

  function matches(item, wanted) {
    // Each typed word starts a word of the name or institution, as in the picker.
    var own = item.dataset.search.split(/[^0-9a-z\u00c0-\uffff]+/);
    return wanted.every(function (word) {
      return own.some(function (part) {
        return part.indexOf(word) === 0;
      });
    });
  }

  function refresh() {
    var wanted = words();
    var all = items();
    var arrived = all.filter(present).length;
    all.forEach(function (item) {
      var answered = item.querySelector(".message") !== null;
      var open = wanted.length ? matches(item, wanted) : everyone;
      item.hidden = !(answered || (open && !present(item)));
    });
    counter.textContent = counter.dataset.template
      .replace("{0}", String(all.length))
      .replace("{1}", String(arrived))
      .replace("{2}", String(all.length - arrived));
  }

  function forgetAnswers() {
    list.querySelectorAll("li > .message").forEach(function (message) {
      message.remove();
    });
  }

  search.addEventListener("input", function () {
    forgetAnswers();
    refresh();
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") {
      return;
    }
    event.preventDefault();
    var wanted = words();
    var first = items().filter(function (item) {
      return !present(item) && wanted.length && matches(item, wanted);
    })[0];
    if (!first) {
      return;
    }
    var name = first.querySelector("input[name=name]");
    if (!name.value.trim()) {
      name.focus();
      return;
    }
    forgetAnswers();
    first.querySelector("form").requestSubmit();
    search.value = "";
    refresh();
  });
  showAll.addEventListener("click", function () {
    everyone = !everyone;
    showAll.setAttribute("aria-expanded", String(everyone));
    refresh();
  });
  document.body.addEventListener("htmx:afterSettle", refresh);
  refresh();
}

/* The attendance desk: Enter sends the person and clears the form at once, so the next
   name can be typed while the last one travels. Entries wait in an outbox (in order)
   when the connection drops and are sent again; the server refuses duplicates, so a
   resend is always safe. */
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
  var pending = [];
  var sending = false;

  function say(text, level) {
    var p = document.createElement("p");
    p.className = "message message-" + level;
    p.textContent = text;
    message.replaceChildren(p);
  }

  function showOutbox() {
    outbox.hidden = pending.length === 0;
    outbox.querySelector("[data-count]").textContent = String(pending.length);
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

  function flush() {
    if (sending || pending.length === 0) {
      showOutbox();
      return;
    }
    sending = true;
    fetch(form.action, {
      method: "POST",
      body: pending[0],
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.text().then(function (html) {
          sending = false;
          if (response.status >= 500) {
            throw new Error("server");
          }
          pending.shift();
          if (response.ok || response.status === 422) {
            insert(html);
          } else {
            say(form.dataset.failed + " " + response.status, "error");
          }
          flush();
        });
      })
      .catch(function () {
        sending = false;
        say(form.dataset.offline, "warning");
        showOutbox();
        window.setTimeout(flush, 3000);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!nameInput.value.trim()) {
      say(form.dataset.nameRequired, "error");
      nameInput.focus();
      return;
    }
    pending.push(new FormData(form));
    nameInput.value = "";
    institution.value = "";
    gender.value = "";
    nameInput.focus();
    showOutbox();
    flush();
  });
  window.addEventListener("online", flush);

  var search = document.getElementById("cari-undangan");
  if (search) {
    search.addEventListener("input", function () {
      var text = search.value.trim().toLowerCase();
      document.querySelectorAll("#undangan > li").forEach(function (item) {
        item.hidden = text !== "" && item.dataset.search.indexOf(text) === -1;
      });
    });
  }
})();

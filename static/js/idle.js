/* The idle warning, on pages where typing happens (a form that posts, with a field
   to type or choose in: a lone button such as "Tandai sudah diperiksa" is not): the session
   ends after a spell without requests, so a few minutes before, a notice offers
   "Tetap masuk" (a request that counts as activity). Once the time has passed it
   says so and links to the log-in page in a new tab: what was typed stays here, and
   a form sent afterwards carries the new log-in's CSRF token, not the stale one. */
(function () {
  "use strict";
  var notice = document.getElementById("peringatan-sesi");
  var typed =
    "main form[method=post] textarea, main form[method=post] select, " +
    "main form[method=post] input:not([type=hidden]):not([type=submit])" +
    ":not([type=button]):not([type=reset])";
  if (!notice || !window.fetch || !document.querySelector(typed)) {
    return;
  }
  var idle = Number(notice.dataset.idleSeconds) * 1000;
  var lead = Number(notice.dataset.leadSeconds) * 1000;
  var text = notice.querySelector("[data-text]");
  var stay = notice.querySelector("[data-stay]");
  var login = notice.querySelector("[data-login]");
  var timers = [];

  function csrfToken() {
    var pair = document.cookie.split("; ").filter(function (each) {
      return each.indexOf("csrftoken=") === 0;
    })[0];
    return pair ? decodeURIComponent(pair.slice("csrftoken=".length)) : "";
  }

  function show(message, expired, confirmed) {
    text.textContent = message;
    stay.hidden = Boolean(confirmed);
    login.hidden = !expired;
    notice.hidden = false;
  }

  function schedule() {
    timers.forEach(window.clearTimeout);
    timers = [
      window.setTimeout(function () {
        show(notice.dataset.warning, false);
      }, idle - lead),
      window.setTimeout(function () {
        show(notice.dataset.expired, true);
      }, idle),
    ];
  }

  stay.addEventListener("click", function () {
    fetch(notice.dataset.keepalive, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
      redirect: "manual",
    })
      .then(function (response) {
        if (response.status === 204) {
          notice.hidden = true;
          schedule();
        } else {
          show(notice.dataset.expired, true, true);
        }
      })
      .catch(function () {
        text.textContent = notice.dataset.offline;
      });
  });
  notice.querySelector("[data-dismiss]").addEventListener("click", function () {
    notice.hidden = true;
  });
  document.addEventListener(
    "submit",
    function (event) {
      var token = csrfToken();
      var field = event.target.querySelector("input[name=csrfmiddlewaretoken]");
      if (token && field) {
        field.value = token;
      }
    },
    true
  );
  // A request from the page (htmx) counts as activity too.
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();

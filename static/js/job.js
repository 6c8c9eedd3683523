// The job page follows its job: it asks the portal how far the job is every two
// seconds and reloads once the job has ended (to show the download link).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-job-status-url");
  var bar = document.getElementById("job-progress");
  var live = box.querySelector("[data-job-live]");

  function show(data) {
    ["status_label", "phase", "done", "total"].forEach(function (name) {
      var field = box.querySelector("[data-job-field=" + name + "]");
      if (field) field.textContent = data[name];
    });
    bar.value = data.percent;
    bar.textContent = data.percent + "%";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) {
          if (live) live.textContent = data.status_label;
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  if (box.getAttribute("data-job-finished") === "0") window.setTimeout(poll, 1000);
})();

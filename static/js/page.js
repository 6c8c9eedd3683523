/* Small behaviours that would otherwise be inline (the Content-Security-Policy allows
   no inline script or style): print buttons and the width of progress bars. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-progress]").forEach(function (bar) {
    var value = Math.max(0, Math.min(100, parseFloat(bar.dataset.progress) || 0));
    bar.style.width = value + "%";
  });
})();

/* "Pilih semua" on the invitation suggestions: one tick for forty pesantren. Without
   JavaScript the box stays hidden and each pesantren is ticked by itself. */
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    var group = document.getElementById(all.dataset.selectAll);
    var boxes = Array.prototype.filter.call(
      group.querySelectorAll("input[type=checkbox]"),
      function (box) {
        return box !== all;
      }
    );
    function sync() {
      var ticked = boxes.filter(function (box) {
        return box.checked;
      }).length;
      all.checked = ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    all.addEventListener("change", function () {
      boxes.forEach(function (box) {
        box.checked = all.checked;
      });
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", sync);
    });
    all.closest("label").hidden = false;
    sync();
  });
})();

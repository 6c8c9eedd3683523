/* "Pilih semua" on the invitation suggestions: one tick for forty pesantren; "Pilih per
   kecamatan" ticks every suggested pesantren of one kecamatan. Without JavaScript both
   stay hidden and each pesantren is ticked by itself. */
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
  document.querySelectorAll("[data-select-kecamatan]").forEach(function (picker) {
    var group = document.getElementById(picker.dataset.selectKecamatan);
    var select = picker.querySelector("select");
    picker.querySelector("button").addEventListener("click", function () {
      group.querySelectorAll("[data-kecamatan]").forEach(function (line) {
        var box = line.querySelector("input[type=checkbox]");
        if (line.dataset.kecamatan === select.value && !box.checked) {
          box.checked = true;
          box.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
    picker.hidden = false;
  });
})();

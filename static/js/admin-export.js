/* django-import-export's "select all" switch on the export page, bound here instead of
   an inline onchange (the CSP refuses inline handlers). onSelectToggleChange comes from
   import-export's export_selectable_fields.js. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (typeof window.onSelectToggleChange !== "function") { return; }
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    toggle.addEventListener("change", window.onSelectToggleChange);
  });
});

/* On a phone the navigation folds behind a "Menu" button; without JavaScript it simply
   stays open. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var button = document.getElementById("nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!button || !nav) { return; }
  button.addEventListener("click", function () {
    var open = nav.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();

/* The institution picker: GOV.UK's accessible-autocomplete over the portal's own
   registry lookup. The first match is highlighted; Enter takes it (and sends the form),
   Tab moves on with it. Text that matches nothing becomes a new institution only when
   the "Lembaga baru: …" option is chosen. If Enter comes before the answer for the
   letters typed, the picker waits for that answer rather than taking an older one.

   Markup: <div data-institution-picker data-url="…" data-new="Lembaga baru:" …>
   holding the plain <input name="institution"> that works without JavaScript; with
   data-ref-field the chosen record's reference is kept in that hidden field of the
   form, data-submit-on-enter sends the form with the Enter that takes a match (the
   desk), data-prefill confirms the best match for the text already there, data-no-new
   offers registry records only. */
(function () {
  "use strict";
  var MIN_LETTERS = 2;

  function escape(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function format(template, values) {
    return template.replace(/\{(\d)\}/g, function (_match, index) {
      return String(values[Number(index)]);
    });
  }

  function setUp(wrapper) {
    var plain = wrapper.querySelector("input");
    var form = plain.form;
    var text = wrapper.dataset;
    var cache = {};
    var chosen = null;
    var enterPressed = false;
    var lastKey = "";
    var choice = document.createElement("p");
    choice.className = "picker-choice";
    choice.setAttribute("aria-live", "polite");

    function lookup(query) {
      var key = query.trim().toLowerCase();
      if (!cache[key]) {
        var entry = { done: false, results: [] };
        entry.promise = fetch(
          text.url + "?q=" + encodeURIComponent(query.trim()),
          { credentials: "same-origin", headers: { Accept: "application/json" } }
        )
          .then(function (response) {
            // An ended session answers with the log-in page (allauth even answers
            // it as JSON): that is no answer, as when offline.
            if (!response.ok || response.redirected) {
              throw new Error(String(response.status));
            }
            return response.json();
          })
          .then(function (data) {
            if (!data || !Array.isArray(data.results)) {
              throw new Error("no results");
            }
            entry.done = true;
            entry.results = data.results;
            return data.results;
          })
          .catch(function (error) {
            delete cache[key];
            throw error;
          });
        cache[key] = entry;
      }
      return cache[key].promise;
    }

    function answered(query) {
      var entry = cache[query.trim().toLowerCase()];
      return Boolean(entry && entry.done);
    }

    var allowNew = !("noNew" in text);
    // The desk: one Enter takes the match and sends the person.
    var submitOnEnter = "submitOnEnter" in text;

    function options(query, results) {
      if (!allowNew) {
        return results;
      }
      var typed = query.trim();
      return results.concat([{ ref: "new", label: typed, detail: "" }]);
    }

    function isChosen(option) {
      return Boolean(
        chosen && chosen.ref === option.ref && chosen.label === option.label
      );
    }

    // A plain form keeps the chosen record in its hidden field at every change.
    var refInput = text.refField ? form.elements.namedItem(text.refField) : null;

    function show(option) {
      if (refInput) {
        refInput.value = option ? option.ref : "";
      }
      if (!option) {
        choice.textContent = "";
      } else if (option.ref === "new") {
        choice.textContent =
          text.newChosen + " " + option.label + " " + text.chooseNew;
      } else {
        choice.textContent = "→ " + option.label + " · " + option.detail;
      }
    }

    var holder = document.createElement("div");
    plain.replaceWith(holder);
    holder.after(choice);
    accessibleAutocomplete({
      element: holder,
      id: plain.id,
      name: plain.name,
      autoselect: true,
      confirmOnBlur: true,
      defaultValue: plain.value,
      minLength: MIN_LETTERS,
      displayMenu: "overlay",
      showNoOptionsFound: false,
      source: function (query, populate) {
        lookup(query).then(
          function (results) {
            if (input.value.trim().toLowerCase() === query.trim().toLowerCase()) {
              populate(options(query, results));
            }
          },
          function () {
            populate([]);
          }
        );
      },
      onConfirm: function (option) {
        if (!option || (option.ref === "new" && lastKey === "Tab")) {
          // A new institution is chosen with Enter or a click, never by moving on.
          return;
        }
        // A registry match goes with this Enter; "Lembaga baru" waits for a second.
        var send = option.ref !== "new" || isChosen(option);
        chosen = option;
        show(option);
        if (enterPressed && send && submitOnEnter) {
          enterPressed = false;
          window.setTimeout(function () {
            form.requestSubmit();
          }, 0);
        }
      },
      templates: {
        inputValue: function (option) {
          return option ? option.label : "";
        },
        suggestion: function (option) {
          if (!option) {
            return "";
          }
          if (typeof option === "string") {
            return escape(option);
          }
          if (option.ref === "new") {
            return escape(text.new) + " <strong>" + escape(option.label) + "</strong>";
          }
          return (
            escape(option.label) +
            ' <span class="picker-detail">' +
            escape(option.detail) +
            "</span>"
          );
        },
      },
      tNoResults: function () {
        return text.noResults;
      },
      tStatusQueryTooShort: function (n) {
        return format(text.tooShort, [n]);
      },
      tStatusNoResults: function () {
        return text.noResults;
      },
      tStatusSelectedOption: function (option, length, index) {
        return format(text.selected, [option, index + 1, length]);
      },
      tStatusResults: function (length, selected) {
        return format(text.results, [length]) + " " + selected;
      },
      tAssistiveHint: function () {
        return text.hint;
      },
    });
    var input = holder.querySelector("input");

    holder.addEventListener("mousedown", function () {
      lastKey = "";
    });
    input.addEventListener("input", function () {
      chosen = null;
      show(null);
    });
    // Capture: before the library's own Enter handling.
    holder.addEventListener(
      "keydown",
      function (event) {
        lastKey = event.key;
        if (event.key !== "Enter") {
          enterPressed = false;
          return;
        }
        enterPressed = true;
        var query = input.value.trim();
        if (!chosen && query.length >= MIN_LETTERS && !answered(query)) {
          // The menu shows older letters' matches: wait for these letters' answer.
          event.preventDefault();
          event.stopPropagation();
          var send = function () {
            if (submitOnEnter) {
              form.requestSubmit();
            }
          };
          lookup(query).then(send, send);
        }
      },
      true
    );

    var api = {
      input: input,
      /* What to send: {institution, ref}, or null when the text matches nothing and
         "Lembaga baru" was not chosen (the menu then offers it). */
      choice: function () {
        var query = input.value.trim();
        if (query.length < MIN_LETTERS) {
          return Promise.resolve({ institution: query, ref: "" });
        }
        if (chosen) {
          return Promise.resolve({ institution: chosen.label, ref: chosen.ref });
        }
        return lookup(query).then(
          function (results) {
            if (results.length) {
              return { institution: results[0].label, ref: results[0].ref };
            }
            if (!allowNew) {
              choice.textContent = text.noResults;
              input.focus();
              return null;
            }
            // As if "Lembaga baru" had been chosen: the next Enter sends it.
            chosen = { ref: "new", label: query, detail: "" };
            show(chosen);
            input.focus();
            return null;
          },
          function () {
            // Offline: the server matches the text itself when the entry arrives.
            return { institution: query, ref: "" };
          }
        );
      },
      reset: function () {
        input.value = "";
        input.dispatchEvent(new Event("input", { bubbles: true }));
        chosen = null;
        enterPressed = false;
        show(null);
      },
    };

    if (refInput && !submitOnEnter) {
      // A plain form sent with letters typed but nothing chosen (a click on the
      // button): the best match, or "Lembaga baru" offered for a second send.
      var edited = false;
      input.addEventListener("input", function () {
        edited = true;
      });
      form.addEventListener("submit", function (event) {
        if (chosen || !edited || input.value.trim().length < MIN_LETTERS) {
          return;
        }
        event.preventDefault();
        api.choice().then(function (picked) {
          if (picked) {
            chosen = { ref: picked.ref, label: picked.institution, detail: "" };
            refInput.value = picked.ref;
            form.requestSubmit();
          }
        });
      });
    }

    if ("prefill" in text && input.value.trim().length >= MIN_LETTERS) {
      // The registry's best match for what was typed once, ready to confirm.
      lookup(input.value).then(function (results) {
        if (results.length && !chosen) {
          chosen = results[0];
          show(chosen);
        }
      });
    }
    return api;
  }

  if (!window.accessibleAutocomplete || !window.fetch) {
    return;
  }
  document.querySelectorAll("[data-institution-picker]").forEach(function (wrapper) {
    wrapper.picker = setUp(wrapper);
  });
})();

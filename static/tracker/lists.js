// The lists' filters and results with htmx (templates/tracker/list_base.html). Loaded
// with defer from /static: the Content-Security-Policy allows no inline script.
//
// - A change of a filter submits the form after a pause, and only if the form says
//   something new: arrow keys through a closed drop-down make one request and one
//   history entry, not one per option; Enter or "Apply" submits at once.
// - After htmx swaps the results because the reader paged, sorted, removed a filter or
//   submitted the form, the results' heading takes the focus (and so comes into view);
//   a change made inside the form leaves the focus where the reader is working. The
//   status line (role="status") says the new count either way.
// - On a wide screen the folded filters are open.
// - A chooser (a record typed by name: tracker.filter_forms.ChooserInput) is a combobox:
//   htmx fills its listbox with suggestions as one types; Down and Up move through them,
//   Enter or a click picks one (and submits), Escape closes them. The field shows the
//   chosen name and the form sends its slug, so the address is the one every link uses;
//   text typed and not picked is sent as it is, and the server resolves it or says why not.
(function () {
  "use strict";

  var PAUSE_MS = 600;
  var WIDE = window.matchMedia("(min-width: 52rem)");

  function query(form) {
    var data = new FormData(form);
    choosers(form).forEach(function (input) {
      if (chosenSlug(input)) {
        data.set(input.name, chosenSlug(input));
      }
    });
    return new URLSearchParams(data).toString();
  }

  function choosers(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[data-chooser]"));
  }

  function chooserOf(element) {
    return element && element.matches && element.matches("input[data-chooser]") ? element : null;
  }

  // The slug of the record the field shows, unless the reader has typed over its name.
  function chosenSlug(input) {
    return input.dataset.slug && input.value === input.dataset.name ? input.dataset.slug : "";
  }

  function listForm(element) {
    var form = element && element.closest && element.closest("form.filters");
    return form && form.hasAttribute("hx-get") ? form : null;
  }

  var pending = null; // a change's submission waiting out the pause
  var lastQuery = null; // what the results on the page were asked for
  var autoSubmitting = false;
  var byChange = false; // the request in flight came from a change inside the form
  var changed = null; // the id of the control the reader changed

  document.addEventListener("change", function (event) {
    var form = listForm(event.target);
    if (!form) {
      return;
    }
    // A chooser submits when a suggestion is picked or on Enter, not when the reader
    // leaves it half typed; emptied, it submits as any control does.
    if (chooserOf(event.target) && event.target.value.trim() !== "") {
      return;
    }
    clearTimeout(pending);
    changed = event.target.id;
    pending = setTimeout(function () {
      pending = null;
      if (query(form) !== lastQuery) {
        autoSubmitting = true;
        form.requestSubmit();
        autoSubmitting = false;
      }
    }, PAUSE_MS);
  });

  document.addEventListener("submit", function (event) {
    var form = listForm(event.target);
    if (form) {
      clearTimeout(pending);
      pending = null;
      lastQuery = query(form);
      byChange = autoSubmitting;
    }
  }, true);

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!listForm(event.detail.elt)) {
      byChange = false;
    }
  });

  // Once per swapped element (the results and those out of band), so it decides the same
  // each time; the next request decides anew.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.target || event.detail.target.id !== "results") {
      return;
    }
    // The form swapped in says what these results were asked for, unless the reader has
    // changed it since: then its submission is waiting, compared with what was submitted.
    var form = document.querySelector("form.filters[hx-get]");
    if (form && pending === null) {
      lastQuery = query(form);
    }
    var heading = document.getElementById("result-count");
    var control = changed && document.getElementById(changed);
    if (!byChange && heading) {
      heading.focus();
    } else if (byChange && control && document.activeElement === document.body) {
      control.focus(); // the form was swapped with the results: back to the same control
    }
  });

  // The list form sends each chooser's slug; a chooser asks for suggestions with ?q=.
  document.addEventListener("htmx:configRequest", function (event) {
    var input = chooserOf(event.detail.elt);
    if (input) {
      delete event.detail.parameters[input.name];
      event.detail.parameters.q = input.value;
      return;
    }
    if (listForm(event.detail.elt)) {
      choosers(event.detail.elt).forEach(function (each) {
        if (chosenSlug(each)) {
          event.detail.parameters[each.name] = chosenSlug(each);
        }
      });
    }
  });

  function listboxOf(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }

  function suggestions(listbox) {
    return Array.prototype.slice.call(
      listbox.querySelectorAll('[role="option"]:not([aria-disabled="true"])')
    );
  }

  function showSuggestions(input, open) {
    var listbox = listboxOf(input);
    listbox.hidden = !(open && listbox.children.length > 0);
    input.setAttribute("aria-expanded", String(!listbox.hidden));
    if (listbox.hidden) {
      highlight(input, null);
    }
  }

  function highlight(input, option) {
    suggestions(listboxOf(input)).forEach(function (each) {
      each.setAttribute("aria-selected", String(each === option));
    });
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function pick(input, option) {
    input.value = option.dataset.name;
    input.dataset.name = option.dataset.name;
    input.dataset.slug = option.dataset.value;
    showSuggestions(input, false);
    var form = listForm(input);
    if (form) {
      clearTimeout(pending);
      changed = input.id;
      autoSubmitting = true;
      form.requestSubmit();
      autoSubmitting = false;
    }
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var listbox = event.detail.target;
    if (!listbox || !listbox.matches(".chooser-suggestions")) {
      return;
    }
    listbox.querySelectorAll('[role="option"]').forEach(function (option, index) {
      option.id = listbox.id + "-" + index;
    });
    var input = document.querySelector('[aria-controls="' + listbox.id + '"]');
    if (input) {
      showSuggestions(input, document.activeElement === input);
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = chooserOf(event.target);
    if (!input) {
      return;
    }
    var listbox = listboxOf(input);
    var options = suggestions(listbox);
    var current = listbox.querySelector('[aria-selected="true"]');
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && options.length) {
      event.preventDefault();
      showSuggestions(input, true);
      var step = event.key === "ArrowDown" ? 1 : -1;
      var at = options.indexOf(current);
      var next = at < 0 ? (step > 0 ? 0 : options.length - 1) : at + step;
      highlight(input, options[(next + options.length) % options.length]);
    } else if (event.key === "Enter" && !listbox.hidden && current) {
      event.preventDefault();
      pick(input, current);
    } else if (event.key === "Escape" && !listbox.hidden) {
      event.preventDefault();
      showSuggestions(input, false);
    }
  });

  // A press on a suggestion picks it before the field loses the focus and closes them.
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest(".chooser-suggestions [role='option']");
    if (!option || option.getAttribute("aria-disabled") === "true") {
      return;
    }
    event.preventDefault();
    var input = document.querySelector('[aria-controls="' + option.parentElement.id + '"]');
    if (input) {
      pick(input, option);
    }
  });

  document.addEventListener("focusout", function (event) {
    var input = chooserOf(event.target);
    if (input) {
      showSuggestions(input, false);
    }
  });

  function unfold() {
    document.querySelectorAll("details.filters-fold").forEach(function (fold) {
      if (WIDE.matches) {
        fold.open = true;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.filters[hx-get]");
    if (form) {
      lastQuery = query(form);
    }
    unfold();
  });
  WIDE.addEventListener("change", unfold);
})();

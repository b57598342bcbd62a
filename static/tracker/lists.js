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
(function () {
  "use strict";

  var PAUSE_MS = 600;
  var WIDE = window.matchMedia("(min-width: 52rem)");

  function query(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function listForm(element) {
    var form = element && element.closest && element.closest("form.filters");
    return form && form.hasAttribute("hx-get") ? form : null;
  }

  var pending = null;
  var lastQuery = null; // what the results on the page were asked for
  var autoSubmitting = false;
  var byChange = false; // the request in flight came from a change inside the form
  var changed = null; // the id of the control the reader changed

  document.addEventListener("change", function (event) {
    var form = listForm(event.target);
    if (!form) {
      return;
    }
    clearTimeout(pending);
    changed = event.target.id;
    pending = setTimeout(function () {
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
    var form = document.querySelector("form.filters[hx-get]");
    if (form) {
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

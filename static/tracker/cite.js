// "Cite this": a button that copies the citation line. Without JavaScript the button
// stays hidden and the line is selectable in its read-only field. Loaded with defer
// from /static (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";

  function say(status, message) {
    if (status) {
      status.textContent = message;
    }
  }

  function selectForCopying(field, status) {
    field.focus();
    field.select();
    say(status, "Selected: press Ctrl+C (⌘C on a Mac) to copy.");
  }

  function enable(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".cite-status");
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) {
        selectForCopying(field, status);
        return;
      }
      navigator.clipboard.writeText(field.value).then(
        function () {
          say(status, "Copied to the clipboard.");
        },
        function () {
          selectForCopying(field, status);
        }
      );
    });
  }

  document.querySelectorAll("button[data-copy]").forEach(enable);
})();

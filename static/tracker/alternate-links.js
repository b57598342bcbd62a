// Keeps a list's <link rel="alternate"> (its CSV, JSON and Atom) in step with the results
// htmx swaps in. htmx's head-support extension (static/vendor/head-support) merges the
// <head> of a response into the page's: a list's results fragment sends a <head> with the
// alternate links of its new filters, and the back button brings back the <head> saved
// with the page. A merge removes whatever the response's <head> lacks; a fragment's <head>
// speaks only for the alternate links, so nothing else may go. Loaded with defer from
// /static (the Content-Security-Policy allows no inline script).
document.addEventListener("htmx:removingHeadElement", function (event) {
  if (!event.detail.headElement.matches('link[rel="alternate"]')) {
    event.preventDefault();
  }
});

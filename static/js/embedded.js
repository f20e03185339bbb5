// Inside the iframe: tell the embedding page how tall the content is, whenever it changes
// (static/js/embed.js on the centre's page sets the iframe's height).
(function () {
  "use strict";
  function report() {
    // The body, not the document: a document is never shorter than its frame, so it could
    // only ever grow.
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    window.parent.postMessage({ pamelding: "height", height: height, href: location.href }, "*");
  }
  if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
  window.addEventListener("load", report);
  report();
})();

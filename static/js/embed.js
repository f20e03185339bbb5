// The snippet organisers copy: <script src="…/static/js/embed.js" data-pamelding="…/innebygd/?kind=…" defer></script>
// It puts an iframe where the script tag stands and keeps its height equal to the content's,
// so the centre's page never shows a scrollbar inside a scrollbar.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var src = script.getAttribute("data-pamelding");
  var origin = new URL(src, script.src).origin;
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = script.getAttribute("data-title") || "Påmelding";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = "400px";
  frame.setAttribute("loading", "lazy");
  script.parentNode.insertBefore(frame, script);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) { return; }
    var data = event.data || {};
    if (data.pamelding === "height" && data.height > 0) { frame.style.height = data.height + "px"; }
  });
})();

// After a failed submit the page comes back from the server with the errors in it. As on
// GOV.UK: the error summary gets focus (so it is in view on a phone and read out), the title
// says «Feil:», and each link in the summary moves focus to its field, label in view.
(function () {
  "use strict";
  var prefix = (document.body.getAttribute("data-error-prefix") || "Feil") + ": ";
  var summary = document.querySelector("[data-error-summary], #error-summary");
  var firstInvalid = document.querySelector("[aria-invalid='true']");
  if (!summary && !firstInvalid) { return; }
  if (document.title.indexOf(prefix) !== 0) { document.title = prefix + document.title; }
  var target = summary || firstInvalid;
  target.focus();
  target.scrollIntoView({ block: "start" });
  if (!summary) { return; }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']") ||
      (field.closest("fieldset") && field.closest("fieldset").querySelector("legend"));
    (label || field).scrollIntoView({ block: "start" });
    var focusable = field.matches("input, select, textarea") ? field :
      field.querySelector("input, select, textarea");
    (focusable || field).focus({ preventScroll: true });
  });
})();

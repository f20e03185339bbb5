// A <select data-autosubmit> sends its form as soon as a choice is made (the page has a
// <noscript> button for the same). A file, not an onchange attribute: the CSP has no inline script.
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { if (select.form) { select.form.submit(); } });
  });
})();

// The «Mat» block of the registration form is for those in the room: hidden when «Digitalt»
// is chosen, shown again for «Fysisk oppmøte». Without JavaScript it is always shown.
(function () {
  "use strict";
  var food = document.querySelector("fieldset[data-food]");
  if (!food || !food.form) { return; }
  var radios = food.form.querySelectorAll("input[name='mode']");
  function update() {
    var chosen = food.form.querySelector("input[name='mode']:checked");
    food.hidden = !!chosen && chosen.value === "digital";
  }
  radios.forEach(function (r) { r.addEventListener("change", update); });
  update();
})();

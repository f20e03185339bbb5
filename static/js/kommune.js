// The kommune <select data-combobox> becomes a searchable combobox (ARIA 1.2 combobox with a
// listbox popup, as Designsystemet's Suggestion): type «trom» or «Romsa» and pick Tromsø.
// The <select> stays in the form, hidden, and carries the value; without JavaScript it is an
// ordinary select. Folding as registration/core/folding.py: case and accents go, æ ø å stay.
(function () {
  "use strict";
  var KEEP = { "æ": "\u0001", "ø": "\u0002", "å": "\u0003" };
  var BACK = { "\u0001": "æ", "\u0002": "ø", "\u0003": "å" };
  var LETTERS = { "đ": "d", "ŋ": "n", "ŧ": "t", "ʒ": "z", "ǯ": "z", "ä": "æ", "ö": "ø", "ß": "ss" };
  function fold(text) {
    var value = (text || "").normalize("NFC").toLowerCase();
    value = value.replace(/[đŋŧʒǯäöß]/g, function (c) { return LETTERS[c]; });
    value = value.replace(/[æøå]/g, function (c) { return KEEP[c]; });
    value = value.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return value.replace(/[\u0001-\u0003]/g, function (c) { return BACK[c]; });
  }

  function enhance(select, index) {
    var id = select.id;
    var listId = id + "-options";
    var statusId = id + "-status";
    var input = document.createElement("input");
    input.type = "text";
    input.className = "ds-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    ["aria-invalid", "aria-describedby"].forEach(function (name) {
      if (select.hasAttribute(name)) { input.setAttribute(name, select.getAttribute(name)); }
    });
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "combobox-list";
    list.setAttribute("role", "listbox");
    var label = document.querySelector("label[for='" + id + "']");
    if (label) { label.id = label.id || id + "-label"; list.setAttribute("aria-labelledby", label.id); }
    list.hidden = true;
    var status = document.createElement("p");
    status.id = statusId;
    status.className = "ds-paragraph combobox-status";
    status.setAttribute("data-size", "sm");
    status.setAttribute("role", "status");
    var noMatch = select.getAttribute("data-no-match") || "";

    // The select keeps the value but leaves the page and the accessibility tree; the input
    // takes its id so the label, the error summary's link and the tests find the input.
    select.id = id + "-select";
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    input.id = id;
    var wrap = document.createElement("div");
    wrap.className = "combobox";
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);
    wrap.appendChild(select);

    var options = Array.prototype.filter.call(select.options, function (o) { return o.value; })
      .map(function (o, i) {
        return { value: o.value, label: o.textContent, search: o.getAttribute("data-search") || fold(o.textContent),
                 id: id + "-opt-" + i };
      });
    var shown = [];
    var active = -1;
    var current = options.filter(function (o) { return o.value === select.value; })[0];
    input.value = current ? current.label : "";

    function matches(query) {
      var q = fold(query).trim();
      if (!q) { return options; }
      var words = q.split(/\s+/);
      var starts = [], contains = [];
      options.forEach(function (o) {
        var names = " " + o.search;
        if (words.every(function (w) { return names.indexOf(" " + w) >= 0; })) { starts.push(o); }
        else if (words.every(function (w) { return names.indexOf(w) >= 0; })) { contains.push(o); }
      });
      return starts.concat(contains);
    }
    function render() {
      list.textContent = "";
      shown.forEach(function (o, i) {
        var li = document.createElement("li");
        li.id = o.id;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.className = "combobox-option" + (i === active ? " is-active" : "");
        li.textContent = o.label;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(o); });
        list.appendChild(li);
      });
      if (active >= 0 && shown[active]) {
        input.setAttribute("aria-activedescendant", shown[active].id);
        var el = document.getElementById(shown[active].id);
        if (el && el.scrollIntoView) { el.scrollIntoView({ block: "nearest" }); }
      } else { input.removeAttribute("aria-activedescendant"); }
    }
    function open(query) {
      shown = matches(query);
      active = -1;
      list.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      status.textContent = shown.length ? "" : noMatch;
      render();
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function choose(o) {
      select.value = o.value;
      input.value = o.label;
      status.textContent = "";
      select.dispatchEvent(new Event("change", { bubbles: true }));
      close();
    }
    input.addEventListener("input", function () {
      if (select.value) { select.value = ""; select.dispatchEvent(new Event("change", { bubbles: true })); }
      open(input.value);
    });
    input.addEventListener("focus", function () { if (!select.value) { open(input.value); } });
    input.addEventListener("click", function () { if (list.hidden) { open(select.value ? "" : input.value); } });
    input.addEventListener("blur", function () {
      // A typed name that fits exactly one municipality counts as chosen.
      if (!select.value) {
        var only = matches(input.value);
        if (input.value.trim() && only.length === 1) { choose(only[0]); }
      }
      close();
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden) { open(select.value ? "" : input.value); }
        if (!shown.length) { return; }
        active = e.key === "ArrowDown" ? Math.min(active + 1, shown.length - 1) : Math.max(active - 1, 0);
        render();
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0 && shown[active]) { e.preventDefault(); choose(shown[active]); }
        else if (!list.hidden && shown.length === 1) { e.preventDefault(); choose(shown[0]); }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
  }

  document.querySelectorAll("select[data-combobox]").forEach(enhance);
})();

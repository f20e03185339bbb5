// The check-in screen: scans go to the API at once; a short network drop queues them on
// the device (with a nonce, so a resend does no harm); counters stay current.
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  if (!form || !window.fetch) { return; }  // the form still works without JavaScript
  var input = document.getElementById("code");
  var answer = document.getElementById("answer");
  var undo = document.getElementById("undo");
  var queueStatus = document.getElementById("queue-status");
  var counters = document.querySelector("[data-counts-url]");
  var texts = JSON.parse(form.dataset.texts);
  var sessionId = parseInt(form.dataset.session, 10);
  var queueKey = "checkin-queue-" + sessionId;
  var lastCheckIn = null;

  function nonce() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return String(Date.now()) + Math.random().toString(36).slice(2);
  }
  function queue() { try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; } }
  function saveQueue(items) {
    localStorage.setItem(queueKey, JSON.stringify(items));
    queueStatus.textContent = items.length ? items.length + " " + texts.in_queue : "";
  }
  function text(tag, cls, value) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = value;
    return el;
  }
  function show(data) {
    answer.className = "answer " + data.result;
    answer.replaceChildren(text("p", "answer-title", texts[data.result] || data.result));
    if (data.name) {
      var who = data.name + (data.kommune ? ", " + data.kommune : "") + (data.mode ? " · " + texts[data.mode] : "");
      answer.appendChild(text("p", "answer-name", who));
    }
    if (data.result === "already_checked_in" && data.checked_in_at) {
      var t = new Date(data.checked_in_at);
      var hhmm = t.toLocaleTimeString("nb-NO", {hour: "2-digit", minute: "2-digit", timeZone: "Europe/Oslo"}).replace(":", ".");
      answer.appendChild(text("p", "", texts.at + " " + hhmm + (data.checked_in_by ? " (" + data.checked_in_by + ")" : "")));
    }
    if (data.counts) { setCounts(data.counts); }
    lastCheckIn = data.result === "checked_in" ? data.check_in_id : null;
    undo.hidden = !lastCheckIn;
  }
  function setCounts(c) {
    document.getElementById("count-in").textContent = c.checked_in;
    document.getElementById("count-expected").textContent = c.expected;
  }
  function send(item) {
    return fetch(form.dataset.api, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(item)
    }).then(function (r) {
      if (r.status >= 500) { throw new Error("server " + r.status); }
      return r.json();
    });
  }
  function submit(code) {
    var item = {code: code, session_id: sessionId, nonce: nonce()};
    send(item).then(show).catch(function () {
      var items = queue(); items.push(item); saveQueue(items);
      answer.className = "answer already_checked_in";
      answer.replaceChildren(text("p", "answer-title", texts.queued));
    });
  }
  function flush() {
    var items = queue();
    if (!items.length) { return; }
    send(items[0]).then(function () { saveQueue(queue().slice(1)); flush(); }).catch(function () {});
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var code = input.value.trim();
    input.value = "";
    if (code) { submit(code); }
    input.focus();
  });
  undo.addEventListener("click", function () {
    if (!lastCheckIn) { return; }
    fetch(form.dataset.undo.replace(/0$/, String(lastCheckIn)), {method: "DELETE", credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        answer.className = "answer idle";
        answer.replaceChildren(text("p", "answer-title", texts.undone));
        if (data.counts) { setCounts(data.counts); }
        lastCheckIn = null; undo.hidden = true; input.focus();
      });
  });
  // Search: one tap to check in.
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = search.value.trim();
      if (q.length < 3) { results.replaceChildren(); return; }
      fetch(search.dataset.url + "?q=" + encodeURIComponent(q) + "&session=" +
            encodeURIComponent(search.dataset.session || ""), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          results.replaceChildren();
          if (data.message && !data.results.length) { results.appendChild(text("li", "", data.message)); }
          data.results.forEach(function (p) {
            var li = text("li", "", p.name + ", " + p.kommune + " ");
            if (p.code) {
              var b = text("button", "ds-button", texts.check_in);
              b.type = "button"; b.dataset.variant = "secondary"; b.dataset.size = "sm";
              b.setAttribute("aria-label", texts.check_in + " " + p.name);
              b.addEventListener("click", function () { submit(p.code); input.focus(); });
              li.appendChild(b);
            } else {
              li.appendChild(text("span", "", "(" + (texts[p.status] || p.status) + ")"));
            }
            results.appendChild(li);
          });
        });
    }, 250);
  });
  // Keep the scanner field focused so a handheld scanner's keystrokes always land there.
  document.addEventListener("click", function (e) {
    if (!e.target.closest("input, select, button, a")) { input.focus(); }
  });
  // The phone's camera: the BarcodeDetector API (native, or the vendored polyfill with its
  // self-hosted ZXing WebAssembly). The same ticket is not sent twice within 3 seconds.
  var cameraButton = document.getElementById("camera-start");
  var video = document.getElementById("camera");
  var cameraStatus = document.getElementById("camera-status");
  var lastSeen = {code: null, at: 0};
  cameraButton.addEventListener("click", function () {
    if (!navigator.mediaDevices || !window.BarcodeDetector) {
      cameraStatus.textContent = texts.no_camera; return;
    }
    if (window.BarcodeDetectionAPI) {
      var base = cameraButton.dataset.wasm;
      BarcodeDetectionAPI.setZXingModuleOverrides({
        locateFile: function (path, prefix) { return path.endsWith(".wasm") ? base + path : prefix + path; }
      });
    }
    var detector = new BarcodeDetector({formats: ["qr_code"]});
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
      .then(function (stream) {
        video.srcObject = stream; video.hidden = false; cameraButton.hidden = true;
        cameraStatus.textContent = texts.camera_on;
        return video.play();
      })
      .then(function scan() {
        detector.detect(video).then(function (found) {
          var now = Date.now();
          found.forEach(function (b) {
            if (b.rawValue && (b.rawValue !== lastSeen.code || now - lastSeen.at > 3000)) {
              lastSeen = {code: b.rawValue, at: now};
              submit(b.rawValue);
            }
          });
        }).catch(function () {}).then(function () { setTimeout(scan, 250); });
      })
      .catch(function () { cameraStatus.textContent = texts.no_camera; });
  });
  window.addEventListener("online", flush);
  setInterval(function () {
    flush();
    fetch(counters.dataset.countsUrl, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (c) { if (c) { setCounts(c); } })
      .catch(function () {});
  }, 5000);
  saveQueue(queue());
})();

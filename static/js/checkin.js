// The check-in screen: scans go to the API at once. The session's participant list is kept
// on the device (checkin/offline.py), so with the network gone a scan is still answered from
// it and queued (with a nonce, so a resend does no harm); when the network returns the queue
// is sent and the server decides: the first check-in that reached it wins, and this device
// then shows that one. Counters stay current. Camera scanning is full-screen on a phone,
// with sound and vibration for each answer.
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
  var listKey = "door-list-" + sessionId;
  var lastCheckIn = null;
  var conflicts = document.getElementById("conflicts");
  var listStatus = document.getElementById("list-status");

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
    if (data.offline && data.result === "checked_in") { answer.appendChild(text("p", "answer-step", texts.queued)); }
    var step = nextStep(data.next_step);
    if (step) { answer.appendChild(step); }
    if (data.counts) { setCounts(data.counts); }
    lastCheckIn = data.result === "checked_in" && !data.offline ? data.check_in_id : null;
    undo.hidden = !lastCheckIn;
    feedback(data.result === "checked_in");
  }
  // Sound and vibration: one high tone for «Velkommen», two low ones for anything else, so a
  // host with eyes on the queue hears the answer.
  var audio = null;
  function tone(freq, start, length) {
    var osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = freq; gain.gain.value = 0.2;
    osc.connect(gain); gain.connect(audio.destination);
    osc.start(audio.currentTime + start); osc.stop(audio.currentTime + start + length);
  }
  function feedback(ok) {
    if (navigator.vibrate) { navigator.vibrate(ok ? 120 : [90, 60, 90, 60, 90]); }
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (ok) { tone(1320, 0, 0.15); } else { tone(330, 0, 0.18); tone(330, 0.25, 0.18); }
    } catch (e) { /* no sound on this device */ }
  }
  // The step offered with an answer: a place in line, or a button that switches to the room
  // or registers again and checks in (an ordinary form post: one transaction on the server).
  function nextStep(step) {
    if (!step) { return null; }
    if (step.action === "waitlist") {
      return text("p", "answer-step", texts.waitlist_place.replace("{pos}", step.position));
    }
    var f = document.createElement("form");
    f.method = "post"; f.className = "answer-step"; f.action = form.dataset.nextStep;
    [["csrf_token", form.elements.csrf_token.value], ["registration_id", step.registration_id],
     ["action", step.action]].forEach(function (pair) {
      var i = document.createElement("input");
      i.type = "hidden"; i.name = pair[0]; i.value = pair[1];
      f.appendChild(i);
    });
    var b = text("button", "ds-button", texts[step.action]);
    b.type = "submit"; b.dataset.variant = "primary";
    f.appendChild(b);
    return f;
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
  // The offline list: entries keyed by SHA-256 of the code, as the server made them.
  function loadList() { try { return JSON.parse(localStorage.getItem(listKey) || "null"); } catch (e) { return null; } }
  function saveList(list) {
    localStorage.setItem(listKey, JSON.stringify(list));
    listStatus.textContent = texts.list_saved.replace("{n}", Object.keys(list.entries).length);
  }
  function dropExpiredLists() {  // after the event, nothing stays on the device
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf("door-list-") !== 0) { return; }
      try {
        var l = JSON.parse(localStorage.getItem(key));
        if (!l || !l.expires_at || new Date(l.expires_at) < new Date()) { localStorage.removeItem(key); }
      } catch (e) { localStorage.removeItem(key); }
    });
  }
  function fetchList() {
    if (!form.dataset.list || !window.crypto || !crypto.subtle) { return; }
    fetch(form.dataset.list, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (list) {
        if (!list) { return; }
        var old = loadList();  // keep what this device checked in offline and has not sent yet
        if (old) {
          Object.keys(old.entries).forEach(function (k) {
            if (old.entries[k].local && list.entries[k] && !list.entries[k].checked_in_at) { list.entries[k] = old.entries[k]; }
          });
        }
        saveList(list);
      }).catch(function () {});
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function candidates(raw) {  // as checkin.operations.code_candidates
    var code = String(raw).replace(/[\s-]/g, "").toUpperCase();
    if (!/^[A-Z0-9]{22}$/.test(code)) { return []; }
    var read = code.replace(/O/g, "0").replace(/[IL]/g, "1");
    return read === code ? [code] : [code, read];
  }
  function offlineAnswer(raw) {
    var list = loadList();
    var tries = candidates(raw);
    if (!list || !window.crypto || !crypto.subtle) { return Promise.resolve(null); }  // no list here
    if (!tries.length) { return Promise.resolve({result: "not_registered", offline: true}); }
    return Promise.all(tries.map(function (c) { return crypto.subtle.digest("SHA-256", new TextEncoder().encode(c)).then(hex); }))
      .then(function (keys) {
        var key = keys.filter(function (k) { return list.entries[k]; })[0];
        var entry = key && list.entries[key];
        if (!entry) { return {result: "not_registered", offline: true}; }
        var data = {result: entry.result, name: entry.name, kommune: entry.kommune, mode: entry.mode, offline: true};
        if (entry.result === "checked_in") {
          if (entry.checked_in_at) {
            data.result = "already_checked_in"; data.checked_in_at = entry.checked_in_at;
          } else {
            entry.checked_in_at = new Date().toISOString(); entry.local = true;
            saveList(list);
          }
        }
        return data;
      });
  }
  function submit(code) {
    var item = {code: code, session_id: sessionId, nonce: nonce()};
    send(item).then(show).catch(function () {
      offlineAnswer(code).then(function (data) {
        if (data === null) {  // no list on this device: keep the scan, answer when back
          var kept = queue(); kept.push(item); saveQueue(kept);
          answer.className = "answer already_checked_in";
          answer.replaceChildren(text("p", "answer-title", texts.queued));
          return;
        }
        if (data.result === "checked_in") {
          item.offline = true; item.name = data.name;
          var items = queue(); items.push(item); saveQueue(items);
        }
        show(data);
      });
    });
  }
  // Back online: each queued scan goes to the server, which decides. A scan another device
  // had already sent is a conflict: this device shows who was first, and when.
  function flush() {
    var items = queue();
    if (!items.length) { return; }
    send(items[0]).then(function (data) {
      if (data.result === "already_checked_in" && items[0].offline) {
        var t = new Date(data.checked_in_at);
        var hhmm = t.toLocaleTimeString("nb-NO", {hour: "2-digit", minute: "2-digit", timeZone: "Europe/Oslo"}).replace(":", ".");
        conflicts.appendChild(text("li", "", texts.conflict.replace("{name}", data.name || "").replace("{time}", hhmm)
          .replace("{by}", data.checked_in_by || "")));
        conflicts.hidden = false;
      }
      if (data.counts) { setCounts(data.counts); }
      saveQueue(queue().slice(1)); flush();
    }).catch(function () {});
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
            var li = text("li", "search-result", p.name + ", " + p.kommune + " ");
            // Every result says where the person stands, and what can be done about it.
            var status = p.status === "confirmed" ? (p.mode === "digital" ? texts.digital_only : texts.confirmed)
              : (texts[p.status + "_short"] || p.status);
            var tag = text("span", "ds-tag", status);
            tag.dataset.color = p.status === "confirmed" ? "success" : (p.status === "waitlisted" ? "warning" : "neutral");
            li.appendChild(tag); li.appendChild(document.createTextNode(" "));
            var step = nextStep(p.next_step);
            if (p.code) {
              var b = text("button", "ds-button", texts.check_in);
              b.type = "button"; b.dataset.variant = "secondary"; b.dataset.size = "sm";
              b.setAttribute("aria-label", texts.check_in + " " + p.name);
              b.addEventListener("click", function () { submit(p.code); input.focus(); });
              li.appendChild(b);
            } else if (step) {
              li.appendChild(step);
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
        // Full-screen scan mode: the camera fills the screen, the answer lies over it.
        document.body.classList.add("scan-mode"); stopButton.hidden = false;
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
  var stopButton = document.getElementById("camera-stop");
  stopButton.addEventListener("click", function () {
    document.body.classList.remove("scan-mode"); stopButton.hidden = true;
    if (video.srcObject) { video.srcObject.getTracks().forEach(function (t) { t.stop(); }); }
    video.srcObject = null; video.hidden = true; cameraButton.hidden = false;
    cameraStatus.textContent = "";
  });
  window.addEventListener("online", function () { flush(); fetchList(); });
  dropExpiredLists();
  fetchList();
  var ticks = 0;
  setInterval(function () {
    ticks += 1;
    if (ticks % 12 === 0) { fetchList(); dropExpiredLists(); }
    flush();
    fetch(counters.dataset.countsUrl, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (c) { if (c) { setCounts(c); } })
      .catch(function () {});
  }, 5000);
  saveQueue(queue());
})();

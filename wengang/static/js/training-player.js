/* The recorded-lesson player: reports the span of video played every few seconds (and on pause,
   seek and end) to the learning record; pauses when another device takes over or when the
   presence check is due. The server decides what counts; this only reports what was played.
   Each report carries the learning pass in the X-Learning-Pass header (no cookie, no CSRF token);
   answering the presence check gives a new pass. */
(function () {
  "use strict";

  function clockText(ms) {
    var s = Math.floor(ms / 1000);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var r = s % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(r).padStart(2, "0");
  }

  function start(box) {
    var video = box.querySelector("video");
    var counted = box.querySelector("[data-counted]");
    var status = box.querySelector(".training-status");
    var check = box.querySelector(".training-check");
    var every = Math.max(1, parseInt(box.dataset.every, 10) || 20) * 1000;
    var checkAfter = Math.max(5, parseInt(box.dataset.check, 10) || 600) * 1000;
    var seq = 0;
    var segStart = null;
    var lastPos = 0;
    var stopped = false;
    var checkTimer = null;

    function say(text) {
      status.textContent = text;
    }

    function post(body, attempt) {
      return fetch(box.dataset.heartbeatUrl, {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/json", "X-Learning-Pass": box.dataset.pass },
        body: body
      }).then(function (r) { return r.json(); }).catch(function () {
        if (attempt < 2) {
          return new Promise(function (ok) { setTimeout(ok, 2000); }).then(function () { return post(body, attempt + 1); });
        }
        return null;
      });
    }

    function answer(data) {
      if (!data) { return; }
      if (data.state === "ok" || data.state === "duplicate") {
        counted.textContent = clockText(data.total_ms);
      } else if (data.state === "paused") {
        stopped = true;
        video.pause();
        say(data.message);
      } else if (data.state === "check" || data.state === "expired") {
        askPresence();
      } else if (data.message) {
        say(data.message);
      }
    }

    function flush(end) {
      if (segStart === null || stopped) { return; }
      var from = Math.round(segStart * 1000);
      var to = Math.round(end * 1000);
      segStart = video.paused ? null : end;
      if (to - from < 200) { return; }
      seq += 1;
      var body = JSON.stringify({
        lesson: parseInt(box.dataset.lesson, 10), seq: seq,
        start_ms: from, end_ms: to, rate: video.playbackRate, sent_at: Date.now()
      });
      post(body, 0).then(answer);
    }

    function askPresence() {
      flush(lastPos);
      video.pause();
      check.hidden = false;
      check.querySelector("button").focus();
    }

    function scheduleCheck() {
      clearTimeout(checkTimer);
      checkTimer = setTimeout(askPresence, checkAfter);
    }

    check.querySelector("[data-continue]").addEventListener("click", function () {
      var form = new FormData();
      form.append("token", box.dataset.token);
      fetch(box.dataset.presenceUrl, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": box.dataset.csrf }, body: form
      }).then(function (r) { return r.json(); }).then(function (data) {
        check.hidden = true;
        if (data.state === "ok") {
          box.dataset.pass = data.pass;
          scheduleCheck();
          video.play();
        } else {
          stopped = true;
          say(data.message);
        }
      });
    });

    video.addEventListener("play", function () {
      if (stopped) { video.pause(); return; }
      segStart = video.currentTime;
      lastPos = video.currentTime;
    });
    video.addEventListener("timeupdate", function () {
      if (segStart !== null && Math.abs(video.currentTime - lastPos) > 2 * Math.max(1, video.playbackRate)) {
        flush(lastPos);  /* a jump: the skipped part is not reported */
        segStart = video.paused ? null : video.currentTime;
      }
      lastPos = video.currentTime;
    });
    video.addEventListener("seeking", function () { flush(lastPos); segStart = null; });
    video.addEventListener("seeked", function () {
      lastPos = video.currentTime;
      if (!video.paused) { segStart = video.currentTime; }
    });
    video.addEventListener("pause", function () { flush(video.currentTime); segStart = null; });
    video.addEventListener("ended", function () { flush(video.currentTime); segStart = null; });
    setInterval(function () { if (!video.paused) { flush(video.currentTime); } }, every);
    scheduleCheck();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var boxes = document.querySelectorAll(".training-player[data-token]");
    for (var i = 0; i < boxes.length; i += 1) { start(boxes[i]); }
  });
}());

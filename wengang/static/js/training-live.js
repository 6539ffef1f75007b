/* The live lesson's presence ping: while the trainee's page is open it tells the server every few
   seconds that they are still in the room. When the page is closed the pings stop and the server
   ends the stay at the last one. The server decides; this only reports presence. */
(function () {
  "use strict";

  function start(box) {
    var every = Math.max(5, parseInt(box.dataset.every, 10) || 30) * 1000;
    var status = box.querySelector("[data-live-status]");
    var timer = null;

    function out(message) {
      clearInterval(timer);
      status.textContent = message;
      box.querySelectorAll("form, a.button").forEach(function (el) { el.hidden = true; });
    }

    function ping() {
      fetch(box.dataset.pingUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": box.dataset.csrf }
      }).then(function (r) { return r.json(); }).then(function (data) {
        if (data && data.state === "out") { out(data.message); }
      }).catch(function () { /* a lost ping: the next one may get through */ });
    }

    timer = setInterval(ping, every);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".training-live[data-ping-url]").forEach(start);
  });
})();

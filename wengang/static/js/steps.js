/* Long forms as steps on small screens (issue 12).

   Markup: a container with data-steps holding parts marked data-step (a fieldset or a section; the
   step's name is its legend or first heading). Without JavaScript, or on a wide screen, every part
   shows. On a phone one part shows at a time, with 上一步 / 下一步 and "第 2 步，共 5 步：…"; the form
   still posts as one (hidden fields are submitted). A step with an error opens first; a link to a
   field in a hidden step (the error summary's) opens that step; the step in use is kept for the page
   across reloads (an upload redirects back to it). No inline script or style: the CSP holds. */
(function () {
  "use strict";

  var phone = window.matchMedia("(max-width: 47.99rem)");
  var containers = [];

  function stepsOf(container) {
    return Array.prototype.filter.call(container.querySelectorAll("[data-step]"), function (step) {
      return step.closest("[data-steps]") === container;
    });
  }

  function nameOf(step) {
    var heading = step.querySelector("legend, h2, h3");
    return step.getAttribute("data-step") || (heading ? heading.textContent.trim() : "");
  }

  function storageKey() {
    return "steps:" + window.location.pathname;
  }

  function remember(index) {
    try {
      window.sessionStorage.setItem(storageKey(), String(index));
    } catch (e) {
      /* private mode: the first step opens next time */
    }
  }

  function remembered() {
    try {
      return parseInt(window.sessionStorage.getItem(storageKey()) || "", 10);
    } catch (e) {
      return NaN;
    }
  }

  function button(label, move, primary) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = primary ? "button" : "button button--secondary";
    b.textContent = label;
    b.setAttribute("data-step-move", String(move));
    return b;
  }

  function build(container) {
    var status = document.createElement("p");
    status.className = "steps-status";
    status.setAttribute("aria-live", "polite");
    var nav = document.createElement("div");
    nav.className = "steps-nav";
    nav.appendChild(button("上一步", -1, false));
    nav.appendChild(button("下一步", 1, true));
    nav.addEventListener("click", function (event) {
      var target = event.target.closest("[data-step-move]");
      if (target) {
        show(container, container.stepIndex + parseInt(target.getAttribute("data-step-move"), 10), true);
      }
    });
    container.stepStatus = status;
    container.stepNav = nav;
  }

  function show(container, index, moveFocus) {
    var steps = stepsOf(container);
    if (!steps.length) {
      return;
    }
    index = Math.max(0, Math.min(index, steps.length - 1));
    container.stepIndex = index;
    var on = phone.matches && steps.length > 1;
    container.classList.toggle("steps--on", on);
    steps.forEach(function (step, i) {
      step.hidden = on && i !== index;
    });
    if (!on) {
      container.stepStatus.remove();
      container.stepNav.remove();
      return;
    }
    steps[0].before(container.stepStatus);
    steps[steps.length - 1].after(container.stepNav);
    container.stepStatus.textContent = "第 " + (index + 1) + " 步，共 " + steps.length + " 步：" + nameOf(steps[index]);
    container.stepNav.children[0].hidden = index === 0;
    container.stepNav.children[1].hidden = index === steps.length - 1;
    remember(index);
    if (moveFocus) {
      var heading = steps[index].querySelector("legend, h2, h3") || steps[index];
      if (heading.tagName === "LEGEND") {
        heading = steps[index];
      }
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  /* the step holding an element (or -1) */
  function stepHolding(container, element) {
    var steps = stepsOf(container);
    for (var i = 0; i < steps.length; i++) {
      if (steps[i].contains(element)) {
        return i;
      }
    }
    return -1;
  }

  function start(container) {
    if (container.stepStatus) {
      return;
    }
    build(container);
    containers.push(container);
    var invalid = container.querySelector(".error-summary, .field--error, [aria-invalid='true']");
    var hash = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    var index = invalid ? stepHolding(container, invalid) : -1;
    if (index < 0 && hash) {
      index = stepHolding(container, hash);
    }
    if (index < 0) {
      index = remembered();
    }
    show(container, isNaN(index) || index < 0 ? 0 : index, false);
  }

  function startAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-steps]")) {
      start(scope);
    }
    Array.prototype.forEach.call(scope.querySelectorAll("[data-steps]"), start);
  }

  function refresh() {
    containers = containers.filter(function (c) {
      return document.contains(c);
    });
    containers.forEach(function (c) {
      show(c, c.stepIndex, false);
    });
  }

  /* a link to a field in a hidden step (the error summary's, 提交前须上传…) opens that step first */
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    var target = link && link.getAttribute("href").length > 1 ? document.getElementById(link.getAttribute("href").slice(1)) : null;
    if (!target) {
      return;
    }
    containers.forEach(function (c) {
      var index = stepHolding(c, target);
      if (index >= 0 && index !== c.stepIndex) {
        show(c, index, false);
      }
    });
  });

  phone.addEventListener("change", refresh);
  /* htmx swaps in new content (the calculator re-rendered with errors, the pre-check replaced) */
  document.addEventListener("htmx:load", function (event) {
    startAll(event.detail && event.detail.elt);
  });
  document.addEventListener("htmx:afterSettle", refresh);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      startAll(document);
    });
  } else {
    startAll(document);
  }
})();

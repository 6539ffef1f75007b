/* Upload progress for every form that sends files (progressive enhancement).
 *
 * Without this script the form posts as usual. With it, the same request is sent with
 * XMLHttpRequest so the browser's upload progress can be shown in a labelled <progress> and an
 * aria-live status; the server's answer (the page after a redirect, or the form re-rendered with
 * its errors) then replaces the document, exactly as a normal post would have shown it.
 * Small files (under 1 MB in all) upload in a moment: their forms post as usual. */
(function () {
  "use strict";

  var counter = 0;
  var WORTH_SHOWING = 1024 * 1024; // bytes: below this the upload is over before a bar could say so

  function selectedBytes(form) {
    var total = 0;
    form.querySelectorAll('input[type="file"]').forEach(function (input) {
      for (var i = 0; input.files && i < input.files.length; i++) total += input.files[i].size;
    });
    return total;
  }

  function widget(form) {
    var box = form.querySelector(".upload-progress");
    if (box) return box;
    counter += 1;
    var id = "upload-progress-" + counter;
    box = document.createElement("div");
    box.className = "upload-progress";
    box.innerHTML =
      '<label for="' + id + '">上传进度</label> ' +
      '<progress id="' + id + '" max="100" value="0">0%</progress> ' +
      '<span class="upload-progress__status" role="status" aria-live="polite"></span>';
    form.appendChild(box);
    return box;
  }

  function show(box, percent, text) {
    var bar = box.querySelector("progress");
    bar.value = percent;
    bar.textContent = percent + "%";
    box.querySelector(".upload-progress__status").textContent = text;
  }

  function replaceDocument(xhr) {
    var url = xhr.responseURL;
    document.open();
    document.write(xhr.responseText);
    document.close();
    if (url && url !== window.location.href) window.history.replaceState(null, "", url);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if ((form.getAttribute("enctype") || "").toLowerCase() !== "multipart/form-data") return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post" || selectedBytes(form) < WORTH_SHOWING) return;
    if (!window.FormData || !window.XMLHttpRequest) return;

    event.preventDefault();
    var data;
    try {
      data = new FormData(form, event.submitter || undefined);
    } catch (e) {
      data = new FormData(form);
    }
    // the previous page's messages no longer apply; the answer brings its own
    document.querySelectorAll(".messages").forEach(function (m) { m.remove(); });
    var box = widget(form);
    var buttons = form.querySelectorAll('button[type="submit"], input[type="submit"]');
    buttons.forEach(function (b) { b.disabled = true; });
    show(box, 0, "开始上传……");

    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.floor((e.loaded / e.total) * 100);
      show(box, percent, "已上传 " + percent + "%");
    });
    xhr.upload.addEventListener("load", function () {
      show(box, 100, "上传完成，正在处理，请稍候……");
    });
    xhr.addEventListener("load", function () {
      replaceDocument(xhr);
    });
    xhr.addEventListener("error", function () {
      buttons.forEach(function (b) { b.disabled = false; });
      show(box, 0, "上传失败：网络连接中断，请检查网络后重试。");
    });
    xhr.send(data);
  });
})();

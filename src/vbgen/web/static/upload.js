/* The check and import pages: the form is sent by fetch so the chosen file and every choice in
   the form stay where they are; the server answers with the results, which replace the
   results area (server-rendered, escaped HTML). An error page (too large, not allowed …) is
   shown as a message and the results and choices already on the page are kept. */
"use strict";
(function () {
  var form = document.getElementById("upload-form");
  if (!form || !window.fetch) return;
  var status = document.getElementById("upload-status");
  var result = document.getElementById("upload-result");
  var file = document.getElementById("upload-file");
  var max = parseInt(form.getAttribute("data-max") || "0", 10);
  var busy = false;

  function say(text, isError) {
    status.textContent = text;
    status.className = "status" + (isError ? " error" : "");
  }

  function buttons(disabled) {
    form.querySelectorAll("button").forEach(function (b) { b.disabled = disabled; });
  }

  function messageOf(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var node = doc.querySelector(".message, main p, main") || doc.body;
    return (node.textContent || "").replace(/\s+/g, " ").trim();
  }

  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    if (busy) return;
    var submitter = ev.submitter || null;
    var url = (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action");
    if (!file.files.length) {
      say("Hãy chọn một tệp .docx, .doc hoặc .odt trước.", true);
      file.focus();
      return;
    }
    if (max && file.files[0].size > max) {
      say("Tệp lớn hơn " + (max / 1048576).toFixed(1).replace(".", ",") + " MiB: hãy lưu lại không kèm hình ảnh hoặc tách tệp.", true);
      return;
    }
    var data;
    try { data = new FormData(form, submitter); } catch (e) {
      data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    }
    busy = true;
    buttons(true);
    form.setAttribute("aria-busy", "true");
    say("Đang xử lý tệp: đọc, chuyển sang PDF và vẽ các trang, mất vài giây…");
    try {
      var res = await fetch(url, {method: "POST", body: data, credentials: "same-origin",
                                  headers: {"X-Requested-With": "fetch", "Accept": "text/html"}});
      var text = await res.text();
      if (/<html[\s>]/i.test(text)) {
        say("Không làm được: " + messageOf(text), true);
      } else {
        result.innerHTML = text;
        var error = result.querySelector("#upload-error");
        if (error) say("Chưa xong: xem thông báo bên dưới.", true);
        else if (result.querySelector("#import-saved")) say("Đã lưu.");
        else say("Xong.");
        var layout = result.querySelector(".upload-layout");
        if (error) error.scrollIntoView({block: "nearest"});
        else if (submitter && submitter.id === "import-save") { /* stay where the person is */ }
        else if (layout) layout.scrollIntoView({block: "start"});
      }
    } catch (e) {
      say("Không gửi được tệp tới máy chủ (mất kết nối?). Các lựa chọn trên trang vẫn còn; hãy thử lại.", true);
    } finally {
      busy = false;
      buttons(false);
      form.removeAttribute("aria-busy");
    }
  });
})();

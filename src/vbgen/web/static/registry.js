/* Registry entry page: fill the form, check it (same rules as `vbgen cite check`, plus the list
   of outputs the change alters), then save; keeps what was typed in localStorage. */
"use strict";
(function () {
  var el = VB.el, $ = function (id) { return document.getElementById(id); };
  var data = JSON.parse(document.getElementById("page-data").textContent);
  var storeKey = "vbgen:registry:" + (data.key || "(new)");
  var fields = ["key", "kind", "number", "date", "issuer", "subject", "name", "short", "status", "replaced_by", "amended_by", "note"];
  var baseSha = data.sha, checked = false;
  var form = data.form;
  try { var saved = JSON.parse(localStorage.getItem(storeKey) || "null"); if (saved && saved.form) { form = saved.form; baseSha = saved.baseSha || baseSha; } } catch (e) {}
  fields.forEach(function (f) { $("e-" + f).value = f === "date" ? VB.isoToDmy(form[f]) : form[f] || ""; });
  $("e-verified").checked = !!form.verified;
  function read() {
    var out = {};
    fields.forEach(function (f) { out[f] = f === "date" ? VB.dmyToIso($("e-" + f).value) : $("e-" + f).value; });
    out.verified = $("e-verified").checked;
    if (!data.is_new) out.key = data.key;
    return out;
  }
  function changed() {
    checked = false; $("entry-save").disabled = true;
    localStorage.setItem(storeKey, JSON.stringify({form: read(), baseSha: baseSha}));
  }
  $("entry-form").addEventListener("input", changed);
  $("entry-form").addEventListener("submit", function (ev) { ev.preventDefault(); });
  function show(messages) {
    document.querySelectorAll(".field-msg").forEach(function (n) { n.remove(); });
    document.querySelectorAll(".has-error").forEach(function (n) { n.classList.remove("has-error"); });
    $("entry-messages").textContent = "";
    messages.forEach(function (m) {
      var node = m.field ? document.querySelector('[data-field="' + m.field + '"]') : null;
      var note = el("div", {"class": "field-msg msg error"}, [el("strong", {text: "Lỗi: "}), m.text]);
      if (node) { node.classList.add("has-error"); node.insertAdjacentElement("afterend", note); }
      else $("entry-messages").appendChild(el("li", {"class": "msg error", text: m.text}));
    });
  }
  $("entry-check").addEventListener("click", async function () {
    $("entry-check").disabled = true;
    var r = await VB.post(data.urls.check, {form: read(), is_new: data.is_new});
    $("entry-check").disabled = false;
    if (r.error) { show([{field: null, text: r.error}]); return; }
    show(r.messages);
    $("entry-result").hidden = !r.ok;
    if (!r.ok) return;
    $("new-full").textContent = r.forms.full; $("new-short").textContent = r.forms.short;
    $("affected-count").textContent = r.affected.length;
    var list = $("affected"); list.textContent = "";
    if (!r.affected.length) list.appendChild(el("li", {"class": "muted", text: "Không văn bản đầu ra nào thay đổi."}));
    r.affected.forEach(function (a) { list.appendChild(el("li", {}, [el("strong", {text: a.province + " / " + a.document}), " — " + a.how])); });
    checked = true; $("entry-save").disabled = false;
    if (r.content && r.content.length) {
      $("entry-messages").appendChild(el("li", {"class": "msg warning", text: "Mục này hợp lệ, nhưng sau khi lưu “vbgen cite check” sẽ báo " + r.content.length + " lỗi trong nội dung:"}));
      r.content.forEach(function (t) { $("entry-messages").appendChild(el("li", {"class": "msg warning", text: t})); });
    } else {
      $("entry-messages").appendChild(el("li", {"class": "msg ok", text: "Hợp lệ: “vbgen cite check” không báo lỗi nào (sổ và toàn bộ nội dung)."}));
    }
  });
  $("entry-save").addEventListener("click", async function () {
    if (!checked) return;
    $("entry-save").disabled = true;
    var r = await VB.post(data.urls.save, {form: read(), is_new: data.is_new, base_sha: baseSha});
    if (r.conflict) {
      $("entry-conflict").hidden = false; $("entry-conflict-text").textContent = r.error;
      $("entry-conflict-diff").textContent = r.their_diff;
      baseSha = r.current_sha; $("entry-save").disabled = false;
      $("entry-save").textContent = "Lưu đè lên bản mới (sau khi đã xem thay đổi của họ)";
      return;
    }
    if (!r.saved) { show(r.messages || [{field: null, text: r.error}]); return; }
    localStorage.removeItem(storeKey);
    baseSha = r.sha;
    $("entry-diff-box").hidden = false; $("entry-diff-box").open = true; $("entry-diff").textContent = r.diff || "(không có thay đổi)";
    $("entry-messages").textContent = "";
    $("entry-messages").appendChild(el("li", {"class": "msg ok"}, ["Đã lưu. ", el("a", {href: r.url, text: "Mở lại trang văn bản"})]));
    if (data.is_new) { data.is_new = false; data.key = read().key; $("e-key").disabled = true; storeKey = "vbgen:registry:" + data.key; }
  });
})();

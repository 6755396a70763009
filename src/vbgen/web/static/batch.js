/* Batch page: start a run, poll its progress, show the summary and the ZIP link. */
"use strict";
(function () {
  var el = VB.el, $ = function (id) { return document.getElementById(id); };
  var urls = JSON.parse(document.getElementById("page-data").textContent);
  var boxes = function (name) { return Array.prototype.slice.call(document.querySelectorAll('input[name="' + name + '"]')); };
  $("all").addEventListener("click", function () { boxes("province").forEach(function (b) { b.checked = true; }); });
  $("none").addEventListener("click", function () { boxes("province").forEach(function (b) { b.checked = false; }); });
  var names = {};
  boxes("province").forEach(function (b) { names[b.value] = b.parentNode.textContent.trim(); });
  var docNames = {};
  boxes("document").forEach(function (b) { docNames[b.value] = b.getAttribute("data-name"); });
  var STATUS = {ok: "Tốt", warning: "Có cảnh báo", error: "Lỗi"}, CHANGE = {"new": "Mới", changed: "Thay đổi", same: "Giữ nguyên", "": "—"};
  $("run").addEventListener("click", async function () {
    var chosen = function (n) { return boxes(n).filter(function (b) { return b.checked; }).map(function (b) { return b.value; }); };
    $("run").disabled = true;
    var r = await VB.post(urls.start, {provinces: chosen("province"), documents: chosen("document"), pdf: $("pdf").checked});
    $("progress-panel").hidden = false; $("zip").hidden = true; $("summary").hidden = true;
    if (r.error) { $("phase").textContent = r.error; $("run").disabled = false; return; }
    poll(r);
  });
  async function poll(job) {
    var s = await VB.post(job.status_url, {});
    $("phase").textContent = s.phase + " — " + s.elapsed + " giây";
    $("bar").setAttribute("aria-valuenow", s.done); $("bar").setAttribute("aria-valuemax", s.total);
    $("bar").style.width = (s.total ? Math.round(100 * s.done / s.total) : 0) + "%";
    if (!s.finished) { setTimeout(function () { poll(job); }, 300); return; }
    $("run").disabled = false;
    if (s.error) { $("phase").textContent = "Lỗi: " + s.error; return; }
    $("bar").style.width = "100%";
    var c = $("counts"); c.textContent = "";
    [["Tốt", s.counts.ok], ["Có cảnh báo", s.counts.warning], ["Lỗi", s.counts.error], ["Mới", s.changes["new"]], ["Thay đổi", s.changes.changed], ["Giữ nguyên", s.changes.same]]
      .forEach(function (x) { c.appendChild(el("span", {"class": "count", text: x[0] + ": " + x[1]})); });
    var body = document.querySelector("#summary tbody"); body.textContent = "";
    s.rows.forEach(function (row) {
      body.appendChild(el("tr", {"class": "row-" + row.status}, [el("td", {text: row.province_name || names[row.province] || row.province}), el("td", {text: row.document_name || docNames[row.document] || row.document}),
        el("td", {}, [el("span", {"class": "status-badge " + ({ok: "s-in_force", warning: "s-amended", error: "s-replaced"})[row.status], text: STATUS[row.status]})]),
        el("td", {text: CHANGE[row.change || ""]}), el("td", {"class": "muted", text: row.message})]));
    });
    $("summary").hidden = false;
    $("zip").href = job.zip_url; $("zip").hidden = false;
  }
})();

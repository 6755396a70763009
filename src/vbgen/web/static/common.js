/* Small helpers shared by the pages: JSON POST with the CSRF token, building elements with
   text only (never HTML from content), and search that ignores Vietnamese diacritics. */
"use strict";
var VB = (function () {
  function csrf() { return document.querySelector('meta[name="csrf-token"]').content; }
  async function post(url, body) {
    var res = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf()},
      body: JSON.stringify(body || {})
    });
    var data = {};
    try { data = await res.json(); } catch (e) { data = {error: "Máy chủ trả lời không đúng dạng (mã " + res.status + ")."}; }
    data._status = res.status;
    return data;
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "on") Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
      else if (k === "value") node.value = v;
      else if (k === "checked" || k === "disabled" || k === "selected" || k === "hidden") node[k] = !!v;
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function clone(x) { return JSON.parse(JSON.stringify(x)); }
  // Dates are typed dd/mm/yyyy whatever the browser's language (an <input type=date> shows
  // mm/dd/yyyy in an English browser) and kept as ISO yyyy-mm-dd, as the YAML files have them;
  // text that is no real date is kept as typed, and the server says why next to the field.
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function isoToDmy(v) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : (v || "");
  }
  function dmyToIso(v) {
    var m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(v || "");
    if (!m) return v;
    var d = +m[1], mo = +m[2], y = +m[3], t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return v;
    return y + "-" + pad2(mo) + "-" + pad2(d);
  }
  return {post: post, el: el, fold: fold, clone: clone, isoToDmy: isoToDmy, dmyToIso: dmyToIso};
})();

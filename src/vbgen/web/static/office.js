// The review panel: when the document is submitted, approved or issued (or the user may only
// read it), the form is locked here too; the server refuses the save anyway.
(function () {
  "use strict";
  function lock() {
    var panel = document.getElementById("office-review");
    if (!panel || !panel.dataset.locked) return;
    var save = document.getElementById("save");
    if (save) { save.disabled = true; save.title = panel.dataset.lockReason || ""; }
    var form = document.getElementById("draft-form");
    if (form) {
      form.classList.add("locked");
      var fields = form.querySelectorAll("input, textarea, select, button");
      for (var i = 0; i < fields.length; i++) fields[i].disabled = true;
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", lock); else lock();
  window.addEventListener("load", function () { setTimeout(lock, 0); });
})();

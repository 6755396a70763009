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
  function watch() {
    lock();
    var form = document.getElementById("draft-form");
    var panel = document.getElementById("office-review");
    // the drafting script re-creates parts of the form (tasks, paragraphs): lock those too
    if (form && panel && panel.dataset.locked && window.MutationObserver) {
      new MutationObserver(lock).observe(form, {childList: true, subtree: true});
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch); else watch();
  window.addEventListener("load", function () { setTimeout(lock, 0); });
})();

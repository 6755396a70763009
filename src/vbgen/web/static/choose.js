"use strict";
document.getElementById("choose-form").addEventListener("submit", function (ev) {
  ev.preventDefault();
  var p = document.getElementById("choose-province").value, d = document.getElementById("choose-document").value;
  window.location.href = "/draft/" + encodeURIComponent(p) + "/" + encodeURIComponent(d);
});

// A little progressive enhancement; every page works without it.
(function () {
  "use strict";
  function renumber(tbody) {
    Array.prototype.forEach.call(tbody.querySelectorAll("tr"), function (tr, i) {
      var n = tr.querySelector("td.n");
      if (n) { n.textContent = String(i + 1); }
      var input = tr.querySelector("input"), selects = tr.querySelectorAll("select");
      if (input) { input.setAttribute("aria-label", "Nơi nhận dòng " + (i + 1)); }
      if (selects[0]) { selects[0].setAttribute("aria-label", "Mục đích gửi dòng " + (i + 1)); }
      if (selects[1]) { selects[1].setAttribute("aria-label", "Gửi tới trên hệ thống, dòng " + (i + 1)); }
    });
  }
  function setupRecipients() {
    var tbody = document.getElementById("recipient-rows");
    var add = document.getElementById("add-recipient");
    if (!tbody || !add) { return; }
    add.hidden = false;
    add.addEventListener("click", function () {
      var rows = tbody.querySelectorAll("tr");
      var copy = rows[rows.length - 1].cloneNode(true);
      copy.querySelector("input").value = "";
      Array.prototype.forEach.call(copy.querySelectorAll("select"), function (s) { s.selectedIndex = 0; });
      Array.prototype.forEach.call(copy.querySelectorAll(".reach"), function (p) { p.remove(); });
      tbody.appendChild(copy);
      renumber(tbody);
      copy.querySelector("input").focus();
    });
  }
  function setupSigners() {
    // Offer only the signers whose authority covers the chosen kind (the server checks again).
    var kind = document.getElementById("kind"), signer = document.getElementById("intended_signer");
    if (!kind || !signer) { return; }
    function apply() {
      Array.prototype.forEach.call(signer.options, function (o) {
        if (!o.value) { return; }
        var kinds = (o.getAttribute("data-kinds") || "*").split(",");
        var ok = kinds.indexOf("*") >= 0 || !kind.value || kinds.indexOf(kind.value) >= 0;
        o.hidden = !ok; o.disabled = !ok;
        if (!ok && o.selected) { signer.value = ""; }
      });
    }
    kind.addEventListener("change", apply);
    apply();
  }
  function setupBulk() {
    // "Chọn tất cả" ticks every document of the tasks list that can be handled in bulk.
    var all = document.getElementById("bulk-all");
    if (!all) { return; }
    var boxes = document.querySelectorAll("#bulk-form input[name=doc]");
    all.hidden = false;
    all.addEventListener("change", function () {
      Array.prototype.forEach.call(boxes, function (b) { b.checked = all.checked; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { setupRecipients(); setupSigners(); setupBulk(); });
})();

// dossier's one script (no inline script anywhere: the CSP forbids it). Progressive: every page works without it.
(function () {
  "use strict";

  // Article page: hovering or focusing a highlight shows its record (from its data-* attributes) in the panel.
  function showRecord(mark) {
    var panel = document.getElementById("record-text");
    if (!panel || !mark) { return; }
    var current = document.querySelectorAll("mark.hl.is-current");
    for (var i = 0; i < current.length; i++) { current[i].classList.remove("is-current"); }
    var same = document.querySelectorAll('mark.hl[data-record="' + CSS.escape(mark.dataset.record || "") +
                                          '"][data-kind="' + CSS.escape(mark.dataset.kind || "") + '"]');
    for (var j = 0; j < same.length; j++) { same[j].classList.add("is-current"); }
    panel.textContent = mark.dataset.info || "";
  }
  function markOf(event) {
    var target = event.target;
    return target && target.closest ? target.closest("mark.hl[data-info]") : null;
  }
  document.addEventListener("focusin", function (event) { var m = markOf(event); if (m) { showRecord(m); } });
  document.addEventListener("mouseover", function (event) { var m = markOf(event); if (m) { showRecord(m); } });
})();

/* Counts down the characters left in a text area that has a maximum (data-counter and maxlength), as GOV.UK's
   character count does: the figure under the field changes as you type; screen readers hear it once typing pauses. */
(function () {
  "use strict";
  function attach(area) {
    var limit = parseInt(area.getAttribute("maxlength"), 10);
    if (!limit) { return; }
    var shown = document.createElement("p");
    shown.className = "char-count";
    shown.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", spoken);
    area.insertAdjacentElement("afterend", shown);
    var timer;
    function text() {
      var left = limit - area.value.length;
      return left === 1 ? "1 tegn tilbage" : left.toLocaleString("da-DK") + " tegn tilbage";
    }
    function update() {
      shown.textContent = text();
      clearTimeout(timer);
      timer = setTimeout(function () { spoken.textContent = text(); }, 1000);
    }
    area.addEventListener("input", update);
    shown.textContent = text();
  }
  document.querySelectorAll("textarea[data-counter][maxlength]").forEach(attach);
})();

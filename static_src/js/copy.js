/* A button that copies a field's text ("Copy the address" on the plan's calendar subscription): shown only where the
   browser can copy, and a screen reader hears that it did. Without it the field stays, read-only and selectable. */
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status]");
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied"); }
      });
    });
  });
})();

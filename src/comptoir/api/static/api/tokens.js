// <button data-copy-target="input-id"> copies that field's value (the new API token).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-copy-target]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copyTarget);
    if (!field) return;
    field.select();
    const done = function () {
      const label = button.querySelector("span");
      if (label && button.dataset.copiedLabel) label.textContent = button.dataset.copiedLabel;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done);
    } else if (document.execCommand("copy")) {
      done();
    }
  });
})();

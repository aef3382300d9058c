// Comptoir's few behaviours. No inline script anywhere (CSP): pages opt in with data-* attributes.
(function () {
  "use strict";

  // "/" puts the cursor in the global search, as in most web applications.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
    const search = document.getElementById("global-search");
    if (search) { event.preventDefault(); search.focus(); search.select(); }
  });

  // Escape closes the search suggestions.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    const results = document.getElementById("search-results");
    if (results && results.innerHTML.trim()) { results.innerHTML = ""; }
  });

  // Arrow down from the search box moves into the suggestions.
  document.addEventListener("keydown", function (event) {
    if (event.target.id !== "global-search" || event.key !== "ArrowDown") return;
    const first = document.querySelector("#search-results a");
    if (first) { event.preventDefault(); first.focus(); }
  });

  // <button data-confirm="…"> asks before submitting (deletions, revocations).
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) { event.preventDefault(); }
  });

  // <button data-copy-target="input-id" data-copied-label="…"> copies that field's value.
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

  // <button data-print> opens the browser's print dialog (print or save as PDF).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });

  // <canvas data-chart='{"type": …, "data": …}'> draws a Chart.js chart when Chart is loaded.
  function drawCharts(root) {
    if (typeof window.Chart === "undefined") return;
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      canvas.dataset.drawn = "1";
      const config = JSON.parse(canvas.dataset.chart);
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options || {});
      new window.Chart(canvas, config);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });
})();

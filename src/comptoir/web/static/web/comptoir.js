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

// Search pickers (SearchPicker widget, web/widgets/picker.html): a text box whose suggestions
// come from htmx; arrows move through them, Enter or a click chooses, Escape closes; the
// chosen id goes to the hidden input the form posts. Typing again forgets the choice.
(function () {
  "use strict";

  function parts(element) {
    const picker = element.closest("[data-picker]");
    if (!picker) return null;
    return {
      input: picker.querySelector("[data-picker-input]"),
      value: picker.querySelector("[data-picker-value]"),
      list: picker.querySelector("[data-picker-options]"),
    };
  }

  function options(p) { return Array.from(p.list.querySelectorAll("[role=option]")); }

  function close(p) {
    p.list.innerHTML = "";
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
  }

  function activate(p, index) {
    const all = options(p);
    all.forEach(function (option, i) {
      option.classList.toggle("active", i === index);
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (all[index]) {
      p.input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    }
  }

  function choose(p, option) {
    p.value.value = option.dataset.value;
    p.input.value = option.dataset.label;
    close(p);
    p.value.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // What was typed is sent as ?q=; the text box has no name, so the form never posts it.
  document.addEventListener("htmx:configRequest", function (event) {
    const input = event.detail.elt;
    if (input.matches && input.matches("[data-picker-input]")) {
      event.detail.parameters.q = input.value;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const p = event.target.matches("[data-picker-options]") ? parts(event.target) : null;
    if (!p) return;
    if (!p.input.value.trim()) { close(p); return; }
    options(p).forEach(function (option, i) { option.id = p.list.id + "-" + i; });
    p.input.setAttribute("aria-expanded", p.list.innerHTML.trim() ? "true" : "false");
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches("[data-picker-input]")) return;
    const p = parts(event.target);
    p.value.value = "";
    if (!event.target.value.trim()) close(p);
  });

  document.addEventListener("keydown", function (event) {
    if (!event.target.matches("[data-picker-input]")) return;
    const p = parts(event.target);
    const all = options(p);
    const current = all.findIndex(function (option) { return option.classList.contains("active"); });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      activate(p, current < 0 ? (step > 0 ? 0 : all.length - 1) : (current + step + all.length) % all.length);
    } else if (event.key === "Enter" && p.list.innerHTML.trim()) {
      event.preventDefault(); // choosing must not submit the form
      if (current >= 0) choose(p, all[current]);
      else if (all.length === 1) choose(p, all[0]);
    } else if (event.key === "Escape" && p.list.innerHTML.trim()) {
      event.stopPropagation();
      close(p);
    }
  });

  // mousedown, not click: the text box keeps the focus, so its blur does not close the list.
  document.addEventListener("mousedown", function (event) {
    const option = event.target.closest("[data-picker-options] [role=option]");
    if (!option) return;
    event.preventDefault();
    choose(parts(option), option);
  });

  document.addEventListener("focusout", function (event) {
    if (event.target.matches("[data-picker-input]")) close(parts(event.target));
  });
})();

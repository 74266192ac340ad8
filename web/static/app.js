// Enhancements only: every page works without this file (the CSP forbids inline script).
"use strict";

// "/" jumps to the search box from anywhere but a text field.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing =
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement;
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    const box = document.getElementById("q");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  }
});

// Keep URLs short: empty fields (no dates, no query) are not sent.
function enhanceSearchForm() {
  const form = document.getElementById("search");
  if (!form) return;
  form.addEventListener("submit", () => {
    for (const field of form.elements) {
      if ((field.name && field.value === "") || (field.name === "per_page" && field.value === "20")) {
        field.disabled = true;
      }
    }
    // Re-enable after the browser has read the form, so that going back finds it usable.
    setTimeout(() => {
      for (const field of form.elements) field.disabled = false;
    }, 0);
  });
  // Ticking a facet value or changing the page size searches at once.
  for (const field of form.elements) {
    const instant =
      (field instanceof HTMLInputElement && field.type === "checkbox") ||
      (field instanceof HTMLSelectElement && field.name === "per_page");
    if (instant) field.addEventListener("change", () => form.requestSubmit());
  }
}

// Long facets: show the first few values (and every chosen one), with a filter box.
function enhanceLongFacet(fieldset) {
  const shortList = Number(fieldset.dataset.short) || 8;
  const options = Array.from(fieldset.querySelectorAll("li.option"));
  const legend = fieldset.querySelector("legend").textContent.trim();
  let expanded = false;
  const filter = document.createElement("input");
  filter.type = "search";
  filter.className = "facet-filter";
  filter.placeholder = `Filter ${legend.toLowerCase()}…`;
  filter.setAttribute("aria-label", `Filter ${legend.toLowerCase()} values`);
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "show-more";
  toggle.setAttribute("aria-expanded", "false");

  function update() {
    const needle = filter.value.trim().toLowerCase();
    let hidden = 0;
    options.forEach((li, index) => {
      const label = li.querySelector(".label").textContent.toLowerCase();
      const chosen = li.classList.contains("selected") || li.classList.contains("excluded");
      const visible = needle
        ? label.includes(needle)
        : expanded || chosen || index < shortList;
      li.hidden = !visible;
      if (!visible && !needle) hidden += 1;
    });
    toggle.textContent = expanded ? "Show fewer" : `Show all ${options.length}`;
    toggle.hidden = Boolean(needle) || (!expanded && hidden === 0);
    toggle.setAttribute("aria-expanded", String(expanded));
  }
  toggle.addEventListener("click", () => {
    expanded = !expanded;
    update();
  });
  filter.addEventListener("input", update);
  // Enter in the filter box must not submit the whole search.
  filter.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  fieldset.querySelector("legend").after(filter);
  fieldset.append(toggle);
  fieldset.classList.add("enhanced");
  update();
}

// A live region that says what a button just did.
function announce(text) {
  let region = document.getElementById("announce");
  if (!region) {
    region = document.createElement("p");
    region.id = "announce";
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    document.body.append(region);
  }
  region.textContent = text;
}

function copyButton(label, text, done) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = label;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text());
      announce(done);
      button.textContent = "Copied";
      setTimeout(() => (button.textContent = label), 1500);
    } catch {
      announce("Copying is not allowed here; select the text instead.");
    }
  });
  return button;
}

// Each paragraph gets a button copying its full link; the citation gets one too.
function enhanceDocument() {
  for (const anchor of document.querySelectorAll(".body p a.anchor")) {
    const id = anchor.getAttribute("href").slice(1);
    const url = () => `${location.origin}${location.pathname}#${id}`;
    const button = copyButton("Copy link", url, `Link to paragraph ${id.slice(1)} copied`);
    button.setAttribute("aria-label", `Copy link to paragraph ${id.slice(1)}`);
    anchor.after(button);
  }
  const chicago = document.getElementById("chicago");
  if (chicago) {
    const button = copyButton("Copy citation", () => chicago.textContent.trim(), "Citation copied");
    chicago.after(button);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  enhanceSearchForm();
  document.querySelectorAll("fieldset.facet[data-long]").forEach(enhanceLongFacet);
  enhanceDocument();
});

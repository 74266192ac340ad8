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
    if (instant) {
      field.addEventListener("change", () => {
        rememberField(field.name, field.value);
        form.requestSubmit();
      });
    }
  }
  // Excluding a value from its facet: focus comes back to that value's box, now ticked "not".
  for (const link of document.querySelectorAll(".option a.exclude")) {
    const box = link.closest(".option").querySelector("input[type=checkbox]");
    link.addEventListener("click", () => rememberField(`-${box.name}`, box.value));
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
    // Focusable from script, not by Tab: following a link to it moves focus to it.
    document.getElementById(id).tabIndex = -1;
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

// Focus after a page load goes where the last step leads a keyboard user: back to the filter
// just changed, to the statement just read, or to the heading of the new results or statement.
const REFOCUS_KEY = "bilat-refocus";

function rememberField(name, value) {
  try {
    sessionStorage.setItem(REFOCUS_KEY, JSON.stringify({ name, value }));
  } catch {
    // Without session storage focus falls back to the page's heading.
  }
}

// The filter field remembered before the page was left, found by its facet and value:
// ticking "not" renames the box from "sector" to "-sector", unticking it renames it back.
function rememberedField() {
  let remembered = null;
  try {
    remembered = JSON.parse(sessionStorage.getItem(REFOCUS_KEY));
    sessionStorage.removeItem(REFOCUS_KEY);
  } catch {
    return null;
  }
  if (!remembered || typeof remembered.name !== "string") return null;
  const facet = remembered.name.replace(/^-/, "");
  const fields = document.querySelectorAll(
    `#filters [name="${CSS.escape(facet)}"], #filters [name="-${CSS.escape(facet)}"]`,
  );
  return (
    Array.from(fields).find(
      (field) =>
        field.type !== "hidden" && (field.type !== "checkbox" || field.value === remembered.value),
    ) || null
  );
}

// The page of this site that this one was opened from, if any.
function referrer() {
  if (!document.referrer) return null;
  const url = new URL(document.referrer);
  return url.origin === location.origin ? url : null;
}

// The results page this one was opened from: a search or a country, pair or sector page.
function referringResults() {
  const url = referrer();
  const results =
    url && (url.pathname === "/search" || /^\/(country|pair|sector)\//.test(url.pathname));
  return results ? url : null;
}

function focusHeading(heading) {
  heading.tabIndex = -1;
  heading.focus();
}

function placeFocus() {
  const field = rememberedField();
  if (field) {
    field.focus();
    return;
  }
  const resultsHeading = document.querySelector(".results h1");
  if (resultsHeading) {
    // Back from a statement: on its hit, to go on down the list.
    const from = referrer();
    if (from && from.pathname.startsWith("/doc/")) {
      const hits = Array.from(document.querySelectorAll(".hit h2 a"));
      const hit = hits.find((link) => new URL(link.href).pathname === from.pathname);
      if (hit) {
        hit.focus();
        return;
      }
    }
    if (location.search) focusHeading(resultsHeading);
    return;
  }
  const title = document.querySelector(".statement h1");
  // A paragraph in the address is where the reader asked to be (the browser focuses it).
  if (title && !location.hash) focusHeading(title);
}

// "Results for ..." returns to the very results the statement was opened from, filters and
// dates included, when that page's query is the same; the link itself keeps only the query.
function enhanceBackLink() {
  const back = document.querySelector(".statement .back a");
  const from = referringResults();
  if (!back || !from) return;
  const sameQuery = new URL(back.href).searchParams.get("q") === from.searchParams.get("q");
  if (!sameQuery) return;
  back.addEventListener("click", (event) => {
    event.preventDefault();
    location.assign(from.href);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  enhanceSearchForm();
  document.querySelectorAll("fieldset.facet[data-long]").forEach(enhanceLongFacet);
  enhanceDocument();
  enhanceBackLink();
  placeFocus();
});

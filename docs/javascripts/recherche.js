/*
 * Loaded before Material's bundle: points Material's search at recherche-worker.js, which wraps Material's own
 * search worker and gives it the whole index (search/complet.json) at the visitor's first search, instead of
 * every page downloading it on load. See tierslieux/search.py.
 */
(function () {
  "use strict";
  var element = document.getElementById("__config");
  if (!element) {
    return;
  }
  var config = JSON.parse(element.textContent);
  if (!config.search) {
    return;
  }
  // "." or ".." on pages, but "/" on 404.html, which a host serves at any depth: one slash at the end.
  var base = new URL(config.base.replace(/\/*$/, "/"), location.href);
  var worker = new URL("javascripts/recherche-worker.js", base);
  worker.searchParams.set("material", new URL(config.search, location.href).href);
  worker.searchParams.set("index", new URL("search/complet.json", base).href);
  config.search = worker.href;
  element.textContent = JSON.stringify(config);
})();

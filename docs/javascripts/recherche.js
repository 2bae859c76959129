/*
 * Loaded before Material's bundle: points Material's search at recherche-worker.js, which wraps Material's own
 * search worker and adds the places (search/lieux.json) at the visitor's first search, instead of every page
 * downloading the index of every portrait on load. See tierslieux/search.py.
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
  var base = new URL(config.base + "/", location.href);
  var worker = new URL("javascripts/recherche-worker.js", base);
  worker.searchParams.set("material", new URL(config.search, location.href).href);
  worker.searchParams.set("lieux", new URL("search/lieux.json", base).href);
  config.search = worker.href;
  element.textContent = JSON.stringify(config);
})();

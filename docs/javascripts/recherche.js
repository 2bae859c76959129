/*
 * Loaded before Material's bundle: points Material's search box at recherche-worker.js, which answers it from the
 * pieces of the index (search/termes/, search/documents/) that each query needs, instead of every page downloading
 * the whole index on load. See tierslieux/search.py.
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
  // config.base is "." or ".." on pages, and the absolute "/" on the 404 page, served at any depth.
  var base = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var worker = new URL("javascripts/recherche-worker.js", base);
  worker.searchParams.set("material", new URL(config.search, location.href).href);
  worker.searchParams.set("index", new URL("search/", base).href);
  config.search = worker.href;
  element.textContent = JSON.stringify(config);
})();

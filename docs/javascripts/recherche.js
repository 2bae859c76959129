/*
 * Loaded before Material's bundle: points Material's search box at recherche-worker.js, which answers it from the
 * pieces of the index (search/termes/, search/documents/) that each query needs, instead of every page downloading
 * the whole index on load. See tierslieux/search.py.
 */
(function () {
  "use strict";
  // Material's settings: a page holds one #__config, ours (tierslieux/escaping.py, tests/test_escaping.py). Should it
  // ever hold more, this script changes none; the worker imports only the site's own files, found from its own place.
  var elements = document.querySelectorAll("#__config");
  if (elements.length !== 1) {
    return;
  }
  var element = elements[0];
  var config = JSON.parse(element.textContent);
  if (!config.search) {
    return;
  }
  // config.base is "." or ".." on pages, and the absolute "/" on the 404 page, served at any depth.
  var base = new URL(config.base.replace(/\/?$/, "/"), location.href);
  config.search = new URL("javascripts/recherche-worker.js", base).href;  // it finds its files from its own place
  element.textContent = JSON.stringify(config);
})();

/*
 * The page of a former address (overrides/redirect.html): goes on to the link's address at once, keeping the query
 * and the fragment, and replacing the former address in the history.
 */
(function () {
  "use strict";
  var link = document.getElementById("nouvelle-adresse");
  if (link) {
    window.location.replace([link.getAttribute("href"), window.location.search, window.location.hash].join(""));
  }
})();

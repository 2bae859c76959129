/*
 * Region pages open on a static map (tierslieux/region_map.py) and a link to the interactive map. This adds, beside
 * the link, a button that puts the interactive map in the static map's place, in an iframe: its libraries and data,
 * about 270 KB, are downloaded only by visitors who ask for them.
 */
(function () {
  "use strict";
  document.querySelectorAll("a.tl-region-map__open").forEach(function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button tl-region-map__button";
    button.textContent = "Afficher la carte interactive ici";
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.className = "tl-map-frame";
      frame.src = link.href;
      frame.title = link.dataset.title;
      link.closest(".tl-region-map").replaceWith(frame);
      frame.focus();
    });
    link.before(button, " ");
  });
})();

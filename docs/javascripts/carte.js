/* Markers, clusters, popups and filters of the maps, built in the browser from the site's data files, and the
 * list of the nearest places after « Autour de moi ».
 *
 * Loaded by every map page after Leaflet and Leaflet.markercluster; the page's script, written by
 * build_map.py with Folium, creates the Leaflet map and then calls tiersLieux.showPlaces(map, options).
 * Contributor text (names, communes, summaries) only ever reaches the page through textContent.
 *
 * URL parameters: ?region=<slug>&theme=<id> filter the places; ?lieu=<slug> centres the map on one place.
 * When the map is framed by a page of the site itself, the filters live in that page's address instead.
 */
(function () {
  "use strict";

  var FILTERS = ["region", "theme"];
  var PLACE_ZOOM = 13;
  var NEARBY_COUNT = 10;
  var NEARBY_IN_VIEW = 3; // after « Autour de moi », the map shows the visitor and this many nearest places
  var LOCATE_MAX_ZOOM = PLACE_ZOOM; // even when the nearest place is next door
  var EARTH_RADIUS_KM = 6371.0088; // as tierslieux/nearby.py
  var VISITOR_LABEL = "Vous êtes ici";
  var BESIDE = "(min-width: 56.25em)"; // as carte.css: from there, the nearest places are beside the map
  // Milliseconds of work at a time while thousands of markers are made and clustered: on a phone four times slower,
  // still under the 50 ms of a « long task », so that a tap is answered at once (Lighthouse's total blocking time).
  var SLICE_MS = 10;

  var inSite = sameOriginParent() !== null;
  var ownParams = new URLSearchParams(window.location.search);
  var root = document.documentElement;
  if (inSite) root.classList.add("tl-in-site");
  if (ownParams.get("lieu")) root.classList.add("tl-embed--place");

  /** The parent window when it is a page of this site, else null. */
  function sameOriginParent() {
    if (window.parent === window) return null;
    try {
      return window.parent.location.origin === window.location.origin ? window.parent : null;
    } catch (error) {
      return null; // a cross-origin parent: the region's own site
    }
  }

  /** The window whose address holds the filters: the framing page of the site, or this one. */
  function stateWindow() {
    var hasOwnFilters = FILTERS.some(function (name) { return ownParams.has(name); });
    return inSite && !hasOwnFilters ? window.parent : window;
  }

  function readFilters() {
    var params = new URLSearchParams(stateWindow().location.search);
    return { region: params.get("region") || "", theme: params.get("theme") || "" };
  }

  function writeFilters(filters) {
    var target = stateWindow();
    var params = new URLSearchParams(target.location.search);
    FILTERS.forEach(function (name) {
      if (filters[name]) params.set(name, filters[name]); else params.delete(name);
    });
    var query = params.toString();
    var url = target.location.pathname + (query ? "?" + query : "") + target.location.hash;
    target.history.replaceState(target.history.state, "", url);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function loadJson(source) {
    if (typeof source !== "string") return Promise.resolve(source);
    return fetch(source).then(function (response) {
      if (!response.ok) throw new Error(source + " : HTTP " + response.status);
      return response.json();
    });
  }

  /** The places of the compact index (see tierslieux/geodata.py) as objects. */
  function readIndex(index) {
    var themes = index.themes;
    return index.places.map(function (row) {
      return {
        lat: row[0], lon: row[1], slug: row[2], name: row[3], commune: row[4], region: index.regions[row[5]],
        themes: row[6].map(function (i) { return themes[i].id; }),
        labels: row[6].map(function (i) { return themes[i].label; })
      };
    });
  }

  /** Summaries by slug, loaded once per region from its GeoJSON, or from one inline FeatureCollection. */
  function Summaries(source) {
    var loaded = {};
    var pending = {};
    function store(collection) {
      collection.features.forEach(function (feature) {
        var p = feature.properties;
        (loaded[p.region] = loaded[p.region] || {})[p.slug] = p.summary;
      });
    }
    if (typeof source !== "string") store(source);
    this.known = function (place) {
      var region = loaded[place.region];
      return region ? region[place.slug] || "" : null;
    };
    this.load = function (place) {
      if (!pending[place.region]) {
        pending[place.region] = loadJson(source.replace("{region}", place.region)).then(function (collection) {
          loaded[place.region] = loaded[place.region] || {};
          store(collection);
        });
      }
      return pending[place.region];
    };
  }

  /** A marker icon drawn by CSS, named for screen readers (Leaflet makes it focusable with role=button). */
  var LabelledIcon = L.DivIcon.extend({
    createIcon: function (oldIcon) {
      var div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
      div.setAttribute("aria-label", this.options.label);
      if (this.options.role) div.setAttribute("role", this.options.role);
      if (this.options.text !== undefined) {
        var inner = element("div");
        inner.appendChild(element("span", null, this.options.text));
        div.appendChild(inner);
      }
      return div;
    }
  });

  function placeIcon(place, current) {
    return new LabelledIcon({
      className: "tl-marker" + (current ? " tl-marker--current" : ""),
      html: "",
      iconSize: [26, 26],
      iconAnchor: [13, 26],
      tooltipAnchor: [0, -24],
      popupAnchor: [0, -24],
      label: place.name + ", " + place.commune
    });
  }

  /** The visitor's position: a round dot, not a pin, named for screen readers and by its tooltip. */
  function visitorMarker(latlng) {
    var icon = new LabelledIcon({
      className: "tl-visitor", html: "", iconSize: [22, 22], iconAnchor: [11, 11], tooltipAnchor: [0, -12],
      label: VISITOR_LABEL, role: "img"
    });
    var marker = L.marker(latlng, { icon: icon, keyboard: false, interactive: false, zIndexOffset: 1000 });
    marker.bindTooltip(VISITOR_LABEL, { permanent: true, direction: "top", className: "tl-tooltip tl-tooltip--visitor" });
    return marker;
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return new LabelledIcon({
      className: "marker-cluster marker-cluster-" + size,
      html: "",
      iconSize: [40, 40],
      text: String(count),
      label: count + " lieux ici : zoomer"
    });
  }

  function popupContent(place, site, summaries, marker) {
    var box = element("div", "tl-popup");
    var title = box.appendChild(element("p", "tl-popup__name"));
    var link = title.appendChild(element("a", null, place.name));
    link.href = new URL("portraits/" + place.slug + "/", site).href; // Place.url
    link.target = "_top";
    box.appendChild(element("p", "tl-popup__commune", place.commune));
    var summary = box.appendChild(element("p", "tl-popup__summary", summaries.known(place) || ""));
    if (place.labels.length) {
      var themes = box.appendChild(element("ul", "tl-popup__themes"));
      themes.setAttribute("aria-label", "Thèmes");
      place.labels.forEach(function (label) { themes.appendChild(element("li", null, label)); });
    }
    if (summaries.known(place) === null) {
      summaries.load(place).then(function () {
        summary.textContent = summaries.known(place);
        if (!marker.isPopupOpen()) return;
        var focused = box.contains(document.activeElement) ? document.activeElement : null;
        marker.getPopup().setContent(box); // the same box, laid out again around its summary
        if (focused) focused.focus({ preventScroll: true });
      }, function (error) {
        console.warn(error);
      });
    }
    return box;
  }

  function placeMarker(place, site, summaries, current) {
    var marker = L.marker([place.lat, place.lon], { icon: placeIcon(place, current), riseOnHover: true });
    marker.place = place;
    marker.bindTooltip(function () { return element("span", null, place.name); },
      { direction: "top", permanent: current, className: "tl-tooltip" });
    marker.bindPopup(function () { return popupContent(place, site, summaries, marker); },
      { maxWidth: 280, minWidth: 180, autoPanPadding: [16, 16] });
    return marker;
  }

  function matches(place, filters) {
    return (!filters.region || place.region === filters.region) &&
      (!filters.theme || place.themes.indexOf(filters.theme) !== -1);
  }

  function countText(count) {
    return count === 0 ? "Aucun lieu" : count === 1 ? "1 lieu" : count.toLocaleString("fr-FR") + " lieux";
  }

  /**
   * « Autour de moi »: the visitor's position, asked of the browser; it stays there.
   * The button shows only where the browser may ask for it (not in an iframe of another site without allow).
   * located(latlng) is called with a position inside the map's limits, and moves the map.
   */
  function bindLocate(map, located) {
    var button = document.querySelector(".tl-locate");
    var status = document.querySelector(".tl-status");
    var allowed = !document.featurePolicy || document.featurePolicy.allowsFeature("geolocation");
    if (!button || !status || !navigator.geolocation || !allowed) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "Recherche de votre position…";
      map.locate({ setView: false, maximumAge: 60000, timeout: 15000 });
    });
    map.on("locationfound", function (event) {
      var limits = map.options.maxBounds;
      if (limits && !limits.contains(event.latlng)) {
        status.textContent = "Votre position est en dehors de cette carte.";
        return;
      }
      map.once("moveend", function () {
        status.textContent = "Carte centrée sur votre position et les lieux les plus proches.";
      });
      located(event.latlng);
    });
    map.on("locationerror", function () {
      status.textContent = "Votre position n'est pas disponible : autorisez la localisation dans le navigateur.";
    });
  }

  /**
   * Leaflet's controls in French: the zoom buttons (build_map.py leaves them out) and the attribution's prefix,
   * whose title is English. The popups' close button is named when a popup opens.
   */
  function speakFrench(map) {
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    if (map.attributionControl) {
      map.attributionControl.setPrefix('<a href="https://leafletjs.com" ' +
        'title="Une bibliothèque JavaScript de cartes interactives">Leaflet</a>');
    }
  }

  /** Great-circle distance in km (haversine). */
  function distanceKm(a, b) {
    var rad = Math.PI / 180;
    var h = Math.pow(Math.sin((b.lat - a.lat) * rad / 2), 2) +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.pow(Math.sin((b.lng - a.lng) * rad / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /**
   * After « Autour de moi »: the nearest places shown on the map, nearest first, in the live region .tl-nearby
   * beside the map (below it on a phone). The position is only used here, in the browser.
   */
  function NearbyList(map, site) {
    var box = document.querySelector(".tl-nearby");
    var position = null;
    var here = null;
    /** Mark the visitor's position on the map; the list follows at the next update. */
    this.show = function (latlng) {
      position = latlng;
      if (here) here.setLatLng(latlng); else here = visitorMarker(latlng).addTo(map);
    };
    /** List the places nearest to the visitor among places; returns them, nearest first. */
    this.update = function (places) {
      if (!box || !position) return [];
      var nearest = places.map(function (place) {
        return { place: place, km: distanceKm(position, { lat: place.lat, lng: place.lon }) };
      }).sort(function (a, b) { return a.km - b.km; }).slice(0, NEARBY_COUNT);
      box.textContent = "";
      box.appendChild(element("h2", "tl-nearby__title", nearest.length ?
        (nearest.length === 1 ? "Le lieu le plus proche" : "Les " + nearest.length + " lieux les plus proches") :
        "Aucun lieu à proximité avec ces filtres"));
      var list = box.appendChild(element("ol", "tl-nearby__list"));
      nearest.forEach(function (item) {
        var entry = list.appendChild(element("li"));
        var link = entry.appendChild(element("a", null, item.place.name));
        link.href = new URL("portraits/" + item.place.slug + "/", site).href; // Place.url
        link.target = "_top";
        entry.appendChild(element("span", "tl-nearby__where", item.place.commune + " — à " +
          item.km.toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + "\u00a0km"));
      });
      growFrame(map, box);
      map.invalidateSize(); // the list took room from the map
      return nearest.map(function (item) { return item.place; });
    };
    window.addEventListener("resize", function () { growFrame(map, box); });
    /** Fit the map to the visitor and the nearest places, which may be far from a town's scale. */
    this.fit = function (nearest) {
      var bounds = L.latLngBounds([position]);
      nearest.slice(0, NEARBY_IN_VIEW).forEach(function (place) { bounds.extend([place.lat, place.lon]); });
      map.fitBounds(bounds, { padding: [40, 40], maxZoom: LOCATE_MAX_ZOOM });
    };
  }

  /**
   * Below the map (a phone, a narrow frame) in a page of the site itself, the frame grows to hold the whole list,
   * which flows under the map in the page instead of scrolling in a box; the map keeps the frame's first height.
   * In another site's page (no window.frameElement across origins), the list keeps its share of the frame.
   */
  function growFrame(map, box) {
    var frame = inSite ? window.frameElement : null;
    if (!frame || !frame.classList.contains("tl-map-frame")) return;
    var grow = box.childNodes.length > 0 && !window.matchMedia(BESIDE).matches;
    if (grow && !frame.dataset.tlHeight) frame.dataset.tlHeight = String(frame.clientHeight);
    root.classList.toggle("tl-embed--grown", grow);
    var first = Number(frame.dataset.tlHeight); // the frame's height inside its borders, before the list
    var mapHeight = first - document.querySelector(".tl-embed__bar").offsetHeight;
    map.getContainer().style.flexBasis = grow ? mapHeight + "px" : "";
    var borders = frame.offsetHeight - frame.clientHeight;
    frame.style.height = grow ? first + box.offsetHeight + borders + "px" : "";
  }

  /** each(item) for every item, SLICE_MS of work at a time, then done(). */
  function inSlices(items, each, done) {
    var next = 0;
    (function slice() {
      var end = performance.now() + SLICE_MS;
      while (next < items.length && performance.now() < end) each(items[next++]);
      if (next < items.length) setTimeout(slice, 0); else done();
    })();
  }

  /** Draw the places of options.index on map; see build_map._layer_options for the options. */
  function showPlaces(map, options) {
    var site = new URL(options.site, window.location.href);
    var summaries = new Summaries(options.details);
    var form = document.querySelector(".tl-filters");
    var count = document.querySelector(".tl-count");
    var current = ownParams.get("lieu");
    var adding = -1; // how many markers the current addLayers call clusters (none before the first)
    var group = L.markerClusterGroup({
      animate: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
      chunkedLoading: true,
      chunkInterval: SLICE_MS,
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: clusterIcon,
      chunkProgress: function (done, total) {
        // Called before the clusters of the last chunk are drawn: announce them once drawn.
        if (done === total && total === adding) setTimeout(ready, 0);
      }
    });
    // Keyboard users land in the popup they opened, and back on its marker when they close it.
    group.on("popupopen", function (event) {
      event.propagatedFrom.closeTooltip();
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", "Fermer"); // Leaflet says « Close popup »
      var link = event.popup.getElement().querySelector("a");
      if (link) link.focus({ preventScroll: true });
    });
    map.getContainer().addEventListener("keydown", function (event) {
      // Leaflet only hears Escape while the map itself has the focus, not a popup's link.
      if (event.key === "Escape") map.closePopup();
    });
    group.on("popupclose", function (event) {
      var icon = event.propagatedFrom.getElement();
      var focus = document.activeElement;
      if (icon && (focus === document.body || event.popup.getElement().contains(focus))) {
        icon.focus({ preventScroll: true });
      }
    });
    var markers = [];
    var shownPlaces = [];
    var nearby = new NearbyList(map, site);
    var filters = options.region ? { region: options.region, theme: "" } : { region: "", theme: "" };

    map.fitBounds(options.home, { animate: false }); // an animation would swallow the next setView
    map.setMinZoom(Math.max(map.getZoom() - 1, 2)); // never the whole world
    speakFrench(map);
    L.control.scale({ imperial: false }).addTo(map);
    if (current) map.scrollWheelZoom.disable();

    /** Say that the markers are on the map: for the test suite and the benchmark. */
    function ready() {
      root.dataset.tlMarkers = String(group.getLayers().length);
      if (window.performance && performance.mark) performance.mark("tl-markers");
    }

    function apply() {
      var shown = markers.filter(function (marker) { return matches(marker.place, filters); });
      delete root.dataset.tlMarkers;
      group.clearLayers();
      adding = shown.length;
      group.addLayers(shown);
      shownPlaces = shown.map(function (marker) { return marker.place; });
      nearby.update(shownPlaces);
      if (count) count.textContent = countText(shown.length);
      if (!shown.length) ready();
    }

    function fit(bounds) {
      map.fitBounds(bounds || options.home);
    }

    function bindForm() {
      if (!form) return;
      var saved = readFilters();
      FILTERS.forEach(function (name) {
        var select = form.elements[name];
        if (!select) return;
        var known = Array.prototype.some.call(select.options, function (o) { return o.value === saved[name]; });
        if (known) { select.value = saved[name]; filters[name] = saved[name]; }
        select.addEventListener("change", function () {
          filters[name] = select.value;
          writeFilters(filters);
          apply();
          if (name === "region") fit(options.bounds[select.value]);
        });
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      if (filters.region && !options.region) fit(options.bounds[filters.region]);
    }

    if (!current) {
      bindLocate(map, function (latlng) {
        nearby.show(latlng);
        nearby.fit(nearby.update(shownPlaces));
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-zone]"), function (button) {
      button.addEventListener("click", function () { fit(options.zones[button.dataset.zone]); });
    });

    loadJson(options.index).then(function (index) {
      inSlices(readIndex(index), function (place) {
        if (place.slug === current) {
          placeMarker(place, site, summaries, true).addTo(map);
          map.setView([place.lat, place.lon], PLACE_ZOOM, { animate: false });
        } else if (!options.region || place.region === options.region) {
          markers.push(placeMarker(place, site, summaries, false));
        }
      }, function () {
        map.addLayer(group); // once the tiles are there: the clusters need the map's maximum zoom
        bindForm();
        apply();
      });
    }).catch(function (error) {
      console.error(error);
      map.getContainer().appendChild(element("p", "tl-map__error", "Les lieux n'ont pas pu être chargés."));
    });
  }

  window.tiersLieux = { showPlaces: showPlaces };
})();

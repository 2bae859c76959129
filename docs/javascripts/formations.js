/* The catalogue of trainings (/formations/): filters kept in the page's address, results from data/formations.json.
 *
 * Loaded on every page, before Material's bundle (overrides/main.html); does something only where the catalogue's
 * form is, after each of Material's instant navigations too. The data file's shape is described in tierslieux/trainings.py.
 * Contributor text only ever reaches the page through textContent.
 *
 * URL parameters: region=<slug>, theme=<id>, modalite=<modality> (repeatable), certifiante=oui|non, mots=<words>.
 * Not q=: Material's search opens over the page when the address holds q=. Former links with q= are rewritten
 * to mots= before Material reads the address (this file runs before DOMContentLoaded). A value is read without
 * regard to case or accents (modalite=presentiel is « présentiel »); one that matches no choice is shown as unknown
 * (« Modalité inconnue : … ») and left out of the filters. Each change of the filters is a new entry of the
 * browser's history (a burst of typing, one entry): Back gives the previous filters again.
 *
 * Words match the words of a training that they start, or that have the same French stem (racines.js):
 * « réparation » finds « réparer ».
 */
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var SINGLE = ["region", "theme", "certifiante", "mots"];
  var FORMER_WORDS = "q"; // the words parameter until it met Material's search
  var MULTIPLE = ["modalite"];
  var TYPING_DELAY = 250; // ms without typing before the results follow the search box
  var racines = null; // self.tlRacines, once racines.js is loaded

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The trainings of the data file as objects. */
  function readTrainings(data) {
    var places = data.places.map(function (row) {
      return {
        slug: row[0], name: row[1], commune: row[2], region: data.regions[row[3]],
        themes: row[4].map(function (i) { return data.themes[i].id; }), departement: row[5]
      };
    });
    return data.trainings.map(function (row) {
      var training = {
        place: places[row[0]], number: row[1], title: row[2], kind: row[3],
        modality: row[4] === null ? "" : data.modalities[row[4]], duration: row[5], certification: row[6],
        audience: row[7], certifying: row[8] === 1
      };
      var place = training.place;
      training.words = racines.words([training.title, training.audience, place.name, place.commune,
        place.departement].join(" "));
      training.stems = new Set(training.words.map(racines.stem));
      return training;
    });
  }

  /** The filters of the page's address, shown in the form; each value that matches no choice goes to `unknown`. */
  function readFilters(form, unknown) {
    var params = new URLSearchParams(window.location.search);
    var filters = {mots: params.get("mots") || ""};
    form.elements.mots.value = filters.mots;
    SINGLE.forEach(function (name) {
      if (name === "mots") return;
      var control = form.elements[name];
      var value = params.get(name) || "";
      filters[name] = known(Array.prototype.map.call(control.options, function (option) { return option.value; }),
        value, control.dataset.inconnu, unknown);
      control.value = filters[name];
    });
    MULTIPLE.forEach(function (name) {
      var boxes = form.querySelectorAll("input[name=" + name + "]");
      var choices = Array.prototype.map.call(boxes, function (box) { return box.value; });
      var legend = form.querySelector("[data-inconnu][data-name=" + name + "]").dataset.inconnu;
      filters[name] = params.getAll(name).map(function (value) {
        return known(choices, value, legend, unknown);
      }).filter(Boolean);
      Array.prototype.forEach.call(boxes, function (box) { box.checked = filters[name].indexOf(box.value) !== -1; });
    });
    return filters;
  }

  /** The choice that `value` names, read without regard to case or accents; else "", and `value` added to `unknown`
   * as « <what> : <value> ». */
  function known(choices, value, what, unknown) {
    if (!value) return "";
    var wanted = racines.fold(value.trim());
    var choice = choices.filter(function (option) { return option && racines.fold(option) === wanted; })[0];
    if (choice === undefined) unknown.push(what + " : " + value);
    return choice || "";
  }

  function formFilters(form) {
    var filters = {};
    SINGLE.forEach(function (name) { filters[name] = form.elements[name].value.trim(); });
    MULTIPLE.forEach(function (name) {
      filters[name] = Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (box) {
        return box.checked;
      }).map(function (box) { return box.value; });
    });
    return filters;
  }

  /** The address of the page for `filters`. */
  function addressOf(filters) {
    var params = new URLSearchParams(window.location.search);
    SINGLE.concat(MULTIPLE).forEach(function (name) { params.delete(name); });
    SINGLE.forEach(function (name) { if (filters[name]) params.set(name, filters[name]); });
    MULTIPLE.forEach(function (name) {
      filters[name].forEach(function (value) { params.append(name, value); });
    });
    return addressWith(params);
  }

  /** This page's address with `params` as its query. */
  function addressWith(params) {
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  /** Put params in the page's address, without a new history entry. */
  function replaceQuery(params) {
    window.history.replaceState(window.history.state, "", addressWith(params));
  }

  function matcher(filters) {
    var words = racines.words(filters.mots).map(function (word) { return {word: word, stem: racines.stem(word)}; });
    return function (training) {
      var place = training.place;
      return (!filters.region || place.region.id === filters.region) &&
        (!filters.theme || place.themes.indexOf(filters.theme) !== -1) &&
        (!filters.modalite.length || filters.modalite.indexOf(training.modality) !== -1) &&
        (!filters.certifiante || training.certifying === (filters.certifiante === "oui")) &&
        words.every(function (query) {
          return training.stems.has(query.stem) || training.words.some(function (word) {
            return word.lastIndexOf(query.word, 0) === 0;
          });
        });
    };
  }

  /** The markup of overrides/partials/training-item.html, with the région added. */
  function trainingItem(training, root) {
    var item = element("li", "tl-training");
    item.appendChild(element("p", "tl-training__title", training.title));
    var where = item.appendChild(element("p", "tl-training__place"));
    var link = where.appendChild(element("a", null, training.place.name));
    link.href = root + "portraits/" + training.place.slug + "/#formation-" + training.number; // TrainingEntry.url
    where.appendChild(document.createTextNode(", " + training.place.commune + " (" + training.place.region.name + ")"));
    var facts = item.appendChild(element("dl", "tl-training__facts"));
    [["Type", training.kind], ["Modalité", training.modality], ["Durée", training.duration],
      ["Certification", training.certification], ["Public", training.audience]].forEach(function (pair) {
      if (!pair[1]) return;
      var group = facts.appendChild(element("div"));
      group.appendChild(element("dt", null, pair[0]));
      group.appendChild(element("dd", null, pair[1]));
    });
    return item;
  }

  function countText(count) {
    if (count === 0) return "Aucune formation ne correspond à ces choix.";
    if (count === 1) return "1 formation trouvée.";
    return count.toLocaleString("fr-FR") + " formations trouvées.";
  }

  function start(form, data) {
    var trainings = readTrainings(data);
    var root = form.dataset.root;
    var results = document.querySelector(".tl-catalogue__results");
    var count = document.querySelector(".tl-catalogue__count");
    var unknownList = document.querySelector(".tl-catalogue__unknown");
    var more = document.querySelector(".tl-catalogue__more");
    var found = [];
    var shown = 0;
    var typing = null;
    var typed = false; // the current history entry comes from typing: more typing replaces it
    var applied = window.location.search; // the address whose filters the page shows

    function showMore() {
      var page = found.slice(shown, shown + PAGE_SIZE);
      var fragment = document.createDocumentFragment();
      page.forEach(function (training) { fragment.appendChild(trainingItem(training, root)); });
      results.appendChild(fragment);
      shown += page.length;
      var left = found.length - shown;
      more.hidden = left === 0;
      var next = Math.min(left, PAGE_SIZE);
      more.textContent = "Afficher " + next + (next === 1 ? " formation de plus" : " formations de plus");
    }

    function apply(filters) {
      found = trainings.filter(matcher(filters));
      results.textContent = "";
      shown = 0;
      showMore();
      count.textContent = countText(found.length);
      applied = window.location.search;
      document.documentElement.dataset.tlTrainings = String(found.length); // for the test suite
    }

    /** The filters of the address, unknown values shown. */
    function fromAddress() {
      var unknown = [];
      var filters = readFilters(form, unknown);
      unknownList.textContent = "";
      unknown.forEach(function (text) { unknownList.appendChild(element("li", null, text)); });
      unknownList.hidden = unknown.length === 0;
      apply(filters);
    }

    /** The form's filters, in a new history entry (or the current one, while typing goes on). */
    function changed(byTyping) {
      var filters = formFilters(form);
      var url = addressOf(filters);
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        if (byTyping && typed) window.history.replaceState(window.history.state, "", url);
        else window.history.pushState(window.history.state, "", url);
      }
      typed = byTyping;
      unknownList.hidden = true; // the address no longer holds them
      apply(filters);
    }

    form.hidden = false;
    fromAddress();
    window.addEventListener("popstate", function () {
      clearTimeout(typing);
      typed = false;
      if (window.location.search !== applied) fromAddress(); // not for a move to an anchor of the page
    });
    form.addEventListener("change", function (event) {
      if (event.target.name !== "mots") changed(false);
    });
    form.addEventListener("input", function (event) {
      if (event.target.name !== "mots") return;
      clearTimeout(typing);
      typing = setTimeout(function () { changed(true); }, TYPING_DELAY);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(typing);
      changed(false);
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { changed(false); }, 0); // once the browser has emptied the fields
    });
    more.addEventListener("click", function () {
      var first = shown;
      showMore();
      var link = results.children[first] && results.children[first].querySelector("a");
      if (link) link.focus(); // keyboard users go on from the first new training
    });
  }

  function init() {
    var form = document.querySelector(".tl-catalogue");
    if (!form || form.dataset.tlReady) return;
    form.dataset.tlReady = "1";
    var data = fetch(form.dataset.source).then(function (response) {
      if (!response.ok) throw new Error(form.dataset.source + " : HTTP " + response.status);
      return response.json();
    });
    Promise.all([data, loadRacines(form)]).then(function (loaded) {
      start(form, loaded[0]);
    }).catch(function (error) {
      console.error(error);
      var count = document.querySelector(".tl-catalogue__count");
      if (count) count.textContent = "Les formations n'ont pas pu être chargées : suivez les liens par région.";
    });
  }

  /** racines.js, then the stemmer it loads. */
  function loadRacines(form) {
    return new Promise(function (resolve, reject) {
      if (self.tlRacines) return resolve();
      var script = document.createElement("script");
      script.src = form.dataset.racines;
      script.onload = resolve;
      script.onerror = function () { reject(new Error(form.dataset.racines + " : chargement impossible")); };
      document.head.appendChild(script);
    }).then(function () {
      racines = self.tlRacines;
      return racines.load(new URL(form.dataset.lunr, window.location.href).href);
    });
  }

  /** Rewrite a former ?q= into ?mots=, so that Material's search, which reads q=, stays closed. */
  function translateFormerWords() {
    var params = new URLSearchParams(window.location.search);
    if (!params.has(FORMER_WORDS)) return;
    if (!params.has("mots")) params.set("mots", params.get(FORMER_WORDS));
    params.delete(FORMER_WORDS);
    replaceQuery(params);
  }

  if (document.querySelector(".tl-catalogue")) translateFormerWords(); // now, before Material reads the address

  /** Once Material's bundle, loaded after this file, has set up document$: its instant navigation, every new page. */
  function follow() {
    if (window.document$) window.document$.subscribe(init); else init();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", follow); else follow();
})();

/*
 * Material's search worker, given the whole index only when the visitor first searches (see tierslieux/search.py).
 *
 * Material's page script sends SETUP with its settings (search/search_index.json, emptied of its documents by
 * the build), then a QUERY at each change of the search box. This worker answers READY at once; at the first
 * non-empty query it loads Material's worker and search/complet.json (the pages and the places), sets Material's
 * worker up with them, then hands it every query: a page view that does not search downloads neither. Accents are folded on both sides (« ecole » finds
 * « École »): in Lunr's pipelines, and in the query.
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's SearchMessageType
var params = new URL(self.location.href).searchParams;
var materialWorker = params.get("material");
var fullIndex = params.get("index");
var setup = null;  // Material's SETUP message, held until the first query
var state = "idle";  // then "loading", then "ready"
var pending = null;  // the latest query received while loading
var forwarded = new WeakSet();  // the events this worker hands to Material's listener
var post = self.postMessage.bind(self);
var importNative = self.importScripts.bind(self);

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
}

function foldAccents(token) {
  return token.update(fold);
}

/* Material imports Lunr's languages from paths relative to its own worker, not to this one. */
self.importScripts = function () {
  var urls = Array.prototype.map.call(arguments, function (url) {
    return new URL(url, materialWorker).href;
  });
  importNative.apply(self, urls);
  if (self.lunr) {
    foldInLanguages();
  }
};

/* Add accent folding before the stemmer of each language Material sets up. */
function foldInLanguages() {
  if (!self.lunr.Pipeline.registeredFunctions.foldAccents) {
    self.lunr.Pipeline.registerFunction(foldAccents, "foldAccents");
  }
  Object.keys(self.lunr).forEach(function (name) {
    var language = self.lunr[name];
    if (typeof language !== "function" || !language.stemmer || language.folding) {
      return;
    }
    var wrapped = function () {
      language.apply(this, arguments);
      this.pipeline.before(language.stemmer, foldAccents);
      this.searchPipeline.before(language.stemmer, foldAccents);
    };
    Object.keys(language).forEach(function (key) {
      wrapped[key] = language[key];
    });
    wrapped.folding = true;
    self.lunr[name] = wrapped;
  });
}

/* Material's READY means that its index of pages and places is built: send it the query waiting. */
self.postMessage = function (message) {
  if (message && message.type === READY) {
    state = "ready";
    if (pending !== null) {
      toMaterial(pending);
      pending = null;
    }
  } else {
    post(message);
  }
};

function toMaterial(message) {
  var event = new MessageEvent("message", {data: message});
  forwarded.add(event);
  self.dispatchEvent(event);
}

function folded(query) {
  return {type: QUERY, data: fold(query.data)};
}

function loadPlaces() {
  state = "loading";
  importScripts(materialWorker);  // registers Material's listener, after this worker's own
  fetch(fullIndex)
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + fullIndex);
      }
      return response.json();
    })
    .then(function (index) {
      return index.docs;
    }, function (error) {
      console.warn("Recherche : index indisponible", error);
      return [];
    })
    .then(function (docs) {
      var data = Object.assign({}, setup.data, {docs: setup.data.docs.concat(docs)});
      toMaterial({type: SETUP, data: data});
    });
}

/* Registered before Material's listener, so that it decides which messages Material sees. */
self.addEventListener("message", function (event) {
  if (forwarded.has(event)) {
    return;
  }
  event.stopImmediatePropagation();
  var message = event.data;
  if (message.type === SETUP) {
    setup = message;
    post({type: READY});
  } else if (message.type === QUERY) {
    if (state === "ready") {
      toMaterial(folded(message));
    } else if (!message.data.trim()) {
      post({type: RESULT, data: {items: []}});
    } else {
      pending = folded(message);
      if (state === "idle") {
        loadPlaces();
      }
    }
  }
});

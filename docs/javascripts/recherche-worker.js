/*
 * The site's search worker, in place of Material's: it answers Material's search box from the pieces of the index
 * that a query needs (see tierslieux/search.py).
 *
 * Material's page script sends SETUP with its settings, then a QUERY at each change of the search box, and shows
 * each RESULT. At the first non-empty query, this worker loads racines.js and Lunr's French stemmer (from Material's
 * files); for each word of the query, it loads search/termes/<its stem's first two letters>.json, keeps the stem
 * of the word (and, for the word being typed, the stems it starts, or that it starts by at most three letters of a
 * suffix), ranks the documents holding every word (else any) by the weights the build gave them, and loads
 * search/documents/<n>.json for the first MAX_RESULTS of them. A result whose title and text hold none of the words
 * shows instead the passage around the first one in its whole text (search/textes/<n>.json).
 * Files already loaded are kept for the next queries. Words are folded and stemmed as the build does: « finistere »
 * finds « Finistère », « réparation » finds « réparer ».
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's SearchMessageType
var MAX_RESULTS = 50;  // the results shown: a longer query narrows them down
var SUFFIX_TYPED = 3;  // letters of a suffix that the word being typed may have after a stem of the index
var PASSAGE = 160;  // characters of a passage, about: some before its word, more after
var TOKEN = /&[#a-z0-9]+;|[^\s&<>.,;:!?()«»"'’\/\-]+/gi;  // a word as the text shows it, or an HTML entity
// Only the site's own files, whatever the page or this worker's address holds: the index under search/, racines.js
// beside this file and Lunr's French stemmer in Material's assets, all found from this file's place
// (<site>/javascripts/). The worker reads no parameter.
var SITE = new URL("../", self.location.href);
var lunrFolder = new URL("assets/javascripts/lunr/min/", SITE).href;
var indexBase = new URL("search/", SITE).href;
var files = new Map();  // URL -> promise of its JSON
var racines = null;
var latest = 0;  // the number of the latest query: an answer to an older one is dropped

function loadRacines() {
  if (!racines) {
    self.importScripts(new URL("racines.js", self.location.href).href);
    racines = self.tlRacines;
    racines.load(lunrFolder);  // at once, in a worker
  }
}

function load(path) {
  var url = new URL(path, indexBase).href;
  if (!files.has(url)) {
    files.set(url, fetch(url).then(function (response) {
      if (response.status === 404) {
        return null;  // no word of the site starts with these letters
      }
      if (!response.ok) {
        throw new Error(response.status + " " + url);
      }
      return response.json();
    }));
  }
  return files.get(url);
}

/* Whether a stem of the index answers a word of the query: the same stem, or, for the word being typed, a stem it
   starts or that starts it but for the first letters of a suffix. */
function answers(key, term, wanted, typing) {
  return key === wanted || typing && (key.lastIndexOf(term, 0) === 0 ||
    term.lastIndexOf(key, 0) === 0 && term.length - key.length <= SUFFIX_TYPED);
}

/* The documents holding a word of the query: number -> weight (its best stem's); and the stems that matched. */
function matches(term, typing) {
  var wanted = racines.stem(term);
  return load("termes/" + encodeURIComponent(wanted.slice(0, 2)) + ".json").then(function (terms) {
    var found = {documents: new Map(), stems: [], perFile: terms ? terms.documents_per_file : 1};
    if (!terms) {
      return found;
    }
    Object.keys(terms.words).forEach(function (key) {
      if (!answers(key, term, wanted, typing)) {
        return;
      }
      found.stems.push(key);
      var postings = terms.words[key];  // [document, weight, document, weight, …]
      for (var index = 0; index < postings.length; index += 2) {
        var number = postings[index], weight = postings[index + 1];
        if (!(found.documents.get(number) >= weight)) {
          found.documents.set(number, weight);
        }
      }
    });
    return found;
  });
}

function ranked(terms, found) {
  var scores = new Map(), counts = new Map();
  found.forEach(function (match) {
    match.documents.forEach(function (weight, number) {
      scores.set(number, (scores.get(number) || 0) + weight);
      counts.set(number, (counts.get(number) || 0) + 1);
    });
  });
  var numbers = Array.from(scores.keys());
  var everyWord = numbers.filter(function (number) {
    return counts.get(number) === terms.length;
  });
  return (everyWord.length ? everyWord : numbers).sort(function (a, b) {
    return scores.get(b) - scores.get(a) || a - b;
  }).slice(0, MAX_RESULTS).map(function (number) {
    return {number: number, score: scores.get(number)};
  });
}

/* Whether a word as the text shows it is one the query found: a matched stem, or the start of the word being typed. */
function matcher(stems, typed) {
  return function (token) {
    return racines.words(token).some(function (word) {
      return stems.has(racines.stem(word)) || typed && word.lastIndexOf(typed, 0) === 0;
    });
  };
}

/* Marks the words of an escaped HTML text that the query found, entities left whole. */
function highlight(text, found) {
  return text.replace(TOKEN, function (token) {
    return token.charAt(0) !== "&" && found(token) ? "<mark>" + token + "</mark>" : token;
  });
}

function escaped(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/* The passage of a plain text around its first word that the query found, cut at spaces, or "" if none. */
function passage(text, found) {
  TOKEN.lastIndex = 0;
  for (var match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    if (found(match[0])) {
      var start = text.lastIndexOf(" ", Math.max(0, match.index - PASSAGE / 3)) + 1;
      var end = text.indexOf(" ", Math.min(text.length, start + PASSAGE));
      end = end === -1 ? text.length : end;
      return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
    }
  }
  return "";
}

/* What a result shows: its title and text with the words found marked, or the passage that holds one. */
function shown(doc, number, perFile, found) {
  var title = highlight(doc.title, found), text = highlight(doc.text, found);
  if (title.indexOf("<mark>") !== -1 || text.indexOf("<mark>") !== -1) {
    return Promise.resolve({title: title, text: text});
  }
  return load("textes/" + Math.floor(number / perFile) + ".json").then(function (texts) {
    var around = texts ? passage(texts[number % perFile], found) : "";
    return {title: title, text: around ? highlight(escaped(around), found) : text};
  });
}

function search(query) {
  var terms = racines ? racines.words(query) : [];
  if (!racines && query.trim()) {
    loadRacines();
    terms = racines.words(query);
  }
  if (!terms.length) {
    return Promise.resolve({items: []});
  }
  return Promise.all(terms.map(function (term, position) {
    return matches(term, position === terms.length - 1);
  })).then(function (found) {
    var best = ranked(terms, found);
    var perFile = found[0].perFile;
    var stems = new Set();
    found.forEach(function (match) {
      match.stems.forEach(function (key) { stems.add(key); });
    });
    var isFound = matcher(stems, terms[terms.length - 1]);
    return Promise.all(best.map(function (result) {
      return load("documents/" + Math.floor(result.number / perFile) + ".json").then(function (documents) {
        var doc = documents[result.number % perFile];
        var present = {};
        terms.forEach(function (term, position) {
          present[term] = found[position].documents.has(result.number);
        });
        return shown(doc, result.number, perFile, isFound).then(function (marked) {
          return [Object.assign({}, doc, marked, {score: result.score, terms: present})];
        });
      });
    })).then(function (items) {
      return {items: items};
    });
  });
}

/* Material's worker is never loaded: its listener would answer too. */
self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    self.postMessage({type: READY});
  } else if (message.type === QUERY) {
    var number = ++latest;
    Promise.resolve().then(function () {
      return search(message.data);
    }).then(function (result) {
      if (number === latest) {
        self.postMessage({type: RESULT, data: result});
      }
    }, function (error) {
      console.warn("Recherche : index indisponible", error);
      if (number === latest) {
        self.postMessage({type: RESULT, data: {items: []}});
      }
    });
  }
});

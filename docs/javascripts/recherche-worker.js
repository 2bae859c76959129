/*
 * The site's search worker, in place of Material's: it answers Material's search box from the pieces of the index
 * that a query needs (see tierslieux/search.py).
 *
 * Material's page script sends SETUP with its settings, then a QUERY at each change of the search box, and shows
 * each RESULT. At the first non-empty query, this worker imports Lunr's French stemmer (the one Material's own worker
 * uses, from Material's files); for each word of the query, it loads search/termes/<its first two letters>.json,
 * keeps the words of that file with the same stem (and, for the word being typed, those it starts), ranks the
 * documents holding every word (else any) by the weights the build gave them, and loads search/documents/<n>.json
 * for the first MAX_RESULTS of them.
 * Files already loaded are kept for the next queries. Words are folded as the build folds them: « finistere »
 * finds « Finistère ».
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's SearchMessageType
var MAX_RESULTS = 50;  // the results shown: a longer query narrows them down
// The same as STOP_WORDS in tierslieux/search.py.
var STOP_WORDS = new Set(("les des une pour par dans sur avec est qui que aux ses son nos vos leur leurs ces cette " +
  "mais pas plus ont sont tout tous elle ils nous vous").split(" "));
// Only the site's own files, whatever the page or this worker's address holds: the index under search/ and Material's
// worker under assets/javascripts/workers/, both found from this file's place (<site>/javascripts/).
var SITE = new URL("../", self.location.href);
var indexBase = new URL("search/", SITE).href;
var materialWorker = ownMaterialWorker(new URL(self.location.href).searchParams.get("material") || "");
var files = new Map();  // URL -> promise of its JSON
var stems = new Map();  // word -> its stem
var stemmer = null;
var latest = 0;  // the number of the latest query: an answer to an older one is dropped

/* The address of Material's search worker in this site, refused unless it is one: its name changes with each
 * version of Material (search.<8 hex digits>.min.js), the folder and the origin never do. */
function ownMaterialWorker(address) {
  var url = new URL(address, SITE);
  var own = url.origin === SITE.origin && !url.search && !url.hash && url.pathname.startsWith(SITE.pathname) &&
    /^assets\/javascripts\/workers\/search\.[0-9a-f]{8}\.min\.js$/.test(url.pathname.slice(SITE.pathname.length));
  if (!own) {
    throw new Error("recherche-worker.js : script de recherche refusé : " + url.href);
  }
  return url.href;
}

/* As folded_words in Python: lower case, ligatures spelt out, accents and any other non-ASCII character dropped. */
function fold(text) {
  return text.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss")
    .normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
}

function words(text) {
  return fold(text).split(/[^a-z0-9]+/).filter(function (word) {
    return !STOP_WORDS.has(word) && (word.length > 2 || word.length === 2 && /[0-9]/.test(word));
  });
}

function loadStemmer() {
  if (!stemmer) {
    // Material's worker brings Lunr; its own message listener never runs (see the listener below).
    self.importScripts(materialWorker, new URL("../lunr/min/lunr.stemmer.support.min.js", materialWorker).href,
      new URL("../lunr/min/lunr.fr.min.js", materialWorker).href);
    stemmer = self.lunr.fr.stemmer;
  }
}

function stem(word) {
  if (!stems.has(word)) {
    stems.set(word, /^[0-9]+$/.test(word) ? word : stemmer(word));
  }
  return stems.get(word);
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

/* The documents holding a word of the query: number -> weight (its best word's); and the index's words that matched. */
function matches(term, typing) {
  return load("termes/" + encodeURIComponent(term.slice(0, 2)) + ".json").then(function (terms) {
    var found = {documents: new Map(), words: [], perFile: terms ? terms.documents_per_file : 1};
    if (!terms) {
      return found;
    }
    var wanted = stem(term);
    Object.keys(terms.words).forEach(function (word) {
      if (stem(word) !== wanted && !(typing && word.startsWith(term))) {
        return;
      }
      found.words.push(word);
      var postings = terms.words[word];  // [document, weight, document, weight, …]
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

/* Marks the words of an escaped HTML text that matched, entities left whole. */
function highlight(text, matched) {
  return text.replace(/&[#a-z0-9]+;|[^\s&<>.,;:!?()«»"'’\/\-]+/gi, function (token) {
    if (token.charAt(0) === "&") {
      return token;
    }
    var folded = fold(token);
    return matched.some(function (word) {
      return folded === word || folded.startsWith(word) || word.startsWith(folded) && folded.length > 2;
    }) ? "<mark>" + token + "</mark>" : token;
  });
}

function search(query) {
  var terms = words(query);
  if (!terms.length) {
    return Promise.resolve({items: []});
  }
  loadStemmer();
  return Promise.all(terms.map(function (term, position) {
    return matches(term, position === terms.length - 1);
  })).then(function (found) {
    var best = ranked(terms, found);
    var perFile = found[0].perFile;
    var matched = [];
    found.forEach(function (match) {
      matched = matched.concat(match.words);
    });
    return Promise.all(best.map(function (result) {
      return load("documents/" + Math.floor(result.number / perFile) + ".json").then(function (documents) {
        var doc = documents[result.number % perFile];
        var present = {};
        terms.forEach(function (term, position) {
          present[term] = found[position].documents.has(result.number);
        });
        return [Object.assign({}, doc, {
          title: highlight(doc.title, matched), text: highlight(doc.text, matched), score: result.score,
          terms: present
        })];
      });
    })).then(function (items) {
      return {items: items};
    });
  });
}

/* Registered before Material's worker is imported: Material's own listener never sees a message. */
self.addEventListener("message", function (event) {
  event.stopImmediatePropagation();
  var message = event.data;
  if (message.type === SETUP) {
    self.postMessage({type: READY});
  } else if (message.type === QUERY) {
    var number = ++latest;
    search(message.data).then(function (result) {
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

/*
 * French words as the site matches them, in a page (the catalogue, formations.js) or a worker (the search,
 * recherche-worker.js): folded as tierslieux/content.py's folded_words folds them (« Œuvre » gives « oeuvre »), and
 * cut to their stems by Lunr's French stemmer, Snowball's, from the files Material ships (assets/javascripts/lunr/min/):
 * « réparation » and « réparer » both give « repar ». tierslieux/search.py stems the search index with the same
 * algorithm (snowballstemmer), and a test compares both on thousands of words.
 *
 * Exposes self.tlRacines: fold, words, load(lunr folder URL) -> promise, stem (once loaded).
 */
(function (scope) {
  "use strict";

  // Words found in nearly every text: a query keeps its other words. The same as STOP_WORDS in tierslieux/search.py.
  var STOP_WORDS = new Set(("les des une pour par dans sur avec est qui que aux ses son nos vos leur leurs ces cette " +
    "mais pas plus ont sont tout tous elle ils nous vous").split(" "));
  var LUNR_FILES = ["lunr.stemmer.support.min.js", "lunr.fr.min.js"];
  var stems = new Map(); // word -> its stem
  var loading = null;

  /* As folded_words in Python: lower case, ligatures spelt out, accents and any other non-ASCII character dropped. */
  function fold(text) {
    return text.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss")
      .normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  }

  /* The folded words of a text that count: not a stop word, more than two characters unless one is a digit. */
  function words(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(function (word) {
      return !STOP_WORDS.has(word) && (word.length > 2 || word.length === 2 && /[0-9]/.test(word));
    });
  }

  /* The stem of a folded word; numbers stay as they are. */
  function stem(word) {
    if (!stems.has(word)) {
      stems.set(word, /^[0-9]+$/.test(word) ? word : scope.lunr.fr.stemmer(word));
    }
    return stems.get(word);
  }

  /* Lunr's language files register themselves on a `lunr` object and call two of its functions as they load; the
     stemmer needs nothing else, so where Lunr itself is not loaded they get these. */
  function lunrHost() {
    var nothing = function () {};
    return {Pipeline: {registerFunction: nothing}, generateStopWordFilter: function () { return nothing; }};
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () { reject(new Error(url + " : chargement impossible")); };
      document.head.appendChild(script);
    });
  }

  /* Loads the stemmer from the folder of Lunr's files, once: at once in a worker, a file after the other in a page. */
  function load(folder) {
    if (!loading) {
      scope.lunr = scope.lunr || lunrHost();
      var urls = LUNR_FILES.map(function (name) { return new URL(name, folder).href; });
      if (typeof document === "undefined") {
        scope.importScripts.apply(scope, urls);
        loading = Promise.resolve();
      } else {
        loading = urls.reduce(function (previous, url) {
          return previous.then(function () { return loadScript(url); });
        }, Promise.resolve());
      }
    }
    return loading;
  }

  scope.tlRacines = {fold: fold, words: words, stem: stem, load: load};
})(self);

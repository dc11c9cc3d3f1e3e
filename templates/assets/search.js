/* Archive search: segments the query against the index's own vocabulary and asks Lunr (2.3.9)
 * for each word's weights. The index files are scripts (no fetch/XHR, so it works from file://),
 * added only when a search starts. The query half of generator/search/text.py and
 * generator/search/query.py, with the same algorithm: change them together. */
(function () {
  "use strict";

  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2fa1f}";
  var UNIT = new RegExp("[a-z0-9]+(?:\\.[0-9]+)*%?|[" + HAN + "]", "gu");
  var MAX_WORD_UNITS = 12;
  var MAX_QUERY_CHARS = 100;
  var MAX_BIGRAM_UNITS = 16;   // longer chunks are not looked up as title runs (too many shards)
  var PAGE_SIZE = 10;
  var TITLE_FIELDS = { t: true, g: true };
  var BYLINE_FIELDS = { y: true };   // a match only here ranks below every match in the text
  var WORD_FIELDS = ["t", "s", "b", "y"];
  var MAX_PHRASE_CHECKS = 300;       // candidates whose records are loaded to check a quoted phrase
  var QUOTED = /["\u201c\u201d\u300c\u300d\u300e\u300f]([^"\u201c\u201d\u300c\u300d\u300e\u300f]+)["\u201c\u201d\u300c\u300d\u300e\u300f]/g;
  var GLOBAL = "ARCHIVE_SEARCH_";

  // ---- text rules (same as generator/search_text.py) -------------------------------------------

  function normalize(text) {
    return text.normalize("NFKC").replace(/[A-Z]+/g, function (m) { return m.toLowerCase(); });
  }

  function chunks(text) {
    var runs = [], end = -1, match;
    UNIT.lastIndex = 0;
    while ((match = UNIT.exec(text)) !== null) {
      if (match.index !== end || runs.length === 0) runs.push([]);
      runs[runs.length - 1].push(match[0]);
      end = match.index + match[0].length;
    }
    return runs;
  }

  function quotedPhrases(query) {
    var out = [], match;
    QUOTED.lastIndex = 0;
    while ((match = QUOTED.exec(query)) !== null) out.push(match[1]);
    return out;
  }

  function phraseKey(text) {
    return chunks(text).map(function (run) { return run.join(""); }).join("\u0000");
  }

  function termHash(term) {
    var value = 0x811c9dc5;
    for (var ch of term) value = Math.imul(value ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return value;
  }

  function segmentGreedy(run, has, fromLeft) {
    var out = [], i = 0, j = run.length, size, word;
    while (i < j) {
      for (size = Math.min(MAX_WORD_UNITS, j - i); size > 0; size--) {
        word = (fromLeft ? run.slice(i, i + size) : run.slice(j - size, j)).join("");
        if (size === 1 || has(word)) break;
      }
      if (fromLeft) { out.push(word); i += size; } else { out.unshift(word); j -= size; }
    }
    return out;
  }

  function segmentFewest(run, has) {
    var n = run.length, best = new Array(n + 1).fill(null), i, size;
    best[n] = [0, 0];
    for (i = n - 1; i >= 0; i--) {
      for (size = Math.min(MAX_WORD_UNITS, n - i); size > 0; size--) {
        var word = run.slice(i, i + size).join("");
        if ((size === 1 || has(word)) && best[i + size] !== null) {
          var cost = best[i + size][0] + 1;
          if (best[i] === null || cost < best[i][0]) best[i] = [cost, size];
        }
      }
    }
    var out = [];
    for (i = 0; i < n; i += best[i][1]) out.push(run.slice(i, i + best[i][1]).join(""));
    return out;
  }

  function segmentations(run, has) {
    var found = [], keys = {};
    [segmentFewest(run, has), segmentGreedy(run, has, true), segmentGreedy(run, has, false)].forEach(function (words) {
      var key = words.join("\u0000");
      if (!keys[key]) { keys[key] = true; found.push(words); }
    });
    return found;
  }

  // ---- loading the index files as scripts ------------------------------------------------------

  var scripts = {};
  var config = {};

  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = src;
        tag.async = true;
        tag.onload = function () { resolve(); };
        tag.onerror = function () { reject(new Error("无法载入 " + src)); };
        document.head.appendChild(tag);
      });
    }
    return scripts[src];
  }

  function loadData(name) {
    var key = GLOBAL + name.toUpperCase().replace("-", "_");
    if (window[key] !== undefined) return Promise.resolve(window[key]);
    return loadScript(config.searchDir + name + ".js").then(function () {
      if (window[key] === undefined) throw new Error("索引文件 " + name + " 不完整");
      return window[key];
    });
  }

  var manifestPromise = null;
  function loadManifest() {
    if (!manifestPromise) {
      manifestPromise = Promise.all([loadData("manifest"), loadScript(config.lunr)]).then(function (r) {
        var manifest = r[0], map = {};
        for (var i = 0; i + 1 < manifest.traditional.length; i += 2) map[manifest.traditional[i]] = manifest.traditional[i + 1];
        manifest.traditionalMap = map;
        fillFilters(manifest);
        return manifest;
      });
      manifestPromise.catch(function () { manifestPromise = null; });
    }
    return manifestPromise;
  }

  /* A shard holds every term whose first unit (a facet: the whole term) hashes to it: the query
     segmenter's vocabulary of that unit and the terms' postings, in the compact format of
     generator/search/shards.py (shard_data, docs/SEARCH_FORMAT.md): [terms front-coded, varints,
     weight codes]. Loading a shard only reads where each term's postings start and which terms
     are words; the postings of a term the query asks about are decoded when asked, into the
     serialised index lunr.Index.load reads (a shard of a common unit holds tens of thousands of
     postings, few of them wanted). */
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var B64_VALUE = new Int8Array(128);
  for (var b = 0; b < 64; b++) B64_VALUE[B64.charCodeAt(b)] = b;
  var WORD_MASK = 0;

  function shardKey(term) {
    if (term.charAt(0) === "#") return term;
    UNIT.lastIndex = 0;
    var match = UNIT.exec(term);
    return match && match.index === 0 ? match[0] : term;
  }

  function weightOf(code) {      // shards.weight_of_code: thousandths, exact below 0.256, else within 1/512
    if (code < 256) return code / 1000;
    return (256 + (code & 255)) * Math.pow(2, (code >> 8) - 1) / 1000;
  }

  var WEIGHTS = new Float64Array(64 * 64);
  for (var code = 0; code < WEIGHTS.length; code++) WEIGHTS[code] = weightOf(code);
  var EMPTY = {};                    // a posting's Lunr metadata: none (one object shared, never written)

  function decodeTerms(text) {
    var lines = text ? text.split("\n") : [], terms = new Array(lines.length), previous = "";
    for (var i = 0; i < lines.length; i++) {
      previous = previous.slice(0, B64_VALUE[lines[i].charCodeAt(0)]) + lines[i].slice(1);
      terms[i] = previous;
    }
    return terms;
  }

  /* Read a base-64 varint of ``text`` at ``cursor.at`` and move the cursor past it. */
  function varint(text, cursor) {
    var value = 0, shift = 0, digit;
    do { digit = B64_VALUE[text.charCodeAt(cursor.at++)]; value |= (digit & 31) << shift; shift += 5; } while (digit & 32);
    return value;
  }

  /* {terms, number: term -> place, words, starts, weightStarts}: where each term's postings begin. */
  function scanShard(data, fields) {
    var terms = decodeTerms(data[0]), stream = data[1], cursor = { at: 0 }, weightAt = 0;
    var shard = { data: data, fields: fields, terms: terms, number: new Map(), words: new Set(),
      starts: new Int32Array(terms.length), weightStarts: new Int32Array(terms.length), indexes: new Map() };
    for (var i = 0; i < terms.length; i++) {
      shard.number.set(terms[i], i);
      shard.starts[i] = cursor.at;
      shard.weightStarts[i] = weightAt;
      var mask = varint(stream, cursor);
      if (mask & WORD_MASK) shard.words.add(terms[i]);
      for (var f = 0; f < fields.length; f++) {
        if (!(mask & (1 << f))) continue;
        var count = varint(stream, cursor);
        weightAt += 2 * count;
        while (count-- > 0) while (B64_VALUE[stream.charCodeAt(cursor.at++)] & 32) { /* skip a gap */ }
      }
    }
    return shard;
  }

  /* The Lunr index of one term of a shard (its postings decoded and loaded), or null if it has none. */
  function termIndex(shard, term) {
    var i = shard.number.get(term);
    if (i === undefined) return null;
    if (shard.indexes.has(i)) return shard.indexes.get(i);
    var stream = shard.data[1], codes = shard.data[2], fields = shard.fields;
    var cursor = { at: shard.starts[i] }, weightAt = shard.weightStarts[i];
    var mask = varint(stream, cursor), posting = { _index: 0 }, fieldVectors = [];
    for (var f = 0; f < fields.length; f++) {
      if (!(mask & (1 << f))) continue;
      var refs = {}, doc = -1;
      for (var n = varint(stream, cursor); n > 0; n--) {
        doc += varint(stream, cursor) + 1;
        var ref = doc.toString(36);
        refs[ref] = EMPTY;
        fieldVectors.push([fields[f] + "/" + ref,
          [0, WEIGHTS[B64_VALUE[codes.charCodeAt(weightAt)] << 6 | B64_VALUE[codes.charCodeAt(weightAt + 1)]]]]);
        weightAt += 2;
      }
      posting[fields[f]] = refs;
    }
    var index = window.lunr.Index.load({ version: window.lunr.version, fields: fields, fieldVectors: fieldVectors,
      invertedIndex: [[term, posting]], pipeline: [] });
    shard.indexes.set(i, index);
    return index;
  }

  var shards = {};
  function loadShard(manifest, key) {
    var k = termHash(key) % manifest.shards;
    if (shards[k]) return Promise.resolve(shards[k]);
    return loadData("index-" + k).then(function (data) {
      if (!WORD_MASK) WORD_FIELDS.forEach(function (f) { WORD_MASK |= 1 << manifest.fields.indexOf(f); });
      shards[k] = shards[k] || scanShard(data, manifest.fields);
      return shards[k];
    });
  }

  function loadVocab(manifest, unit) {
    return loadShard(manifest, unit).then(function (shard) { return shard.words; });
  }

  function loadDocs(manifest, number) {
    return loadData("docs-" + Math.floor(number / manifest.docChunk)).then(function (docs) {
      return docs[number % manifest.docChunk];
    });
  }

  // ---- matching and ranking (same as generator/search_query.py) --------------------------------

  function simplify(text, map) {
    var out = "";
    for (var ch of text) out += map[ch] || ch;
    return out;
  }

  /* {ref: {score, title, text}} of one term over some fields, read from the loaded Lunr index.

     For a one-term query Lunr scores a field as the field vector's weight at the term's index
     (the query vector is that one term with boost 1, magnitude 1) and sums the fields in order;
     reading the weights straight from index.fieldVectors gives the same numbers without
     Lunr's per-query token-set walk and match data, which cost tens of milliseconds for a
     common term. */
  function weights(index, term, fields) {
    var out = new Map(), posting = index.invertedIndex[term];   // ref -> {score, title}
    if (!posting) return out;
    var at = posting._index, vectors = index.fieldVectors;
    fields.forEach(function (f) {
      var refs = posting[f];
      if (!refs) return;
      var title = !!TITLE_FIELDS[f], text = !BYLINE_FIELDS[f], keys = Object.keys(refs);
      for (var k = 0; k < keys.length; k++) {
        var ref = keys[k], vector = vectors[f + "/" + ref], weight = 0;
        if (vector) {
          var pos = vector.positionForIndex(at);
          if (vector.elements[pos] === at) weight = vector.elements[pos + 1];
        }
        var old = out.get(ref);
        if (old === undefined) out.set(ref, { score: weight, title: title, text: text });
        else { old.score += weight; old.title = old.title || title; old.text = old.text || text; }
      }
    });
    return out;
  }

  function alternatives(run, vocab) {
    var has = function (w) { return vocab.has(w); };
    var found = segmentations(run, has).filter(function (words) { return words.every(has); })
      .map(function (words) { return { kind: "words", terms: words }; });
    if (run.length >= 2 && run.length <= MAX_BIGRAM_UNITS) {
      var bigrams = [];
      for (var i = 0; i + 1 < run.length; i++) bigrams.push(run[i] + run[i + 1]);
      found.push({ kind: "bigrams", terms: bigrams });
    }
    return found;
  }

  function termWeights(manifest, term, fields) {
    return loadShard(manifest, shardKey(term)).then(function (shard) {
      var index = termIndex(shard, term);
      return index ? weights(index, term, fields) : new Map();
    });
  }

  function matchChunk(manifest, run, vocab) {
    var alts = alternatives(run, vocab);
    return Promise.all(alts.map(function (alt) {
      var fields = alt.kind === "bigrams" ? ["g"] : WORD_FIELDS;
      return Promise.all(alt.terms.map(function (term) { return termWeights(manifest, term, fields); }));
    })).then(function (perAlt) {
      var best = new Map();
      perAlt.forEach(function (perTerm) {
        if (!perTerm.length) return;
        perTerm[0].forEach(function (first, ref) {
          var score = 0, title = false, text = false;
          for (var i = 0; i < perTerm.length; i++) {
            var w = perTerm[i].get(ref);
            if (w === undefined) return;          // every term of the alternative is required
            score += w.score;
            title = title || w.title;
            text = text || w.text;
          }
          var old = best.get(ref);
          best.set(ref, { score: Math.max(old ? old.score : 0, score), title: (old !== undefined && old.title) || title,
            text: (old !== undefined && old.text) || text });
        });
      });
      return { scores: best, words: alts.filter(function (a) { return a.kind === "words"; }) };
    });
  }

  function prepare(text, manifest) {
    return normalize(simplify(text.slice(0, MAX_QUERY_CHARS), manifest.traditionalMap));
  }

  function loadRecord(manifest, ref) { return loadDocs(manifest, parseInt(ref, 36)); }

  /* The refs whose title or text holds every quoted phrase, among the first MAX_PHRASE_CHECKS. */
  function withPhrases(manifest, refs, phrases) {
    if (!phrases.length) return Promise.resolve(refs);
    var checked = refs.slice(0, MAX_PHRASE_CHECKS);
    return Promise.all(checked.map(function (ref) { return loadRecord(manifest, ref); })).then(function (docs) {
      return checked.filter(function (ref, i) {
        var key = phraseKey(normalize(docs[i][1] + "\n" + docs[i][5]));
        return phrases.every(function (p) { return key.indexOf(p) >= 0; });
      });
    });
  }

  /* opts: {county, year, paper, sort}; sort "date" is newest first (document numbers are in date order). */
  function runQuery(query, opts) {
    opts = opts || {};
    return loadManifest().then(function (manifest) {
      var text = prepare(query, manifest);
      var runs = chunks(text);
      if (!runs.length) return { manifest: manifest, runs: runs, refs: [], highlights: [] };
      var units = [];
      runs.forEach(function (run) { units = units.concat(run); });
      return Promise.all(units.map(function (u) { return loadVocab(manifest, u); })).then(function (sets) {
        var vocab = { has: function (w) { return sets.some(function (s) { return s.has(w); }); } };
        return Promise.all(runs.map(function (run) { return matchChunk(manifest, run, vocab); }));
      }).then(function (matched) {
        var scores = null;
        matched.forEach(function (m) {
          if (scores === null) { scores = m.scores; return; }
          var next = new Map();
          scores.forEach(function (s, ref) {
            var o = m.scores.get(ref);
            if (o !== undefined) next.set(ref, { score: s.score + o.score, title: s.title || o.title, text: s.text || o.text });
          });
          scores = next;
        });
        var facets = [];
        if (opts.county) facets.push("#c:" + opts.county);
        if (opts.year) facets.push("#y:" + opts.year);
        if (opts.paper) facets.push("#p:" + opts.paper);
        return Promise.all(facets.map(function (f) { return termWeights(manifest, f, ["f"]); })).then(function (allowed) {
          var ranked = [];
          scores.forEach(function (s, ref) {
            if (allowed.every(function (a) { return a.has(ref); }))
              ranked.push({ ref: ref, title: s.title, text: s.text, key: Math.round(s.score * 1e6), number: parseInt(ref, 36) });
          });
          ranked.sort(function (a, b) {       // title hits first, byline-only last, then score, then number
            if (a.title !== b.title) return a.title ? -1 : 1;
            if (a.text !== b.text) return a.text ? -1 : 1;
            return (b.key - a.key) || (a.number - b.number);
          });
          var phrases = quotedPhrases(query).map(function (p) { return phraseKey(prepare(p, manifest)); });
          return withPhrases(manifest, ranked.map(function (r) { return r.ref; }), phrases).then(function (refs) {
            if (opts.sort === "date") refs.sort(function (a, b) { return parseInt(b, 36) - parseInt(a, 36); });
            var marks = highlightTerms(runs, matched, phrases.map(function (p) { return p.split("\u0000").join(""); }));
            return { manifest: manifest, runs: runs, refs: refs, highlights: marks, phrases: phrases.length };
          });
        });
      });
    });
  }

  function highlightTerms(runs, matched, phrases) {
    var terms = {};
    (phrases || []).forEach(function (p) { terms[p] = true; });
    runs.forEach(function (run, i) {
      terms[run.join("")] = true;
      matched[i].words.forEach(function (alt) { alt.terms.forEach(function (t) { terms[t] = true; }); });
    });
    return Object.keys(terms).sort(function (a, b) { return b.length - a.length || (a < b ? -1 : 1); });
  }

  // ---- showing results (text nodes only: never innerHTML with archive or query text) ----------

  var els = {};

  function foldForMatch(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i], n = c.normalize("NFKC").toLowerCase();
      out += n.length === 1 ? n : c;
    }
    return out;
  }

  /* Append ``text`` to ``parent`` with every occurrence of ``terms`` wrapped in <mark>. */
  function appendMarked(parent, text, terms) {
    var folded = foldForMatch(text), i = 0, plain = "";
    while (i < text.length) {
      var hit = null;
      for (var k = 0; k < terms.length && !hit; k++) {
        if (terms[k] && folded.startsWith(terms[k], i)) hit = terms[k];
      }
      if (hit && (hit.length > 1 || terms.length === 1)) {
        if (plain) { parent.appendChild(document.createTextNode(plain)); plain = ""; }
        var mark = document.createElement("mark");
        mark.textContent = text.slice(i, i + hit.length);
        parent.appendChild(mark);
        i += hit.length;
      } else {
        plain += text[i];
        i += 1;
      }
    }
    if (plain) parent.appendChild(document.createTextNode(plain));
  }

  function snippetWindow(text, terms) {
    var folded = foldForMatch(text), first = -1;
    terms.forEach(function (t) {
      var at = folded.indexOf(t);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, (first < 0 ? 0 : first) - 30), end = Math.min(text.length, start + 120);
    return (start > 0 ? "…" : "") + text.slice(start, end).replace(/\s+/g, " ") + (end < text.length ? "…" : "");
  }

  /* 2023-04-23 -> 2023年4月23日 (also 2023-04, 2023 and --04-23), as the site writes dates. */
  function chineseDate(date) {
    if (!date) return "日期不详";
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date) || /^--(\d{2})-(\d{2})$/.exec(date);
    if (!m) return date;
    var units = date.charAt(0) === "-" ? ["月", "日"] : ["年", "月", "日"], out = "";
    for (var i = 1; i < m.length; i++) if (m[i]) out += parseInt(m[i], 10) + units[i - 1];
    return out;
  }

  function resultItem(doc, terms) {
    var li = document.createElement("li");
    li.className = "search-result";
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = doc[0];   // already relative to the search page
    appendMarked(a, doc[1], terms);
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = [doc[2] || "报名不详", chineseDate(doc[3]), doc[6], (doc[4] || []).join("、")]
      .filter(Boolean).join(" · ");
    li.appendChild(meta);
    var snippet = document.createElement("p");
    snippet.className = "search-snippet";
    appendMarked(snippet, snippetWindow(doc[5], terms), terms);
    li.appendChild(snippet);
    return li;
  }

  var current = null;

  function showMore() {
    var state = current;
    if (!state) return Promise.resolve();
    var refs = state.refs.slice(state.shown, state.shown + PAGE_SIZE);
    state.shown += refs.length;
    return Promise.all(refs.map(function (ref) { return loadDocs(state.manifest, parseInt(ref, 36)); })).then(function (docs) {
      if (state !== current) return;
      docs.forEach(function (doc) { els.results.appendChild(resultItem(doc, state.highlights)); });
      els.more.hidden = state.shown >= state.refs.length;
    });
  }

  function setStatus(text) { els.status.textContent = text; }

  function clearResults() {
    while (els.results.firstChild) els.results.removeChild(els.results.firstChild);
    els.more.hidden = true;
  }

  /* Show ``message`` and mark the search finished (tests and assistive tech wait for aria-busy). */
  function finish(message) {
    setStatus(message);
    els.results.setAttribute("aria-busy", "false");
  }

  /* The message when nothing matched, fitting the query: one word, several words, a phrase, filters. */
  function noResults(found, query, opts, note) {
    var filtered = opts.county || opts.year || opts.paper;
    var scope = filtered ? "在所选的报纸、县区或年份中" : "";
    if (found.phrases) return scope + "没有找到含有引号中原样文字的文章。" + note + "可以去掉引号，按词搜索。";
    if (found.runs.length === 1) {
      return scope + "没有找到含有“" + query.trim().slice(0, MAX_QUERY_CHARS) + "”的文章。" + note +
        (filtered ? "可以取消筛选再试，" : "") + "可以换一个说法，或检查错别字。";
    }
    return scope + "没有找到同时包含这些词的文章。" + note + (filtered ? "可以取消筛选，" : "") + "可以减少检索词，或换一个说法。";
  }

  function search(query, opts) {
    opts = opts || {};
    var token = {};
    current = token;
    clearResults();
    if (!query.trim()) { finish("请输入要搜索的词：人名、地名、单位、数字或标题中的字词。"); return Promise.resolve(); }
    setStatus("正在搜索…");
    els.results.setAttribute("aria-busy", "true");
    var mine = function () { return current && (current === token || current.token === token); };
    return runQuery(query, opts).then(function (found) {
      if (!mine()) return;
      var note = query.length > MAX_QUERY_CHARS ? "（检索词过长，只用了前 " + MAX_QUERY_CHARS + " 个字）" : "";
      if (!found.runs.length) { finish("检索词里没有可搜索的文字，请输入汉字、字母或数字。"); return; }
      current = { token: token, refs: found.refs, shown: 0, manifest: found.manifest, highlights: found.highlights };
      return showMore().then(function () {
        if (!mine()) return;
        var order = opts.sort === "date" ? "，按日期从新到旧排列" : "";
        finish(found.refs.length ? "找到 " + found.refs.length + " 篇" + order + note : noResults(found, query, opts, note));
      });
    }).catch(function (error) {
      if (!mine()) return;
      finish("搜索没有完成：" + (error && error.message ? error.message : "索引无法载入") + "。");
    });
  }

  // ---- the form, the URL and the back button ---------------------------------------------------

  var FILTERS = ["paper", "county", "year", "sort"];
  var filled = false;

  /* Fill the menus from the manifest once, then select what the URL asks for (a shared or reloaded link). */
  function fillFilters(manifest) {
    if (filled) return;
    filled = true;
    (manifest.papers || []).forEach(function (c) { els.paper.appendChild(new Option(c[1] + "（" + c[2] + "）", c[0])); });
    manifest.counties.forEach(function (c) { els.county.appendChild(new Option(c[1] + "（" + c[2] + "）", c[0])); });
    manifest.years.forEach(function (y) { els.year.appendChild(new Option(y[0] + "（" + y[1] + "）", y[0])); });
    els.filters.hidden = false;
    var p = params();
    FILTERS.forEach(function (name) { selectValue(els[name], p[name]); });
  }

  function params() {
    var p = new URLSearchParams(window.location.search), out = { q: p.get("q") || "" };
    FILTERS.forEach(function (name) { out[name] = p.get(name) || ""; });
    if (out.sort !== "date") out.sort = "";
    return out;
  }

  function applyParams(run) {
    var p = params();
    els.input.value = p.q;
    FILTERS.forEach(function (name) { selectValue(els[name], p[name]); });
    if (run) return search(p.q, p);
  }

  /* Select ``value`` if the menu has it (before the manifest loads only the empty choice exists: the
     value is selected once the menu is filled, never shown as a raw code). */
  function selectValue(select, value) {
    select.value = value;
    if (select.value !== value) select.value = "";
  }

  function formOptions() {
    var out = {};
    FILTERS.forEach(function (name) { out[name] = els[name].value; });
    return out;
  }

  function onSubmit(event) {
    if (event) event.preventDefault();
    var p = new URLSearchParams(), opts = formOptions();
    p.set("q", els.input.value);
    FILTERS.forEach(function (name) { if (opts[name]) p.set(name, opts[name]); });
    try {
      window.history.pushState(null, "", "?" + p.toString());
    } catch (e) { /* some browsers refuse history changes on file://; the search still runs */ }
    search(els.input.value, opts);
  }

  function start() {
    var form = document.getElementById("search-form");
    if (!form) return;
    els = {
      form: form, input: document.getElementById("search-q"), county: document.getElementById("search-county"),
      year: document.getElementById("search-year"), paper: document.getElementById("search-paper"),
      sort: document.getElementById("search-sort"), filters: document.getElementById("search-filters"),
      status: document.getElementById("search-status"), results: document.getElementById("search-results"),
      more: document.getElementById("search-more")
    };
    var manifest = form.getAttribute("data-manifest");
    config.searchDir = manifest.slice(0, manifest.lastIndexOf("/") + 1);
    config.lunr = form.getAttribute("data-lunr");
    form.addEventListener("submit", onSubmit);
    FILTERS.forEach(function (name) {          // a changed filter or order applies at once to the query shown
      els[name].addEventListener("change", function () { if (els.input.value.trim()) onSubmit(null); });
    });
    els.more.addEventListener("click", function () { showMore(); });
    window.addEventListener("popstate", function () { applyParams(true); });
    var p = params();
    if (p.q || p.county || p.year || p.paper) applyParams(true);
  }

  window.ArchiveSearch = { normalize: normalize, chunks: chunks, termHash: termHash, segmentations: segmentations,
    phraseKey: phraseKey, quotedPhrases: quotedPhrases, chineseDate: chineseDate, run: runQuery, search: search,
    shardKey: shardKey, scanShard: scanShard, termIndex: termIndex };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

/* lif: the search page, on Pagefind's JavaScript API. Everything is served by this site: the
   bundle lives in pagefind/ at the site root, beside this file's assets/ folder.

   Results come first and the filters after them, in one panel ("Filter results (2 selected)")
   whose groups open and close with a visible arrow and show how many results each value has.
   A review is one result: the search stage indexes its report and response as sections of the
   review page (generator/search_parts.py), and the sub-results of those sections are linked here
   to the report and response pages themselves. Text from the index is only ever written as text
   (and <mark> for the matched words), never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var BATCH = 10;
  var PARTS = { report: "Report", response: "Response" };
  var PER_PART = 2;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* An excerpt as text, with Pagefind's <mark> elements kept and nothing else. */
  function excerpt(html) {
    var out = document.createDocumentFragment();
    var doc = new DOMParser().parseFromString("<p>" + (html || "") + "</p>", "text/html");
    (function walk(node) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3) {
          out.appendChild(document.createTextNode(child.nodeValue));
        } else if (child.nodeType === 1 && child.tagName === "MARK") {
          out.appendChild(el("mark", "", child.textContent));
        } else if (child.nodeType === 1) {
          walk(child);
        }
      });
    })(doc.body);
    return out;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function orderValues(values, rule) {
    var names = Object.keys(values);
    if (rule === "descending") { return names.sort().reverse(); }
    if (Array.isArray(rule)) {
      var known = rule.filter(function (v) { return names.indexOf(v) >= 0; });
      return known.concat(names.filter(function (v) { return rule.indexOf(v) < 0; }).sort());
    }
    return names.sort(function (a, b) { return a.localeCompare(b); });
  }

  /* The sub-results of one result, each linked to the page its text is on. */
  function subResults(data, pageUrl) {
    var found = [];
    (data.sub_results || []).forEach(function (sub, index) {
      var hash = sub.url.indexOf("#") >= 0 ? sub.url.slice(sub.url.indexOf("#") + 1) : "";
      var item = { part: "", title: sub.title, href: new URL(sub.url, pageUrl).href,
                   excerpt: sub.excerpt, index: index,
                   weight: (sub.locations || []).length };
      Object.keys(PARTS).forEach(function (part) {
        var prefix = "lif-" + part + "--";
        var link = data.meta && data.meta["lif-" + part];
        if (link && hash.indexOf(prefix) === 0) {
          var rest = hash.slice(prefix.length);
          item.part = part;
          item.href = new URL(link, pageUrl).href + (rest ? "#" + rest : "");
          item.top = !rest;
        }
      });
      if (!item.part && (!hash || sub.title === (data.meta && data.meta.title))) {
        return;  /* the page itself, or its title: the result's own link */
      }
      found.push(item);
    });
    var kept = [];
    ["", "report", "response"].forEach(function (part) {
      kept = kept.concat(found.filter(function (s) { return s.part === part; })
        .sort(function (a, b) { return b.weight - a.weight || a.index - b.index; })
        .slice(0, PER_PART));
    });
    return kept;
  }

  function Search(box, pagefind, order) {
    this.box = box;
    this.pagefind = pagefind;
    this.order = order;
    this.selected = {};
    this.groups = {};
    this.sequence = 0;
    this.build();
  }

  Search.prototype.build = function () {
    var self = this;
    var form = el("form", "lif-search__form");
    form.setAttribute("role", "search");
    var label = el("label", "lif-search__label", "Search reviews, responses and briefings");
    label.htmlFor = "lif-search-input";
    var row = el("div", "lif-search__row");
    this.input = el("input", "lif-search__input");
    this.input.type = "search";
    this.input.id = "lif-search-input";
    this.input.autocomplete = "off";
    var submit = el("button", "lif-search__submit", "Search");
    submit.type = "submit";
    row.append(this.input, submit);
    form.append(label, row);
    this.status = el("p", "lif-search__status");
    this.status.setAttribute("role", "status");
    var drawer = el("div", "lif-search__drawer");
    var area = el("div", "lif-search__results-area");
    this.list = el("ol", "lif-search__results");
    this.more = el("button", "lif-search__more", "Show more results");
    this.more.type = "button";
    this.more.hidden = true;
    area.append(this.list, this.more);
    this.panel = el("details", "lif-search__filters pagefind-ui__filter-panel");
    this.panelSummary = el("summary", "lif-search__filters-summary");
    this.panel.appendChild(this.panelSummary);
    this.panel.open = window.matchMedia("(min-width: 60em)").matches;
    drawer.append(area, this.panel);
    this.box.replaceChildren(form, this.status, drawer);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.run(true);
    });
    var timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(false); }, 250);
    });
    this.more.addEventListener("click", function () { self.showMore(); });
  };

  /* The filter groups, built once from every value in the index (so a group keeps its open
     state and a checkbox its focus while the counts change). */
  Search.prototype.buildFilters = function (totals) {
    var self = this;
    var named = this.order.map(function (entry) { return entry[0]; });
    var order = this.order.concat(Object.keys(totals).sort().filter(function (name) {
      return named.indexOf(name) < 0; }).map(function (name) { return [name, "alphabetical"]; }));
    order.forEach(function (entry, g) {
      var name = entry[0], values = totals[name];
      if (!values || !Object.keys(values).length) { return; }
      var group = el("details", "lif-search__group");
      var summary = el("summary", "lif-search__group-summary");
      var title = el("span", "lif-search__group-name", name);
      var state = el("span", "lif-search__group-state");
      summary.append(title, state);
      var fieldset = el("fieldset", "lif-search__values");
      fieldset.appendChild(el("legend", "lif-visually-hidden", name));
      var boxes = {};
      orderValues(values, entry[1]).forEach(function (value, v) {
        var item = el("div", "lif-search__value");
        var check = el("input");
        check.type = "checkbox";
        check.id = "lif-filter-" + g + "-" + v;
        check.value = value;
        var label = el("label", "", value + " ");
        label.htmlFor = check.id;
        var count = el("span", "lif-search__count");
        label.appendChild(count);
        item.append(check, label);
        fieldset.appendChild(item);
        boxes[value] = { check: check, count: count };
        check.addEventListener("change", function () {
          var chosen = self.selected[name] || [];
          chosen = chosen.filter(function (x) { return x !== value; });
          if (check.checked) { chosen.push(value); }
          if (chosen.length) { self.selected[name] = chosen; } else { delete self.selected[name]; }
          self.run(false);
        });
      });
      group.append(summary, fieldset);
      self.panel.appendChild(group);
      self.groups[name] = { state: state, boxes: boxes };
    });
    this.clear = el("button", "lif-search__clear", "Clear filters");
    this.clear.type = "button";
    this.clear.addEventListener("click", function () {
      self.selected = {};
      Object.keys(self.groups).forEach(function (name) {
        Object.values(self.groups[name].boxes).forEach(function (b) { b.check.checked = false; });
      });
      self.run(false);
    });
    this.panel.appendChild(this.clear);
    this.panel.hidden = !Object.keys(this.groups).length;  /* a site with nothing to filter */
    this.showCounts(totals);
  };

  Search.prototype.selectedCount = function () {
    var self = this;
    return Object.keys(this.selected).reduce(function (n, k) {
      return n + self.selected[k].length; }, 0);
  };

  Search.prototype.showCounts = function (counts) {
    var self = this;
    var total = this.selectedCount();
    this.panelSummary.textContent = "Filter results" + (total ? " (" + total + " selected)" : "");
    this.clear.hidden = total === 0;
    Object.keys(this.groups).forEach(function (name) {
      var group = self.groups[name], chosen = (self.selected[name] || []).length;
      group.state.textContent = chosen ? " (" + chosen + " selected)" : "";
      Object.keys(group.boxes).forEach(function (value) {
        var n = counts[name] && counts[name][value] !== undefined ? counts[name][value] : 0;
        group.boxes[value].count.textContent = "(" + n + ")";
      });
    });
  };

  /* Pagefind's filter object: within a group any chosen value, across groups every group. */
  Search.prototype.filters = function (except) {
    var self = this, out = {};
    Object.keys(this.selected).forEach(function (name) {
      if (name !== except) { out[name] = { any: self.selected[name] }; }
    });
    return out;
  };

  /* The counts beside each value: how many results choosing it would give. In a group with a
     choice already made that is counted without the group's own choice (values add up), so
     each such group needs one search of its own. */
  Search.prototype.counts = function (term, found) {
    var self = this, counts = {};
    Object.keys(found.filters || {}).forEach(function (name) { counts[name] = found.filters[name]; });
    return Promise.all(Object.keys(this.selected).map(function (name) {
      return self.pagefind.search(term || null, { filters: self.filters(name) })
        .then(function (other) {
          counts[name] = (other && other.filters && other.filters[name]) || {};
        });
    })).then(function () { return counts; });
  };

  Search.prototype.run = function (record) {
    var self = this;
    var term = this.input.value.trim();
    var sequence = ++this.sequence;
    if (record) {
      var url = new URL(window.location.href);
      if (term) { url.searchParams.set("q", term); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url.href);
    }
    if (!term && !this.selectedCount()) {
      this.results = [];
      this.list.replaceChildren();
      this.more.hidden = true;
      this.status.textContent = "";
      this.showCounts(this.totals);
      return Promise.resolve();
    }
    var found;
    return this.pagefind.search(term || null, { filters: this.filters() }).then(function (f) {
      found = f;
      return found ? self.counts(term, found) : null;
    }).then(function (counts) {
      if (sequence !== self.sequence || !found) { return; }
      self.results = found.results;
      self.shown = 0;
      self.list.replaceChildren();
      var words = plural(found.results.length, "result", "results");
      self.status.textContent = term ? words + " for \u201c" + term + "\u201d" : words;
      self.showCounts(counts);
      return self.showMore();
    });
  };

  Search.prototype.showMore = function () {
    var self = this, sequence = this.sequence;
    var batch = this.results.slice(this.shown, this.shown + BATCH);
    this.shown += batch.length;
    this.more.hidden = this.shown >= this.results.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      if (sequence !== self.sequence) { return; }
      datas.forEach(function (data) { self.list.appendChild(self.render(data)); });
    });
  };

  Search.prototype.render = function (data) {
    var pageUrl = new URL(data.url, window.location.href).href;
    var item = el("li", "lif-result");
    var heading = el("h2", "lif-result__title");
    var link = el("a", "lif-result__link pagefind-ui__result-link",
                  (data.meta && data.meta.title) || data.url);
    link.href = pageUrl;
    heading.appendChild(link);
    var text = el("p", "lif-result__excerpt");
    text.appendChild(excerpt(data.excerpt));
    item.append(heading, text);
    var subs = subResults(data, pageUrl);
    if (subs.length) {
      var list = el("ul", "lif-result__subs");
      subs.forEach(function (sub) {
        var li = el("li", "lif-result__sub" + (sub.part ? " lif-result__sub--" + sub.part : ""));
        var title = sub.part && !sub.top ? PARTS[sub.part] + ": " + sub.title : sub.title;
        var a = el("a", "lif-result__sub-link", title);
        a.href = sub.href;
        var p = el("p", "lif-result__excerpt");
        p.appendChild(excerpt(sub.excerpt));
        li.append(a, p);
        list.appendChild(li);
      });
      item.appendChild(list);
    }
    return item;
  };

  function start() {
    var box = document.getElementById("lif-search");
    if (!box || !script) { return; }
    var bundle = new URL("../pagefind/", script.src).href;
    var root = new URL("../", script.src).pathname;
    var order = [];
    try { order = JSON.parse(box.getAttribute("data-lif-filter-order") || "[]"); } catch (e) {
      order = [];
    }
    import(bundle + "pagefind.js").then(function (pagefind) {
      return pagefind.options({ baseUrl: root, excerptLength: 24 }).then(function () {
        return pagefind.filters();
      }).then(function (totals) {
        var search = new Search(box, pagefind, order);
        search.totals = totals;
        search.buildFilters(totals);
        var query = new URLSearchParams(window.location.search).get("q");
        if (query) {
          search.input.value = query;
          search.run(false);
        }
      });
    }).catch(function () {
      box.replaceChildren(el("p", "lif-search__status",
        "Search could not start. Use the links below to browse the reviews and briefings."));
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

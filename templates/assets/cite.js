/* Citations of an article page: copies its GB/T 7714 reference and makes RIS and BibTeX files
 * in the browser from the page's own citation_* meta tags (no file per article, no request). */
(function () {
  "use strict";

  function metas(name) {
    return Array.prototype.map.call(document.querySelectorAll('meta[name="' + name + '"]'),
      function (m) { return m.getAttribute("content"); });
  }

  function one(name) { return metas(name)[0] || ""; }

  /* The article's URL: citation_public_url when the build knew the site's address, else this page's own. */
  function absolute(url) {
    if (/^https?:/.test(url)) return url;
    return window.location.href.split("#")[0].split("?")[0];
  }

  function key() {
    var path = one("citation_public_url"), stem = path.slice(path.lastIndexOf("/") + 1);
    return stem.replace(/\.html$/, "") || "article";
  }

  function ris() {
    var lines = ["TY  - NEWS", "TI  - " + one("citation_title")];
    metas("citation_author").forEach(function (a) { lines.push("AU  - " + a); });
    var date = one("citation_publication_date");
    if (date) lines.push("PY  - " + date.slice(0, 4), "DA  - " + date);
    if (one("citation_journal_title")) lines.push("JF  - " + one("citation_journal_title"), "PB  - " + one("citation_journal_title"));
    if (one("citation_firstpage")) lines.push("SP  - " + one("citation_firstpage"));
    lines.push("UR  - " + absolute(one("citation_public_url")), "LA  - zh", "ER  - ", "");
    return lines.join("\r\n");
  }

  function braced(text) { return "{" + text.replace(/[{}\\]/g, "") + "}"; }

  function bibtex() {
    var fields = [["title", one("citation_title")], ["author", metas("citation_author").join(" and ")],
      ["journal", one("citation_journal_title")], ["publisher", one("citation_journal_title")],
      ["date", one("citation_publication_date").replace(/\//g, "-")], ["pages", one("citation_firstpage")],
      ["url", absolute(one("citation_public_url"))], ["language", "chinese"]];
    var body = fields.filter(function (f) { return f[1]; }).map(function (f) { return "  " + f[0] + " = " + braced(f[1]); });
    return "@article{" + key() + ",\n" + body.join(",\n") + "\n}\n";
  }

  function download(text, name, type) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }

  function copy(text, done) {
    var fallback = function () {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "absolute";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      done(ok ? "已复制引文" : "无法复制，请手动选择引文");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done("已复制引文"); }, fallback);
    } else {
      fallback();
    }
  }

  /* The copy and download buttons, made here (they do nothing without this script). */
  function makeTools(citation) {
    var tools = document.createElement("p");
    tools.className = "cite-tools";
    [["copy", "复制引文"], ["ris", "下载 RIS"], ["bibtex", "下载 BibTeX"]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-cite", b[0]);
      button.textContent = b[1];
      tools.appendChild(button);
      tools.appendChild(document.createTextNode(" "));
    });
    var status = document.createElement("span");
    status.className = "cite-done";
    status.setAttribute("role", "status");
    tools.appendChild(status);
    citation.parentNode.insertBefore(tools, citation.nextSibling);
    return tools;
  }

  function start() {
    var citation = document.getElementById("citation");
    if (!citation) return;
    var tools = makeTools(citation), status = tools.querySelector(".cite-done");
    var say = function (text) { status.textContent = text; };
    tools.addEventListener("click", function (event) {
      var kind = event.target.getAttribute && event.target.getAttribute("data-cite");
      if (kind === "copy") copy(citation.textContent, say);
      if (kind === "ris") { download(ris(), key() + ".ris", "application/x-research-info-systems"); say("已生成 RIS 文件"); }
      if (kind === "bibtex") { download(bibtex(), key() + ".bib", "application/x-bibtex"); say("已生成 BibTeX 文件"); }
    });
  }

  window.ArchiveCite = { ris: ris, bibtex: bibtex };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

"""The archive followed and reused: Atom feeds parse as Atom and every entry resolves; the CSV
beside the JSON parts has one row per item, equal to the JSON."""
from __future__ import annotations

import csv
import io
import posixpath
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

from tests.opendata_helpers import load_articles, load_csv_text, load_index

ATOM = "{http://www.w3.org/2005/Atom}"


def feeds(site) -> list[str]:
    """Return the site paths of every Atom feed: the site's and the counties'."""
    return ["feed.xml", *sorted(p.relative_to(site).as_posix() for p in (site / "county").glob("*.xml"))]


def target(site, feed_path: str, href: str) -> str:
    """Return the site path a feed link points at (relative links resolve against the feed's own URL)."""
    assert not urlsplit(href).scheme, f"{feed_path}: {href} leaves the site"
    return posixpath.normpath(posixpath.join(posixpath.dirname(feed_path), unquote(href)))


def test_every_feed_is_atom_and_every_entry_resolves_to_its_article(built_site):
    articles = {a["url"]: a for a in load_articles(built_site)}
    assert len(feeds(built_site)) == 1 + len(list((built_site / "county").glob("*.html"))) - 1   # minus the index
    for path in feeds(built_site):
        root = ET.fromstring((built_site / path).read_bytes())
        assert root.tag == f"{ATOM}feed", path
        for required in ("id", "title", "updated"):
            assert root.find(f"{ATOM}{required}") is not None, (path, required)
        entries = root.findall(f"{ATOM}entry")
        assert entries, f"{path} has no entry"
        for entry in entries:
            assert entry.find(f"{ATOM}id").text.startswith(("urn:uuid:", "http")), path
            link = target(built_site, path, entry.find(f"{ATOM}link").get("href"))
            assert (built_site / link).is_file() and link in articles, (path, link)
            assert entry.find(f"{ATOM}updated").text.startswith(articles[link]["date"])
        dates = [e.find(f"{ATOM}updated").text for e in entries]
        assert dates == sorted(dates, reverse=True), f"{path}: newest first"


def test_home_and_county_pages_link_their_feeds(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in home and 'href="feed.xml"' in home
    county = (built_site / "county" / "dingtao.html").read_text(encoding="utf-8")
    assert 'href="dingtao.xml"' in county


def test_csv_has_one_row_per_item_equal_to_the_json(built_site):
    articles = load_articles(built_site)
    rows = []
    for part in load_index(built_site)["parts"]:
        text = load_csv_text(built_site, part)
        part_rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert len(part_rows) == part["count"]
        rows += part_rows
    assert [r["id"] for r in rows] == [a["id"] for a in articles]
    for row, item in zip(rows, articles):
        assert (row["title"], row["paper"], row["date"], row["url"]) == \
            (item["title"] or "", item["paper"] or "", item["date"] or "", item["url"])
        assert row["authors"].split("；") == [p["name"] for p in item["authors"]] or not item["authors"]
        assert row["body"] == "\n".join(b["text"] for b in item["body"])

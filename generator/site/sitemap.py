"""The files beside the pages: ``sitemap.xml`` (an index of sitemaps past 50,000 URLs) and the
static assets copied from ``templates/assets``.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from generator.archive.urls import URLs
from generator.site.context import PAGES_PER_LIST, PER_PAGE, Site, newest_pages, page_year

SITEMAP_MAX_URLS = 50_000    # the sitemap protocol's limit per file (sitemaps.org)
SITEMAP_XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(root: str, entry: str, locations: list[str]) -> str:
    """Return a sitemap XML document: ``root`` (urlset or sitemapindex) with one ``entry`` per location."""
    lines = [f"  <{entry}><loc>{xml_escape(loc)}</loc></{entry}>" for loc in locations]
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{SITEMAP_XMLNS}">\n'
            + "\n".join(lines) + f"\n</{root}>\n")


def render_sitemap(site: Site, max_urls: int | None = None) -> dict[str, str]:
    """Return sitemap.xml listing every live page, when the site's URL is known.

    Past ``max_urls`` (default SITEMAP_MAX_URLS) URLs, sitemap.xml is a sitemap index of
    sitemap-1.xml, sitemap-2.xml, ... holding at most ``max_urls`` URLs each.
    """
    urls = site.urls
    if not urls.base_url:
        return {}
    paths = [urls.home(), urls.county_index(), urls.pages_index(), urls.about()]
    if len(site.archive.pages) > PAGES_PER_LIST:
        paths += [urls.pages_year(year) for year in dict.fromkeys(page_year(p) for p in newest_pages(site.archive.pages))]
    paths += [urls.article(item.id) for item in site.archive.items]
    for county in site.archive.counties:
        count = max(1, -(-len(site.county_items(county)) // PER_PAGE))
        paths += [urls.county(county.slug, n) for n in range(1, count + 1)]
    paths += [urls.printed_page(page.source) for page in site.archive.pages]
    paths += browse_paths(site)
    limit = max_urls or SITEMAP_MAX_URLS
    locations = [urls.absolute(p) for p in paths]
    if len(locations) <= limit:
        return {urls.sitemap(): sitemap_xml("urlset", "url", locations)}
    chunks = {urls.sitemap(n): locations[start:start + limit]
              for n, start in enumerate(range(0, len(locations), limit), start=1)}
    files = {name: sitemap_xml("urlset", "url", chunk) for name, chunk in chunks.items()}
    files[urls.sitemap()] = sitemap_xml("sitemapindex", "sitemap", [urls.absolute(name) for name in chunks])
    return files


def browse_paths(site: Site) -> list[str]:
    """Return the paths of the pages of papers, issues and people."""
    from generator.site.browse import issues_of, papers, people
    urls, pages = site.urls, site.archive.pages
    paths = [urls.papers_index(), urls.people_index()]
    for paper in papers(pages):
        paths += [urls.paper(paper)] + [urls.issue(paper, issue.date) for issue in issues_of(pages, paper)]
    return paths + [urls.person(person.paper, person.name) for person in people(site.archive.items)]


def copy_assets(urls: URLs, templates: Path) -> dict[str, bytes]:
    """Return every file under templates/assets/, at its asset path."""
    folder = templates / "assets"
    if not folder.is_dir():
        return {}
    return {urls.asset(p.relative_to(folder).as_posix()): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}

"""Every site path and link comes from URLs; links are relative and name files, never folders."""
import pytest

from generator.archive.urls import URLs

urls = URLs()


@pytest.mark.parametrize("path, expected", [
    (urls.article("b3k9xz"), "a/b3k9xz.html"),
    (urls.county("dingtao"), "county/dingtao.html"),
    (urls.county("dingtao", 2), "county/dingtao-2.html"),
    (urls.county_index(), "county/index.html"),
    (urls.printed_page("000_426d0e80c1052dd2.txt"), "p/000_426d0e80c1052dd2.html"),
    (urls.printed_page("index.txt"), "p/index_.html"),             # p/index.html is the pages index
    (urls.search(), "search.html"),
    (urls.asset("style.css"), "assets/style.css"),
    (urls.data("articles.json"), "data/articles.json"),
    (urls.data("articles/2023-04.json"), "data/articles/2023-04.json"),
])
def test_site_paths(path, expected):
    assert path == expected


@pytest.mark.parametrize("from_path, to_path, link", [
    ("index.html", "a/b3k9xz.html", "a/b3k9xz.html"),
    ("a/b3k9xz.html", "county/dingtao.html", "../county/dingtao.html"),
    ("a/b3k9xz.html", "a/c4m2ww.html", "c4m2ww.html"),
    ("county/dingtao.html", "index.html", "../index.html"),
    ("a/b3k9xz.html", "assets/style.css", "../assets/style.css"),
    ("p/000.html", "a/b3k9xz.html#top", "../a/b3k9xz.html#top"),
])
def test_relative_links(from_path, to_path, link):
    assert urls.relative(from_path, to_path) == link
    assert urls.linker(from_path)(to_path) == link


def test_absolute_only_with_base_url():
    assert urls.absolute("a/x.html") is None
    assert URLs("https://u.github.io/archive/").absolute("a/x.html") == "https://u.github.io/archive/a/x.html"
    assert URLs("https://u.github.io/archive").absolute("index.html") == "https://u.github.io/archive/index.html"


def test_links_to_odd_file_names_are_percent_encoded():
    page = urls.printed_page("菏泽日报 第二版.txt")
    assert page == "p/菏泽日报 第二版.html"              # the file on disk keeps its name
    link = urls.relative("a/x.html", page)
    assert link == "../p/%E8%8F%8F%E6%B3%BD%E6%97%A5%E6%8A%A5%20%E7%AC%AC%E4%BA%8C%E7%89%88.html"
    assert URLs("https://u.github.io/a/").absolute(page).endswith("/p/%E8%8F%8F%E6%B3%BD%E6%97%A5%E6%8A%A5%20%E7%AC%AC%E4%BA%8C%E7%89%88.html")

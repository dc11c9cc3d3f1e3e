"""Lean HTML: whitespace between tags goes, what a reader sees stays."""
from __future__ import annotations

import pytest

from generator.site.minify import minify_html


@pytest.mark.parametrize("html, expected", [
    ("<ul>\n  <li>甲</li>\n  <li>乙</li>\n</ul>", "<ul><li>甲</li><li>乙</li></ul>\n"),
    # between inline elements the gap is a space on screen: one space stays
    ('<span class="role">记者</span>\n <a href="x.html">时苏建</a>', '<span class="role">记者</span> <a href="x.html">时苏建</a>\n'),
    # text, and spaces inside text, are untouched
    ("<p>  本报讯  (记者 时苏建)  </p>\n<p>二</p>", "<p>  本报讯  (记者 时苏建)  </p><p>二</p>\n"),
    # pre keeps every character; so do scripts
    ("<div>\n<pre>- id: x\n  replace: {old: \"\"}\n</pre>\n</div>", "<div><pre>- id: x\n  replace: {old: \"\"}\n</pre></div>\n"),
    ('<script type="application/ld+json">\n{"a": "<b> </b>"}\n</script>\n<p>x</p>',
     '<script type="application/ld+json">\n{"a": "<b> </b>"}\n</script><p>x</p>\n'),
    ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">", '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">\n'),
    # an attribute value holding spaces and newlines is not a gap
    ('<meta name="description" content="甲\n  乙">\n<title>t</title>', '<meta name="description" content="甲\n  乙"><title>t</title>\n'),
])
def test_minify_removes_only_whitespace_between_tags(html, expected):
    assert minify_html(html) == expected


def test_minify_is_stable():
    html = "<div>\n <p>甲 <a href='a'>乙</a> 丙</p>\n <pre> x\n</pre>\n</div>\n"
    once = minify_html(html)
    assert minify_html(once) == once

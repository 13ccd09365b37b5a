#!/usr/bin/env python3
"""Reads a document the way its real consumers do and prints what they saw as JSON.

  inspect_document.py feed FILE     feedparser, as feed readers parse RSS
  inspect_document.py jsonld FILE   extruct, as search engines extract structured data
  inspect_document.py sitemap FILE  a strict XML parser, as crawlers read sitemaps
"""
import json
import sys
import xml.etree.ElementTree as ElementTree


def feed(path):
    import feedparser
    parsed = feedparser.parse(path)
    return {
        "bozo": bool(parsed.bozo),
        "title": parsed.feed.get("title"),
        "link": parsed.feed.get("link"),
        "language": parsed.feed.get("language"),
        "entries": [{
            "title": entry.get("title"),
            "link": entry.get("link"),
            "id": entry.get("id"),
            "guidislink": entry.get("guidislink"),
            "published": entry.get("published"),
            "author": entry.get("author"),
            "summary": entry.get("summary"),
            "tags": [tag.get("term") for tag in entry.get("tags", [])],
            "media_content": entry.get("media_content", []),
            "media_credit": entry.get("media_credit", []),
        } for entry in parsed.entries],
    }


def jsonld(path):
    import extruct
    with open(path, encoding="utf-8") as handle:
        html = handle.read()
    data = extruct.extract(html, base_url="http://127.0.0.1/", syntaxes=["json-ld", "opengraph"], uniform=True)
    return {"json-ld": data.get("json-ld", []), "opengraph": data.get("opengraph", [])}


def sitemap(path):
    root = ElementTree.parse(path).getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    entries = []
    for node in list(root):
        entry = {"loc": node.findtext("s:loc", namespaces=ns), "lastmod": node.findtext("s:lastmod", namespaces=ns)}
        news = node.find("n:news", ns)
        if news is not None:
            entry["name"] = news.findtext("n:publication/n:name", namespaces=ns)
            entry["language"] = news.findtext("n:publication/n:language", namespaces=ns)
            entry["publication_date"] = news.findtext("n:publication_date", namespaces=ns)
            entry["title"] = news.findtext("n:title", namespaces=ns)
        entries.append(entry)
    return {"root": root.tag.split("}")[-1], "entries": entries}


if __name__ == "__main__":
    kind, file = sys.argv[1], sys.argv[2]
    print(json.dumps({"feed": feed, "jsonld": jsonld, "sitemap": sitemap}[kind](file), ensure_ascii=False, default=str))

#!/usr/bin/env python3
"""Looks for anything a browser or feed reader could execute in documents Byline served.

  find_executable.py FILE   FILE is a JSON list of {"name", "kind": "html"|"rss"|"json"|"newsml", "text"}

HTML is parsed with html5lib, the HTML5 parsing algorithm browsers use. RSS is read as
XML, and the fields feed readers render as HTML (description, media:description) are
parsed as HTML in turn (media:description is plain text by the Media RSS spec). In JSON, the `body_html` fields are HTML. Prints a JSON list of
problems: scripts other than valid JSON-LD and the site's own files, dangerous elements, event handler
attributes, and javascript:/vbscript:/data: addresses.
"""
import json
import re
import sys
import xml.etree.ElementTree as ElementTree

import html5lib

# Forms are not listed: the site has its own search form; a hostile one is caught by its
# javascript: action or its event handlers.
DANGEROUS_ELEMENTS = {"iframe", "object", "embed", "svg", "math", "style", "base", "frame",
                      "frameset", "template", "xmp", "applet", "isindex"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                  "srcset", "lowsrc", "dynsrc", "ping", "manifest", "codebase", "cite", "longdesc"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript|mocha):", re.IGNORECASE)


def local(name):
    return name.split("}")[-1].lower()


def squeeze(value):
    return "".join(ch for ch in value if ord(ch) > 0x20 and ord(ch) != 0x7F)


def html_problems(name, text):
    problems = []
    root = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = local(element.tag)
        if tag == "script":
            own = (element.get("src") or "").startswith("/static/") and not (element.text or "").strip()
            if own:
                pass  # the site's own script file (the editor's autosave), never built from input
            elif (element.get("type") or "").lower() != "application/ld+json":
                problems.append(f"{name}: <script> element")
            else:
                try:
                    json.loads(element.text or "")
                except ValueError:
                    problems.append(f"{name}: JSON-LD that is not JSON (broken out of?)")
        if tag in DANGEROUS_ELEMENTS:
            problems.append(f"{name}: <{tag}> element")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append(f"{name}: meta refresh")
        for attribute, value in element.attrib.items():
            attribute = local(attribute)
            if attribute.startswith("on"):
                problems.append(f"{name}: <{tag} {attribute}=...>")
            if attribute in URL_ATTRIBUTES and BAD_SCHEME.match(squeeze(value)):
                problems.append(f"{name}: <{tag} {attribute}={value!r}>")
            if attribute == "style" and re.search(r"expression|url\s*\(|javascript", value, re.IGNORECASE):
                problems.append(f"{name}: <{tag} style={value!r}>")
    return problems


def rss_problems(name, text):
    problems = []
    root = ElementTree.fromstring(text.encode("utf-8"))
    for element in root.iter():
        html_field = element.tag == "description" or element.tag.endswith("}encoded")
        if html_field and element.text:
            problems += html_problems(f"{name} <{local(element.tag)}>", element.text)
        for attribute, value in element.attrib.items():
            if local(attribute) in {"url", "href"} and BAD_SCHEME.match(squeeze(value)):
                problems.append(f"{name}: {local(element.tag)} {attribute}={value!r}")
    return problems


def newsml_problems(name, text):
    """A NewsML-G2 item: its links, and its inline XHTML body read as HTML by a browser."""
    problems = []
    root = ElementTree.fromstring(text.encode("utf-8"))
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if local(attribute) in {"href", "src", "uri"} and BAD_SCHEME.match(squeeze(value)):
                problems.append(f"{name}: {local(element.tag)} {attribute}={value!r}")
        if local(element.tag) == "inlineXML":
            for child in element:
                problems += html_problems(f"{name} <inlineXML>", ElementTree.tostring(child, encoding="unicode"))
    return problems


def json_problems(name, text):
    problems = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "body_html" and isinstance(item, str):
                    problems.extend(html_problems(f"{name} {path}.{key}", item))
                # ninjs carries HTML as a body whose contenttype says so.
                if key == "value" and isinstance(item, str) and value.get("contenttype") == "text/html":
                    problems.extend(html_problems(f"{name} {path}.{key}", item))
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")

    walk(json.loads(text), "$")
    return problems


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        documents = json.load(handle)
    problems = []
    for document in documents:
        check = {"html": html_problems, "rss": rss_problems, "json": json_problems, "newsml": newsml_problems}[document["kind"]]
        problems += check(document["name"], document["text"])
    json.dump(problems, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

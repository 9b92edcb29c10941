#!/usr/bin/env python3
"""Checks a built coursebook site: sixth_check.py SITE MANIFEST.json [--no-print]"""
import json, os, sys, re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit
from multiprocessing import Pool

URL_ATTRS = {("a", "href"), ("img", "src"), ("link", "href"), ("script", "src"), ("source", "src"),
             ("iframe", "src"), ("form", "action"), ("video", "src"), ("audio", "src"), ("area", "href"),
             ("image", "href"), ("use", "href")}
NOLINK = {"code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.dups, self.urls, self.terms = set(), [], [], []
        self.stack = []
        self.cur_term = None
        self.gloss = {}  # id -> name (glossary entries)
        self.cur_entry = None
        self.in_gterm = False
        self.gname = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                self.dups.append(a["id"])
            self.ids.add(a["id"])
        if "name" in a and tag == "a":
            self.ids.add(a["name"])
        for k, v in attrs:
            if (tag, k) in URL_ATTRS and v is not None:
                self.urls.append(v)
            if k == "srcset" and v:
                for part in v.split(","):
                    self.urls.append(part.strip().split(" ")[0])
            if k == "style" and v and "url(" in v:
                self.urls.append("STYLE:" + v)
        if tag == "a" and "term" in (a.get("class") or "").split():
            bad = [t for t in self.stack if t in NOLINK or t == "a"]
            self.cur_term = [a.get("href"), "", bad]
        if tag == "div" and "glossary-entry" in (a.get("class") or ""):
            self.cur_entry = a.get("id")
        if tag == "h3" and "glossary-term" in (a.get("class") or "") and self.cur_entry:
            self.in_gterm = True
            self.gname = ""
        if tag == "span" and self.in_gterm:
            self.in_gterm = False
            self.gloss[self.cur_entry] = self.gname.strip()
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "a" and self.cur_term is not None:
            self.terms.append(tuple(self.cur_term))
            self.cur_term = None
        if tag == "h3" and self.in_gterm:
            self.in_gterm = False
            self.gloss[self.cur_entry] = self.gname.strip()
        if tag in self.stack:
            while self.stack:
                if self.stack.pop() == tag:
                    break

    def handle_data(self, d):
        if self.cur_term is not None:
            self.cur_term[1] += d
        if self.in_gterm:
            self.gname += d


def parse(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        s = f.read()
    p = P()
    p.feed(s)
    return path, p.ids, p.dups, p.urls, p.terms, p.gloss, len(s.encode())


def main():
    site, man = sys.argv[1], json.load(open(sys.argv[2]))
    site = os.path.abspath(site)
    files = []
    allfiles = set()
    for dp, dn, fn in os.walk(site):
        for f in fn:
            full = os.path.join(dp, f)
            allfiles.add(full)
            if f.endswith(".html"):
                files.append(full)
    with Pool(2) as pool:
        res = pool.map(parse, files, chunksize=64)
    ids = {r[0]: r[1] for r in res}
    problems = []
    gloss = {}
    for r in res:
        for k, v in r[5].items():
            gloss[(r[0], k)] = v
    forms = {}
    for t in man["terms"]:
        fs = {t["name"].lower()} | ({t["en"].lower()} if t["en"] else set()) | {a.lower() for a in t["aliases"]}
        forms[t["name"]] = fs
    gl_names = set(gloss.values())
    for t in man["terms"]:
        if t["name"] not in gl_names:
            problems.append(f"term not in glossary: {t['name']}")
    nurl = nterm = 0
    external = {}
    largest = (0, "")
    for path, pids, dups, urls, terms, _, size in res:
        rel = os.path.relpath(path, site)
        if not os.path.basename(path).startswith("print") and size > largest[0]:
            largest = (size, rel)
        for d in dups:
            problems.append(f"{rel}: id repeated: {d}")
        for u in urls:
            nurl += 1
            if u.startswith("STYLE:"):
                if re.search(r"url\(\s*['\"]?(https?:|//)", u):
                    problems.append(f"{rel}: network url in style {u[:80]}")
                continue
            sp = urlsplit(u)
            if sp.scheme or u.startswith("//"):
                if sp.scheme in ("http", "https", "mailto") and "example.org" in u:
                    external[u] = external.get(u, 0) + 1  # from content
                    continue
                problems.append(f"{rel}: absolute/network url {u[:100]}")
                continue
            if u == "" or u.startswith("#"):
                tgt = path
            else:
                p = unquote(sp.path)
                tgt = os.path.normpath(os.path.join(os.path.dirname(path), p))
                if p.endswith("/") or os.path.isdir(tgt):
                    tgt = os.path.join(tgt, "index.html")
                if not tgt.startswith(site):
                    problems.append(f"{rel}: url leaves site {u}")
                    continue
                if tgt not in allfiles:
                    problems.append(f"{rel}: missing target {u}")
                    continue
            frag = unquote(sp.fragment)
            if frag and tgt.endswith(".html") and tgt in ids and frag not in ids[tgt]:
                problems.append(f"{rel}: missing fragment {u}")
        for href, text, bad in terms:
            nterm += 1
            if os.path.basename(path).startswith("print"):
                continue
            if bad:
                problems.append(f"{rel}: term link inside {bad}: {text}")
            sp = urlsplit(href)
            tgt = os.path.normpath(os.path.join(os.path.dirname(path), unquote(sp.path)))
            name = gloss.get((tgt, unquote(sp.fragment)))
            if name is None:
                problems.append(f"{rel}: term link to no glossary entry {href} ({text})")
            elif name not in forms:
                problems.append(f"{rel}: glossary entry name {name!r} not a declared term")
            elif text.strip().lower() not in forms[name] and text.strip() != "另一种写法":
                problems.append(f"{rel}: term link text {text!r} not a form of {name!r} ({href})")
    print(f"pages {len(files)}, urls {nurl}, term links {nterm}, largest non-print page {largest[0]} B {largest[1]}")
    print(f"content external urls: {sum(external.values())}")
    seen = {}
    for p in problems:
        k = re.sub(r"^[^:]*: ", "", p)[:22]
        seen[k] = seen.get(k, 0) + 1
        if seen[k] <= 3:
            print("PROBLEM", p)
    print(f"{len(problems)} problems")


if __name__ == "__main__":
    main()

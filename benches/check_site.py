#!/usr/bin/env python3
"""check_site.py OUT_DIR [MANIFEST.json] - check a built coursebook site offline.

Checks every local href/src in every HTML file resolves (percent-decoded) to a file, every
#fragment to an id= in the target, no absolute or network asset URLs, duplicate ids, term
links pointing at the right glossary entry, term links in places FORMAT.md says are never
linked, injected dangerous strings appearing raw, XML well-formedness of sitemap/EPUB."""
import collections
import html
import json
import os
import re
import sys
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
              ("iframe", "src"), ("video", "src"), ("audio", "src"), ("video", "poster"),
              ("object", "data"), ("embed", "src"), ("form", "action"), ("area", "href"),
              ("input", "src"), ("track", "src"), ("use", "href"), ("image", "href")}
ASSET_TAGS = {"link", "img", "script", "source", "iframe", "video", "audio", "object", "embed",
              "input", "track", "image", "use"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}


def fold(s):
    return unicodedata.normalize("NFKC", s).casefold().strip()


class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = []
        self.links = []
        self.stack = []
        self.term_links = []       # (href, text, contexts)
        self.cur_term = None
        self.gl_entries = {}       # id -> name
        self.gl_cur = None         # [id, depth-of-h3-or-None, text, done]
        self.bad_attrs = []
        self.script_alert = 0
        self.in_script = False
        self.canonical = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        for k, v in attrs:
            if k.startswith("on") and v and "alert" in v:
                self.bad_attrs.append((tag, k, v[:80], line))
        if "id" in a and a["id"] is not None:
            self.ids.append(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.append(a["name"])
        for (t, at) in LINK_ATTRS:
            if t == tag and a.get(at) is not None:
                self.links.append((tag, at, a[at], line, a.get("rel")))
        if tag in ("img", "source") and a.get("srcset"):
            for part in a["srcset"].split(","):
                u = part.strip().split(" ")[0]
                if u:
                    self.links.append((tag, "srcset", u, line, None))
        if tag == "script":
            self.in_script = True
        cls = (a.get("class") or "").split()
        if tag == "div" and "glossary-entry" in cls and a.get("id"):
            self.gl_cur = [a["id"], None, "", False]
        if tag == "h3" and self.gl_cur and not self.gl_cur[3] and "glossary-term" in cls:
            self.gl_cur[1] = len(self.stack)
        if self.gl_cur and self.gl_cur[1] is not None and tag == "span" and not self.gl_cur[3]:
            self.gl_entries[self.gl_cur[0]] = self.gl_cur[2].strip()
            self.gl_cur[3] = True
        if tag == "a" and "term" in cls:
            ctx = [t for t, _ in self.stack if t in ("h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "a")]
            self.cur_term = [a.get("href"), "", ctx, line]
        elif tag == "a":
            ctx = [t for t, _ in self.stack if t == "a"]
            if ctx:
                self.term_links.append(("NESTED", a.get("href"), "", line))
        if tag not in VOID:
            self.stack.append((tag, cls))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        if tag == "a" and self.cur_term is not None:
            self.term_links.append(tuple(self.cur_term))
            self.cur_term = None
        if tag == "h3" and self.gl_cur and self.gl_cur[1] is not None and not self.gl_cur[3]:
            self.gl_entries[self.gl_cur[0]] = self.gl_cur[2].strip()
            self.gl_cur[3] = True
        # pop to matching tag
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.cur_term is not None:
            self.cur_term[1] += data
        if self.gl_cur and self.gl_cur[1] is not None and not self.gl_cur[3]:
            self.gl_cur[2] += data
        if self.in_script and "alert(" in data:
            self.script_alert += 1


def main():
    out = os.path.abspath(sys.argv[1])
    manifest = json.load(open(sys.argv[2], encoding="utf-8")) if len(sys.argv) > 2 else None
    problems = collections.defaultdict(list)
    pages = {}
    sizes = []
    htmls = []
    for root, dirs, files in os.walk(out):
        for f in files:
            p = os.path.join(root, f)
            if f.endswith(".html"):
                htmls.append(p)
    for p in sorted(htmls):
        data = open(p, "rb").read()
        sizes.append((len(data), os.path.relpath(p, out)))
        text = data.decode("utf-8", errors="replace")
        if manifest:
            for d in manifest.get("danger", []):
                if "<" in d or '"' in d:
                  if d in text:
                    problems["raw dangerous string in HTML"].append((os.path.relpath(p, out), d))
        if re.search(r"<img[^>]*\sonerror\s*=", text, re.I):
            problems["raw <img onerror> in HTML"].append(os.path.relpath(p, out))
        pr = P()
        pr.feed(text)
        pr.close()
        pages[p] = pr
        c = collections.Counter(pr.ids)
        dups = [k for k, v in c.items() if v > 1]
        if dups:
            problems["duplicate id in page"].append((os.path.relpath(p, out), dups[:5], len(dups)))
        for b in pr.bad_attrs:
            problems["event-handler attribute with alert"].append((os.path.relpath(p, out),) + b)
        if pr.script_alert:
            problems["inline <script> containing alert("].append((os.path.relpath(p, out), pr.script_alert))
    idsets = {p: set(pr.ids) for p, pr in pages.items()}
    gl = {}
    for p, pr in pages.items():
        for k, v in pr.gl_entries.items():
            gl[(p, k)] = v
    n_links = 0
    external = collections.Counter()
    for p, pr in pages.items():
        rp = os.path.relpath(p, out)
        for (tag, at, v, line, rel) in pr.links:
            n_links += 1
            v0 = v
            v = v.strip()
            low = v.lower()
            if low.startswith(("mailto:", "tel:")):
                continue
            if low.startswith(("javascript:", "vbscript:")):
                problems["javascript: URL"].append((rp, line, tag, v0[:100]))
                continue
            if low.startswith("data:"):
                if tag != "link":
                    problems["data: URL"].append((rp, line, tag, v0[:60]))
                continue
            if low.startswith(("http://", "https://", "//")):
                if tag in ASSET_TAGS and not (tag == "link" and rel in ("canonical",)):
                    problems["network asset URL"].append((rp, line, tag, v0[:100]))
                else:
                    external[urllib.parse.urlsplit(v).netloc] += 1
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:", low):
                problems["other scheme"].append((rp, line, tag, v0[:100]))
                continue
            if v.startswith("/"):
                problems["absolute local URL"].append((rp, line, tag, v0[:100]))
                continue
            if " " in v0 or '"' in v0 or "<" in v0:
                problems["unencoded space/quote/< in URL"].append((rp, line, tag, v0[:120]))
            path, _, frag = v.partition("#")
            path = path.split("?", 1)[0]
            dpath = urllib.parse.unquote(path)
            if dpath == "":
                target = p
            else:
                target = os.path.normpath(os.path.join(os.path.dirname(p), dpath))
            if not (target == out or target.startswith(out + os.sep)):
                problems["link leaves the site"].append((rp, line, tag, v0[:120]))
                continue
            if os.path.isdir(target):
                problems["link to a folder (no index.html offline)"].append((rp, line, tag, v0[:120]))
                continue
            if not os.path.isfile(target):
                problems["broken local link"].append((rp, line, tag, v0[:160]))
                continue
            if frag and target.endswith(".html"):
                f = urllib.parse.unquote(frag)
                ids = idsets.get(target)
                if ids is not None and f not in ids:
                    problems["broken #fragment"].append((rp, line, tag, v0[:160]))
    # term links
    forms = {}
    names = {}
    if manifest:
        for t in manifest["terms"]:
            names[t["idx"]] = t["name"]
            for f in [t["name"], t["en"]] + t["aliases"]:
                if f:
                    forms[fold(f)] = t["idx"]
    n_term = 0
    for p, pr in pages.items():
        rp = os.path.relpath(p, out)
        for tl in pr.term_links:
            if tl[0] == "NESTED":
                problems["nested <a> inside <a>"].append((rp, tl[3], tl[1]))
                continue
            href, text, ctx, line = tl
            n_term += 1
            if ctx:
                problems["term link inside " + "/".join(sorted(set(ctx)))].append((rp, line, text[:60]))
            if not href:
                continue
            path, _, frag = href.partition("#")
            target = os.path.normpath(os.path.join(os.path.dirname(p), urllib.parse.unquote(path)))
            name = gl.get((target, urllib.parse.unquote(frag)))
            if name is None and not os.path.basename(target).startswith("glossary"):
                continue
            if name is None:
                problems["term link to no glossary entry"].append((rp, line, href[:100], text[:40]))
                continue
            if manifest:
                m = re.fullmatch(r"\s*⟨T(\d+)⟩\s*", text)
                if m:
                    exp = names.get(int(m.group(1)))
                else:
                    idx = forms.get(fold(text))
                    exp = names.get(idx) if idx is not None else None
                if exp is None:
                    problems["term link text is no form of any term"].append((rp, line, text[:60], name[:60]))
                elif fold(exp) != fold(name) and fold(html.unescape(exp)) != fold(name):
                    problems["term link to the WRONG term"].append((rp, line, text[:60], "->", name[:60], "expected", exp[:60]))
    # glossary entries vs manifest
    if manifest:
        gnames = set(fold(v) for v in gl.values())
        missing = [t["name"] for t in manifest["terms"] if fold(t["name"]) not in gnames]
        if missing:
            problems["terms missing from glossary (by displayed name)"].append((len(missing), missing[:5]))
    # CSS url()
    for root, dirs, files in os.walk(out):
        for f in files:
            if f.endswith(".css"):
                p = os.path.join(root, f)
                for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", open(p, encoding="utf-8", errors="replace").read()):
                    if u.startswith(("http:", "https:", "//", "/")):
                        problems["CSS url() to network/absolute"].append((os.path.relpath(p, out), u))
                    elif not u.startswith("data:") and not u.startswith("#"):
                        t = os.path.normpath(os.path.join(root, urllib.parse.unquote(u.split("#")[0].split("?")[0])))
                        if not os.path.exists(t):
                            problems["CSS url() broken"].append((os.path.relpath(p, out), u))
            if f.endswith(".js"):
                p = os.path.join(root, f)
                txt = open(p, encoding="utf-8", errors="replace").read()
                for u in re.findall(r"https?://[A-Za-z0-9.-]+", txt):
                    if "example.org" not in u and "w3.org" not in u:
                        problems["network URL inside JS (inspect)"].append((os.path.relpath(p, out), u))
    # sitemap / epub / zip
    sm = os.path.join(out, "sitemap.xml")
    if os.path.exists(sm):
        try:
            ET.parse(sm)
        except ET.ParseError as e:
            problems["sitemap.xml not well-formed"].append(str(e))
    ep = os.path.join(out, "course.epub")
    if os.path.exists(ep):
        z = zipfile.ZipFile(ep)
        if z.namelist()[0] != "mimetype":
            problems["epub: mimetype not first"].append(z.namelist()[0])
        names_in = set(z.namelist())
        for n in z.namelist():
            if n.endswith((".xhtml", ".opf", ".ncx", ".xml", ".html")):
                data = z.read(n)
                try:
                    ET.fromstring(data)
                except ET.ParseError as e:
                    problems["epub: XML not well-formed"].append((n, str(e)))
                    continue
                if n.endswith((".xhtml", ".html")):
                    for m in re.finditer(rb'(?:href|src)="(?![a-z]+:)([^"#]+)', data):
                        u = urllib.parse.unquote(m.group(1).decode())
                        t = os.path.normpath(os.path.join(os.path.dirname(n), u)).replace(os.sep, "/")
                        if t not in names_in:
                            problems["epub: broken internal link"].append((n, m.group(1).decode()[:100]))
    zp = os.path.join(out, "course-site.zip")
    if os.path.exists(zp):
        z = zipfile.ZipFile(zp)
        zn = set(n for n in z.namelist() if not n.endswith("/"))
        site = set()
        for root, dirs, files in os.walk(out):
            for f in files:
                r = os.path.relpath(os.path.join(root, f), out).replace(os.sep, "/")
                if r in ("course-site.zip", "course.epub", ".coursebook-build") or (r.startswith("course") and r.endswith(".pdf")):
                    continue
                site.add("course-site/" + r)
        if site - zn:
            problems["zip: site files missing from zip"].append((len(site - zn), sorted(site - zn)[:5]))
        if zn - site:
            problems["zip: extra files in zip"].append((len(zn - site), sorted(zn - site)[:5]))
    sizes.sort(reverse=True)
    nonprint = [s for s in sizes if not os.path.basename(s[1]).startswith("print")]
    print("html files: %d, local+external links checked: %d, term links: %d" % (len(htmls), n_links, n_term))
    print("largest non-print pages:", nonprint[:3])
    print("largest pages:", sizes[:2])
    print("external link hosts:", dict(external.most_common(5)))
    if not problems:
        print("NO PROBLEMS")
    for k, v in sorted(problems.items()):
        print("== %s: %d" % (k, len(v)))
        for x in v[:int(os.environ.get("N", "6"))]:
            print("   ", x)


if __name__ == "__main__":
    main()

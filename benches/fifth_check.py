#!/usr/bin/env python3
"""Checker for a built coursebook site (independent; stdlib only).

usage: fifth_check.py COURSE_DIR [--max-report N]
Reads COURSE/book (site), COURSE/content, COURSE/expect.json (optional, from fifth_course.py).
"""
import html.parser, json, os, re, sys, urllib.parse, collections

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
NOLINK_CTX = {"code", "pre", "a", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "samp", "script",
              "style", "textarea", "title"}


class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = []
        self.urls = []      # (attr, value, line)
        self.terms = []     # (href, text, ctxstack, line)
        self.stack = []
        self.evil = []
        self.cur_term = None
        self.scripts = []
        self.in_script = False
        self.gloss = {}     # id -> term name (glossary pages)
        self.cur_gloss = None
        self.cur_gloss_text = None
        self.ext_loads = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if tag.startswith("x-evil") or any(k.startswith("x-evil") or (k.startswith("on") and v != "window.print()") for k, v in attrs):
            self.evil.append((tag, attrs, line))
        if "id" in a and a["id"] is not None:
            self.ids.append(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.append(a["name"])
        for k in ("href", "src", "action", "poster", "data"):
            if a.get(k) is not None:
                self.urls.append((tag, k, a[k], line))
        if a.get("srcset"):
            for part in a["srcset"].split(","):
                if part.strip():
                    self.urls.append((tag, "srcset", part.strip().split()[0], line))
        # external resource loads by the page
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src", "") and \
                re.match(r"(?i)\s*(https?:)?//", a.get("src", "")):
            self.ext_loads.append((tag, a["src"], line))
        if tag == "link" and re.match(r"(?i)\s*(https?:)?//", a.get("href") or "") and \
                (a.get("rel") or "") not in ("canonical",):
            self.ext_loads.append((tag, a["href"], line))
        cls = (a.get("class") or "").split()
        if tag == "a" and "term" in cls:
            self.cur_term = [a.get("href"), "", [t for t, _ in self.stack], line]
        if tag == "div" and "glossary-entry" in cls:
            self.cur_gloss = a.get("id")
        if tag == "h3" and "glossary-term" in cls and self.cur_gloss is not None:
            self.cur_gloss_text = ""
        if tag == "span" and self.cur_gloss_text is not None:
            self.gloss[self.cur_gloss] = self.cur_gloss_text.strip()
            self.cur_gloss_text = None
            self.cur_gloss = None
        if tag == "script" and not a.get("src"):
            self.in_script = True
            self.scripts.append("")
        if tag not in VOID:
            self.stack.append((tag, cls))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "a" and self.cur_term is not None:
            self.terms.append(tuple(self.cur_term))
            self.cur_term = None
        if tag == "script":
            self.in_script = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, d):
        if self.cur_term is not None:
            self.cur_term[1] += d
        if self.cur_gloss_text is not None:
            self.cur_gloss_text += d
        if self.in_script:
            self.scripts[-1] += d


def fold(s):
    out = []
    for ch in s:
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            ch = chr(o - 0xFEE0)
        out.append(ch)
    return "".join(out).casefold()


def main():
    course = sys.argv[1]
    maxrep = 15
    site = os.path.join(course, "book")
    content = os.path.join(course, "content")
    problems = collections.defaultdict(list)

    def prob(kind, msg):
        problems[kind].append(msg)

    files = {}
    for dp, dn, fn in os.walk(site):
        for f in fn:
            p = os.path.join(dp, f)
            files[os.path.relpath(p, site)] = p
    parsed = {}
    for rel, p in files.items():
        if not rel.endswith(".html"):
            continue
        size = os.path.getsize(p)
        if size > 1_000_000 and not os.path.basename(rel).startswith("print"):
            prob("page>1MB", "%s %d bytes" % (rel, size))
        with open(p, encoding="utf-8") as f:
            text = f.read()
        pp = P()
        pp.feed(text)
        pp.close()
        parsed[rel] = pp
        if "<script>alert" in text or "x-evil" in text.replace("&lt;x-evil", "").replace("&#60;x-evil", "") \
                .replace("&lt;/textarea&gt;&lt;x-evil", ""):
            # find the raw occurrence context
            for m in re.finditer(r"<script>alert|x-evil", text):
                ctx = text[max(0, m.start() - 60):m.end() + 20]
                if "&lt;" not in text[max(0, m.start() - 6):m.start()] and "<x-evil" in ctx or "<script>alert" in ctx:
                    prob("raw-injection", "%s: ...%s..." % (rel, ctx.replace("\n", " ")))
                    break
        for e in pp.evil:
            prob("evil-tag", "%s:%d %r" % (rel, e[2], e[:2]))
        for s in pp.scripts:
            if "alert(" in s or "x-evil" in s:
                prob("inline-script-injection", "%s: %s" % (rel, s[:200]))
        for e in pp.ext_loads:
            prob("external-load", "%s:%d %s %s" % (rel, e[2], e[0], e[1]))
        c = collections.Counter(pp.ids)
        d = [k for k, v in c.items() if v > 1]
        if d:
            prob("duplicate-id", "%s: %s" % (rel, d[:8]))
    idsets = {rel: set(pp.ids) for rel, pp in parsed.items()}
    gloss = {}
    for rel, pp in parsed.items():
        for gid, name in pp.gloss.items():
            gloss[(rel, gid)] = name

    def resolve(src_rel, url):
        """returns (target_rel or None, fragment or None, error)"""
        u = url.strip()
        if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", u) or u.startswith("//"):
            return None, None, None  # absolute URL: not ours
        if u.startswith("/"):
            return None, None, "absolute path"
        path, _, frag = u.partition("#")
        path = path.partition("?")[0]
        dpath = urllib.parse.unquote(path)
        if dpath == "":
            tgt = src_rel
        else:
            tgt = os.path.normpath(os.path.join(os.path.dirname(src_rel), dpath))
            if tgt.startswith(".."):
                return None, None, "leaves the site"
            if os.path.isdir(os.path.join(site, tgt)):
                if os.path.exists(os.path.join(site, tgt, "index.html")):
                    return None, None, "directory link (needs a server on file://)"
                return None, None, "directory without index"
        if tgt not in files:
            return None, None, "missing file %s" % tgt
        return tgt, (urllib.parse.unquote(frag) if "#" in u else None), None

    nlinks = 0
    for rel, pp in parsed.items():
        for tag, attr, url, line in pp.urls:
            if re.match(r"(?i)^\s*(javascript|vbscript|data):", url):
                prob("bad-scheme", "%s:%d %s" % (rel, line, url[:80]))
                continue
            nlinks += 1
            tgt, frag, err = resolve(rel, url)
            if err:
                prob("broken-link", "%s:%d <%s %s=%r>: %s" % (rel, line, tag, attr, url, err))
                continue
            if tgt and frag and tgt.endswith(".html") and frag not in idsets.get(tgt, ()):
                prob("broken-fragment", "%s:%d %r -> %s has no id %r" % (rel, line, url, tgt, frag))
    # term links
    forms = {}
    exp = os.path.join(course, "expect.json")
    if os.path.exists(exp):
        with open(exp, encoding="utf-8") as f:
            for t in json.load(f)["terms"]:
                forms[t["name"]] = {fold(x) for x in t["forms"]}
    explicit = set(json.load(open(exp, encoding="utf-8")).get("explicit", [])) if os.path.exists(exp) else set()
    nterm = 0
    for rel, pp in parsed.items():
        for href, text, ctx, line in pp.terms:
            nterm += 1
            tgt, frag, err = resolve(rel, href or "")
            if err or tgt is None or not os.path.basename(tgt).startswith(("glossary", "print")):
                prob("term-link-target", "%s:%d %r -> %s" % (rel, line, href, err or tgt))
                continue
            name = gloss.get((tgt, frag))
            if name is None and os.path.basename(tgt).startswith("print") and frag in idsets.get(tgt, ()):
                continue
            if name is None:
                prob("term-link-target", "%s:%d %r: no glossary entry" % (rel, line, href))
                continue
            bad = [t for t in ctx if t in NOLINK_CTX]
            if bad:
                prob("term-link-in-forbidden-context", "%s:%d %r inside %s" % (rel, line, text, bad))
            if forms:
                if name not in forms:
                    # glossary shows the name as text; compare unescaped
                    prob("term-unknown-entry", "%s:%d %r entry %r" % (rel, line, text, name))
                elif fold(text) not in forms[name] and text not in explicit:
                    prob("term-link-wrong-term", "%s:%d text %r linked to %r" % (rel, line, text, name))
    # search index / terms js: parse the JSON arguments, check urls
    jsfiles = [r for r in files if r.endswith(".js") and (r.startswith("search") or r.startswith("_terms"))]
    for rel in jsfiles:
        with open(files[rel], encoding="utf-8") as f:
            t = f.read()
        m = re.match(r"^[\w.]+\((.*)\);?\s*$", t, re.S)
        if not m:
            prob("js-shape", rel)
            continue
        try:
            args = json.loads("[" + m.group(1) + "]")
        except Exception as e:
            prob("js-json", "%s: %s" % (rel, e))
            continue
        if "</script" in t.lower():
            pass  # external file: harmless
        if "shard-" in rel:
            pages = args[2]
            for sec in args[3]:
                url = pages[sec[0]][0]
                tgt, _, err = resolve("x.html", url)
                if err:
                    prob("search-url", "%s: %s %s" % (rel, url, err))
                elif sec[1] and sec[1] not in idsets.get(tgt, ()):
                    prob("search-anchor", "%s: %s#%s" % (rel, url, sec[1]))
    # files from outside content
    cfiles = collections.defaultdict(set)
    for dp, dn, fn in os.walk(content, followlinks=False):
        for f in fn:
            p = os.path.join(dp, f)
            if os.path.islink(p):
                continue
            cfiles[f].add(os.path.getsize(p))
    for rel, p in files.items():
        if rel.endswith((".html", ".js", ".css", ".zip", ".epub", ".xml", ".webmanifest", ".coursebook-build", ".pdf")) \
                or rel.startswith("_theme/"):
            if not rel.endswith(".pdf"):
                continue
        b = os.path.basename(rel)
        if b not in cfiles or os.path.getsize(p) not in cfiles[b]:
            prob("foreign-file", rel)
    print("pages %d, files %d, relative urls %d, term links %d" % (len(parsed), len(files), nlinks, nterm))
    for k, v in sorted(problems.items()):
        print("== %s: %d" % (k, len(v)))
        for x in v[:maxrep]:
            print("   " + x)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

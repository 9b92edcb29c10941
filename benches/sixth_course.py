#!/usr/bin/env python3
"""Sixth, independent course generator for coursebook (written from docs/FORMAT.md + README only).

usage: sixth_course.py SHAPE OUT --chapters N [--seed S]
SHAPE: long | english | exercise | links | huge
Writes OUT/coursebook (the course), OUT/mdbook (mdBook copy with SUMMARY.md), OUT/hugo (Hugo copy),
and OUT/manifest.json (terms and their written forms).
"""
import argparse, json, os, random, re, shutil, struct, zlib

ZH = ("客户服务沟通技巧售前咨询中后投诉处理关系维护物流退货换款评价满意度忠诚回访关怀情绪安抚赔偿"
      "订单支付发票库存商品详情页规格尺码品牌质量包装运输签收拒收延迟地址核对话术语气态度倾听")
ZH = "".join(dict.fromkeys(ZH))
FILL = ("在实际工作中，我们需要把握顾客的真实需求，并在合理的成本之内给出清楚、可靠的答复。"
        "每一次对话都应当留下记录，方便同事接手时了解前面的情况。")
EN_A = ["adaptive", "billing", "cargo", "delta", "elastic", "fiscal", "global", "hybrid", "inbound",
        "joint", "kinetic", "lateral", "modular", "nominal", "outbound", "primary", "quality",
        "retail", "service", "tiered", "unified", "vendor", "weighted", "yield", "zonal",
        "agile", "basic", "central", "direct", "early"]
EN_B = ["ledger", "margin", "channel", "queue", "ticket", "refund", "return", "audit", "budget",
        "carrier", "dispatch", "forecast", "invoice", "journal", "metric", "notice", "order",
        "parcel", "quota", "review", "survey", "tariff", "voucher", "warranty", "window",
        "backlog", "contract", "buffer", "report", "policy"]
EN_C = ["index", "score", "rate", "level", "cycle", "model", "plan", "check", "log", "flow"]
EN_WORDS = ("the agent should record every request and answer it in a clear and friendly way so that "
            "a colleague can pick up the case later without asking the customer again").split()

PNG = None


def png_bytes():
    global PNG
    if PNG is None:
        def chunk(t, d):
            return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
        raw = b"\x00\xff\x00\x00"
        PNG = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
               + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return PNG


MARKUP = set("*_~[]<>`!\\&|\n")


def markup_count(s):
    return sum(1 for c in s if c in MARKUP)


class Gen:
    def __init__(self, shape, n, seed, modules=None):
        self.shape, self.n, self.r = shape, n, random.Random(seed)
        self.nmods_override = modules
        self.lang = "en" if shape == "english" else "zh-CN"
        self.terms = []  # dicts: name, en, aliases, level, id, chapter
        self.forms = set()

    # ---------- terms ----------
    def zh_name(self):
        while True:
            k = self.r.choice([2, 3, 3, 4, 4, 5])
            s = "".join(self.r.choice(ZH) for _ in range(k))
            if s not in self.forms:
                return s

    def en_name(self, i):
        # deterministic unique multi-word names; some overlap as prefixes of others
        a = EN_A[i % len(EN_A)]
        b = EN_B[(i // len(EN_A)) % len(EN_B)]
        c = EN_C[(i // (len(EN_A) * len(EN_B))) % len(EN_C)]
        return f"{a} {b} {c}" if i >= len(EN_A) * len(EN_B) else f"{a} {b}"

    def make_terms(self, count, chapters):
        for i in range(count):
            ch = chapters[i % len(chapters)]
            t = {"chapter": ch["key"], "level": self.r.choice([1, 2, 3])}
            if self.lang == "en":
                name = self.en_name(i)
                t["name"] = name
                al = []
                pl = name + "s"
                if pl.lower() not in self.forms:
                    al.append(pl)
                if i % 3 == 0:
                    ab = "".join(w[0] for w in name.split()).upper() + str(i)
                    al.append(ab)
                t["aliases"] = al
                t["en"] = None
            else:
                name = self.zh_name()
                t["name"] = name
                t["en"] = f"Term {i} {self.r.choice(EN_B).title()}" if i % 2 == 0 else None
                t["aliases"] = [name + "的做法"] if i % 5 == 0 else []
            if i % 7 == 0:
                t["id"] = f"t-{i}-x"
            for f in [t["name"], t["en"]] + t["aliases"]:
                if f:
                    assert f.lower() not in self.forms, f
                    self.forms.add(f.lower())
            t["idx"] = i
            self.terms.append(t)
            ch.setdefault("terms", []).append(t)

    # ---------- structure ----------
    def plan(self):
        n, s = self.n, self.shape
        if s == "huge":
            nmods = 1
        elif s == "long":
            nmods = 3
        else:
            nmods = max(2, n // 100) if s != "links" else max(3, n // 200)
        if self.nmods_override:
            nmods = self.nmods_override
        per = [n // nmods + (1 if i < n % nmods else 0) for i in range(nmods)]
        mods, k = [], 0
        for m in range(nmods):
            slug = f"m{m+1}" if s != "links" or m % 2 else f"模块 {m+1}"
            mod = {"folder": f"{m+1:02d}-{slug}", "title": f"模块 {m+1}" if self.lang != "en" else f"Module {m+1}",
                   "chapters": []}
            width = len(str(per[m]))
            for c in range(per[m]):
                if s == "links" and c % 5 == 1:
                    stem = f"第 {c+1} 章"
                elif s == "links" and c % 5 == 3:
                    stem = f"章节{c+1}"
                else:
                    stem = f"chapter-{c+1}"
                fn = f"{c+1:0{width}d}-{stem}.md"
                ch = {"mod": mod, "file": fn, "key": f"{mod['folder']}/{fn}", "i": k,
                      "title": (f"第 {k+1} 章 内容" if self.lang != "en" else f"Chapter {k+1}")}
                mod["chapters"].append(ch)
                k += 1
            mods.append(mod)
        self.mods = mods
        self.chapters = [c for m in mods for c in m["chapters"]]
        # sizes
        for ch in self.chapters:
            ch["size"] = {"long": (1000, 2000), "exercise": (200, 500), "links": (300, 700)}.get(s, (1700, 2700))
            ch["size"] = self.r.randint(*ch["size"])
        if s == "long":
            nbig = max(3, n // 150)
            for ch in self.r.sample(self.chapters, nbig):
                ch["size"] = self.r.randint(100_000, 300_000)
        # headings per chapter (for links)
        for ch in self.chapters:
            hs = []
            nh = (8 if ch["size"] > 50_000 else 3) if s == "long" else 5
            for h in range(nh):
                hs.append(f"Section {h+1} Notes" if h % 2 else f"要点 {h+1}")
            hs.append("小结")
            hs.append("小结")  # repeated heading -> 小结-1
            hs.append("Main")  # page's own id -> main-1
            ch["headings"] = hs
        nterms = {"long": n // 2, "english": n, "exercise": n // 2, "links": n // 3, "huge": n}[s]
        self.make_terms(nterms, self.chapters)

    # ---------- text ----------
    def use_term(self, ch, density):
        t = self.r.choice(self.terms)
        forms = [t["name"]] + ([t["en"]] if t["en"] else []) + t["aliases"]
        f = self.r.choice(forms)
        if self.lang == "en" and self.r.random() < 0.2:
            f = f.upper() if self.r.random() < 0.5 else f.title()
        ch.setdefault("uses", set()).add(t["idx"])
        return f

    def para(self, ch, approx, density):
        out, size = [], 0
        while size < approx:
            if self.lang == "en":
                w = " ".join(self.r.choice(EN_WORDS) for _ in range(8))
                piece = w + " " + (self.use_term(ch, density) if self.r.random() < density else "") + ", "
            else:
                a = self.r.randint(0, len(FILL) - 20)
                piece = FILL[a:a + self.r.randint(8, 20)] + (self.use_term(ch, density) if self.r.random() < density else "") + "，"
            out.append(piece)
            size += len(piece.encode())
        text = "".join(out).rstrip("，, ") + ("." if self.lang == "en" else "。")
        return text

    def table(self, ch, rows):
        lines = ["| 项目 | 说明 | 数值 |", "|---|---|---:|"]
        for i in range(rows):
            lines.append(f"| 行 {i} | {self.para(ch, 40, 0.3)} | {i * 7} |")
        return "\n".join(lines)

    def code(self, i):
        return "```python\n" + "\n".join(f"def f{i}_{k}(x):\n    return x * {k}  # 客户服务 in code" for k in range(4)) + "\n```"

    def lst(self, ch, items):
        return "\n".join(f"{k+1}. {self.para(ch, 60, 0.3)}" if k % 2 else f"- {self.para(ch, 60, 0.3)}" for k in range(items))

    def quiz_blocks(self, ch, k):
        qs = []
        tnames = [t["name"] for t in ch.get("terms", [])] or [self.terms[ch["i"] % len(self.terms)]["name"]]
        for q in range(k):
            kind = q % 10
            tn = json.dumps(tnames[q % len(tnames)], ensure_ascii=False)
            idl = f"id: q{ch['i']}-{q}\n" if q % 3 == 0 else ""
            if kind == 0:
                b = f"question: 第 {ch['i']} 章 第 {q} 题：顾客嫌贵时应该怎么做？\nchoices:\n  - 马上降价\n  - 先了解顾客在意什么\n  - 不理睬\nanswer: B\nexplanation: 先弄清顾客的顾虑。\nterms: [{tn}]\n"
            elif kind == 1:
                b = f"type: 单选\nquestion: 题 {ch['i']}-{q}：哪一项**正确**？\nchoices:\n  - 选项甲\n  - 选项乙\n  - 选项丙\n  - 选项丁\nanswer: 选项丙\n"
            elif kind == 2:
                b = f"question: 题 {ch['i']}-{q}：哪些做法可取？\nchoices:\n  - 倾听\n  - 争辩\n  - 道歉\n  - 记录\nanswer: [A, C, D]\nexplanation: |\n  第一段解释。\n\n  第二段解释，含 `代码`。\n"
            elif kind == 3:
                b = f"type: multiple\nquestion: 题 {ch['i']}-{q}：选出两项\nchoices: [甲, 乙, 丙]\nanswer: A、C\n"
            elif kind == 4:
                b = f"question: 题 {ch['i']}-{q}：客服可以和顾客争辩。\nanswer: 错\n"
            elif kind == 5:
                b = f"type: judge\nquestion: 题 {ch['i']}-{q}：记录对话有助于交接。\nanswer: true\nexplanation: 正确。\n"
            elif kind == 6:
                b = f"question: 题 {ch['i']}-{q}：退货期限是 ___ 天。\nanswer: [七, \"7\"]\n"
            elif kind == 7:
                b = f"type: 填空\nquestion: 题 {ch['i']}-{q}：___ 天内由 _____ 负责。\nanswer: [[七, \"7\"], 买家]\nterms: [{tn}]\n"
            elif kind == 8:
                b = f"question: 题 {ch['i']}-{q}：谈谈你对服务的理解。\nreference: 以顾客为中心，解决问题。\n"
            else:
                b = f"type: 思考\nquestion: 题 {ch['i']}-{q}：好的回访包括什么？\npoints:\n  - 时间合适\n  - 问题具体\n  - 记录结果\nexplanation: 见 [说明](https://example.org/x)。\n"
            qs.append("```quiz\n" + idl + b + "```")
        return qs

    def link_to(self, src, dst, anchor):
        sm, dm = src["mod"], dst["mod"]
        if sm is dm:
            path = dst["file"]
        else:
            path = f"../{dm['folder']}/{dst['file']}"
        if anchor is not None:
            path += "#" + anchor
        if " " in path:
            if self.r.random() < 0.5:
                return f"<{path}>"
            return path.replace(" ", "%20")
        return path

    def anchor_of(self, h, nth):
        a = re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-")
        return a + (f"-{nth}" if nth else "")

    def body(self, ch):
        s = self.shape
        parts = []
        density = {"long": 0.15, "english": 0.7, "exercise": 0.2, "links": 0.2, "huge": 0.5}[s]
        hs = ch["headings"]
        seen = {}
        target = ch["size"]
        per = max(60 if s == "long" else 200, target // len(hs))
        for hi, h in enumerate(hs):
            lvl = "##" if hi % 3 else "###"
            parts.append(f"{lvl} {h}")
            if s == "long" and ch["size"] > 50_000:
                # big chapter: lots of everything
                acc = sum(len(p.encode()) for p in parts)
                while True:
                    r = self.r.random()
                    if r < 0.15:
                        parts.append(self.table(ch, self.r.randint(5, 20)))
                    elif r < 0.25:
                        parts.append(self.code(hi))
                    elif r < 0.4:
                        parts.append(self.lst(ch, self.r.randint(5, 30)))
                    elif r < 0.45:
                        parts.append(f"#### 小节 {len(parts)}")
                    else:
                        parts.append(self.para(ch, self.r.randint(300, 1500), density))
                    acc += len(parts[-1].encode()) + 2
                    if acc >= target * (hi + 1) / len(hs):
                        break
            else:
                parts.append(self.para(ch, per, density))
            if s == "long" and hi == 1 and ch["i"] % 4 == 0:
                parts.append(self.table(ch, 3))
                parts.append(self.code(hi))
                parts.append(self.lst(ch, 4))
            if s == "links" and hi % 2 == 0:
                # many links to other chapters and headings
                ls = []
                for _ in range(4):
                    dst = self.r.choice(self.chapters)
                    k = self.r.randrange(len(dst["headings"]))
                    dh = dst["headings"][k]
                    nth = dst["headings"][:k].count(dh)
                    if dh == "Main":
                        nth = 1
                    anc = self.anchor_of(dh, nth)
                    if self.r.random() < 0.2 and dh.startswith("Section"):
                        anc = dh.replace(" ", "-")  # GitHub style with capitals
                    ls.append(f"[见 {dst['title']}]({self.link_to(ch, dst, anc)})")
                dst = self.r.choice(self.chapters)
                ls.append(f"[本章]({self.link_to(ch, dst, '')})")
                ls.append(f"[顶部](#)")
                om = self.r.choice(self.mods)
                if om is ch["mod"]:
                    ls.append("[本模块](./)")
                else:
                    f = f"../{om['folder']}/"
                    ls.append(f"[模块](<{f}>)" if " " in f else f"[模块]({f})")
                ls.append(f"[本页小结](#小结-1)")
                img = self.r.randrange(self.nimg)
                nm = self.img_name(img)
                ls.append(f"![图 {img}](<../assets/{nm}>)")
                ls.append("[外部](https://example.org/a?b=1&c=2)")
                parts.append("，".join(ls) + "。")
        if s in ("exercise",):
            parts.append("## 思考与练习")
            parts.extend(self.quiz_blocks(ch, 12))
        elif s != "long" or ch["i"] % 3 == 0:
            parts.append("## 思考与练习")
            parts.extend(self.quiz_blocks(ch, 3 if s != "exercise" else 20)[:3])
        # things that must not be linked
        if self.terms:
            t = self.terms[ch["i"] % len(self.terms)]
            parts.append(f"行内代码 `{t['name']}`，链接 [{t['name']}](https://example.org/) 和 ![{t['name']}](<../assets/{self.img_name(0)}>)。" if self.shape != "links" else f"行内代码 `{t['name']}`。")
            parts.append(f"显式链接 [另一种写法](term:{t['name']})。")
        return "\n\n".join(parts) + "\n"

    def img_name(self, i):
        return ["图 {}.png", "pic-{}.png", "示意图{}.png"][i % 3].format(i)

    def front(self, ch):
        y = [f"title: \"{ch['title']}\"", f"summary: 本章摘要 {ch['i']}"]
        if ch.get("terms"):
            y.append("terms:")
            for t in ch["terms"]:
                y.append(f"  - name: \"{t['name']}\"")
                y.append(f"    level: {t['level']}")
                if t["en"]:
                    y.append(f"    en: \"{t['en']}\"")
                if t["aliases"]:
                    y.append("    aliases: [" + ", ".join(json.dumps(a, ensure_ascii=False) for a in t["aliases"]) + "]")
                if t.get("id"):
                    y.append(f"    id: {t['id']}")
                y.append(f"    definition: 术语 {t['idx']} 的定义，一段话说明它的含义。")
                if t["idx"] > 0 and t["idx"] % 4 == 0:
                    y.append(f"    see: [\"{self.terms[t['idx'] - 1]['name']}\"]")
        return "---\n" + "\n".join(y) + "\n---\n\n"

    def write(self, out):
        cb = os.path.join(out, "coursebook")
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(os.path.join(cb, "content"))
        with open(os.path.join(cb, "book.toml"), "w") as f:
            f.write(f'[book]\ntitle = "Sixth {self.shape}"\nauthors = ["sixth"]\nlanguage = "{self.lang}"\nsrc = "content"\n')
        self.nimg = 30
        ad = os.path.join(cb, "content", "assets")
        os.makedirs(ad)
        for i in range(self.nimg):
            with open(os.path.join(ad, self.img_name(i)), "wb") as f:
                f.write(png_bytes())
        with open(os.path.join(cb, "content", "index.md"), "w") as f:
            f.write(f"---\ntitle: 首页\nsummary: 课程首页\n---\n\n欢迎学习本课程。\n")
        total = 0
        maxmk = 0
        for mod in self.mods:
            md = os.path.join(cb, "content", mod["folder"])
            os.makedirs(md)
            with open(os.path.join(md, "index.md"), "w") as f:
                f.write(f"---\ntitle: \"{mod['title']}\"\nsummary: 模块摘要\n---\n\n本模块的介绍。\n")
            for ch in mod["chapters"]:
                text = self.front(ch) + self.body(ch)
                mk = markup_count(text)
                maxmk = max(maxmk, mk)
                assert mk < 50_000, (ch["key"], mk)
                assert len(text.encode()) < 1_048_576
                total += len(text.encode())
                with open(os.path.join(md, ch["file"]), "w") as f:
                    f.write(text)
        # mdBook copy
        mb = os.path.join(out, "mdbook")
        shutil.copytree(os.path.join(cb, "content"), os.path.join(mb, "src"))
        with open(os.path.join(mb, "book.toml"), "w") as f:
            f.write('[book]\ntitle = "sixth"\nsrc = "src"\n[output.html]\n[output.html.search]\nenable = true\n')
        lines = ["# Summary", "", "[首页](index.md)", ""]
        for mod in self.mods:
            lines.append(f"- [{mod['title']}](<{mod['folder']}/index.md>)")
            for ch in mod["chapters"]:
                lines.append(f"  - [{ch['title']}](<{mod['folder']}/{ch['file']}>)")
        with open(os.path.join(mb, "src", "SUMMARY.md"), "w") as f:
            f.write("\n".join(lines) + "\n")
        # Hugo copy (as benches/compare.sh sets it up)
        hu = os.path.join(out, "hugo")
        shutil.copytree(os.path.join(cb, "content"), os.path.join(hu, "content"))
        for dp, dn, fn in os.walk(os.path.join(hu, "content")):
            if "index.md" in fn:
                os.rename(os.path.join(dp, "index.md"), os.path.join(dp, "_index.md"))
        with open(os.path.join(hu, "hugo.toml"), "w") as f:
            f.write('baseURL = "https://example.org/"\ntitle = "synthetic"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n[markup.goldmark.renderer]\nunsafe = true\n')
        os.makedirs(os.path.join(hu, "layouts", "_default"))
        with open(os.path.join(hu, "layouts", "_default", "single.html"), "w") as f:
            f.write('<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n<body><nav><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></nav><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n')
        with open(os.path.join(hu, "layouts", "_default", "list.html"), "w") as f:
            f.write('<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n<body><main><h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n')
        man = {"shape": self.shape, "chapters": self.n, "markdown_bytes": total, "max_markup": maxmk,
               "terms": [{"name": t["name"], "en": t["en"], "aliases": t["aliases"], "id": t.get("id"),
                          "chapter": t["chapter"], "used": any(t["idx"] in c.get("uses", ()) for c in self.chapters)}
                         for t in self.terms]}
        with open(os.path.join(out, "manifest.json"), "w") as f:
            json.dump(man, f, ensure_ascii=False)
        print(f"{self.shape} {self.n}: {total/1e6:.1f} MB markdown, {len(self.terms)} terms, max markup/file {maxmk}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shape", choices=["long", "english", "exercise", "links", "huge"])
    ap.add_argument("out")
    ap.add_argument("--chapters", type=int, default=600)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--modules", type=int, default=None, help="override the shape's number of modules")
    a = ap.parse_args()
    g = Gen(a.shape, a.chapters, a.seed, a.modules)
    g.plan()
    g.write(a.out)


if __name__ == "__main__":
    main()

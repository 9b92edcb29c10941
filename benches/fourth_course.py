#!/usr/bin/env python3
"""fourth_course.py - an independent course generator for coursebook, written from
docs/FORMAT.md only.  Standard library only; deterministic for a given --seed.

Usage: fourth_course.py OUT_DIR [options]     (see --help)

Writes OUT_DIR/book.toml, OUT_DIR/content/..., and OUT_DIR/manifest.json (outside content/,
for the checker: terms and their forms, injected dangerous strings, settings).
"""
import argparse
import json
import os
import random
import shutil
import sys
import unicodedata
import urllib.parse

# Fill-in questions by kind number: (type written or None, the blanks, the answer as YAML).
FILL_INS = {
    7: (None, " 七天___退货，___天换货", "[[七, \"7\"], 十五]"),
    8: ("填空", " 编号是 ______ 号，价格 ___ 元", "[\"007\", \"1.50\"]"),
    9: (None, " 答案是 ___ 。", "[七, \"7\", Ｓｅｖｅｎ]"),
}

CJK_NAME = ("客服沟通技巧满意度投诉处理售前售后物流退货换货议价订单评价关系维护顾客需求价值说明"
            "倾听表达情绪安抚承诺跟进回访忠诚会员积分优惠活动促销库存发票支付退款"
            "质量保证责任流程规范礼貌用语态度耐心效率响应记录归档升级主管协调方案补偿赔偿"
            "信任口碑推荐复购流失挽回预警分析报告数据指标目标计划执行反馈改进培训考核标准")
CJK_FILL = ("在日常工作中我们应当认真对待每一位来访者并且按照要求完成各项任务同时注意"
            "细节以便提升整体水平这样才能让对方感到安心和放心从而建立长期良好的合作基础"
            "例如遇到突发情况时先稳定局面再寻找合适办法最后总结经验教训避免重复发生")
EN_WORDS = ("service customer value quality order refund delivery promise trust loyalty "
            "feedback channel response ticket escalation empathy policy warranty invoice "
            "discount member reward retention churn survey metric target process standard "
            "courtesy patience efficiency record archive review coaching audit benchmark "
            "inventory payment shipment return exchange complaint praise referral upsell "
            "onboarding handover backlog priority severity resolution summary insight").split()
EN_FILL = ("the team should always check each request carefully and reply within the agreed "
           "time so that every customer feels heard while the agent keeps a clear record of "
           "what was promised and what was done next").split()

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

LEVEL_SPELLINGS = {1: ["1", '"★"', "了解", "know"], 2: ["2", '"★★"', "理解", "understand"],
                   3: ["3", '"★★★"', "掌握", "master"]}

# Strings that must never reach the HTML unescaped (checker searches for them raw).
DANGER = [
    '</script><script>alert("T9")</script>',
    '"><img src=x onerror=alert(10)>',
    "'-alert(21)-'",
    "{{ 7*7 }} {% raw %}",
]

# Adversarial terms: (name, en, aliases, level, extra)
ODD_TERMS = [
    ("C# & C++", "C sharp and C plus plus", ["C♯ 语言"], 3, {}),
    ("x<y> & \"q\"", None, ["x-less-y"], 2, {}),
    ("100% 满意", "one hundred percent", ["百分百满意"], 3, {}),
    ("问题？解答！", None, ["问答（全角）"], 1, {}),
    ("路径/分隔 a/b", "path slash", [], 2, {}),
    ("🍜 拉面", "ramen bowl", ["拉麵"], 1, {}),
    ("👩‍💻", None, [], 1, {}),
    ("مرحبا سلام", "hello peace", [], 2, {}),
    (DANGER[0], None, [], 2, {}),
    ("img 注入", DANGER[1], [DANGER[2]], 2, {}),
    (DANGER[3], None, [], 1, {}),
    ("&amp; entity", None, ["&lt;tag&gt; text"], 2, {}),
    ("net promoter score", "NPS score", [], 3, {}),
    ("net promoter", None, [], 2, {}),
    ("post of", None, [], 1, {}),
    ("post", None, [], 1, {}),
    ("客户 (VIP)", "vip customer", ["[方括号] 术语"], 2, {}),
    ("C:\\路径\\文件", None, [], 1, {}),
    ("snake_case *star*", None, ["a|b pipe"], 1, {}),
    ("#hashtag", None, ["?query=1&x=2"], 1, {}),
    ("Crème brûlée", "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ", [], 2, {}),
    ("长" * 100, "L" * 100, [], 1, {}),           # exactly 100 characters: allowed
    ("手动链接术语", "manual only", [], 2, {"autolink": "false"}),
    ("带编号的术语", None, [], 3, {"id": "Term_with-ID_9"}),
    ("客户满意度", None, ["顾客满意度"], 3, {}),
    ("客户", None, [], 1, {}),
]

ODD_CHAPTER_STEMS = ["C# & C++ 入门", "100% 满意", "引号'单' 名", "emoji 🍜 章",
                     "全角（括号）：冒号？", "a+b=c;d,e@f", "[方括号]{花括号}", "amp&semi; 实体",
                     "percent%41 编码", "tilde~bang! 空格  两个"]
ODD_IMAGE_NAMES = ["空格 名字.png", "hash#tag.png", "percent%41.png", "amp&semi;.png",
                   "quote'apos.png", "paren(1).png", "emoji🍜.png", "全角：问号？.png",
                   "plus+eq=at@.png", "brackets[1]{2}.png", "tilde~bang!comma,semi;.png",
                   "UPPER.PNG", "sub dir #1/深 层.png"]


def fold_key(s):
    return unicodedata.normalize("NFKC", s).casefold()


def ystr(s):
    """A YAML double-quoted scalar (JSON is valid YAML double-quoted)."""
    return json.dumps(s, ensure_ascii=False)


def md_escape(s):
    """Escape text so Markdown renders it literally."""
    out = []
    for ch in s:
        if ch in "\\`*_{}[]()<>#+-.!|&~\"'$%=:;?@^,/":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def link_dest(path, style, frag=None):
    """path: a relative path (with '/'); frag: fragment without '#', or None. Return a Markdown link destination."""
    p = path
    frag = "" if frag is None else "#" + frag
    if style == "pct":
        return urllib.parse.quote(p, safe="/-_.~") + frag.replace(" ", "%20")
    if style == "angle":
        q = p.replace("%", "%25").replace("#", "%23").replace("&", "%26").replace("<", "%3C").replace(">", "%3E")
        return "<" + q + frag + ">"
    # "raw": only what Markdown strictly needs
    q = (p.replace("%", "%25").replace("#", "%23").replace(" ", "%20").replace("&", "%26")
         .replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E"))
    return q + frag


def term_dest(name, style):
    if style == "angle" and not any(c in name for c in "<>\n"):
        return "<term:" + name.replace("%", "%25").replace("#", "%23").replace("&", "%26") + ">"
    return "term:" + urllib.parse.quote(name, safe="-_.~")


class Ch:
    pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chapters", type=int, default=40)
    ap.add_argument("--modules", type=int, default=4, help="ordinary modules the chapters are spread over")
    ap.add_argument("--big-module", type=int, default=0, help="extra module holding this many chapters")
    ap.add_argument("--empty-modules", type=int, default=0, help="modules with an index.md and no chapter")
    ap.add_argument("--orphan-folder", action="store_true", help="a folder of chapters without index.md (warnings)")
    ap.add_argument("--chapter-bytes", type=int, default=3300, help="approximate Markdown bytes per chapter")
    ap.add_argument("--terms-per-chapter", type=float, default=1.0)
    ap.add_argument("--lang", choices=["zh-CN", "en", "default"], default="default")
    ap.add_argument("--odd", action="store_true", help="odd term names, odd file names, injected strings")
    ap.add_argument("--crlf", action="store_true")
    ap.add_argument("--bom", action="store_true")
    ap.add_argument("--quizzes", type=int, default=2, help="questions per chapter (all kinds in turn)")
    ap.add_argument("--headings", action="store_true", help="deep h2..h6 with duplicate texts")
    ap.add_argument("--table-rows", type=int, default=0)
    ap.add_argument("--footnotes", type=int, default=0)
    ap.add_argument("--images", action="store_true")
    ap.add_argument("--fm-only", type=int, default=0, help="chapters with only front matter")
    ap.add_argument("--home", action="store_true", help="write content/index.md")
    ap.add_argument("--every-term", action="store_true", help="one chapter mentions every term")
    ap.add_argument("--long-defs", type=int, default=0, help="this many terms get ~5 KB definitions")
    ap.add_argument("--md-summaries", action="store_true", help="summaries with Markdown and links")
    ap.add_argument("--link", choices=["first", "all", "none"], default="first")
    ap.add_argument("--raw-html", choices=["allow", "escape", "sanitize"], default="allow")
    ap.add_argument("--raw-html-body", action="store_true", help="put raw HTML (incl. script) in bodies")
    ap.add_argument("--answers", choices=["after-attempt", "always", "print-only"], default="after-attempt")
    ap.add_argument("--site-url", action="store_true")
    ap.add_argument("--no-downloads", action="store_true", help="[output.epub]/[output.zip] enable = false")
    args = ap.parse_args()

    R = random.Random(args.seed)
    en = args.lang == "en"
    NL = "\r\n" if args.crlf else "\n"
    out = args.out
    if os.path.exists(out):
        shutil.rmtree(out)
    content = os.path.join(out, "content")
    os.makedirs(content)

    def write_text(rel, text):
        path = os.path.join(content, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text = text.replace("\r\n", "\n").replace("\n", NL)
        data = text.encode("utf-8")
        if args.bom:
            data = b"\xef\xbb\xbf" + data
        with open(path, "wb") as f:
            f.write(data)
        return len(data)

    # ---------------------------------------------------------------- skeleton
    modules = []   # dicts: folder, slug, title, chapters (list of Ch), index(bool)
    nmod = args.modules
    width = max(2, len(str(nmod + args.empty_modules + 2)))
    counts = [args.chapters // nmod + (1 if i < args.chapters % nmod else 0) for i in range(nmod)]
    mod_specs = [("ord", c) for c in counts]
    if args.big_module:
        mod_specs.insert(min(1, len(mod_specs)), ("big", args.big_module))
    for e in range(args.empty_modules):
        mod_specs.insert(min(2 + e, len(mod_specs)), ("empty", 0))
    odd_mod_done = False
    for mi, (kind, nch) in enumerate(mod_specs):
        m = {"kind": kind, "chapters": []}
        num = str(mi + 1).zfill(width)
        if args.odd and not odd_mod_done and kind == "ord" and mi >= 1:
            stem = "售后 & 服务 #1 100%"
            odd_mod_done = True
        elif kind == "big":
            stem = "big-module"
        elif kind == "empty":
            stem = "空模块-%d" % mi
        else:
            stem = ("module-%d" % mi) if (en or mi % 2) else ("模块%d" % mi)
        if mi == 3 and kind == "ord":
            m["folder"] = stem          # no numeric prefix: order from front matter
            m["order"] = mi + 1
        else:
            m["folder"] = num + "-" + stem
            m["order"] = None
        m["title"] = ("Module %d" % (mi + 1)) if en else ("第 %d 模块 %s" % (mi + 1, R.choice(["基础", "进阶", "实践"])))
        if args.odd and mi == 0:
            m["title"] = "模块 " + DANGER[0] + " & " + DANGER[3]
        cw = max(2, len(str(nch + 1)))
        for ci in range(nch):
            c = Ch()
            c.mod = m
            c.idx = ci
            if args.odd and kind == "ord" and ci < len(ODD_CHAPTER_STEMS) and mi <= 2:
                cstem = ODD_CHAPTER_STEMS[(ci + mi * 3) % len(ODD_CHAPTER_STEMS)]
                # keep names unique within a module
                if any(x.stem == cstem for x in m["chapters"]):
                    cstem = cstem + " %d" % ci
            else:
                cstem = ("chapter-%d" % ci) if (en or ci % 3) else ("第%d章-内容" % ci)
            c.stem = cstem
            if ci == 1 and nch > 3:
                c.fname = "%d-%s.md" % (ci + 1, cstem)  # single-digit style prefix "2-"
            elif ci == 2 and nch > 3:
                c.fname = "%s.md" % cstem            # no prefix, order: in front matter
                c.order = ci + 1
            else:
                c.fname = "%s-%s.md" % (str(ci + 1).zfill(cw), cstem)
            if not hasattr(c, "order"):
                c.order = None
            c.path = m["folder"] + "/" + c.fname
            c.anchor_text = ("Target %dx%d Alpha" % (mi, ci)) if en else ("目标 %dx%d 小节" % (mi, ci))
            c.anchor_id = c.anchor_text.lower().replace(" ", "-")
            c.fm_only = False
            c.terms = []
            m["chapters"].append(c)
        modules.append(m)
    if args.orphan_folder:
        modules.append({"kind": "orphan", "folder": "99-草稿 no index", "chapters": [], "order": None,
                        "title": None})
    chapters = [c for m in modules for c in m["chapters"] if m["kind"] != "orphan"]
    for gi, c in enumerate(chapters):
        c.gidx = gi
    # chapters with only front matter
    fm_only = R.sample(chapters[1:], min(args.fm_only, max(0, len(chapters) - 1))) if args.fm_only else []
    for c in fm_only:
        c.fm_only = True
    body_chapters = [c for c in chapters if not c.fm_only]

    # ---------------------------------------------------------------- terms
    used_forms = set()
    terms = []

    def add_term(name, en_name, aliases, level, extra, owner):
        forms = [name] + ([en_name] if en_name else []) + list(aliases)
        for f in forms:
            k = fold_key(f)
            if k in used_forms:
                return None
        for f in forms:
            used_forms.add(fold_key(f))
        t = {"name": name, "en": en_name, "aliases": list(aliases), "level": level,
             "extra": dict(extra), "owner": owner, "idx": len(terms)}
        terms.append(t)
        owner.terms.append(t)
        return t

    if args.odd:
        for k, (name, en_name, aliases, level, extra) in enumerate(ODD_TERMS):
            owner = body_chapters[(k * 7) % len(body_chapters)]
            add_term(name, en_name, aliases, level, extra, owner)
    n_terms = int(round(args.terms_per_chapter * len(chapters)))
    tries = 0
    while len(terms) < n_terms and tries < n_terms * 50:
        tries += 1
        owner = chapters[len(terms) % len(chapters)] if args.terms_per_chapter >= 1 else R.choice(chapters)
        if en:
            name = " ".join(R.choice(EN_WORDS) for _ in range(R.choice([2, 2, 3])))
            en_name = None
            aliases = [name + " " + R.choice(EN_WORDS)] if R.random() < 0.3 else []
        else:
            name = "".join(R.choice(CJK_NAME) for _ in range(R.choice([2, 3, 3, 4, 4, 5, 6])))
            en_name = " ".join(R.choice(EN_WORDS) for _ in range(R.choice([2, 3, 4]))) if R.random() < 0.6 else None
            aliases = ["".join(R.choice(CJK_NAME) for _ in range(4))] if R.random() < 0.3 else []
        add_term(name, en_name, aliases, R.choice([1, 2, 3]), {}, owner)
    # see-also: cycles of 3 and a long chain
    for i in range(0, len(terms) - 2, 3):
        a, b, c = terms[i], terms[i + 1], terms[i + 2]
        a["see"] = [b["name"]]
        b["see"] = [c["name"]]
        c["see"] = [a["name"]]
    if len(terms) > 40:
        for i in range(len(terms) - 30, len(terms) - 1):
            terms[i].setdefault("see", []).append(terms[i + 1]["name"])
    long_def_terms = set(R.sample(range(len(terms)), min(args.long_defs, len(terms))))

    def gidx_of(c):
        return c.gidx

    def form_in_text(form):
        return md_escape(form) if any(ch in form for ch in "\\`*_{}[]()<>#+-.!|&~\"'$%=:;?@^,/") else form

    # ---------------------------------------------------------------- text helpers
    def filler(nbytes):
        if en:
            words = [R.choice(EN_FILL) for _ in range(max(3, nbytes // 6))]
            s = " ".join(words)
            return s[0].upper() + s[1:] + "."
        n = max(4, nbytes // 3)
        s = "".join(R.choice(CJK_FILL) for _ in range(n))
        # break into clauses
        parts = [s[i:i + R.randint(8, 20)] for i in range(0, len(s), 14)]
        return "，".join(parts) + "。"

    def rel(frm, to):
        """relative source path from chapter file frm to file to (both content-relative)."""
        return os.path.relpath(to, os.path.dirname(frm) or ".").replace(os.sep, "/")

    styles = ["pct", "angle", "raw"]

    def term_mention(t, frm_ch, k):
        forms = [t["name"]] + ([t["en"]] if t["en"] else []) + t["aliases"]
        f = forms[k % len(forms)]
        if t["extra"].get("autolink") == "false" or k % 5 == 4:
            # explicit link, text carries a marker the checker maps back to the term
            return "[⟨T%d⟩](%s)" % (t["idx"], term_dest(f, styles[k % 3]))
        if en or not all("\u4e00" <= ch <= "\u9fff" for ch in f):
            return " " + form_in_text(f) + " "
        return form_in_text(f)

    def uses_for(c, n):
        pool = [t for t in terms if t["owner"] is not c]
        if not pool:
            return []
        return [R.choice(pool) for _ in range(n)]

    # guaranteed use of each term in another chapter
    extra_uses = {}
    for t in terms:
        cands = body_chapters
        if len(cands) > 1:
            u = cands[(gidx_of(t["owner"]) + 1 + t["idx"] % 3) % len(cands)]
            if u is t["owner"]:
                u = cands[(cands.index(u) + 1) % len(cands)]
            extra_uses.setdefault(id(u), []).append(t)

    images = []
    if args.images:
        names = ODD_IMAGE_NAMES if args.odd else ["logo.png", "图 1.png", "diagram-2.png"]
        for nm in names:
            p = os.path.join(content, "assets", nm)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(PNG_1x1)
            images.append("assets/" + nm)
        with open(os.path.join(content, "assets", "讲义 #1 & 附件 100%.txt"), "w", encoding="utf-8") as f:
            f.write("attachment\n")
        images_files = ["assets/讲义 #1 & 附件 100%.txt"]
    else:
        images_files = []

    qcount = [0]

    def quiz_block(c, k, tlist):
        qcount[0] += 1
        kind = k % 12
        q = {}
        tag = "%s-%d" % (c.anchor_id, k)
        lines = []
        def kv(key, val):
            lines.append("%s: %s" % (key, val))
        term_names = [t[f] for t in tlist[:2] for f in ["name"]] if tlist else []
        tq = ("第 %d 题（%s）" % (k + 1, tag)) if not en else ("Question %d (%s)" % (k + 1, tag))
        if kind == 0:
            kv("question", ystr(tq + " 顾客嫌贵时先做什么？ \\<script\\>不是标签\\</script\\>"))
            lines.append("choices:")
            for ch in ["马上降价", "先了解顾客在意什么", "> 60 分", "1. 不一定", "- 不确定", "# 号键"]:
                lines.append("  - " + ystr(ch))
            kv("answer", "B")
            kv("explanation", ystr("先弄清顾虑。**重点** 见 [说明](https://example.org/?a=1&b=2)。"))
        elif kind == 1:
            kv("type", "单选")
            kv("question", ystr(tq + " which one & why \\<b\\>?"))
            kv("choices", "[甲 & 乙, \"丙 & 丁\", '丁 \"x\"']")
            kv("answer", ystr("丙 & 丁"))
        elif kind == 2:
            kv("question", ystr(tq + " 哪些正确？"))
            kv("choices", "[一, 二, 三, 四]")
            kv("answer", "[A, C]")
        elif kind == 3:
            kv("type", "multiple")
            kv("question", ystr(tq + " 选两个"))
            kv("choices", "[a, b, c]")
            kv("answer", "AC")
        elif kind == 4:
            kv("type", "多选")
            kv("question", ystr(tq + " 选出全部"))
            kv("choices", "[红, 绿, 蓝, 黄]")
            kv("answer", "A、C、D")
        elif kind == 5:
            kv("question", ystr(tq + " 这句话对吗？"))
            kv("answer", R.choice(["对", "错"]))
            kv("explanation", "|\n  第一段解释，*强调*。\n\n  第二段解释，含 `code` 与 &amp; 实体。")
        elif kind == 6:
            kv("type", "judge")
            kv("question", ystr(tq + " true or false?"))
            kv("answer", R.choice(["true", "false", "正确", "错误"]))
        elif kind in FILL_INS:
            qtype, blanks, answer = FILL_INS[kind]
            if qtype:
                kv("type", qtype)
            kv("question", ystr(tq + blanks))
            kv("answer", answer)
        elif kind == 10:
            kv("type", "思考")
            kv("question", ystr(tq + " 你会怎么做？"))
            kv("reference", ystr("先倾听，再说明。含 <tag> 与 & 符号。"))
        else:
            kv("question", ystr(tq + " 列出要点"))
            lines.append("points:")
            for p in ["倾听", "共情 & 说明", "跟进 \"回访\""]:
                lines.append("  - " + ystr(p))
        if k % 4 == 0 and k < 40:
            kv("id", "q_%d-%d" % (k, qcount[0]))
        if tlist:
            kv("terms", "[" + ", ".join(ystr(t["name"]) for t in tlist[:2]) + "]")
        return "```quiz\n" + "\n".join(lines) + "\n```\n"

    # ---------------------------------------------------------------- chapters
    total = 0
    chap_by_id = {id(c): c for c in chapters}
    every_term_ch = body_chapters[len(body_chapters) // 2] if args.every_term and body_chapters else None
    for ci_global, c in enumerate(chapters):
        m = c.mod
        fm = ["---"]
        title = ("Chapter %d.%d" % (gidx_of(c), c.idx)) if en else ("第 %d 章 %s" % (c.idx + 1, R.choice(["概述", "实践", "案例", "方法"])))
        if args.odd and ci_global % 5 == 1:
            title = title + " " + DANGER[(ci_global // 5) % len(DANGER)]
        fm.append("title: " + ystr(title))
        if c.order is not None:
            fm.append("order: %d" % c.order)
        if args.md_summaries and ci_global % 2 == 0:
            sib = m["chapters"][(c.idx + 1) % len(m["chapters"])]
            fm.append("summary: " + ystr("**重点**：`代码` 与 [外链](https://example.org/?a=1&b=2) 及 [下一章](%s) & <本>" % (
                link_dest(sib.fname, "raw", None if sib.fm_only else sib.anchor_id))))
        elif ci_global % 3 == 0:
            fm.append("summary: " + ystr(filler(60).rstrip("。.")))
        if c.terms:
            fm.append("terms:")
            for t in c.terms:
                fm.append("  - name: " + ystr(t["name"]))
                lv = t["level"]
                fm.append("    level: " + LEVEL_SPELLINGS[lv][t["idx"] % 4])
                if t["en"]:
                    fm.append("    en: " + ystr(t["en"]))
                if t["aliases"]:
                    fm.append("    aliases: [" + ", ".join(ystr(a) for a in t["aliases"]) + "]")
                if "id" in t["extra"]:
                    fm.append("    id: " + t["extra"]["id"])
                if t["idx"] in long_def_terms:
                    fm.append("    definition: >")
                    # a 5 KB folded paragraph with inline markup
                    for j in range(25):
                        seg = filler(180).replace("\n", " ")
                        if j == 3:
                            seg += " **粗体** *斜体* `code & <x>` [外链](https://example.org/a?b=1&c=2)"
                        if j == 5 and len(chapters) > 1:
                            tgt = chapters[(gidx_of(c) + 3) % len(chapters)]
                            seg += " [相关章节](%s%s)" % (link_dest(rel(c.path, tgt.path), "pct"), "" if tgt.fm_only else "#" + urllib.parse.quote(tgt.anchor_id))
                        fm.append("      " + seg)
                else:
                    d = filler(90)
                    if args.odd and t["idx"] % 2 == 0 and len(chapters) > 1:
                        tgt = chapters[(gidx_of(c) + 1) % len(chapters)]
                        d += " 见 [相关章节](%s) 与 `<code>` & 5 > 3。" % link_dest(rel(c.path, tgt.path), "angle", None if tgt.fm_only else tgt.anchor_id)
                    fm.append("    definition: " + ystr(d))
                if t.get("see"):
                    fm.append("    see: [" + ", ".join(ystr(s) for s in t["see"]) + "]")
                if t["extra"].get("autolink"):
                    fm.append("    autolink: " + t["extra"]["autolink"])
        fm.append("---")
        body = []
        if not c.fm_only:
            k = 0
            use = extra_uses.get(id(c), []) + uses_for(c, 6)
            para = []
            body.append("\n".join(fm))
            body.append("")
            for t in use:
                para.append(filler(40))
                para.append(term_mention(t, c, k))
                k += 1
            body.append("".join(para))
            body.append("")
            body.append("## " + c.anchor_text)
            body.append("")
            # links to other chapters, with anchors, empty anchors, module pages, assets
            if len(chapters) > 1:
                for j in range(3):
                    tgt = chapters[(gidx_of(c) + 1 + j * 7) % len(chapters)]
                    st = styles[(j + ci_global) % 3]
                    r = rel(c.path, tgt.path)
                    if j == 0:
                        body.append("见 [%s](%s)，" % (md_escape(tgt.stem), link_dest(r, st, None if tgt.fm_only else tgt.anchor_id)))
                    elif j == 1:
                        body.append("整章见 [这里](%s)；" % link_dest(r, st, ""))
                    else:
                        body.append("模块页 [模块](%s)；本页顶部 [顶部](#)。" % link_dest(rel(c.path, tgt.mod["folder"] + "/index.md"), st))
                body.append("")
            if images and ci_global % 2 == 0:
                for j, im in enumerate(images):
                    st = styles[(j + ci_global) % 3]
                    body.append("![图 %d %s](%s)" % (j, md_escape(terms[j % len(terms)]["name"]) if terms else "", link_dest(rel(c.path, im), st)))
                for fl in images_files:
                    body.append("下载 [附件](%s)。" % link_dest(rel(c.path, fl), styles[ci_global % 3]))
                body.append("")
            if args.odd and ci_global == 0:
                body.append("### Q&A: 退货？")
                body.append("")
                body.append("标点标题的锚点 [自身](#qa-退货)。")
                body.append("")
                body.append("Leftmost-longest: net promoter scores; post often; 客户满意度很高; 客户们。")
                body.append("")
                body.append("代码里不链接：`C# & C++` 与 `net promoter score`。")
                body.append("")
                body.append("```")
                body.append("C# & C++ net promoter score 客户满意度")
                body.append("```")
                body.append("")
                body.append("[链接里的 net promoter score](https://example.org/nps) 不再链接。")
                body.append("")
                body.append("![图中的 net promoter score](%s)" % (link_dest(rel(c.path, images[0]), "pct") if images else "https://example.org/x.png"))
                body.append("")
            if args.headings:
                for rep in range(3):
                    for lvl in range(2, 7):
                        body.append("#" * lvl + " " + ("小结" if lvl % 2 else "Example") + (" " + form_in_text(terms[rep]["name"]) if terms and lvl == 3 else ""))
                        body.append("")
                        body.append(filler(60))
                        body.append("")
            if args.table_rows:
                body.append("| # | 名称 | 说明 \\| 管道 | 术语 |")
                body.append("|---|---|---|---|")
                for r_ in range(args.table_rows):
                    t = R.choice(terms) if terms else None
                    body.append("| %d | %s | %s | %s |" % (r_, filler(12).rstrip("。."), "a \\| b & \\<c\\>", (form_in_text(t["name"]) if t else "")))
                body.append("")
            if args.footnotes:
                fn = []
                for j in range(args.footnotes):
                    body.append(filler(30) + "[^n%d]" % j)
                    fn.append("[^n%d]: 注释 %d，含 **粗体** 与 [外链](https://example.org/%d)。" % (j, j, j))
                body.append("")
                body.extend(fn)
                body.append("")
            if args.raw_html_body and ci_global % 4 == 0:
                body.append('<div class="raw-ok">原始 <b>HTML</b> 块</div>')
                body.append("")
                body.append('行内 <kbd>Ctrl</kbd> 与 <span onclick="alert(\'RAW1\')">事件</span>。')
                body.append("")
                body.append("<script>alert('RAWSCRIPT')</script>")
                body.append("")
                body.append("<details><summary>展开</summary>")
                body.append("")
                body.append("里面的 **Markdown** 段落。")
                body.append("")
                body.append("</details>")
                body.append("")
            if c is every_term_ch:
                body.append("## 全部术语")
                body.append("")
                line = []
                for t in terms:
                    if t["extra"].get("autolink") == "false":
                        continue
                    line.append(("" if en else "、") + term_mention(t, c, 1).strip())
                    if len(line) >= 20:
                        body.append(" ".join(line) + "。")
                        body.append("")
                        line = []
                if line:
                    body.append(" ".join(line))
                    body.append("")
            # fill up to the target size
            cur = sum(len(x.encode()) for x in body)
            while cur < args.chapter_bytes - 400:
                p = filler(min(600, args.chapter_bytes - cur))
                if terms and R.random() < 0.5:
                    p += term_mention(R.choice(terms), c, k)
                    k += 1
                body.append(p)
                body.append("")
                cur += len(p.encode()) + 1
            if args.quizzes:
                body.append("## 思考与练习" if not en else "## Exercises")
                body.append("")
                for qk in range(args.quizzes):
                    tl = [R.choice(terms)] if terms and qk % 3 == 0 else []
                    body.append(quiz_block(c, qk + ci_global, tl))
            text = "\n".join(body) + "\n"
        else:
            text = "\n".join(fm) + "\n"
        total += write_text(c.path, text)

    # ---------------------------------------------------------------- module and home pages
    for mi, m in enumerate(modules):
        if m["kind"] == "orphan":
            for j in range(3):
                total += write_text(m["folder"] + "/%02d-draft.md" % (j + 1), "---\ntitle: 草稿 %d\n---\n\n草稿。\n" % j)
            continue
        fm = ["---", "title: " + ystr(m["title"])]
        if m["order"] is not None:
            fm.append("order: %d" % m["order"])
        if args.md_summaries and m["chapters"]:
            fm.append("summary: " + ystr("本模块 **%d** 章，从 [第一章](%s) 开始 & `code`" % (
                len(m["chapters"]), link_dest(m["chapters"][0].fname, "pct"))))
        else:
            fm.append("summary: " + ystr("模块 %d 的摘要" % mi))
        fm.append("---")
        txt = "\n".join(fm) + "\n\n" + filler(200) + "\n"
        if images and mi == 0:
            txt += "\n![模块图](%s)\n" % link_dest(rel(m["folder"] + "/index.md", images[1 % len(images)]), "pct")
        total += write_text(m["folder"] + "/index.md", txt)
        m["title_done"] = True
    if args.home:
        first = chapters[0]
        txt = "---\ntitle: %s\nsummary: %s\n---\n\n%s\n\n从 [第一章](%s) 开始。\n" % (
            ystr("课程首页 " + (DANGER[1] if args.odd else "")),
            ystr("首页摘要 **粗体** [第一章](%s)" % link_dest(first.path, "pct")),
            filler(300), link_dest(first.path, "angle", first.anchor_id))
        if images:
            txt += "\n![首页图](%s)\n" % link_dest(images[0], "raw")
        total += write_text("index.md", txt)

    # ---------------------------------------------------------------- book.toml
    toml = ["[book]"]
    toml.append("title = " + json.dumps("课程 <i>&amp;</i> \"Q\" 'A' {{ 7*7 }}" if args.odd else "测试课程 fourth", ensure_ascii=False))
    toml.append("authors = " + json.dumps(["作者 <b>甲</b> & \"乙\""] if args.odd else ["作者甲"], ensure_ascii=False))
    toml.append("description = " + json.dumps("课程简介，**粗体** 与 [外链](https://example.org/?x=1&y=2) & <不是标签>", ensure_ascii=False))
    if args.lang != "default":
        toml.append('language = "%s"' % args.lang)
    toml.append("")
    toml.append("[glossary]")
    toml.append('link = "%s"' % args.link)
    toml.append("")
    toml.append("[output.html]")
    toml.append('raw-html = "%s"' % args.raw_html)
    if args.site_url:
        toml.append('site-url = "https://example.org/课程 & co/"')
        toml.append('edit-url-template = "https://github.com/OWNER/REPO/edit/main/{path}"')
    toml.append("")
    toml.append("[exercises]")
    toml.append('answers = "%s"' % args.answers)
    if args.no_downloads:
        toml += ["", "[output.epub]", "enable = false", "", "[output.zip]", "enable = false"]
    toml += ["", "[search]", 'synonyms = [["讨价还价", "砍价", "还价"], ["C# & C++", "西沙普"], ["100%", "百分百"]]']
    with open(os.path.join(out, "book.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(toml) + "\n")

    manifest = {
        "args": vars(args),
        "markdown_bytes": total,
        "chapters": len(chapters),
        "terms": [{"name": t["name"], "en": t["en"], "aliases": t["aliases"], "idx": t["idx"],
                   "id": t["extra"].get("id"), "autolink": t["extra"].get("autolink") != "false"}
                  for t in terms],
        "danger": DANGER if args.odd else [],
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False)
    print("wrote %s: %d chapters, %d modules, %d terms, %d questions, %.2f MB Markdown" % (
        out, len(chapters), len([m for m in modules if m["kind"] != "orphan"]), len(terms), qcount[0], total / 1e6))


if __name__ == "__main__":
    main()

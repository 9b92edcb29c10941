#!/usr/bin/env python3
"""Independent course generator for coursebook (written from docs/FORMAT.md only).

Modes:
  scale    --chapters N   one huge module + a few large ones + many tiny ones, dense terms
  feature  --lang zh-CN|en  hand-made edge cases: headings, term contexts, cross links,
                            assets with spaces/CJK/#/%, injection strings
Writes DIR/book.toml, DIR/content/..., and DIR/expect.json (terms and their forms) for check.py.
"""
import argparse, json, os, random, sys

CJK = ("客户服务沟通售前售中售后投诉处理关系维护满意度忠诚评价物流退货换货价格议价礼貌倾听"
       "回应情绪安抚承诺跟进记录系统订单库存发货签收包装质量保修赔偿优惠活动会员积分推荐"
       "問題處理說明顧客體驗質詢應對協調")
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのアイウエオカキクケコサシスセソ"
HANGUL = "고객서비스상담응대만족불만처리관계유지"
SYL = ["ka", "lo", "mi", "ren", "sto", "vel", "qua", "dri", "mon", "pex", "tor", "lin", "sa",
       "bru", "fen", "gal", "hox", "jun", "nib", "ost", "plu", "rav", "sel", "tiv", "ume", "wex"]
FWPUNCT = "，。、；：？！“”‘’（）【】《》…—"


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.used_forms = set()

    def cjk(self, n, pool=CJK):
        return "".join(self.r.choice(pool) for _ in range(n))

    def word(self):
        return "".join(self.r.choice(SYL) for _ in range(self.r.randint(2, 3)))

    def uniq(self, fn):
        for _ in range(1000):
            s = fn()
            k = s.lower()
            if k not in self.used_forms and len(s) <= 100:
                self.used_forms.add(k)
                return s
        raise RuntimeError("no unique form")


def w(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def yq(s):
    """YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------- scale course

def scale(args):
    g = Gen(args.seed)
    r = g.r
    N = args.chapters
    nterms = args.terms or int(N * 0.75)
    nmod = args.modules or max(4, int(N * 0.075))
    # module sizes: one huge (55%), two of 401..450, the rest tiny (1..9) summing up
    huge = int(N * 0.55)
    sizes = [huge]
    rest = N - huge
    if N >= 3000:
        for _ in range(2):
            s = r.randint(401, 450)
            sizes.append(s)
            rest -= s
    ntiny = nmod - len(sizes)
    tiny = [1] * ntiny
    extra = rest - ntiny
    while extra > 0:
        i = r.randrange(ntiny)
        if tiny[i] < 9 or r.random() < 0.05:
            tiny[i] += 1
            extra -= 1
    sizes += tiny
    r.shuffle(sizes)

    # terms
    terms = []
    for i in range(nterms):
        kind = r.random()
        t = {}
        if kind < 0.55:
            t["name"] = g.uniq(lambda: g.cjk(r.randint(3, 6)))
            if r.random() < 0.4:
                t["en"] = g.uniq(lambda: " ".join(g.word() for _ in range(r.randint(1, 3))))
        elif kind < 0.75:
            t["name"] = g.uniq(lambda: " ".join(g.word() for _ in range(r.randint(1, 3))))
        elif kind < 0.85:
            t["name"] = g.uniq(lambda: g.cjk(2) + g.cjk(2, KANA))
        elif kind < 0.92:
            t["name"] = g.uniq(lambda: g.cjk(3, HANGUL))
        else:
            t["name"] = g.uniq(lambda: g.cjk(2) + g.word().upper())
        if r.random() < 0.3:
            t["aliases"] = [g.uniq(lambda: g.cjk(r.randint(3, 5))) for _ in range(r.randint(1, 2))]
        t["level"] = r.choice([1, 2, 3, "★", "理解", "master"])
        terms.append(t)
    r.shuffle(terms)

    # chapter slots
    chapters = []  # (module index, chapter index)
    for mi, s in enumerate(sizes):
        for ci in range(s):
            chapters.append((mi, ci))
    # assign terms to defining chapters
    defs = {}
    for ti in range(nterms):
        defs.setdefault(r.randrange(len(chapters)), []).append(ti)
    forms_of = [[t["name"]] + ([t["en"]] if "en" in t else []) + t.get("aliases", []) for t in terms]

    modname = []
    for mi in range(len(sizes)):
        if r.random() < 0.2:
            modname.append("%03d-模块 %s" % (mi + 1, g.cjk(2)))
        else:
            modname.append("%03d-m%d" % (mi + 1, mi + 1))
    chapname = {}
    for (mi, ci) in chapters:
        if r.random() < 0.15:
            chapname[(mi, ci)] = "%04d-第 %d 章 %s.md" % (ci + 1, ci + 1, g.cjk(2))
        else:
            chapname[(mi, ci)] = "%04d-c%d.md" % (ci + 1, ci + 1)

    root = args.out
    w(os.path.join(root, "book.toml"),
      '[book]\ntitle = "规模测试 %d"\nlanguage = "zh-CN"\n\n[glossary]\nlink = "%s"\n\n'
      '[output.epub]\nenable = %s\n[output.zip]\nenable = %s\n'
      % (N, args.link, "true" if args.epub else "false", "true" if args.epub else "false"))
    content = os.path.join(root, "content")
    w(os.path.join(content, "index.md"), "---\ntitle: 首页\nsummary: 规模测试课程\n---\n欢迎。\n")
    for mi, s in enumerate(sizes):
        w(os.path.join(content, modname[mi], "index.md"),
          "---\ntitle: 模块 %d %s\nsummary: 本模块有 %d 章\n---\n模块介绍。\n" % (mi + 1, g.cjk(4), s))

    # headings per chapter: deterministic texts so that anchors are computable
    def heading_plan(mi, ci):
        return ["概述", "要点 A", "概述", "要点 A", "Summary"]

    def anchor_for(plan, k):
        # GitHub style: lowercase, spaces -> '-', duplicates get -1, -2
        seen = {}
        out = None
        for j, h in enumerate(plan[:k + 1]):
            base = h.lower().replace(" ", "-")
            n = seen.get(base, 0)
            seen[base] = n + 1
            out = base if n == 0 else "%s-%d" % (base, n)
        return out

    def relpath(a, b):
        (ma, ca), (mb, cb) = a, b
        if ma == mb:
            p = chapname[b]
        else:
            p = "../" + modname[mb] + "/" + chapname[b]
        return p

    def enc_link(p):
        if " " in p:
            return "<" + p + ">" if r.random() < 0.5 else p.replace(" ", "%20")
        return p

    def fill(nchars, use):
        out = []
        n = 0
        while n < nchars:
            if r.random() < 0.35 and use:
                ti = r.choice(use)
                f = r.choice(forms_of[ti])
                if f[0].isascii() and f[0].isalpha() and r.random() < 0.3:
                    f = f[0].upper() + f[1:]
                if f[0].isascii():
                    f = " " + f + " "
                out.append(f)
                n += len(f)
            else:
                s = g.cjk(r.randint(4, 12)) + r.choice(FWPUNCT)
                out.append(s)
                n += len(s)
        return "".join(out)

    for idx, (mi, ci) in enumerate(chapters):
        mydefs = defs.get(idx, [])
        use = [r.randrange(nterms) for _ in range(r.randint(15, 35))]
        fm = ["---", "title: 第 %d 章 %s" % (ci + 1, g.cjk(5)),
              "summary: %s" % g.cjk(20)]
        if mydefs:
            fm.append("terms:")
            for ti in mydefs:
                t = terms[ti]
                fm.append("  - name: %s" % yq(t["name"]))
                fm.append("    level: %s" % (yq(t["level"]) if isinstance(t["level"], str) else t["level"]))
                if "en" in t:
                    fm.append("    en: %s" % yq(t["en"]))
                if "aliases" in t:
                    fm.append("    aliases: [%s]" % ", ".join(yq(a) for a in t["aliases"]))
                d = g.cjk(r.randint(60, 250)) + "。"
                fm.append("    definition: %s" % yq(d))
                if r.random() < 0.2:
                    fm.append("    see: [%s]" % yq(terms[r.randrange(nterms)]["name"]))
        fm.append("---")
        body = []
        plan = heading_plan(mi, ci)
        body.append("## 概述\n")
        body.append(fill(250, use) + "\n")
        lvl = r.randint(3, 6)
        body.append("%s 要点 A\n" % ("#" * lvl))
        body.append("- " + fill(60, use) + "\n- " + fill(60, use) + "\n")
        body.append("> " + fill(80, use) + "\n")
        body.append("## 概述\n")
        body.append("| 项 | 说明 |\n|---|---|\n| %s | %s |\n| %s | %s |\n" %
                    (fill(15, use), fill(40, use), fill(15, use), fill(40, use)))
        body.append("### 要点 A\n")
        # code with term names (must not link)
        tn = forms_of[r.choice(use)][0]
        body.append("`%s` 与代码：\n\n```\n%s\n```\n" % (tn, tn))
        # cross links
        links = []
        for _ in range(r.randint(2, 4)):
            tgt = chapters[r.randrange(len(chapters))]
            if tgt == (mi, ci):
                continue
            p = relpath((mi, ci), tgt)
            k = r.randrange(5)
            a = anchor_for(plan, k)
            links.append("[见%s](%s#%s)" % (g.cjk(2), enc_link(p), a))
        if r.random() < 0.1:
            links.append("[模块](%s)" % enc_link("../%s/index.md" % modname[r.randrange(len(sizes))]))
        body.append("参见：" + "，".join(links) + "。\n")
        body.append("## Summary\n")
        body.append(fill(r.randint(300, 600), use) + "\n")
        if r.random() < 0.2:
            body.append("## 思考与练习\n\n```quiz\nquestion: %s？\nchoices:\n  - %s\n  - %s\n  - %s\n"
                        "answer: B\nexplanation: %s。\nterms: [%s]\n```\n"
                        % (g.cjk(10), g.cjk(4), g.cjk(5), g.cjk(6), g.cjk(10), yq(terms[r.choice(use)]["name"])))
        w(os.path.join(content, modname[mi], chapname[(mi, ci)]), "\n".join(fm) + "\n" + "\n".join(body))

    expect = {"terms": [{"name": t["name"], "forms": forms_of[i]} for i, t in enumerate(terms)]}
    with open(os.path.join(root, "expect.json"), "w", encoding="utf-8") as f:
        json.dump(expect, f, ensure_ascii=False)


# ---------------------------------------------------------------- feature course

EVIL = ['<script>alert(1)</script>', '"><x-evil-a>', "'><x-evil-b>", '</textarea><x-evil-c>',
        '</script><x-evil-d>', '&amp;&lt;x-evil-e&gt;', '\u2028\u2029', '</title><x-evil-f>']


def feature(args):
    lang = args.lang
    zh = lang != "en"
    root = args.out
    content = os.path.join(root, "content")
    raw = args.raw_html
    w(os.path.join(root, "book.toml"),
      '[book]\ntitle = "Feature <x-evil-g> & \\"q\\" \'s </script>"\nlanguage = "%s"\n'
      'description = "Desc <x-evil-h> & \\" </textarea>"\nauthors = ["A <x-evil-i>"]\n\n'
      '[output.html]\nraw-html = "%s"\nsite-url = "https://example.org/c/"\n\n[glossary]\nlink = "%s"\n\n'
      '[search]\nsynonyms = [["退货<x-evil-j>", "退款"], ["ＦＡＱ", "常见问题"]]\n' % (lang, raw, args.link))
    w(os.path.join(content, "index.md"),
      "---\ntitle: 'Home \"<x-evil-k>\" & </title>'\nsummary: 'Sum <x-evil-l> & \"q\"'\n---\n"
      "Welcome. [mod](01-基础/index.md) [附录](<01-基础/99-附录 A.md>) "
      "[c#](01-基础/05-c%23sharp.md) [pct](01-基础/06-100%25.md) "
      "[amp](<01-基础/07-a&b 'q'.md>)\n")
    # module with CJK + space folder name
    m1 = os.path.join(content, "01-基础")
    w(os.path.join(m1, "index.md"),
      "---\ntitle: '基础 <x-evil-m> \"&\"'\nsummary: \"模块 </textarea><x-evil-n>\"\n---\n"
      "模块页 [第一章](01-标题.md#概述) [附录](<99-附录 A.md#附录-a>)\n")
    m2 = os.path.join(content, "02-进阶 模块")
    w(os.path.join(m2, "index.md"), "---\ntitle: 进阶 模块\n---\n进阶。\n")
    m3 = os.path.join(content, "3-English")
    w(os.path.join(m3, "index.md"), "---\ntitle: English module\n---\nEnglish.\n")

    terms_fm = """terms:
  - name: 客户满意度
    level: 3
    en: customer satisfaction
    aliases: [满意度指数]
    definition: 顾客对服务的感受与其期望之比。客户满意度 is its own name here and must not link.
  - name: 客户
    level: 1
    definition: 购买商品或服务的人。
  - name: net promoter score
    level: 2
    aliases: [NPS]
    definition: 'A loyalty metric <x-evil-o> & "q".'
  - name: net promoter
    level: 1
    definition: 推荐者。
  - name: post of
    level: 1
    definition: a post of something.
  - name: post
    level: 1
    definition: an article.
  - name: "退货<script>alert(2)</script>"
    level: 2
    id: evil-term
    definition: "含有 </textarea><x-evil-p> 与 \\"quote\\" 与 ' 的定义。"
  - name: "C&A's \\"term\\""
    level: 1
    definition: "amp & quote."
  - name: 顧客體驗
    level: 2
    en: customer experience
    definition: 繁體中文術語。
  - name: おもてなし
    level: 3
    aliases: [オモテナシ]
    definition: 日本語の用語。
  - name: 고객만족
    level: 2
    definition: 한국어 용어.
  - name: ＦＡＱ
    level: 1
    definition: 全角字母的术语。
  - name: email
    level: 1
    definition: electronic mail.
"""
    long_h = "非常长的标题" * 30 + " very long heading " * 10
    ch1 = """---
title: '标题 <x-evil-q> & "quoted" ''s </title>'
summary: '本章 <x-evil-r> 摘要 & "q"'
""" + terms_fm + """---
# 概述

客户满意度很重要。客户是上帝。NPS 与 net promoter scores 与 Net Promoter Score。post often. post of gold.
顧客體驗，おもてなし，고객만족，ＦＡＱ，FAQ，faq。Customer Satisfaction and customer experiences.
emails and email-like e-mail Email.

## 概述

第二个同名标题。

## 概述

第三个同名标题。

### 客户满意度 in heading

#### `code` 与 *强调* 与 [链接](#概述) 的标题！？

##### 全角：ＡＢＣ，「引号」、《书名》——破折号……

###### Mixed 中英 Heading (with) punctuation: a/b & c's "q"

## """ + long_h + """

## <x-evil-s> & "q" </textarea>

Code: `客户满意度` and `NPS`.

```
客户满意度 NPS net promoter score
```

    客户满意度 indented code

[客户满意度 link text](#概述) and [NPS](https://example.org/nps).

![客户满意度 alt text NPS](<../assets/图 1.png>)

<span>客户满意度 in html</span>

<div>
客户满意度 in html block
</div>

| 列 | 客户满意度 |
|---|---|
| NPS | 客户 |

- 列表 客户满意度
- list NPS

> 引用 客户满意度 NPS

Footnote[^1].

[^1]: 脚注 客户满意度 NPS.

Explicit: [满意的](term:满意度指数) [NPS!](term:net promoter score) [x](<term:NET PROMOTER SCORE>) [y](term:net%20promoter%20score)
[evil](term:退货<script>alert(2)</script>)

**粗体 客户满意度** *em NPS* ~~del 客户~~

Links to assets: [PDF](<../assets/报价单 v2.pdf>) [PDF2](../assets/报价单%20v2.pdf)
[PDF3](../assets/%E6%8A%A5%E4%BB%B7%E5%8D%95%20v2.pdf) [zip](../assets/a&b.txt)
![img2](../assets/图%201.png) ![img3](<../assets/space name.svg>)

Cross: [d1](../02-进阶%20模块/01-深入.md#深入-1) [d2](<../02-进阶 模块/01-深入.md#深入>)
[mod2](<../02-进阶 模块/index.md>) [en](../3-English/01-words.md#words-words) [self](#)
[empty](99-附录%20A.md#) [dup2](#概述-2) [dup1](#概述-1) [pctanchor](#%E6%A6%82%E8%BF%B0-1)
[mixed](#mixed-中英-heading-with-punctuation-ab--cs-q)

## 概述 1

## Main

## Sidebar

## fn-1

## Settings scheme

## Letter K

## fn 1 ref

[c1](#概述-1-1) [main](#main-1) [fn](#fn-1-1)
"""
    w(os.path.join(m1, "01-标题.md"), ch1)
    w(os.path.join(m1, "99-附录 A.md"), "---\ntitle: 附录 A\n---\n# 附录 A\n\n附录 客户。\n\n"
      "[back](01-标题.md#概述-2)\n")
    w(os.path.join(m1, "05-c#sharp.md"), "---\ntitle: C# 章\n---\nC sharp 客户满意度.\n")
    w(os.path.join(m1, "06-100%.md"), "---\ntitle: 100% 章\n---\nPercent 客户.\n")
    w(os.path.join(m1, "07-a&b 'q'.md"), "---\ntitle: \"a&b 'q'\"\n---\nAmp 客户. [pct](06-100%25.md)\n")
    w(os.path.join(m2, "01-深入.md"), "---\ntitle: 深入\n---\n# 深入\n\n## 深入\n\n"
      "Text NPS 客户满意度 [back](../01-基础/01-标题.md#客户满意度-in-heading)\n"
      "[附录](<../01-基础/99-附录 A.md>)\n")
    w(os.path.join(m3, "01-words.md"), "---\ntitle: Words\n---\n## Words, Words!\n\n"
      "The customer satisfactions; Customer-satisfaction; customer satisfaction's. NPSs. nps.\n"
      "A post-of gold; posts of; the email, emails.\n")
    assets = os.path.join(content, "assets")
    os.makedirs(assets, exist_ok=True)
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e2a0bd0000000049454e44ae426082")
    for n in ["图 1.png"]:
        with open(os.path.join(assets, n), "wb") as f:
            f.write(png)
    w(os.path.join(assets, "报价单 v2.pdf"), "%PDF-1.1\n%%EOF\n")
    w(os.path.join(assets, "a&b.txt"), "x\n")
    w(os.path.join(assets, "space name.svg"),
      '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>\n')
    expect = {"terms": [
        {"name": "客户满意度", "forms": ["客户满意度", "customer satisfaction", "满意度指数"]},
        {"name": "客户", "forms": ["客户"]},
        {"name": "net promoter score", "forms": ["net promoter score", "NPS"]},
        {"name": "net promoter", "forms": ["net promoter"]},
        {"name": "post of", "forms": ["post of"]},
        {"name": "post", "forms": ["post"]},
        {"name": "退货<script>alert(2)</script>", "forms": ["退货<script>alert(2)</script>"]},
        {"name": "C&A's \"term\"", "forms": ["C&A's \"term\""]},
        {"name": "顧客體驗", "forms": ["顧客體驗", "customer experience"]},
        {"name": "おもてなし", "forms": ["おもてなし", "オモテナシ"]},
        {"name": "고객만족", "forms": ["고객만족"]},
        {"name": "ＦＡＱ", "forms": ["ＦＡＱ"]},
        {"name": "email", "forms": ["email"]},
    ], "explicit": ["满意的", "NPS!", "x", "y", "evil"]}
    with open(os.path.join(root, "expect.json"), "w", encoding="utf-8") as f:
        json.dump(expect, f, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["scale", "feature"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--chapters", type=int, default=600)
    ap.add_argument("--terms", type=int, default=0)
    ap.add_argument("--modules", type=int, default=0)
    ap.add_argument("--link", default="first")
    ap.add_argument("--epub", action="store_true")
    ap.add_argument("--lang", default="zh-CN")
    ap.add_argument("--raw-html", default="escape")
    a = ap.parse_args()
    if os.path.exists(os.path.join(a.out, "content")):
        sys.exit("refusing: %s/content exists" % a.out)
    (scale if a.mode == "scale" else feature)(a)


if __name__ == "__main__":
    main()

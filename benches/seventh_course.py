#!/usr/bin/env python3
"""Independent course generator for coursebook (written from docs/FORMAT.md + README only).

Usage: python3 gen.py SHAPE OUT --chapters N [--seed S] [--hugo HUGO_OUT]

Shapes (terms scale with chapters):
  skew   one module holding half the chapters, the rest in modules of 10; 1 term/chapter,
         terms every other line, 2 questions per chapter
  dense  6 modules (of 1,000 at 6,000 chapters); 1 term/chapter in prefix chains
         (X, X+a, X+ab), zh names + English names + 2 aliases (zh + Latin code);
         1-2 term uses on EVERY line; link = "all"
  quiz   modules of 100; 1 term per 4 chapters; ~12 questions of every kind per chapter
  deep   modules of 50; 30 headings h2..h6 with repeats, a 60-row table, 12 cross-links
         to other chapters' headings (incl. repeated ones), Chinese file names with spaces,
         every front-matter field, terms rarely used
  en     language = "en", modules of 200, English terms in prefix chains
         (net promoter / net promoter score), accented words, plurals, dense
  flat   modules of 10 (600 modules at 6,000), no terms
Hostile extras: see hostile() (shape names h-*).
"""
import argparse, os, random, json, shutil

ZH_WORDS = ("顾客 客服 订单 商品 物流 退款 售后 沟通 服务 质量 价格 优惠 评价 包装 仓库 店铺 平台 规则 流程 问题 "
            "回复 态度 时间 记录 系统 信息 渠道 需求 体验 方案 团队 数据 目标 步骤 细节 建议 案例 经验 方法 原因 "
            "结果 工具 页面 库存 快递 地址 发票 售价 活动 会员 积分 承诺 责任 标准 效率 话术 耐心 语气 表达 倾听 "
            "判断 处理 跟进 确认 核对 解释 说明 安排 总结 分析 比较 选择 提醒 更新 反馈 调整 改进 检查 准备").split()
ZH_GLUE = list("的了在和与把被让对从向也都就还又很更最")
TERM_CHARS = list("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥乾坤震巽坎离艮兑宫商角徵羽琴棋书画诗酒茶梅兰竹菊松柏枫")
EN_WORDS = ("quality service customer order refund return delivery parcel warehouse shop platform rule process "
            "reply attitude record system channel demand experience plan team data target step detail advice "
            "case method reason result tool page stock address invoice price member point promise duty standard "
            "tone patience check review loyalty churn care follow score promoter net value chain metric ticket "
            "queue agent script escalation backlog handover survey rating claim voucher coupon bundle margin "
            "forecast audit compliance privacy consent policy ledger batch shipment carrier route hub depot").split()
ACCENTED = "café résumé naïve façade jalapeño über señor crème brûlée déjà élan Émile Øre fiancé protégé".split()
EN_FILL = ("the a an of to and in for with on is are was be by that this it as at from or which when "
           "every each our their agent should will can may must then also often usually").split()


class Forms:
    def __init__(self):
        self.seen = set()

    def take(self, s):
        k = s.lower()
        if k in self.seen:
            return False
        self.seen.add(k)
        return True


def zh_sentence(rng, n=None):
    n = n or rng.randint(6, 12)
    out = []
    for i in range(n):
        out.append(rng.choice(ZH_WORDS))
        if rng.random() < 0.4:
            out.append(rng.choice(ZH_GLUE))
    return "".join(out) + rng.choice("。，；") if rng.random() < 0.3 else "".join(out) + "。"


def en_sentence(rng, n=None):
    n = n or rng.randint(8, 14)
    w = [rng.choice(EN_FILL if rng.random() < 0.5 else EN_WORDS) for _ in range(n)]
    w[0] = w[0].capitalize()
    return " ".join(w) + "."


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Term:
    __slots__ = ("name", "en", "aliases", "level", "id", "see", "autolink", "definition", "forms")


def make_terms(rng, n, style, forms):
    """style: zh (plain), chain (zh prefix chains + en + aliases), en (english chains), none"""
    terms = []
    while len(terms) < n:
        if style == "en":
            base_len = rng.choice([1, 2, 2])
            base = [rng.choice(EN_WORDS) for _ in range(base_len)]
            if rng.random() < 0.1:
                base[0] = rng.choice(ACCENTED)
            chain = [" ".join(base), " ".join(base + [rng.choice(EN_WORDS)])]
            chain.append(chain[1] + " " + rng.choice(EN_WORDS))
        elif style == "chain":
            base = "".join(rng.choice(TERM_CHARS) for _ in range(3))
            chain = [base, base + rng.choice(TERM_CHARS), None]
            chain[2] = chain[1] + rng.choice(TERM_CHARS)
        else:
            chain = ["".join(rng.choice(TERM_CHARS) for _ in range(rng.choice([3, 4])))]
        if not all(forms.take(c) for c in chain):
            continue
        for c in chain:
            if len(terms) >= n:
                break
            t = Term()
            t.name = c
            t.en = None
            t.aliases = []
            t.level = rng.choice([1, 2, 3, "★★", "掌握", "know"])
            t.id = None
            t.see = []
            t.autolink = True
            if style == "chain":
                for _ in range(5):
                    en = " ".join(rng.choice(EN_WORDS) for _ in range(2)).title()
                    if forms.take(en):
                        t.en = en
                        break
                for _ in range(5):
                    al = c + rng.choice("们式法型")
                    if forms.take(al):
                        t.aliases.append(al)
                        break
                for _ in range(5):
                    code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(3)) + str(rng.randint(1, 99))
                    if forms.take(code):
                        t.aliases.append(code)
                        break
            elif style == "en":
                if rng.random() < 0.3:
                    ab = "".join(w[0] for w in c.split()).upper() + str(rng.randint(1, 999))
                    if forms.take(ab):
                        t.aliases.append(ab)
            t.forms = [t.name] + ([t.en] if t.en else []) + t.aliases
            terms.append(t)
    for i, t in enumerate(terms):
        if i > 0 and rng.random() < 0.3:
            t.see = [terms[rng.randrange(i)].name]
        if rng.random() < 0.05:
            t.autolink = False
        if style == "en":
            t.definition = " ".join(en_sentence(rng) for _ in range(2))
        else:
            t.definition = zh_sentence(rng) + zh_sentence(rng)
    return terms


def term_yaml(t, lang, full):
    lines = ["  - name: " + q(t.name)]
    lv = t.level
    lines.append("    level: " + (q(lv) if isinstance(lv, str) else str(lv)))
    if t.en:
        lines.append("    en: " + q(t.en))
    if t.aliases:
        lines.append("    aliases: [" + ", ".join(q(a) for a in t.aliases) + "]")
    if t.id:
        lines.append("    id: " + t.id)
    lines.append("    definition: " + q(t.definition))
    if t.see:
        lines.append("    see: [" + ", ".join(q(s) for s in t.see) + "]")
    if not t.autolink or full:
        lines.append("    autolink: " + ("true" if t.autolink else "false"))
    return lines


SHAPES = {
    # chapters-per-module rule, terms per chapter, term style, density (uses/line), quizzes, lang, link
    "skew": dict(style="zh", tpc=1.0, density=0.5, quizzes=2, lang="zh-CN", link="first", target=3300),
    "dense": dict(style="chain", tpc=1.0, density=1.5, quizzes=1, lang="zh-CN", link="all", target=3300),
    "quiz": dict(style="zh", tpc=0.25, density=0.1, quizzes=12, lang="zh-CN", link="first", target=900),
    "deep": dict(style="zh", tpc=0.5, density=0.03, quizzes=1, lang="zh-CN", link="first", target=3300),
    "en": dict(style="en", tpc=1.0, density=1.0, quizzes=2, lang="en", link="first", target=3300),
    "flat": dict(style="none", tpc=0.0, density=0, quizzes=1, lang="zh-CN", link="first", target=3300),
}


def module_sizes(shape, n):
    if shape == "skew":
        big = n // 2
        rest = n - big
        return [big] + [10] * (rest // 10) + ([rest % 10] if rest % 10 else [])
    if shape == "dense":
        return [n // 6] * 6
    if shape == "quiz":
        return [100] * (n // 100)
    if shape == "deep":
        return [50] * (n // 50)
    if shape == "en":
        return [200] * (n // 200) if n >= 200 else [n]
    if shape == "flat":
        return [10] * (n // 10)
    raise SystemExit("unknown shape")


def quiz_blocks(rng, k, terms, lang, chap_no):
    out = []
    en = lang == "en"
    for i in range(k):
        kind = i % 5
        tag = f"{chap_no}-{i}"
        text = (en_sentence(rng, 8)[:-1] if en else zh_sentence(rng, 5)[:-1])
        b = ["```quiz"]
        if kind == 0:
            b.append("question: " + q(f"Q{tag} {text}?"))
            ch = [f"opt{tag}a {rng.choice(EN_WORDS)}", f"opt{tag}b {rng.choice(EN_WORDS)}",
                  f"opt{tag}c {rng.choice(EN_WORDS)}", f"opt{tag}d"]
            b.append("choices:")
            b += ["  - " + q(c) for c in ch]
            b.append("answer: " + rng.choice("ABCD"))
        elif kind == 1:
            b.append("type: multiple")
            b.append("question: " + q(f"Q{tag} {text}（多选）"))
            b.append("choices:")
            b += ["  - " + q(f"选项{tag}{j}") for j in range(4)]
            b.append("answer: [A, C]")
        elif kind == 2:
            b.append("question: " + q(f"Q{tag} {text}"))
            b.append("answer: " + rng.choice(["对", "错", "true", "false"]))
        elif kind == 3:
            b.append("question: " + q(f"Q{tag} {text} ___ 和 ___"))
            b.append('answer: [[七, "7"], 买家]')
        else:
            b.append("type: open")
            b.append("question: " + q(f"Q{tag} {text}"))
            if rng.random() < 0.5:
                b.append("reference: " + q(zh_sentence(rng)))
            else:
                b.append("points:")
                b += ["  - " + q(zh_sentence(rng, 4)) for _ in range(3)]
        if rng.random() < 0.7:
            b.append("explanation: " + q(en_sentence(rng) if en else zh_sentence(rng)))
        if terms and rng.random() < 0.5:
            t = rng.choice(terms)
            b.append("terms: [" + q(rng.choice(t.forms)) + "]")
        b.append("```")
        out.append("\n".join(b))
    return out


def use_term(rng, t, lang):
    f = rng.choice(t.forms)
    if lang == "en":
        r = rng.random()
        if r < 0.15:
            f = f + "s"  # plural: shorter form on a boundary (or none) must link
        elif r < 0.3:
            f = f.upper()
        elif r < 0.4:
            f = f.capitalize()
    return f


def gen(shape, out, chapters, seed, hostile_opts=None):
    cfg = SHAPES[shape]
    rng = random.Random(seed)
    lang = cfg["lang"]
    en = lang == "en"
    if os.path.exists(out):
        shutil.rmtree(out)
    content = os.path.join(out, "content")
    os.makedirs(content)
    forms = Forms()
    for w in ZH_WORDS + EN_WORDS + EN_FILL:
        forms.seen.add(w.lower())  # keep terms off common prose words
    nterms = int(chapters * cfg["tpc"])
    terms = make_terms(rng, nterms, cfg["style"], forms) if nterms else []
    sizes = module_sizes(shape, chapters)
    # assign terms to chapters (defining chapter)
    defs = {}
    for i, t in enumerate(terms):
        defs.setdefault(int(i * chapters / max(1, nterms)), []).append(t)
    if shape == "deep":
        for i, t in enumerate(terms):
            if i % 3 == 0:
                t.id = f"term-{i}"
    with open(os.path.join(out, "book.toml"), "w") as f:
        f.write(f'[book]\ntitle = "{shape} {chapters}"\nauthors = ["gen7"]\n'
                f'description = "generated course, shape {shape}"\nlanguage = "{lang}"\nsrc = "content"\n\n'
                f'[glossary]\nlink = "{cfg["link"]}"\n')
    with open(os.path.join(content, "index.md"), "w") as f:
        f.write(f"---\ntitle: {q('Home ' + shape)}\nsummary: {q('generated')}\n---\n\n" +
                (en_sentence(rng) if en else zh_sentence(rng)) + "\n")
    # chapter list with paths
    chaps = []  # (module_dir, file, title, headings)
    ci = 0
    mods = []
    for mi, sz in enumerate(sizes):
        mdir = f"{mi + 1:04d}-mod-{mi + 1}"
        mods.append(mdir)
        for j in range(sz):
            if shape == "deep":
                fn = f"{j + 1:03d}-第 {ci + 1} 章.md"
            else:
                fn = f"{j + 1:04d}-ch-{ci + 1}.md"
            chaps.append([mdir, fn, None, []])
            ci += 1
    # headings are decided first so cross-links can target them
    for k, c in enumerate(chaps):
        hs = []
        if shape == "deep":
            used = {}
            for h in range(20):
                lvl = 2 + (h % 5)
                base = rng.choice(["概述", "案例分析", "要点", f"小节 {h // 3}", "Main", "练习准备"])
                text = base
                slug = base.lower().replace(" ", "-")
                if slug in used:
                    used[slug] += 1
                    slug = f"{slug}-{used[slug]}"
                else:
                    used[slug] = 0
                if slug == "main":  # the page has its own #main: heading takes -1
                    used["main"] = used.get("main", 0)
                hs.append((lvl, text, slug))
            # recompute anchors with the page-reserved rule for Main
            fixed = []
            seen = {"main": 0}
            for lvl, text, _ in hs:
                s = text.lower().replace(" ", "-")
                if s in seen:
                    seen[s] += 1
                    a = f"{s}-{seen[s]}"
                    while a in seen:
                        seen[s] += 1
                        a = f"{s}-{seen[s]}"
                    seen[a] = 0
                else:
                    seen[s] = 0
                    a = s
                fixed.append((lvl, text, a))
            hs = fixed
        else:
            n = 4
            for h in range(n):
                text = (f"Section {h + 1} {rng.choice(EN_WORDS)}" if en else f"第{h + 1}节 {rng.choice(ZH_WORDS)}")
                hs.append((2, text, text.lower().replace(" ", "-")))
        c[3] = hs
    term_list = terms
    for k, (mdir, fn, _, hs) in enumerate(chaps):
        pass
    md_total = 0
    per_mod_idx = 0
    ci = 0
    for mi, sz in enumerate(sizes):
        mdir = mods[mi]
        os.makedirs(os.path.join(content, mdir))
        with open(os.path.join(content, mdir, "index.md"), "w") as f:
            t = f"Module {mi + 1}" if en else f"模块 {mi + 1}"
            f.write(f"---\ntitle: {q(t)}\nsummary: {q(en_sentence(rng) if en else zh_sentence(rng))}\n"
                    f"order: {mi + 1}\n---\n\n" + (en_sentence(rng) if en else zh_sentence(rng)) + "\n")
        for j in range(sz):
            body = chapter(rng, shape, cfg, ci, chaps, terms, defs.get(ci, []), lang)
            p = os.path.join(content, mdir, chaps[ci][1])
            with open(p, "w") as f:
                f.write(body)
            md_total += len(body.encode())
            ci += 1
    manifest = dict(shape=shape, chapters=chapters, modules=len(sizes), max_module=max(sizes),
                    terms=len(terms), md_bytes=md_total,
                    chapter_paths=[os.path.join(c[0], c[1]) for c in chaps[:50]] + [os.path.join(c[0], c[1]) for c in chaps[-50:]])
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    return manifest


def chapter(rng, shape, cfg, ci, chaps, terms, mine, lang):
    en = lang == "en"
    full = shape == "deep"
    fm = ["---", "title: " + q((f"Chapter {ci + 1} " if en else f"第 {ci + 1} 章 ") +
                               (rng.choice(EN_WORDS) if en else rng.choice(ZH_WORDS)))]
    if full or rng.random() < 0.5:
        fm.append(f"order: {ci + 1}")
    fm.append("summary: " + q(en_sentence(rng) if en else zh_sentence(rng)))
    if mine:
        fm.append("terms:")
        for t in mine:
            fm += term_yaml(t, lang, full)
    fm.append("---")
    body = ["\n".join(fm), ""]
    target = cfg["target"]
    size = 0
    hs = chaps[ci][3]
    density = cfg["density"]
    nlinks = 12 if shape == "deep" else 1
    h_i = 0
    para = 0
    while size < target or h_i < len(hs):
        if h_i < len(hs) and (para % 2 == 0 or size >= target):
            lvl, text, _ = hs[h_i]
            body.append("#" * lvl + " " + text)
            body.append("")
            h_i += 1
        lines = []
        for _ in range(1 if shape == "deep" else rng.randint(2, 4)):
            s = en_sentence(rng) if en else zh_sentence(rng)
            if terms:
                k = int(density) + (1 if rng.random() < density - int(density) else 0)
                for _ in range(k):
                    t = rng.choice(terms)
                    form = use_term(rng, t, lang)
                    words = s.split(" ") if en else None
                    if en:
                        pos = rng.randrange(len(words))
                        words.insert(pos, form)
                        s = " ".join(words)
                    else:
                        pos = rng.randrange(len(s))
                        s = s[:pos] + form + s[pos:]
            lines.append(s)
        if rng.random() < 0.2:
            lines.append("Use `code " + rng.choice(EN_WORDS) + "` and **bold " + (rng.choice(terms).name if terms else "x") + "** here.")
        body.append("\n".join(lines))
        body.append("")
        para += 1
        size += sum(len(l.encode()) for l in lines)
        if para == 3 and shape == "deep":
            body.append(table(rng, 30, en))
            body.append("")
            size += 40 * 45
    # cross links
    links = []
    for _ in range(nlinks):
        o = rng.randrange(len(chaps))
        od, ofn, _, ohs = chaps[o]
        md, _, _, _ = chaps[ci]
        target_path = ofn if od == md else f"../{od}/{ofn}"
        if " " in target_path:
            target_path = target_path.replace(" ", "%20") if rng.random() < 0.5 else None or f"<{target_path}>"
        anchor = rng.choice(ohs)[2] if ohs and rng.random() < 0.8 else ""
        if target_path.startswith("<"):
            href = target_path[:-1] + (f"#{anchor}" if anchor else "") + ">"
        else:
            href = target_path + (f"#{anchor}" if anchor else "")
        links.append(f"[{'see' if en else '参见'} {o + 1}]({href})")
    body.append(("See also: " if en else "另见：") + "，".join(links))
    body.append("")
    if cfg["quizzes"]:
        body.append("## Exercises" if en else "## 思考与练习")
        body.append("")
        body += [b + "\n" for b in quiz_blocks(rng, cfg["quizzes"], terms, lang, ci)]
    return "\n".join(body) + "\n"


def table(rng, rows, en):
    cols = 5
    head = "| " + " | ".join(f"col{c}" for c in range(cols)) + " |"
    sep = "|" + "---|" * cols
    out = [head, sep]
    for r in range(rows):
        out.append("| " + " | ".join((rng.choice(EN_WORDS) if en else rng.choice(ZH_WORDS)) + str(r) for _ in range(cols)) + " |")
    return "\n".join(out)


def to_hugo(course, hout):
    """Minimal Hugo site from a generated course: module index.md -> _index.md, front matter title only."""
    if os.path.exists(hout):
        shutil.rmtree(hout)
    os.makedirs(os.path.join(hout, "layouts", "_default"))
    with open(os.path.join(hout, "hugo.toml"), "w") as f:
        f.write('baseURL = "http://example.org/"\ntitle = "x"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
                '[markup.goldmark.renderer]\nunsafe = true\n')
    L = os.path.join(hout, "layouts", "_default")
    open(os.path.join(L, "single.html"), "w").write(
        '<!doctype html><html><head><title>{{ .Title }}</title></head><body><nav>{{ range .Parent.Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav><main>{{ .Content }}</main></body></html>\n')
    open(os.path.join(L, "list.html"), "w").write(
        '<!doctype html><html><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n')
    src = os.path.join(course, "content")
    for root, dirs, files in os.walk(src):
        rel = os.path.relpath(root, src)
        dst = os.path.join(hout, "content", rel)
        os.makedirs(dst, exist_ok=True)
        for fn in files:
            text = open(os.path.join(root, fn), encoding="utf-8").read()
            if text.startswith("---\n"):
                end = text.index("\n---\n", 4)
                fm = text[4:end].split("\n")
                title = next(l for l in fm if l.startswith("title:"))
                order = next((l for l in fm if l.startswith("order:")), None)
                newfm = "---\n" + title + "\n" + (order.replace("order", "weight") + "\n" if order else "") + "---\n"
                text = newfm + text[end + 5:]
            name = "_index.md" if fn == "index.md" else fn.replace(" ", "-")
            open(os.path.join(dst, name), "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("shape")
    ap.add_argument("out")
    ap.add_argument("--chapters", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--hugo")
    a = ap.parse_args()
    m = gen(a.shape, a.out, a.chapters, a.seed)
    print(json.dumps({k: v for k, v in m.items() if k != "chapter_paths"}))
    if a.hugo:
        to_hugo(a.out, a.hugo)

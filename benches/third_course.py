#!/usr/bin/env python3
"""A third course generator for coursebook's benchmarks, written from docs/FORMAT.md alone by a
reviewer who had not seen examples/gen_corpus.rs or benches/other_course.py (session 30): other
prose, other term names (English chains of overlapping words), skewed chapter sizes, tiny
chapters, thousands of one-chapter modules. README.md, "Speed and scale", gives the shapes.

Usage: third_course.py OUT --chapters N --modules M --terms T --density D [style switches]

Style switches (all optional):
  --chapter-bytes B    target average Markdown bytes per chapter (default 3300)
  --size-dist uniform|skew|bimodal
                       uniform: every chapter about B; skew: heavy-tailed (Pareto) sizes with the
                       same total (a few chapters of hundreds of KB, most tiny); bimodal: 1 in 50
                       chapters 40x longer, the rest shorter to keep the total.
  --en-ratio R         fraction of sentences in English (0 = all Chinese, 1 = all English)
  --term-style zh|en-overlap|mixed
                       zh: Chinese compounds (prefixes arise naturally);
                       en-overlap: long English names built as chains of prefixes and suffixes
                       (e.g. "a b c", "a b c d e", "c d e f"), up to ~95 characters;
                       mixed: half of each.
  --aliases P          fraction of terms with aliases and an `en` name
  --headings H         headings per chapter (default 4)
  --tables K / --lists K / --code K / --footnotes K / --images K / --xlinks K
                       number of tables / nested lists / code blocks / footnotes / images /
                       cross-chapter links (with anchors) per chapter
  --exercises P        fraction of chapters ending with quiz questions (3 each)
  --unicode-names      Chinese folder/file names with spaces
  --link first|all|none  [glossary] link
  --summary-chars C    chapter summary length in characters
  --seed S
"""
import argparse, json, math, os, random, shutil, struct, zlib

ZH_WORDS = ("顾客 服务 质量 沟通 订单 物流 售后 评价 投诉 退款 商品 价格 店铺 客服 流程 规范 "
            "回访 满意 需求 问题 方案 记录 标准 系统 数据 分析 渠道 平台 活动 会员 积分 优惠 "
            "库存 发货 签收 包装 运费 保修 维修 换货 咨询 推荐 话术 情绪 安抚 道歉 补偿 赔偿 "
            "规则 合同 隐私 信息 安全 风险 培训 考核 团队 经验 效率 响应 时效 协作 反馈 改进 "
            "品牌 口碑 忠诚 流失 分类 画像 标签 场景 目标 策略 计划 执行 检查 报表 指标 质检 "
            "直播 短视频 社群 私域 公域 导购 议价 折扣 赠品 预售 定金 尾款 发票 账单 支付 "
            "结算 对账 仓储 配送 揽收 中转 派件 时限 延迟 丢件 破损 拒收 退货 审核 仲裁 举证 "
            "凭证 截图 聊天 记录 工单 升级 转接 排班 值班 高峰 大促 预案 复盘 知识 文档").split()
ZH_SUFFIX = "率 度 法 制 期 量 表 单 卡 区 线 点 项 型 类 组 库 池 链 源".split()
ZH_CONNECT = ["在", "对于", "围绕", "通过", "针对", "结合", "基于", "按照"]
ZH_VERB = ["需要", "应当", "可以", "必须", "往往会", "通常要", "尽量", "要及时"]
ZH_ACT = ["梳理", "确认", "核对", "说明", "记录", "跟进", "解释", "改进", "评估", "汇总", "整理", "反馈"]
ZH_TAIL = ["这样才能让顾客放心", "从而减少后续的误会", "避免问题进一步扩大", "并在工单中写清楚处理结果",
           "让团队的其他同事也能看懂", "这也是店铺口碑的基础", "再根据实际情况灵活调整",
           "同时注意语气要平和", "以便下一次遇到时快速处理", "并把经验沉淀到知识库里"]
ZH_SUBJ = ["客服", "店长", "售后专员", "质检人员", "新员工", "值班主管", "运营同事", "仓库人员"]

EN_WORDS = ("customer service quality response time order tracking delivery refund return policy "
            "exchange complaint escalation satisfaction loyalty retention churn survey feedback "
            "score rate index net promoter effort value lifetime segment profile channel ticket "
            "queue agent shift handover knowledge base script template tone empathy apology "
            "compensation voucher discount coupon bundle pricing negotiation warranty repair "
            "inspection damage claim evidence dispute resolution platform rule compliance "
            "privacy data report metric dashboard benchmark target peak season campaign live "
            "stream community member points tier upgrade first contact resolution average "
            "handling follow up callback window deadline carrier parcel warehouse stock").split()
EN_SUBJ = ["The agent", "A new hire", "The shift lead", "The quality team", "Every agent", "The store"]
EN_VERB = ["should check", "must record", "can explain", "needs to review", "will confirm", "tries to improve"]
EN_TAIL = ["before the customer asks again", "so that the ticket can be closed", "and writes it down in the log",
           "without making promises the store cannot keep", "while keeping a calm tone",
           "so the next colleague understands the case", "which keeps the review page healthy"]

CODE_LANGS = ["python", "json", "text", "sql"]


def png_bytes(w, h, seed):
    rnd = random.Random(seed)
    raw = b"".join(b"\x00" + bytes(rnd.randrange(256) for _ in range(w * 3)) for _ in range(h))
    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def make_terms(n, style, alias_frac, rnd):
    """Return list of dicts: name, aliases, en. All written forms unique (case-insensitive)."""
    forms = set()
    terms = []

    def take(s):
        k = s.lower()
        if k in forms or not s or len(s) > 100:
            return False
        forms.add(k)
        return True

    def zh_names():
        while True:
            k = rnd.choice([2, 2, 3, 3, 4])
            s = "".join(rnd.choice(ZH_WORDS) for _ in range(k - (1 if k > 2 else 0)))
            if k > 2 and rnd.random() < 0.5:
                s += rnd.choice(ZH_SUFFIX)
            yield s

    def en_overlap_names():
        # chains: prefixes of a long chain, then suffixes overlapping in the middle
        while True:
            chain = [rnd.choice(EN_WORDS) for _ in range(16)]
            out = []
            for j in range(2, 16):          # prefixes: a b / a b c / ...
                out.append(" ".join(chain[:j]))
            for j in range(1, 8):           # overlapping windows starting inside the chain
                out.append(" ".join(chain[j:j + 6]))
            for s in out:
                if len(s) <= 95:
                    yield s

    gens = {"zh": zh_names(), "en-overlap": en_overlap_names()}
    while len(terms) < n:
        st = style if style != "mixed" else ("zh" if len(terms) % 2 == 0 else "en-overlap")
        name = next(gens[st])
        if not take(name):
            continue
        t = {"name": name, "aliases": [], "en": None, "style": st}
        if rnd.random() < alias_frac:
            if st == "zh":
                a = name[:2] + "的" + name[2:]
                if take(a):
                    t["aliases"].append(a)
                en = " ".join(rnd.choice(EN_WORDS) for _ in range(3)) + f" {len(terms)}x"
                if take(en):
                    t["en"] = en
            else:
                a = name.replace(" ", "-", 1)
                if take(a):
                    t["aliases"].append(a)
        terms.append(t)
    return terms


def zh_sentence(rnd, term=None):
    w = lambda: rnd.choice(ZH_WORDS)
    a = f"{rnd.choice(ZH_CONNECT)}{w()}{w()}的过程中，{rnd.choice(ZH_SUBJ)}{rnd.choice(ZH_VERB)}{rnd.choice(ZH_ACT)}{w()}和{w()}"
    if term:
        a += f"，尤其是{term}这一环节"
    return a + f"，{rnd.choice(ZH_TAIL)}。"


def en_sentence(rnd, term=None):
    w = lambda: rnd.choice(EN_WORDS)
    s = f"{rnd.choice(EN_SUBJ)} {rnd.choice(EN_VERB)} the {w()} {w()} {w()}"
    if term:
        # sometimes followed by a word continuing it, sometimes plural, sometimes capitalised
        r = rnd.random()
        if r < 0.2:
            term = term + "s"
        elif r < 0.35:
            term = term + " " + w()
        elif r < 0.45:
            term = term.upper() if len(term) < 20 else term.title()
        s += f" for the {term} case"
    return s + f" {rnd.choice(EN_TAIL)}."


def yq(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--chapters", type=int, required=True)
    ap.add_argument("--modules", type=int, required=True)
    ap.add_argument("--terms", type=int, default=0)
    ap.add_argument("--density", type=float, default=10)
    ap.add_argument("--chapter-bytes", type=int, default=3300)
    ap.add_argument("--size-dist", default="uniform", choices=["uniform", "skew", "bimodal"])
    ap.add_argument("--en-ratio", type=float, default=0.05)
    ap.add_argument("--term-style", default="zh", choices=["zh", "en-overlap", "mixed"])
    ap.add_argument("--aliases", type=float, default=0.0)
    ap.add_argument("--headings", type=int, default=4)
    ap.add_argument("--tables", type=int, default=0)
    ap.add_argument("--lists", type=int, default=0)
    ap.add_argument("--code", type=int, default=0)
    ap.add_argument("--footnotes", type=int, default=0)
    ap.add_argument("--images", type=int, default=0)
    ap.add_argument("--xlinks", type=int, default=0)
    ap.add_argument("--exercises", type=float, default=0.0)
    ap.add_argument("--unicode-names", action="store_true")
    ap.add_argument("--link", default="first")
    ap.add_argument("--language", default="zh-CN")
    ap.add_argument("--summary-chars", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    content = os.path.join(a.out, "content")
    os.makedirs(os.path.join(content, "assets"))
    with open(os.path.join(a.out, "book.toml"), "w") as f:
        f.write(f'[book]\ntitle = "独立生成课程 {a.chapters}"\nauthors = ["gen.py"]\n'
                f'description = "由独立生成器生成的测试课程。"\nlanguage = "{a.language}"\nsrc = "content"\n\n'
                f'[glossary]\nlink = "{a.link}"\n')
    with open(os.path.join(content, "index.md"), "w") as f:
        f.write("---\ntitle: 课程首页\nsummary: 生成的课程。\n---\n\n# 课程首页\n\n这是一门生成的课程。\n")
    nimg = 8
    for i in range(nimg):
        with open(os.path.join(content, "assets", f"图{i}.png" if a.unicode_names else f"img{i}.png"), "wb") as f:
            f.write(png_bytes(8, 8, i))

    terms = make_terms(a.terms, a.term_style, a.aliases, rnd)
    nch, nm = a.chapters, a.modules
    # chapter -> module (contiguous blocks)
    per = [nch // nm + (1 if i < nch % nm else 0) for i in range(nm)]
    mod_dirs, chap_files = [], []   # chap_files[c] = (module index, file name, heading anchors)
    c = 0
    for m in range(nm):
        w = max(2, len(str(nm)))
        md = f"{m+1:0{w}d}-{'模块 ' if a.unicode_names else 'mod-'}{m+1}"
        mod_dirs.append(md)
        wc = max(2, len(str(per[m])))
        for k in range(per[m]):
            fn = f"{k+1:0{wc}d}-{'第' + str(k+1) + '章 内容' if a.unicode_names else 'ch-' + str(k+1)}.md"
            chap_files.append((m, fn))
            c += 1

    # sizes
    if a.size_dist == "uniform":
        sizes = [a.chapter_bytes] * nch
    elif a.size_dist == "bimodal":
        sizes = [a.chapter_bytes * (40 if i % 50 == 7 else 0.2) for i in range(nch)]
    else:
        ws = [rnd.paretovariate(1.1) for _ in range(nch)]
        tot = sum(ws)
        sizes = [max(400, min(800_000, a.chapter_bytes * nch * x / tot)) for x in ws]
    scale = a.chapter_bytes * nch / sum(sizes)
    sizes = [max(300, min(800_000, s * scale)) for s in sizes]

    # which chapter defines which term
    defs = [[] for _ in range(nch)]
    for t_i in range(len(terms)):
        defs[t_i * nch // max(1, len(terms))].append(t_i)

    heading_words = lambda r: "".join(r.choice(ZH_WORDS) for _ in range(2))

    # headings are decided up front so cross-links can target anchors in other chapters
    chap_heads = []
    for ci in range(nch):
        r = random.Random(a.seed * 1_000_003 + ci)
        nh = max(1, int(a.headings * max(1, sizes[ci] / a.chapter_bytes) ** 0.5)) if a.headings else 0
        hs = [f"{j+1}. {heading_words(r)}要点" for j in range(nh)]
        chap_heads.append(hs)

    def anchor(h):
        # FORMAT/README: lowercased, punctuation dropped, spaces to '-', Chinese kept
        s = "".join(ch for ch in h.lower() if ch.isalnum() or ch in " -_")
        return s.replace(" ", "-")

    def rel_link(from_m, to_c):
        m2, fn2 = chap_files[to_c]
        path = fn2 if m2 == from_m else f"../{mod_dirs[m2]}/{fn2}"
        return path.replace(" ", "%20")

    uses_cursor = 0
    total_md = 0
    for m in range(nm):
        os.makedirs(os.path.join(content, mod_dirs[m]), exist_ok=True)
        with open(os.path.join(content, mod_dirs[m], "index.md"), "w") as f:
            s = f"---\ntitle: {yq('模块 ' + str(m+1) + ' ' + ''.join(rnd.choice(ZH_WORDS) for _ in range(2)))}\nsummary: {yq('本模块介绍' + ''.join(rnd.choice(ZH_WORDS) for _ in range(3)) + '。')}\n---\n\n## 模块导读\n\n{zh_sentence(rnd)}\n"
            f.write(s)
            total_md += len(s.encode())

    for ci in range(nch):
        r = random.Random(a.seed * 7919 + ci)
        m, fn = chap_files[ci]
        target = sizes[ci]
        fm = ["---", f"title: {yq('第' + str(ci+1) + '章 ' + heading_words(r) + '与' + heading_words(r))}"]
        summ = ""
        while len(summ) < a.summary_chars:
            summ += zh_sentence(r)
        fm.append(f"summary: {yq(summ[:max(a.summary_chars, 10)])}")
        if defs[ci]:
            fm.append("terms:")
            for t_i in defs[ci]:
                t = terms[t_i]
                fm.append(f"  - name: {yq(t['name'])}")
                fm.append(f"    level: {r.choice([1, 2, 3, '★★', '掌握', 'know'])}" if True else "")
                if t["en"]:
                    fm.append(f"    en: {yq(t['en'])}")
                if t["aliases"]:
                    fm.append(f"    aliases: [{', '.join(yq(x) for x in t['aliases'])}]")
                d = (f"{t['name']}是指" + zh_sentence(r)) if t["style"] == "zh" else (f"{t['name']} means: " + en_sentence(r))
                fm.append(f"    definition: {yq(d)}")
                if t_i > 0 and r.random() < 0.2:
                    fm.append(f"    see: [{yq(terms[t_i - 1]['name'])}]")
        fm.append("---")
        head = "\n".join(fm) + "\n\n"

        # sentences: one per term use (several when a sentence is too short), then plain ones
        # until the chapter reaches its byte target; shuffled together
        forms = []
        if terms:
            du = a.density * (target / a.chapter_bytes)
            nuse = int(du) + (1 if r.random() < du - int(du) else 0)
            for _ in range(nuse):
                if r.random() < 0.5:
                    t_i = uses_cursor % len(terms); uses_cursor += 1
                else:
                    t_i = r.randrange(len(terms))
                t = terms[t_i]
                form = t["name"]
                if t["aliases"] and r.random() < 0.3:
                    form = r.choice(t["aliases"])
                elif t["en"] and r.random() < 0.2:
                    form = t["en"]
                forms.append(form)
        sents = []
        for fo in forms:
            en = r.random() < a.en_ratio or (a.en_ratio >= 0.5 and fo.isascii())
            sents.append((en, en_sentence(r, fo) if en else zh_sentence(r, fo)))
        extra_bytes = 160 * (a.tables + a.lists + a.code + a.images) + 60 * a.footnotes + 80 * a.xlinks + 40 * len(chap_heads[ci])
        budget = target - len(head.encode()) - extra_bytes
        used = sum(len(x[1].encode()) for x in sents)
        while used < budget:
            en = r.random() < a.en_ratio
            x = en_sentence(r) if en else zh_sentence(r)
            sents.append((en, x)); used += len(x.encode())
        r.shuffle(sents)
        nsent = len(sents)

        heads = chap_heads[ci]
        body = []
        body.append(f"# {'第' + str(ci+1) + '章'}\n")
        per_section = max(1, nsent // max(1, len(heads) + 1))
        extras = []
        for _ in range(a.tables): extras.append("table")
        for _ in range(a.lists): extras.append("list")
        for _ in range(a.code): extras.append("code")
        for _ in range(a.images): extras.append("image")
        r.shuffle(extras)
        fn_n = 0
        xl = a.xlinks
        para = []
        hi = 0
        for si in range(nsent):
            if si % per_section == 0 and si > 0 and hi < len(heads):
                if para:
                    body.append("".join(para) + "\n"); para = []
                lvl = "##" if hi % 3 != 2 else "###"
                body.append(f"{lvl} {heads[hi]}\n")
                hi += 1
                if extras:
                    e = extras.pop()
                    if e == "table":
                        rows = ["| 项目 | 说明 | 时限 | 负责人 |", "|---|---|---|---|"]
                        for _ in range(4):
                            tt = r.choice(terms)["name"] if terms and r.random() < 0.5 else r.choice(ZH_WORDS)
                            rows.append(f"| {tt} | {r.choice(ZH_TAIL)} | {r.randint(1, 72)} 小时 | {r.choice(ZH_SUBJ)} |")
                        body.append("\n".join(rows) + "\n")
                    elif e == "list":
                        items = []
                        for i in range(3):
                            items.append(f"- {r.choice(ZH_WORDS)}{r.choice(ZH_WORDS)}：{r.choice(ZH_TAIL)}")
                            for j in range(2):
                                items.append(f"  - {r.choice(ZH_ACT)}{r.choice(ZH_WORDS)}")
                                items.append(f"    1. {r.choice(ZH_TAIL)}")
                        body.append("\n".join(items) + "\n")
                    elif e == "code":
                        tn = r.choice(terms)["name"] if terms else "x"
                        body.append(f"```{r.choice(CODE_LANGS)}\n# {tn}\nticket = {{\"id\": {ci}, \"status\": \"open\"}}\nprint(ticket)  # {tn}\n```\n")
                    elif e == "image":
                        img = f"图{r.randrange(nimg)}.png" if a.unicode_names else f"img{r.randrange(nimg)}.png"
                        body.append(f"![示意图 {ci}](../assets/{img})\n")
            en, s = sents[si]
            if en and para:
                s = " " + s
            if fn_n < a.footnotes and r.random() < 0.3:
                fn_n += 1
                s += f"[^n{fn_n}]"
            if xl > 0 and nch > 1 and r.random() < 0.3:
                xl -= 1
                tc = r.randrange(nch)
                if tc == ci:
                    tc = (ci + 1) % nch
                anc = ""
                if chap_heads[tc] and r.random() < 0.7:
                    anc = "#" + anchor(r.choice(chap_heads[tc]))
                s += f"参见[第{tc+1}章]({rel_link(m, tc)}{anc})。"
            para.append(s)
            if len(para) >= 4:
                body.append("".join(para) + "\n"); para = []
        if para:
            body.append("".join(para) + "\n")
        while hi < len(heads):   # short chapter: the remaining headings, each with a sentence
            body.append(f"## {heads[hi]}\n")
            body.append(zh_sentence(r) + "\n")
            hi += 1
        for k in range(1, fn_n + 1):
            body.append(f"[^n{k}]: 注释{k}：{r.choice(ZH_TAIL)}。\n")

        if r.random() < a.exercises:
            body.append("## 思考与练习\n")
            tn = r.choice(terms)["name"] if terms else None
            q1 = ["```quiz", f"question: 第{ci+1}章第1题：关于{r.choice(ZH_WORDS)}，客服首先应该怎么做？",
                  "choices:", "  - 马上降价", "  - 先了解顾客在意什么，再说明商品的价值", "  - 不予回复",
                  "answer: B", "explanation: 先弄清顾客的顾虑。"]
            if tn:
                q1.append(f"terms: [{yq(tn)}]")
            q1.append("```")
            q2 = ["```quiz", f"question: 第{ci+1}章第2题：{r.choice(ZH_TAIL)}。", "answer: 对", "```"]
            q3 = ["```quiz", f"question: 第{ci+1}章第3题：七天无理由退货的天数是 ___ 天。", "answer: [七, \"7\"]", "```"]
            body.append("\n".join(q1) + "\n")
            body.append("\n".join(q2) + "\n")
            body.append("\n".join(q3) + "\n")

        text = head + "\n".join(body)
        path = os.path.join(content, mod_dirs[m], fn)
        with open(path, "w") as f:
            f.write(text)
        total_md += len(text.encode())

    with open(os.path.join(a.out, "terms.json"), "w") as f:
        json.dump([{"name": t["name"], "en": t["en"], "aliases": t["aliases"]} for t in terms], f, ensure_ascii=False)
    print(json.dumps({"out": a.out, "markdown_bytes": total_md, "chapters": nch, "modules": nm,
                      "terms": len(terms), "max_chapter": int(max(sizes))}))


if __name__ == "__main__":
    main()

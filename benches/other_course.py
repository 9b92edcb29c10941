#!/usr/bin/env python3
"""A second course generator, written from docs/FORMAT.md alone (not from src/synthetic.rs),
so that the figures in the README are not only those of the project's own generator: other
prose, longer chapters (about 8 KB), terms inside other terms, aliases, see-also, questions on
some chapters, images, Unicode and space file names, CRLF, BOM. Python 3, standard library.

  python3 benches/other_course.py /dev/shm/other --chapters 6000 --modules 6 --terms 6000 --density 60
  coursebook build /dev/shm/other

Writes book.toml + content/<module>/<chapter>.md with YAML front matter (terms with
name/level/en/aliases/id/definition/see/autolink), quiz blocks, relative chapter links
(GitHub style, with heading anchors), images (PNG/SVG), tables, nested lists, code
blocks, blockquotes, raw inline HTML, Unicode / space file names.

Usage:
  other_course.py OUT --chapters N --modules M --terms T --density D --lang zh|en [options]
"""
import argparse
import json
import os
import random
import re
import shutil
import struct
import sys
import textwrap
import unicodedata
import zlib
from urllib.parse import quote

# ---------------------------------------------------------------- vocabularies
ZH_PROSE = (
    "我们 顾客 客服 如果 需要 首先 然后 同时 因此 但是 可以 应该 不要 一定 比较 非常 及时 认真 "
    "耐心 主动 理解 沟通 问题 情况 原因 方法 步骤 结果 经验 注意 重要 关系 商品 订单 店铺 平台 "
    "信息 回复 时间 态度 语气 表达 倾听 确认 记录 处理 解决 反馈 改进 提高 帮助 建议 说明 介绍 "
    "推荐 选择 比较 价格 质量 售后 物流 包裹 快递 地址 电话 消息 聊天 表情 文字 图片 视频 规则 "
    "要求 标准 流程 环节 细节 目标 任务 工作 同事 主管 团队 培训 考核 评价 评分 满意 感谢 抱歉 "
    "理由 承诺 保证 期待 担心 着急 生气 失望 高兴 放心 安心 信任 尊重 礼貌 专业 简洁 清楚 准确 "
    "完整 一致 灵活 具体 真实 常见 特殊 复杂 简单 新手 老手 案例 场景 对话 话术 技巧 能力 习惯 "
    "每天 每次 之前 之后 当时 现在 以后 一般 通常 有时 经常 总是 很少 从不 马上 立刻 稍后 最后"
).split()
ZH_TERM_WORDS = (
    "客户 满意 度 服务 质量 物流 退款 退货 换货 投诉 话术 评价 售前 售中 售后 咨询 议价 催付 "
    "催单 发货 签收 拒收 破损 赔付 补偿 优惠 满减 包邮 会员 积分 等级 回访 复购 流失 留存 转化 "
    "响应 时长 首响 询单 客单价 连带 关联 推荐 话题 情绪 安抚 共情 倾听 复述 确认 升级 工单 "
    "知识库 快捷 短语 标签 备注 黑名单 白名单 差评 中评 好评 追评 晒图 口碑 品牌 店铺 动态 "
    "评分 指标 考核 绩效 排班 轮岗 质检 抽检 录音 记录 规范 流程 节点 时效 预警 风险 违规 "
    "处罚 申诉 仲裁 纠纷 维权 凭证 发票 保修 三包 延保 安装 调试 上门 自提 预售 定金 尾款 "
    "库存 缺货 补货 拆单 合单 改址 拦截 理赔 运费 险 保价 核对 核实 敏感 词 禁语 礼貌 用语"
).split()
EN_PROSE = (
    "the a an of to and in for on with as by at from that this these those it its we you they "
    "customer agent team service support request answer question problem issue reason result "
    "should could would will can may must often usually always never sometimes first then next "
    "finally because however therefore although while when where which who what how why "
    "order product price quality delivery package address phone message chat reply time tone "
    "listen confirm record handle solve improve help suggest explain introduce recommend choose "
    "compare clear exact complete consistent flexible specific real common special simple new "
    "experienced case scenario dialogue script skill habit daily before after now later quickly "
    "carefully patiently politely calmly data report metric target task work manager training "
    "review rating feedback trust respect professional brief detailed example step process rule"
).split()
EN_TERM_WORDS = (
    "net promoter score customer satisfaction effort lifetime value churn rate retention first "
    "response time resolution average handle contact center service level agreement escalation "
    "ticket backlog queue routing omnichannel self knowledge base macro canned reply sentiment "
    "analysis empathy statement active listening call deflection upsell cross sell abandonment "
    "cart refund return exchange warranty chargeback dispute loyalty program tier reward voucher "
    "coupon discount bundle pre sale post order tracking shipment carrier last mile proof of "
    "delivery damage claim compensation goodwill gesture quality assurance audit coaching shift "
    "schedule occupancy utilization adherence forecast volume peak hold transfer wrap up after "
    "work survey feedback loop root cause journey map touchpoint persona onboarding renewal "
    "subscription billing invoice dunning fraud verification identity privacy consent"
).split()

RESERVED_STEMS = {"index", "search", "glossary", "revision", "mistakes", "print", "404",
                  "exercises", "sitemap", "sw", "manifest", "course", "_theme", "_terms"}


def gh_slug(text):
    """GitHub-style heading anchor: lowercase, drop punctuation, spaces -> '-'."""
    s = text.strip().lower()
    out = []
    for ch in s:
        cat = unicodedata.category(ch)
        if ch in " ":
            out.append("-")
        elif ch in "-_":
            out.append(ch)
        elif cat[0] in "LNM":
            out.append(ch)
        # else dropped (punctuation, symbols)
    return "".join(out)


def yq(s):
    """YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def png_bytes(w, h, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def svg_text(i):
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">'
            f'<rect width="120" height="60" fill="#{(i*2654435761)&0xffffff:06x}"/>'
            f'<text x="10" y="35" font-size="14">fig {i}</text></svg>\n')


# ---------------------------------------------------------------- generator
class Gen:
    def __init__(self, a):
        self.a = a
        self.r = random.Random(a.seed)
        self.zh = a.lang == "zh"
        self.used_forms = set()

    # ---------------- terms
    def make_terms(self):
        a, r = self.a, self.r
        words = ZH_TERM_WORDS if self.zh else EN_TERM_WORDS
        names = []
        seen = set()

        def add(n):
            if n.lower() in seen or n in RESERVED_STEMS or len(n) > 60:
                return False
            seen.add(n.lower())
            names.append(n)
            return True
        joiner = "" if self.zh else " "
        attempts = 0
        while len(names) < a.terms and attempts < a.terms * 200:
            attempts += 1
            roll = r.random()
            if names and a.quirks and roll < 0.15:
                # superstring of an existing term (客户满意 -> 客户满意度 / net promoter -> net promoter score)
                base = r.choice(names)
                add(base + joiner + r.choice(words))
            elif names and a.quirks and roll < 0.22:
                # substring (prefix) of an existing multi-part term
                base = r.choice(names)
                parts = base.split(" ") if not self.zh else None
                if self.zh and len(base) >= 3:
                    add(base[: r.randint(2, len(base) - 1)])
                elif parts and len(parts) >= 2:
                    add(" ".join(parts[:-1]))
            else:
                k = r.choice([1, 2, 2, 2, 3, 3, 4]) if len(names) > 50 else r.choice([1, 2])
                if len(names) > len(words) * 30:
                    k = max(k, 3)
                add(joiner.join(r.choice(words) for _ in range(k)))
        if len(names) < a.terms:
            # fall back: numbered names
            i = 0
            while len(names) < a.terms:
                i += 1
                add((r.choice(words) + joiner + ("第%d类" % i if self.zh else "class %d" % i)))
        terms = []
        for i, n in enumerate(names):
            t = {"name": n, "idx": i}
            self.used_forms.add(n.lower())
            terms.append(t)
        # en names (zh) / aliases / ids / see
        for t in terms:
            if self.zh and r.random() < 0.5:
                en = " ".join(r.choice(EN_TERM_WORDS) for _ in range(r.randint(1, 3)))
                if en.lower() not in self.used_forms:
                    self.used_forms.add(en.lower())
                    t["en"] = en
            if a.quirks and r.random() < 0.35:
                al = []
                for _ in range(r.randint(1, 2)):
                    if self.zh:
                        cand = t["name"] + r.choice(["的", "之", "类"]) if r.random() < 0.5 else r.choice(ZH_TERM_WORDS) + "的" + t["name"]
                    else:
                        parts = t["name"].split()
                        cand = "".join(p[0] for p in parts).upper() if len(parts) >= 2 else t["name"] + "s"
                        if r.random() < 0.3:
                            cand = t["name"].replace(" ", "-")
                    if cand.lower() not in self.used_forms and len(cand) <= 100:
                        self.used_forms.add(cand.lower())
                        al.append(cand)
                if al:
                    t["aliases"] = al
            if a.quirks and r.random() < 0.2:
                t["id"] = "t%d-%s" % (t["idx"], gh_slug(t.get("en", t["name"]))[:30].strip("-") or "x")
            t["level"] = r.choice([1, 2, 3, 1, 2, 3, '"★"', '"★★"', '"★★★"', "了解", "理解", "掌握",
                                   "know", "understand", "master"])
            if a.quirks and r.random() < 0.05:
                t["autolink"] = False
        for t in terms:
            if a.quirks and r.random() < 0.25 and len(terms) > 1:
                t["see"] = list({r.choice(terms)["name"] for _ in range(r.randint(1, 3))} - {t["name"]})
        return terms

    # ---------------- prose
    def word(self):
        return self.r.choice(ZH_PROSE if self.zh else EN_PROSE)

    def mention(self, pool):
        """A written form of a term from pool (name mostly, sometimes en / alias / explicit link)."""
        r = self.r
        t = r.choice(pool)
        roll = r.random()
        if roll < 0.08 and t.get("aliases"):
            return r.choice(t["aliases"])
        if roll < 0.14 and t.get("en"):
            return " " + t["en"] + " "
        if roll < 0.16 and self.a.quirks:
            other = ("这类" + t["name"]) if self.zh else ("such " + t["name"])
            return ("[%s](term:%s)" if " " not in t["name"] else "[%s](<term:%s>)") % (other, t["name"])
        return t["name"]

    def sentence(self, pool, p_term, keep=False):
        r = self.r
        n = r.randint(6, 22)
        out = []
        for i in range(n):
            if pool and r.random() < p_term:
                out.append(self.mention(pool))
            else:
                w = self.word()
                x = r.random()
                if x < 0.006:
                    w = "**%s**" % w
                elif x < 0.010:
                    w = "*%s*" % w
                elif x < 0.013:
                    w = "`%s()`" % w
                elif x < 0.014 and self.a.quirks:
                    w = "<kbd>Ctrl</kbd>+<kbd>%s</kbd>" % r.choice("CVZ")
                out.append(w)
            if self.zh and i < n - 1 and r.random() < 0.12:
                out.append(r.choice(["，", "，", "、", "；"]))
        if self.zh:
            s = "".join(out).replace("  ", " ")
            if r.random() < 0.05:
                s = "“" + s + "”"
            return s + r.choice(["。", "。", "。", "！", "？"])
        if len(out) > 8 and r.random() < 0.5:
            k = r.randint(3, len(out) - 3)
            if out[k].isalpha():
                out[k] += ","
        # keep link atoms unbreakable when wrapping (NBSP placeholder restored after wrap)
        s = " ".join((o.strip() if o.startswith(" ") else o) if "](" not in o else o.replace(" ", "\x00") for o in out)
        s = s[0].upper() + s[1:] if s[0].isalpha() else s
        s = s + r.choice([".", ".", ".", "?", "!"])
        return s if keep else s.replace("\x00", " ")

    def paragraph(self, pool, p_term, nsent=None):
        r = self.r
        if nsent is None:
            nsent = max(1, int(r.lognormvariate(1.1, 0.6)))
        ss = [self.sentence(pool, p_term, True) for _ in range(nsent)]
        if self.zh:
            return "".join(ss)
        text = " ".join(ss)
        if self.a.wrap:
            return "\n".join(textwrap.wrap(text, width=r.choice([72, 80, 100]),
                                           break_long_words=False, break_on_hyphens=False)).replace("\x00", " ")
        return text.replace("\x00", " ")

    # ---------------- blocks
    def table(self, pool, p_term):
        r = self.r
        cols = r.randint(2, 5)
        rows = r.randint(2, 8)
        hdr = [self.word() + ("" if self.zh else " ") + self.word() for _ in range(cols)]
        al = [r.choice(["---", ":---", ":---:", "---:"]) for _ in range(cols)]
        lines = ["| " + " | ".join(hdr) + " |", "| " + " | ".join(al) + " |"]
        for _ in range(rows):
            cells = []
            for c in range(cols):
                x = r.random()
                if x < 0.2 and pool:
                    cells.append(self.mention(pool).strip())
                elif x < 0.3:
                    cells.append(str(r.randint(1, 999)) + ("%" if r.random() < 0.3 else ""))
                elif x < 0.33 and self.a.quirks:
                    cells.append("`a \\| b`")
                else:
                    cells.append(("" if self.zh else " ").join(self.word() for _ in range(r.randint(1, 4))))
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def nested_list(self, pool, p_term, depth=0):
        r = self.r
        ordered = r.random() < 0.35
        lines = []
        n = r.randint(2, 6)
        ind = "   " if ordered else "  "
        for i in range(n):
            mark = ("%d. " % (i + 1)) if ordered else r.choice(["- ", "* "]) if depth == 0 else "- "
            item = self.sentence(pool, p_term)
            if r.random() < 0.1 and not self.zh:
                item = "[ ] " + item if r.random() < 0.5 else "[x] " + item
            lines.append(mark + item)
            if depth < 3 and r.random() < 0.3:
                sub = self.nested_list(pool, p_term, depth + 1)
                pad = " " * len(mark)
                lines.extend(pad + l if l else l for l in sub.split("\n"))
        return "\n".join(lines)

    def code_block(self):
        r = self.r
        lang = r.choice(["python", "text", "json", "bash", "", "sql"])
        body = []
        for i in range(r.randint(2, 15)):
            body.append("    " * r.randint(0, 2) + r.choice([
                "def handle(ticket):", "return reply(ticket, template='apology')", "# " + self.word(),
                '{"order": %d, "status": "shipped"}' % r.randint(1, 99999), "SELECT * FROM orders WHERE id = %d;" % i,
                "echo 'customer satisfaction' | grep -c sat", "x = [i * 2 for i in range(10)]  # *not* emphasis [link](x.md)",
            ]))
        fence = r.choice(["```", "```", "~~~"])
        if r.random() < 0.15:
            # indented code block; a plain paragraph first so it can't continue a list item
            return self.paragraph([], 0, 1) + "\n\n" + "\n".join("    " + b for b in body)
        return fence + lang + "\n" + "\n".join(body) + "\n" + fence

    def blockquote(self, pool, p_term):
        r = self.r
        p = self.paragraph(pool, p_term, r.randint(1, 3))
        q = "\n".join("> " + l for l in p.split("\n"))
        if r.random() < 0.3:
            q += "\n>\n> > " + self.sentence(pool, p_term)
        if r.random() < 0.3:
            q += "\n>\n> - " + self.sentence(pool, p_term) + "\n> - " + self.sentence(pool, p_term)
        return q

    # ---------------- plan & write
    def plan(self):
        a, r = self.a, self.r
        zh = self.zh
        self.terms = self.make_terms()
        mods = []
        width_m = max(2, len(str(a.modules)))
        for m in range(a.modules):
            if zh:
                title = ["客户服务基础", "售前咨询", "售中沟通", "售后服务", "投诉处理", "客户关系维护"][m % 6] + ("" if m < 6 else "（%d）" % (m // 6 + 1))
            else:
                title = ["Service basics", "Pre-sale", "In-sale communication", "After-sale service",
                         "Complaints", "Customer relationships"][m % 6] + ("" if m < 6 else " %d" % (m // 6 + 1))
            stem = gh_slug(title) if not zh else ["basics", "pre-sale", "in-sale", "after-sale", "complaints", "relationship"][m % 6] + ("" if m < 6 else "-%d" % (m // 6 + 1))
            if a.unicode_names and zh and m % 3 == 1:
                stem = title  # Chinese folder name
            if a.unicode_names and m % 5 == 2:
                stem = stem.replace("-", " ") + " part"  # folder name with spaces
            folder = "%0*d-%s" % (width_m if a.pad else 0, m + 1, stem)
            mods.append({"idx": m, "title": title, "folder": folder, "chapters": []})
        # chapters distributed round-robin blocks
        per = [a.chapters // a.modules + (1 if i < a.chapters % a.modules else 0) for i in range(a.modules)]
        chapters = []
        for m, cnt in enumerate(per):
            width_c = max(2, len(str(cnt)))
            used_stems = set()
            for j in range(cnt):
                ci = len(chapters)
                if zh:
                    title = "".join(r.choice(ZH_TERM_WORDS) for _ in range(r.randint(2, 3))) + r.choice(["概述", "方法", "技巧", "实务", "案例", "要点", ""])
                    stem = "ch%d" % (ci + 1) if not (a.unicode_names and (ci % 4 == 0 or a.all_unicode)) else title
                else:
                    title = " ".join(r.choice(EN_TERM_WORDS) for _ in range(r.randint(2, 4))).capitalize()
                    if r.random() < 0.2:
                        title += ": " + r.choice(["a primer", "in practice", "common mistakes", "step by step"])
                    stem = gh_slug(title)[:40].strip("-")
                    if a.unicode_names and ci % 7 == 3:
                        stem = title.split(":")[0][:30].strip()  # spaces in file name
                if stem in used_stems or stem in RESERVED_STEMS or not stem:
                    stem = "%s-%d" % (stem or "ch", ci + 1)
                used_stems.add(stem)
                fname = "%0*d-%s.md" % (width_c if a.pad else 0, j + 1, stem)
                ch = {"idx": ci, "mod": m, "title": title, "file": fname, "terms": []}
                chapters.append(ch)
                mods[m]["chapters"].append(ch)
        # terms to chapters
        for t in self.terms:
            c = chapters[(t["idx"] * len(chapters)) // max(1, len(self.terms))]
            c["terms"].append(t)
            t["chapter"] = c["idx"]
        # sizes and headings
        for ch in chapters:
            if a.chapter_kb:
                kb = a.chapter_kb * r.uniform(0.9, 1.1)
            else:
                kb = min(60.0, r.lognormvariate(1.4, 0.6))  # ~4 KB median, a few up to 60 KB
            ch["bytes"] = int(kb * 1024)
            nsec = max(2, int(ch["bytes"] / r.uniform(1200, 3500)))
            heads = []
            for s in range(nsec):
                lvl = 2 if s == 0 else r.choice([2, 2, 3, 3, 4])
                if zh:
                    txt = "%d %s%s" % (s + 1, "".join(r.choice(ZH_PROSE) for _ in range(r.randint(1, 3))),
                                       r.choice(["", "的要点", "：注意事项", "（案例）"]) if a.quirks else "")
                else:
                    txt = "%d %s" % (s + 1, " ".join(r.choice(EN_PROSE) for _ in range(r.randint(1, 4))).title())
                    if a.quirks and r.random() < 0.2:
                        txt += r.choice([": why it matters", " (example)", " & more", " — part two"])
                if not a.quirks:
                    txt = re.sub(r"[^\w ]", "", txt)
                heads.append((lvl, txt, gh_slug(txt)))
            ch["heads"] = heads
        self.mods, self.chapters = mods, chapters

    def rel_link(self, src, dst):
        """relative path from chapter src's file to chapter dst's file, GitHub style."""
        m1, m2 = self.mods[src["mod"]], self.mods[dst["mod"]]
        if m1 is m2:
            p = dst["file"]
        else:
            p = "../" + m2["folder"] + "/" + dst["file"]
        return quote(p, safe="/-._~" + "".join(ch for ch in p if ord(ch) > 127))  # keep CJK raw, encode spaces

    def chapter_text(self, ch, nimg):
        a, r, zh = self.a, self.r, self.zh
        fm = ["---"]
        fm.append("title: " + (yq(ch["title"]) if (":" in ch["title"] or r.random() < 0.3) else ch["title"]))
        if r.random() < 0.1:
            fm.append("order: %d" % (int(ch["file"].split("-")[0]) if ch["file"].split("-")[0].isdigit() else 1))
        if r.random() < 0.7:
            fm.append("summary: " + yq(self.sentence([], 0)))
        if ch["terms"]:
            fm.append("terms:")
            for t in ch["terms"]:
                fm.append("  - name: " + (yq(t["name"]) if r.random() < 0.3 else t["name"]))
                fm.append("    level: %s" % t["level"])
                if "en" in t:
                    fm.append("    en: " + t["en"])
                if "aliases" in t:
                    if r.random() < 0.5:
                        fm.append("    aliases: [" + ", ".join(t["aliases"]) + "]")
                    else:
                        fm.append("    aliases:")
                        fm.extend("      - " + x for x in t["aliases"])
                if "id" in t:
                    fm.append("    id: " + t["id"])
                pool = [x for x in self.terms[max(0, t["idx"] - 20): t["idx"] + 20] if x is not t]
                d = self.paragraph(pool, 0.05, r.randint(1, 3))
                if zh:
                    d = d.replace("“", "").replace("”", "")
                style = r.random()
                if style < 0.5:
                    fm.append("    definition: >")
                    fm.extend("      " + l for l in (textwrap.wrap(d, 70) if not zh else [d]))
                else:
                    fm.append("    definition: " + yq(d.replace("\n", " ")))
                if "see" in t and t["see"]:
                    fm.append("    see: [" + ", ".join(yq(x) for x in t["see"]) + "]")
                if t.get("autolink") is False:
                    fm.append("    autolink: false")
        fm.append("---")
        # term pool for mentions: own, previous chapter's (guarantees use), neighbours, global
        idx = ch["idx"]
        local = list(ch["terms"])
        for k in (idx - 1, idx + 1, idx - 2, idx + 3):
            if 0 <= k < len(self.chapters):
                local += self.chapters[k]["terms"]
        words_target = ch["bytes"] / (5.0 if zh else 6.0)
        p_term = a.density / 1000.0 if self.terms else 0
        body = []
        size = 0
        heads = ch["heads"]
        per_sec = ch["bytes"] / len(heads)
        must = [t for k in (idx - 1,) if k >= 0 for t in self.chapters[k]["terms"]]
        if idx == 0 and len(self.chapters) > 1:
            must += self.chapters[-1]["terms"]
        for si, (lvl, txt, slug) in enumerate(heads):
            body.append("#" * lvl + " " + txt)
            sec_size = 0
            while sec_size < per_sec:
                x = r.random()
                pool = local if (r.random() < 0.6 or not self.terms) else [r.choice(self.terms) for _ in range(5)]
                if must:
                    t = must.pop()
                    nm = t["name"] if t.get("autolink") is not False else ("[%s](%s)" % (t["name"], ("term:" + t["name"]) if " " not in t["name"] else "<term:%s>" % t["name"]))
                    blk = self.paragraph([t], 0.0, 1) + ("" if zh else " ") + (nm + ("是关键。" if zh else " matters."))
                elif not a.quirks or x < 0.62:
                    blk = self.paragraph(pool, p_term)
                elif x < 0.70:
                    blk = self.nested_list(pool, p_term)
                elif x < 0.74:
                    blk = self.table(pool, p_term)
                elif x < 0.79:
                    blk = self.code_block()
                elif x < 0.84:
                    blk = self.blockquote(pool, p_term)
                elif x < 0.88 and nimg:
                    i = r.randrange(nimg)
                    img = "../assets/fig-%d.%s" % (i, "png" if i % 2 == 0 else "svg")
                    if r.random() < 0.2:
                        img = "img/local-%d.png" % (i % 3)
                    alt = self.sentence(self.terms[:5], 0.3)[:-1] if self.terms else "figure"
                    blk = "![%s](%s%s)" % (alt.replace("[", "").replace("]", "").replace("(", "").replace(")", "").replace("`", "").replace("*", ""), img,
                                           (' "%s"' % self.word()) if r.random() < 0.3 else "")
                elif x < 0.95 and len(self.chapters) > 1:
                    dst = r.choice(self.chapters) if r.random() < 0.5 else self.chapters[min(len(self.chapters) - 1, idx + 1)]
                    if dst is ch:
                        anchor = "#" + r.choice(heads)[2]
                        target = anchor
                    else:
                        target = self.rel_link(ch, dst)
                        y = r.random()
                        if y < 0.5:
                            target += "#" + r.choice(dst["heads"])[2]
                        elif y < 0.6:
                            target += "#"
                    label = ("参见" + dst["title"]) if zh else ("see " + dst["title"])
                    blk = self.paragraph(pool, p_term, 1) + ("" if zh else " ") + "[%s](%s)" % (label, target) + ("。" if zh else ".")
                    if r.random() < 0.3:
                        blk += (" " if not zh else "") + "[%s](https://example.com/%d)" % ("外部资料" if zh else "external", r.randint(1, 999))
                elif x < 0.97:
                    blk = "---" if r.random() < 0.5 else "<br>"
                else:
                    blk = self.paragraph(pool, p_term, 1) + "\n\n" + self.code_block()
                body.append(blk)
                n = len(blk.encode("utf-8")) + 2
                sec_size += n
                size += n
        # questions
        if a.quiz and r.random() < a.quiz:
            body.append("## 思考与练习" if zh else "## Exercises")
            for qi in range(r.randint(1, 3)):
                body.append(self.quiz(ch, qi))
        text = "\n".join(fm) + "\n\n" + "\n\n".join(body) + "\n"
        return text

    def quiz(self, ch, qi):
        r, zh = self.r, self.zh
        kind = r.choice(["single", "multiple", "judge", "fill", "open"])
        q = ("第%d章第%d题：" % (ch["idx"] + 1, qi + 1)) if zh else ("Q%d.%d: " % (ch["idx"] + 1, qi + 1))
        q += self.sentence([], 0)
        lines = []
        choices = []
        while len(choices) < 4:
            c = self.sentence([], 0)[:-1][:40]
            if c not in choices:
                choices.append(c)
        if kind == "single":
            lines += ["question: " + yq(q), "choices:"] + ["  - " + yq(c) for c in choices]
            lines.append("answer: " + r.choice("ABCD"))
        elif kind == "multiple":
            lines += ["question: " + yq(q), "type: " + r.choice(["multiple", "多选"]), "choices:"] + ["  - " + yq(c) for c in choices]
            lines.append("answer: " + r.choice(["[A, C]", "AC", "[B, D]", "A、B"]))
        elif kind == "judge":
            lines += ["question: " + yq(q), "answer: " + r.choice(["对", "错", "true", "false", "正确", "错误"])]
        elif kind == "fill":
            lines += ["question: " + yq(q[:-1] + ("，答案是 ___。" if zh else ", the answer is ___.")),
                      "answer: " + r.choice(["[七, \"7\"]", "买家", "seven", "\"007\""])]
        else:
            if r.random() < 0.5:
                lines += ["question: " + yq(q), "type: open", "reference: " + yq(self.sentence([], 0))]
            else:
                lines += ["question: " + yq(q), "points:", "  - " + yq(self.sentence([], 0)), "  - " + yq(self.sentence([], 0))]
        if r.random() < 0.6:
            lines.append("explanation: " + yq(self.sentence([], 0)))
        if self.terms and r.random() < 0.4:
            lines.append("terms: [" + ", ".join(yq(r.choice(self.terms)["name"]) for _ in range(r.randint(1, 2))) + "]")
        return "```quiz\n" + "\n".join(lines) + "\n```"

    def write(self):
        a = self.a
        out = a.out
        if os.path.exists(out):
            shutil.rmtree(out)
        os.makedirs(os.path.join(out, "content", "assets"))
        with open(os.path.join(out, "book.toml"), "w", encoding="utf-8") as f:
            f.write('[book]\ntitle = "%s"\nauthors = ["Stranger Generator"]\ndescription = "%s"\nlanguage = "%s"\nsrc = "content"\n'
                    % (("陌生课程 %s" % os.path.basename(out)) if self.zh else "Stranger course %s" % os.path.basename(out),
                       "由外部生成器生成" if self.zh else "generated by an outside program",
                       "zh-CN" if self.zh else "en"))
            f.write('\n[glossary]\nlink = "%s"\n' % a.link)
            if a.no_downloads:
                f.write('\n[output.epub]\nenable = false\n\n[output.zip]\nenable = false\n')
        nimg = a.images
        for i in range(nimg):
            p = os.path.join(out, "content", "assets", "fig-%d.%s" % (i, "png" if i % 2 == 0 else "svg"))
            if i % 2 == 0:
                open(p, "wb").write(png_bytes(8 + i % 8, 6, ((i * 37) % 256, (i * 91) % 256, 120)))
            else:
                open(p, "w").write(svg_text(i))
        with open(os.path.join(out, "content", "index.md"), "w", encoding="utf-8") as f:
            f.write("---\ntitle: %s\nsummary: %s\n---\n\n%s\n" % (
                yq("陌生课程" if self.zh else "Stranger course"), yq(self.sentence([], 0)),
                self.paragraph(self.terms[:10], 0.05, 3)))
        total = 0
        for m in self.mods:
            d = os.path.join(out, "content", m["folder"])
            os.makedirs(d)
            if nimg:
                os.makedirs(os.path.join(d, "img"))
                for k in range(3):
                    open(os.path.join(d, "img", "local-%d.png" % k), "wb").write(png_bytes(4, 4, (k * 80, 30, 200)))
            with open(os.path.join(d, "index.md"), "w", encoding="utf-8") as f:
                f.write("---\ntitle: %s\nsummary: %s\n%s---\n\n%s\n\n%s\n" % (
                    m["title"], yq(self.sentence([], 0)),
                    ("order: %d\n" % (m["idx"] + 1)) if (not a.pad or " " in m["folder"]) else "",
                    self.paragraph([], 0, 2), self.nested_list([], 0) if a.quirks else ""))
            for ch in m["chapters"]:
                txt = self.chapter_text(ch, nimg)
                if a.crlf:
                    txt = txt.replace("\n", "\r\n")
                data = txt.encode("utf-8")
                if a.bom:
                    data = b"\xef\xbb\xbf" + data
                total += len(data)
                with open(os.path.join(d, ch["file"]), "wb") as f:
                    f.write(data)
        print("wrote %s: %d modules, %d chapters, %d terms, %.1f MB markdown" % (
            out, len(self.mods), len(self.chapters), len(self.terms), total / 1e6))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--chapters", type=int, default=60)
    p.add_argument("--modules", type=int, default=6)
    p.add_argument("--terms", type=int, default=60)
    p.add_argument("--density", type=float, default=10, help="term mentions per 1000 words")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--chapter-kb", type=float, default=0, help="fixed chapter size (KB); 0 = lognormal ~4 KB")
    p.add_argument("--images", type=int, default=20)
    p.add_argument("--quiz", type=float, default=0.4, help="probability a chapter has questions")
    p.add_argument("--link", default="first")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-quirks", dest="quirks", action="store_false")
    p.add_argument("--unicode-names", action="store_true")
    p.add_argument("--all-unicode", action="store_true", help="zh: every chapter file named by its Chinese title")
    p.add_argument("--no-pad", dest="pad", action="store_false", help="1-,2-,...10- prefixes instead of 01-")
    p.add_argument("--no-wrap", dest="wrap", action="store_false")
    p.add_argument("--crlf", action="store_true")
    p.add_argument("--bom", action="store_true")
    p.add_argument("--no-downloads", action="store_true")
    a = p.parse_args()
    if a.modules > a.chapters:
        sys.exit("modules > chapters")
    g = Gen(a)
    g.plan()
    g.write()


if __name__ == "__main__":
    main()

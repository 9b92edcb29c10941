//! Labels: the interface language of a site (`[book] language`: zh-CN by default, en too) and
//! every fixed string the theme shows in it, with the examples the diagnostics give in it. They belong to no single stage (the term linker's
//! tooltips, the navigation and every template use them), so they sit at the bottom of the
//! pipeline with `markup`, and use nothing of the course.

use serde::Serialize;

/// The interface language of the generated site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    /// Chinese (simplified), the default: labels such as 首页, 上一章.
    ZhCn,
    /// English labels.
    En,
}

impl Language {
    /// Reads `[book] language`; any `zh…` tag means Chinese, any `en…` tag English.
    pub(crate) fn parse(tag: &str) -> Option<Language> {
        let lower = tag.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Language::ZhCn)
        } else if lower == "en" || lower.starts_with("en-") || lower.starts_with("en_") {
            Some(Language::En)
        } else {
            None
        }
    }

    /// The BCP 47 tag written into `<html lang>`.
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}

/// Every fixed string the theme shows. Templates read them as `t.<name>`.
#[derive(Debug, Serialize)]
pub(crate) struct Labels {
    /// Sidebar heading and breadcrumb linking to the home page; also the home page's place in reading order.
    pub(crate) home: &'static str,
    /// Heading of the home page's module cards; sidebar label and "… n modules" count.
    pub(crate) modules: &'static str,
    /// Heading of a module page's chapter cards.
    pub(crate) chapters: &'static str,
    /// Accessible name of the top bar's links.
    pub(crate) contents: &'static str,
    /// Title of a chapter's table-of-contents box.
    pub(crate) on_this_page: &'static str,
    /// Link to the previous page in reading order.
    pub(crate) previous: &'static str,
    /// Link to the next page in reading order.
    pub(crate) next: &'static str,
    /// Link to the glossary page, and that page's title.
    pub(crate) glossary: &'static str,
    /// Link to the revision page, and that page's title.
    pub(crate) revision: &'static str,
    /// Link to the whole-course print page, and its print button.
    pub(crate) print: &'static str,
    /// Button that prints the current page (revision page).
    pub(crate) print_page: &'static str,
    /// Link to the search page and accessible name of the search boxes.
    pub(crate) search: &'static str,
    /// Placeholder text in the search boxes.
    pub(crate) search_placeholder: &'static str,
    /// Shown when a search finds nothing.
    pub(crate) search_no_results: &'static str,
    /// Shown while the search index downloads.
    pub(crate) search_loading: &'static str,
    /// Help under the search page's box (also shown without JavaScript).
    pub(crate) search_hint: &'static str,
    /// "{n}" is replaced by the number of results.
    pub(crate) search_count: &'static str,
    /// Before the glossary terms that match a query (after the sections).
    pub(crate) search_terms: &'static str,
    /// Before the nearest glossary terms, offered when a query finds no section.
    pub(crate) search_suggest: &'static str,
    /// Said of a query cut short (a pasted paragraph), after the count of results and under
    /// the box's results: "{n}" is replaced by how many characters were searched.
    pub(crate) search_clipped: &'static str,
    /// Name of a task list's ticked checkbox, for screen readers.
    pub(crate) task_done: &'static str,
    /// Name of a task list's empty checkbox, for screen readers.
    pub(crate) task_todo: &'static str,
    /// Heading of the list of terms a chapter defines.
    pub(crate) terms_in_chapter: &'static str,
    /// Before the link to the chapter that defines a term (glossary, revision).
    pub(crate) defined_in: &'static str,
    /// Before the links to the chapters that use a term (glossary).
    pub(crate) used_in: &'static str,
    /// After the first pages using a term; `{n}` is how many more (a link to the full list).
    pub(crate) used_more: &'static str,
    /// Title of the pages listing every page that uses each much-used term.
    pub(crate) uses_title: &'static str,
    /// Beside a term on those pages; `{n}` is how many pages use it.
    pub(crate) uses_count: &'static str,
    /// After a term whose list goes on from the previous part.
    pub(crate) uses_continued: &'static str,
    /// Before a term's related terms (glossary).
    pub(crate) see_also: &'static str,
    /// Glossary filter choice that shows terms of every level.
    pub(crate) all_levels: &'static str,
    /// Title of the 404 page.
    pub(crate) not_found_title: &'static str,
    /// Body text of the 404 page.
    pub(crate) not_found_text: &'static str,
    /// "Edit this page" link to the source, when `edit-url-template` is set.
    pub(crate) edit_page: &'static str,
    /// Before the date a page's source was last committed, at the foot of the page.
    pub(crate) last_updated: &'static str,
    /// Button that opens the sidebar on narrow screens.
    pub(crate) menu: &'static str,
    /// Button that opens the display settings (colours, text size, shortcuts) in the top bar.
    pub(crate) settings: &'static str,
    /// Name of the colour choice in the settings.
    pub(crate) theme_toggle: &'static str,
    /// The three colour choices: as the system says, light, dark.
    pub(crate) schemes: [&'static str; 3],
    /// Name of the text size choice in the settings.
    pub(crate) text_size: &'static str,
    /// The three text sizes, smallest first.
    pub(crate) text_sizes: [&'static str; 3],
    /// The switch of the single-key shortcuts in the settings.
    pub(crate) shortcuts: &'static str,
    /// What the single-key shortcuts are, under their switch.
    pub(crate) shortcuts_help: &'static str,
    /// Introduction of the home page, behind a disclosure after the module cards.
    pub(crate) about_course: &'static str,
    /// Button that marks a chapter read (pressed when it is).
    pub(crate) mark_read: &'static str,
    /// Beside a chapter read, for screen readers (the eye sees ✓).
    pub(crate) read: &'static str,
    /// Reading progress on a module card; `{done}` and `{total}` are numbers.
    pub(crate) read_progress: &'static str,
    /// Before the link to the section last read, on the home page.
    pub(crate) continue_reading: &'static str,
    /// Button that forgets the chapters read and the last position.
    pub(crate) reset_reading: &'static str,
    /// The question asked before forgetting them.
    pub(crate) reset_reading_confirm: &'static str,
    /// Before a module card's counts of terms per level.
    pub(crate) terms_label: &'static str,
    /// Name of the revision page's choice of module.
    pub(crate) filter_module: &'static str,
    /// The revision page's choice of every module.
    pub(crate) all_modules: &'static str,
    /// Name of the revision page's choice of level.
    pub(crate) filter_level: &'static str,
    /// Button that opens every card of the revision page.
    pub(crate) expand_all: &'static str,
    /// Button that closes every card of the revision page.
    pub(crate) collapse_all: &'static str,
    /// The mark a student sets on a term they know (revision page).
    pub(crate) known: &'static str,
    /// The switch that hides the terms marked known.
    pub(crate) hide_known: &'static str,
    /// How many of the terms shown are marked known; `{known}` and `{total}` are numbers.
    pub(crate) known_count: &'static str,
    /// Keyboard skip link to the main content.
    pub(crate) skip_to_content: &'static str,
    /// Unit after a number of chapters, e.g. "12 chapters" on module cards and sidebar counts.
    pub(crate) chapter_count: &'static str,
    /// Unit after the number of terms at the top of the glossary.
    pub(crate) term_count: &'static str,
    /// Names of levels 1 to 3, shown after a term's stars; read through `Level::name`.
    pub(crate) level_names: [&'static str; 3],
    /// Introduction at the top of the revision page.
    pub(crate) revision_intro: &'static str,
    /// Introduction at the top of the print page.
    pub(crate) print_intro: &'static str,
    /// Before the number on a home-page module card, e.g. "Module 3".
    pub(crate) module_label: &'static str,
    /// Names of the kinds of question (single, multiple, true-or-false, fill-in, open), shown before each.
    pub(crate) quiz_kinds: [&'static str; 5],
    /// Summary of the box holding a question's answer and explanation.
    pub(crate) quiz_show_answer: &'static str,
    /// Before a question's answer (site and answer key).
    pub(crate) quiz_answer: &'static str,
    /// Before an open question's reference answer.
    pub(crate) quiz_reference: &'static str,
    /// Before an open question's discussion points.
    pub(crate) quiz_points: &'static str,
    /// Before the glossary terms a question tests.
    pub(crate) quiz_terms: &'static str,
    /// Accessible name of a blank; `{n}` is its number.
    pub(crate) quiz_blank: &'static str,
    /// Accessible name of the answer box of an open question.
    pub(crate) quiz_your_answer: &'static str,
    /// The answer of a true-or-false question meaning right.
    pub(crate) quiz_true: &'static str,
    /// The answer of a true-or-false question meaning wrong.
    pub(crate) quiz_false: &'static str,
    /// Between the letters of a multiple-choice answer (A、C; A, C).
    pub(crate) quiz_letters_separator: &'static str,
    /// Between the answers of a question's blanks, or its discussion points (七；买家).
    pub(crate) quiz_blanks_separator: &'static str,
    /// Button that checks an answer.
    pub(crate) quiz_check: &'static str,
    /// Button that clears an answer to try again.
    pub(crate) quiz_retry: &'static str,
    /// Feedback on a right answer.
    pub(crate) quiz_right: &'static str,
    /// Feedback on a wrong answer.
    pub(crate) quiz_wrong: &'static str,
    /// After a wrong answer; `{answer}` is the right one.
    pub(crate) quiz_answer_is: &'static str,
    /// After an open question is answered.
    pub(crate) quiz_open_done: &'static str,
    /// When a question is checked before it is answered.
    pub(crate) quiz_need_answer: &'static str,
    /// A chapter's score; `{right}` and `{total}` are numbers.
    pub(crate) quiz_score: &'static str,
    /// Progress on a card; `{done}` and `{total}` are numbers.
    pub(crate) quiz_progress: &'static str,
    /// Button that clears a chapter's answers.
    pub(crate) quiz_reset: &'static str,
    /// Button that clears every stored answer (mistakes page).
    pub(crate) quiz_reset_all: &'static str,
    /// The mistakes page when nothing was answered wrong.
    pub(crate) quiz_mistakes_empty: &'static str,
    /// Button that starts the drill of ★★★ terms on the revision page.
    pub(crate) drill_start: &'static str,
    /// Question of the drill, above a definition.
    pub(crate) drill_prompt: &'static str,
    /// Button to the drill's next definition.
    pub(crate) drill_next: &'static str,
    /// The drill's score; `{right}` and `{total}` are numbers.
    pub(crate) drill_score: &'static str,
    /// Heading of a chapter's questions' score and of the worksheet.
    pub(crate) exercises: &'static str,
    /// Link to, and title of, a module's self-test page.
    pub(crate) self_test: &'static str,
    /// A part of a split self-test page or module page; `{numbers}` is a chapter's number or a
    /// range (`1–120`).
    pub(crate) chapter_range: &'static str,
    /// A part of a split home page; `{numbers}` is a module's number or a range (`1–400`).
    pub(crate) module_range: &'static str,
    /// Link to, and title of, the page of questions answered wrong.
    pub(crate) mistakes: &'static str,
    /// Introduction of the mistakes page.
    pub(crate) mistakes_intro: &'static str,
    /// Shown where a page needs JavaScript to show anything.
    pub(crate) needs_javascript: &'static str,
    /// Heading of a module's answer key in the print worksheet.
    pub(crate) answer_key: &'static str,
    /// Before the build's date on the handout's cover.
    pub(crate) handout_date: &'static str,
    /// Heading of the handout's list of terms by level, after its glossary.
    pub(crate) handout_revision: &'static str,
    /// Heading of the home page's downloads (the site as a zip, the EPUB, the PDF).
    pub(crate) downloads: &'static str,
    /// Under the downloads heading: how each file is read without a network.
    pub(crate) downloads_intro: &'static str,
    /// The download of the whole site as a zip.
    pub(crate) download_zip: &'static str,
    /// The download of the course as an EPUB e-book.
    pub(crate) download_epub: &'static str,
    /// The download of the course as a PDF.
    pub(crate) download_pdf: &'static str,
    /// The PDF of a large course's handout, when its modules are printed to PDFs of their own:
    /// what it still holds.
    pub(crate) download_pdf_handout: &'static str,
    /// The same for a course without a glossary.
    pub(crate) download_pdf_contents: &'static str,
    /// The PDF of one module of a large course, or of a part of one; `{title}` is the module's
    /// title, with the part's chapters.
    pub(crate) download_pdf_part: &'static str,
    /// A download's size after its name; `{size}` is the number with its unit (`1.2 MB`), in
    /// the language's brackets.
    pub(crate) download_size: &'static str,
    /// Shown in the footer once the service worker keeps visited pages for offline reading.
    pub(crate) offline_ready: &'static str,
    /// Between a label and what it introduces (答案：B; Answer: B), and between a module's title
    /// and the name of its self-test or answer key.
    pub(crate) colon: &'static str,
    /// Between the items of a list written on one line: the pages using a term, its related
    /// terms, the terms a question tests, the authors on the handout's cover.
    pub(crate) list_separator: &'static str,
    /// A blank in a question on the site, numbered; `{n}` is its number.
    pub(crate) quiz_gap: &'static str,
    /// A blank in a question on the worksheet: room to write on, as wide as six characters.
    pub(crate) quiz_write_line: &'static str,
    /// After a true-or-false question on the worksheet: the brackets to mark it in.
    pub(crate) quiz_judge_mark: &'static str,
    /// A level's heading in the handout's revision list; `{level}` is its name, `{n}` how many
    /// terms it has.
    pub(crate) level_count: &'static str,
    /// What the diagnostics show as examples, in words of a course in this language.
    #[serde(skip)]
    pub(crate) examples: &'static Examples,
}

/// The examples of what to write that diagnostics give, in the course's language, so that a
/// teacher of an English course is not shown `title: 章节标题`. Accepted spellings (`对`, `★★★`,
/// `单选`) are listed as they are: they are valid in every course.
#[derive(Debug)]
pub(crate) struct Examples {
    /// A chapter's title, in the help of a page without one.
    pub(crate) chapter_title: &'static str,
    /// A title, and a term's name, in examples of front matter.
    pub(crate) title: &'static str,
    /// A one-sentence summary.
    pub(crate) summary: &'static str,
    /// A definition of [`Examples::title`].
    pub(crate) definition: &'static str,
    /// Other written forms of [`Examples::title`], inside `[…]`.
    pub(crate) aliases: &'static str,
    /// A related term's name.
    pub(crate) see: &'static str,
    /// Two placeholder entries of a list, inside `[…]`.
    pub(crate) two: &'static str,
    /// A module's title given to `coursebook new module`.
    pub(crate) module_title: &'static str,
    /// A single-choice question, its first two choices.
    pub(crate) question: [&'static str; 3],
    /// The answers of a true-or-false question, right then wrong, as this course writes them.
    pub(crate) judge: [&'static str; 2],
    /// The help of a true-or-false answer that is neither.
    pub(crate) judge_help: &'static str,
    /// The word that fills a blank.
    pub(crate) blank: &'static str,
    /// One blank's accepted answers, then a second blank's answer: `[[…, …], …]`.
    pub(crate) blank_alternatives: &'static str,
    /// Two blanks' answers in order, inside `[…]`.
    pub(crate) blanks_in_order: &'static str,
    /// Two groups of `[search] synonyms`.
    pub(crate) synonyms: &'static str,
    /// A one-character synonym made a word.
    pub(crate) short_synonym: &'static str,
}

const ZH_CN_EXAMPLES: Examples = Examples {
    chapter_title: "章节标题",
    title: "有效沟通",
    summary: "一句话说明本章内容",
    definition: "把想法准确地表达出来。",
    aliases: "有效的沟通, 沟通有效",
    see: "沟通技巧",
    two: "甲, 乙",
    module_title: "售后服务",
    question: ["顾客嫌贵时，客服首先应该怎么做？", "马上降价", "先了解顾客在意什么"],
    judge: ["对", "错"],
    judge_help: "write answer: 对 or answer: 错 (true and false work too)",
    blank: "运费险",
    blank_alternatives: "[[运费险, 退货运费险], 七]",
    blanks_in_order: "[第一空, 第二空]",
    synonyms: "[[\"砍价\", \"讨价还价\", \"议价\"], [\"快递\", \"物流\"]]",
    short_synonym: "货 → 货物",
};

const EN_EXAMPLES: Examples = Examples {
    chapter_title: "Chapter title",
    title: "Effective communication",
    summary: "One sentence about this chapter",
    definition: "Getting an idea across as it was meant.",
    aliases: "effective communicating, communicating well",
    see: "Communication skills",
    two: "one, two",
    module_title: "After-sale service",
    question: [
        "What should you do first when a customer finds the price too high?",
        "Lower the price",
        "Ask what matters to them",
    ],
    judge: ["true", "false"],
    judge_help: "write answer: true or answer: false",
    blank: "refund",
    blank_alternatives: "[[refund, money back], seven]",
    blanks_in_order: "[first blank, second blank]",
    synonyms: "[[\"haggle\", \"bargain\"], [\"parcel\", \"package\"]]",
    short_synonym: "r → refund",
};

const ZH_CN: Labels = Labels {
    home: "首页",
    modules: "模块",
    chapters: "章节",
    contents: "目录",
    on_this_page: "本页内容",
    previous: "上一章",
    next: "下一章",
    glossary: "术语表",
    revision: "复习",
    print: "打印全书",
    print_page: "打印本页",
    search: "搜索",
    search_placeholder: "搜索课程，例如：怎么处理差评",
    search_no_results: "没有找到结果",
    search_loading: "正在加载索引…",
    search_hint: "输入中文、英文或术语名称；↑ ↓ 选择，Enter 打开；在其他页面按 / 跳到搜索框。",
    search_count: "找到 {n} 条结果",
    search_terms: "相关术语",
    search_suggest: "没有找到相关内容，试试这些术语：",
    search_clipped: "问题较长，只按前 {n} 个字搜索",
    task_done: "已完成",
    task_todo: "未完成",
    terms_in_chapter: "本章术语",
    defined_in: "定义于",
    used_in: "出现于",
    used_more: "另有 {n} 处",
    uses_title: "术语出现处",
    uses_count: "共 {n} 处",
    uses_continued: "（续）",
    see_also: "参见",
    all_levels: "全部",
    not_found_title: "页面不存在",
    not_found_text: "你要找的页面不存在。可以回到首页，或用搜索查找。",
    edit_page: "编辑本页",
    last_updated: "最后更新：",
    menu: "菜单",
    settings: "显示设置",
    theme_toggle: "颜色",
    schemes: ["跟随系统", "浅色", "深色"],
    text_size: "字号",
    text_sizes: ["小", "中", "大"],
    shortcuts: "单键快捷键",
    shortcuts_help: "/ 搜索；← 或 k 上一章；→ 或 j 下一章",
    about_course: "课程介绍",
    mark_read: "标记为已读",
    read: "已读",
    read_progress: "已读 {done}/{total} 章",
    continue_reading: "继续阅读：",
    reset_reading: "清除阅读记录",
    reset_reading_confirm: "清除已读章节和阅读位置？（练习记录不受影响）",
    terms_label: "术语",
    filter_module: "模块",
    all_modules: "全部模块",
    filter_level: "重要程度",
    expand_all: "全部展开",
    collapse_all: "全部收起",
    known: "我已掌握",
    hide_known: "隐藏已掌握的术语",
    known_count: "已掌握 {known}/{total}",
    skip_to_content: "跳到正文",
    chapter_count: "章",
    term_count: "个术语",
    level_names: ["了解", "理解", "掌握"],
    revision_intro: "按重要程度复习全部术语：先回忆定义，再点开核对。",
    print_intro: "全书内容，适合打印或保存为 PDF。",
    module_label: "模块",
    quiz_kinds: ["单选题", "多选题", "判断题", "填空题", "思考题"],
    quiz_show_answer: "查看答案与解析",
    quiz_answer: "答案",
    quiz_reference: "参考答案",
    quiz_points: "讨论要点",
    quiz_terms: "考查术语",
    quiz_blank: "第 {n} 空",
    quiz_your_answer: "你的回答",
    quiz_true: "对",
    quiz_false: "错",
    quiz_letters_separator: "、",
    quiz_blanks_separator: "；",
    quiz_check: "提交",
    quiz_retry: "重做",
    quiz_right: "回答正确！",
    quiz_wrong: "回答错误。",
    quiz_answer_is: "正确答案：{answer}",
    quiz_open_done: "已提交：对照下面的参考答案检查你的回答。",
    quiz_need_answer: "请先作答。",
    quiz_score: "本章练习：答对 {right} / {total} 题",
    quiz_progress: "练习 {done}/{total}",
    quiz_reset: "清除本章作答记录",
    quiz_reset_all: "清除全部作答记录",
    quiz_mistakes_empty: "还没有答错的题目。",
    drill_start: "自测 ★★★ 术语",
    drill_prompt: "下面是哪个术语的定义？",
    drill_next: "下一题",
    drill_score: "答对 {right} / {total}",
    exercises: "练习",
    self_test: "本模块自测",
    chapter_range: "第 {numbers} 章",
    module_range: "模块 {numbers}",
    mistakes: "错题本",
    mistakes_intro: "这里列出你最近一次答错的题目，记录保存在本浏览器中。",
    needs_javascript: "此功能需要启用 JavaScript。",
    answer_key: "答案",
    handout_date: "编印日期",
    handout_revision: "复习清单",
    downloads: "下载离线版",
    downloads_intro: "下载后不联网也能学习：ZIP 解压后用浏览器打开其中的 index.html；EPUB 用手机或电子书阅读器打开。",
    download_zip: "整站网页（ZIP）",
    download_epub: "电子书（EPUB）",
    download_pdf: "PDF 版",
    download_pdf_handout: "PDF 版 · 封面、目录与术语表",
    download_pdf_contents: "PDF 版 · 封面与目录",
    download_pdf_part: "PDF 版 · {title}",
    download_size: "（{size}）",
    offline_ready: "已可离线阅读：看过的页面在断网时也能打开。",
    colon: "：",
    list_separator: "、",
    quiz_gap: "（{n}）",
    quiz_write_line: "　　　　　　",
    quiz_judge_mark: "（　　）",
    level_count: "{level}（{n}）",
    examples: &ZH_CN_EXAMPLES,
};

const EN: Labels = Labels {
    home: "Home",
    modules: "Modules",
    chapters: "Chapters",
    contents: "Contents",
    on_this_page: "On this page",
    previous: "Previous",
    next: "Next",
    glossary: "Glossary",
    revision: "Revision",
    print: "Print",
    print_page: "Print this page",
    search: "Search",
    search_placeholder: "Search the course, e.g. how to handle a complaint",
    search_no_results: "No results",
    search_loading: "Loading the index…",
    search_hint:
        "Type Chinese, English or a term; ↑ ↓ to choose, Enter to open; on any page, / jumps to the search box.",
    search_count: "{n} results",
    search_terms: "Glossary terms",
    search_suggest: "Nothing found; try these terms:",
    search_clipped: "A long query: only its first {n} characters were searched",
    task_done: "Done",
    task_todo: "To do",
    terms_in_chapter: "Terms in this chapter",
    defined_in: "Defined in",
    used_in: "Used in",
    used_more: "{n} more",
    uses_title: "Where terms are used",
    uses_count: "{n} pages",
    uses_continued: " (continued)",
    see_also: "See also",
    all_levels: "All",
    not_found_title: "Page not found",
    not_found_text: "This page does not exist. Go back to the home page, or search.",
    edit_page: "Edit this page",
    last_updated: "Last updated: ",
    menu: "Menu",
    settings: "Display settings",
    theme_toggle: "Colours",
    schemes: ["System", "Light", "Dark"],
    text_size: "Text size",
    text_sizes: ["Small", "Medium", "Large"],
    shortcuts: "Single-key shortcuts",
    shortcuts_help: "/ search; ← or k previous chapter; → or j next chapter",
    about_course: "About this course",
    mark_read: "Mark as read",
    read: "Read",
    read_progress: "Read {done}/{total}",
    continue_reading: "Continue reading: ",
    reset_reading: "Clear reading progress",
    reset_reading_confirm: "Forget the chapters read and the place you were? (Answers to exercises are kept.)",
    terms_label: "Terms",
    filter_module: "Module",
    all_modules: "All modules",
    filter_level: "Level",
    expand_all: "Expand all",
    collapse_all: "Collapse all",
    known: "I know this",
    hide_known: "Hide known terms",
    known_count: "Known {known}/{total}",
    skip_to_content: "Skip to content",
    chapter_count: "chapters",
    term_count: "terms",
    level_names: ["know", "understand", "master"],
    revision_intro: "Revise every term by importance: recall the definition, then open it to check.",
    print_intro: "The whole course on one page, to print or save as PDF.",
    module_label: "Module",
    quiz_kinds: ["Single choice", "Multiple choice", "True or false", "Fill in the blanks", "Open question"],
    quiz_show_answer: "Answer and explanation",
    quiz_answer: "Answer",
    quiz_reference: "Reference answer",
    quiz_points: "Points to discuss",
    quiz_terms: "Terms tested",
    quiz_blank: "Blank {n}",
    quiz_your_answer: "Your answer",
    quiz_true: "True",
    quiz_false: "False",
    quiz_letters_separator: ", ",
    quiz_blanks_separator: "; ",
    quiz_check: "Check",
    quiz_retry: "Try again",
    quiz_right: "Correct!",
    quiz_wrong: "Not quite.",
    quiz_answer_is: "The answer: {answer}",
    quiz_open_done: "Submitted: compare your answer with the reference below.",
    quiz_need_answer: "Answer first.",
    quiz_score: "This chapter: {right} of {total} right",
    quiz_progress: "Exercises {done}/{total}",
    quiz_reset: "Clear this chapter's answers",
    quiz_reset_all: "Clear all answers",
    quiz_mistakes_empty: "No wrong answers yet.",
    drill_start: "Drill the ★★★ terms",
    drill_prompt: "Which term is defined here?",
    drill_next: "Next",
    drill_score: "{right} of {total} right",
    exercises: "Exercises",
    self_test: "Module self-test",
    chapter_range: "Ch. {numbers}",
    module_range: "Modules {numbers}",
    mistakes: "Mistakes",
    mistakes_intro: "The questions you last answered wrong, as kept in this browser.",
    needs_javascript: "This needs JavaScript.",
    answer_key: "Answer key",
    handout_date: "Printed",
    handout_revision: "Revision list",
    downloads: "Download for offline reading",
    downloads_intro:
        "Read without a network: unzip the ZIP and open its index.html in a browser; open the EPUB in an e-book reader.",
    download_zip: "The whole site (ZIP)",
    download_epub: "E-book (EPUB)",
    download_pdf: "PDF",
    download_pdf_handout: "PDF · cover, contents and glossary",
    download_pdf_contents: "PDF · cover and contents",
    download_pdf_part: "PDF · {title}",
    download_size: "({size})",
    offline_ready: "Available offline: the pages you have opened open without a network too.",
    colon: ": ",
    list_separator: ", ",
    quiz_gap: "({n})",
    // Em spaces: as wide as the six ideographic spaces of the Chinese worksheet.
    quiz_write_line: "\u{2003}\u{2003}\u{2003}\u{2003}\u{2003}\u{2003}",
    quiz_judge_mark: " (\u{2003}\u{2003})",
    level_count: "{level} ({n})",
    examples: &EN_EXAMPLES,
};

/// The labels of a language.
pub(crate) const fn labels(language: Language) -> &'static Labels {
    match language {
        Language::ZhCn => &ZH_CN,
        Language::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert_eq!(Language::parse("zh-CN"), Some(Language::ZhCn));
        assert_eq!(Language::parse("zh-Hans"), Some(Language::ZhCn));
        assert_eq!(Language::parse("en-US"), Some(Language::En));
        assert_eq!(Language::parse("fr"), None);
    }
}

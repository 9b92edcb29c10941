//! The repository's own course 《客户服务》: it builds with no error and no warning, has six
//! modules in order, and its glossary holds every term of the seed glossary at the seed's level.

use crate::common;

use std::path::Path;

/// Every term of the seed glossary with its stars (有效沟通 appears twice there; once here).
const SEED_TERMS: &[(&str, u8)] = &[
    ("企业文化", 1),
    ("网店客服", 1),
    ("企业组织架构图", 1),
    ("宝贝描述", 1),
    ("商品分类", 1),
    ("商品规格", 1),
    ("客服活动专员", 2),
    ("客服绩效考核", 1),
    ("有效沟通", 3),
    ("FAQ", 1),
    ("员工心态培训", 3),
    ("心态", 1),
    ("情绪", 1),
    ("职业倦怠症", 3),
    ("求实心理", 2),
    ("求新求异心理", 2),
    ("求美心理", 2),
    ("求廉心理", 2),
    ("安全心理", 2),
    ("从众心理", 2),
    ("求名心理", 2),
    ("VIP型心理", 2),
    ("性价比", 2),
    ("网银支付", 1),
    ("蚂蚁花呗", 1),
    ("快捷支付", 1),
    ("第三方支付", 1),
    ("快递公司", 2),
    ("货物延迟", 3),
    ("七天无理由退换货", 1),
    ("纠纷退款", 3),
    ("发泄心理", 2),
    ("尊重心理", 2),
    ("补救心理", 2),
    ("认同心理", 2),
    ("表现心理", 2),
    ("报复心理", 2),
    ("客户回访", 1),
    ("情感冲动型客户", 2),
    ("沉着谨慎型客户", 2),
    ("挑剔多疑型客户", 2),
    ("健谈型客户", 2),
    ("沉默寡言型客户", 2),
    ("话术规范服务", 1),
    ("客户满意度", 1),
    ("客户分类", 1),
];

fn build_repository_course() -> (tempfile::TempDir, common::Run) {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = common::run_in(root, &["build", "--deny-warnings", "--dest", dest.to_str().unwrap()]);
    (out, run)
}

#[test]
fn the_course_builds_cleanly_with_every_seed_term() {
    let (out, run) = build_repository_course();
    run.expect_code(0);
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let site = out.path().join("site");
    let glossary = std::fs::read_to_string(site.join("glossary.html")).unwrap();
    for (name, level) in SEED_TERMS {
        let needle = format!("<div class=\"glossary-entry\" data-level=\"{level}\"");
        let entry =
            glossary.find(&format!("<h3 class=\"glossary-term\">{name} ")).unwrap_or_else(|| panic!("{name} missing"));
        let div = glossary[..entry].rfind("<div class=\"glossary-entry\"").unwrap();
        assert!(glossary[div..].starts_with(&needle), "{name} should be level {level}");
    }
    assert_eq!(glossary.matches("<h3 class=\"glossary-term\">有效沟通 ").count(), 1, "有效沟通 defined once");
    assert!(common::broken_links(&site).is_empty(), "{:?}", common::broken_links(&site));
}

#[test]
fn six_modules_in_order_with_at_least_four_chapters() {
    let (out, run) = build_repository_course();
    run.expect_code(0);
    let site = out.path().join("site");
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    let modules = ["basics", "pre-sale", "in-sale", "after-sale", "complaints", "relationship"];
    let titles = ["客户服务基础", "售前咨询", "售中沟通", "售后服务", "投诉处理", "客户关系维护"];
    let positions: Vec<usize> =
        titles.iter().map(|t| home.find(&format!("<span class=\"card-title\">{t}</span>")).expect(t)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "module order");
    for (number, title) in titles.iter().enumerate().map(|(i, t)| (i + 1, t)) {
        let card = format!(
            "<span class=\"card-number\">模块 {number}</span>\n      <span class=\"card-title\">{title}</span>"
        );
        assert!(home.contains(&card), "the home's card {number} is {title}");
    }
    let pre_sale = std::fs::read_to_string(site.join("pre-sale/index.html")).unwrap();
    for (number, title) in [(1, "熟悉商品"), (5, "应对讨价还价")] {
        let card =
            format!("<span class=\"card-number\">{number}</span>\n      <span class=\"card-title\">{title}</span>");
        assert!(pre_sale.contains(&card), "the module page's card {number} is {title}");
    }
    for (module, title) in modules.iter().zip(titles) {
        let chapters = std::fs::read_dir(site.join(module))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name() != "index.html")
            .count();
        assert!(chapters >= 4, "{module} has {chapters} chapters");
        let card = &home[home.find(&format!("{title}</span>")).unwrap()..];
        let meta = &card[card.find("card-meta").unwrap()..];
        assert!(
            meta.starts_with(&format!("card-meta\">{chapters} 章</span>")),
            "{title}'s card counts {chapters} chapters"
        );
    }
}

//! Offline after one visit, when the site is hosted: the web app manifest
//! (`manifest.webmanifest`, which makes the site installable) and the service worker (`sw.js`,
//! at the site's root so that its scope is the whole site; its script is the theme's
//! `templates/sw.js`). The theme's `app.js` registers the worker over http(s) only: opened from
//! a folder, the site never touches it.
//!
//! The worker keeps the pages a student opened and the theme's, terms' and search index's
//! files in a cache named after the build ([`build_id`]): a build that changes anything a
//! cached file is made from gets a new name, and the new worker deletes the old cache.

use serde_json::json;
use sha1::{Digest, Sha1};

use crate::config::Config;
use crate::content::url::{MANIFEST, SERVICE_WORKER};
use crate::content::Page;
use crate::error::{Error, Result};
use crate::render::theme::STATIC_DIR;
use crate::site::model::RenderContext;
use crate::site::output::Staging;

/// The theme's accent colour and page background (`style.css`'s light scheme), for the
/// manifest: the colour of an installed site's title bar and splash screen.
const THEME_COLOUR: &str = "#0b5cad";
const BACKGROUND_COLOUR: &str = "#fcfcfa";

/// The theme's icon, offered by the manifest (a file of the theme's `static/`).
const ICON: &str = "icon.svg";

/// The name of a build's cache: a hash of everything the files the worker keeps first from the
/// cache are made of (the generator's version, the configuration, the theme's files, every
/// page's text), so that the same course gives the same name and any change gives another.
/// Pages are fetched from the network first, so their templates need not be counted.
pub(super) fn build_id(context: &RenderContext<'_>) -> String {
    let mut hash = Sha1::new();
    hash.update(env!("CARGO_PKG_VERSION"));
    hash.update(settings(context.config));
    for (name, bytes) in &context.theme.static_files {
        hash.update(name);
        hash.update([0]);
        hash.update(bytes);
    }
    hash_pages(&mut hash, context.course.pages());
    hex(&hash.finalize()[..8])
}

/// The configuration as it shapes the site, without its folders: the same course built in
/// another checkout or into another `--dest` gets the same name (the theme's files are hashed
/// themselves, the pages by their text).
fn settings(config: &Config) -> String {
    let mut settings = config.clone();
    for folder in [&mut settings.root, &mut settings.content_dir, &mut settings.build_dir] {
        folder.clear();
    }
    settings.theme_dir = None;
    format!("{settings:?}")
}

/// The build id after an incremental rebuild of `edited` pages: the previous one with the
/// edited texts, so that the worker of a site served by `watch` or `serve` drops what it kept.
pub(super) fn next_build_id(previous: &str, edited: &[Page]) -> String {
    let mut hash = Sha1::new();
    hash.update(previous);
    hash_pages(&mut hash, edited.iter());
    hex(&hash.finalize()[..8])
}

/// Each page's site path and text (its fingerprint) into `hash`, so that a page moved or
/// edited changes it.
fn hash_pages<'p>(hash: &mut Sha1, pages: impl Iterator<Item = &'p Page>) {
    for page in pages {
        hash.update(&page.url);
        hash.update([0]);
        hash.update(page.text_len.to_le_bytes());
        hash.update(page.fingerprint.to_le_bytes());
    }
}

/// Bytes as lowercase hexadecimal (the cache's name, the EPUB's identifier).
pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `manifest.webmanifest` and `sw.js` for the build `build_id`.
pub(super) fn write(context: &RenderContext<'_>, staging: &Staging, build_id: &str) -> Result<()> {
    staging.write(MANIFEST, manifest(context).as_bytes())?;
    write_service_worker(context, staging, build_id)
}

/// Writes `sw.js` (also after an incremental rebuild, with the new build id).
pub(super) fn write_service_worker(context: &RenderContext<'_>, staging: &Staging, build_id: &str) -> Result<()> {
    // Kept on install: the home page, the manifest and the theme's files; the rest as visited.
    let mut precache = vec!["index.html".to_string(), MANIFEST.to_string()];
    precache.extend(context.theme.static_files.iter().map(|(name, _)| format!("{STATIC_DIR}/{name}")));
    let mut values = tera::Context::new();
    values.insert("build_id", build_id);
    values.insert("precache", &serde_json::to_string(&precache).unwrap_or_else(|_| "[]".into()));
    let script = context
        .theme
        .tera
        .render(SERVICE_WORKER, &values)
        .map_err(|e| Error::Template { name: SERVICE_WORKER.into(), message: e.to_string() })?;
    staging.write(SERVICE_WORKER, script.as_bytes())
}

/// The web app manifest: the course's name, its language, the home page to start from and the
/// theme's colours and icon, every address relative to the manifest (at the site's root).
fn manifest(context: &RenderContext<'_>) -> String {
    let title = &context.config.title;
    let short: String = title.chars().take(12).collect();
    let mut manifest = json!({
        "name": title,
        "short_name": short,
        "lang": context.config.language.tag(),
        "start_url": "index.html",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [{ "src": format!("{STATIC_DIR}/{ICON}"), "sizes": "any", "type": "image/svg+xml", "purpose": "any" }],
    });
    if let Some(description) = &context.config.description {
        manifest["description"] = json!(crate::markup::plain_text(description));
    }
    serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n"
}

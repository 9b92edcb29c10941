//! `coursebook serve`: the watch loop plus a local web server that reloads the browser.
//!
//! The server (axum) serves the build folder as it is on disk, so what it shows is exactly the
//! built site; requests wait while a build is under way (a full build swaps the folder, an
//! incremental one replaces files). Each HTML response gets a small script at serve time (never
//! written into the build folder) that listens on a WebSocket (`/__coursebook/ws`) and reloads
//! the page, keeping its scroll position, after each good rebuild. While the last build failed, its errors are shown over the last good page: pushed to
//! open pages, and injected into every page served until a good build clears them.
//!
//! The build thread and the server share one value, `SiteState`, through a
//! `tokio::sync::watch` channel: the thread writes it, requests and sockets read it. Request
//! paths are checked in `path.rs`; the loop itself is `watch`, and Ctrl-C is `shutdown`'s.

mod path;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::watch::{channel, Receiver, Sender};
use tokio::task::JoinHandle;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::error::{Error, Result};
use crate::markup::escape_html;
use crate::shutdown::{self, Ending};
use crate::watch::{plain_error, Progress, Reporter, Stopper, Watch, WatchOptions};
use path::{Found, Refusal};

/// The WebSocket the injected script connects to. Nothing in a built site starts with `__`.
pub(crate) const SOCKET_PATH: &str = "/__coursebook/ws";
/// The id of the error overlay element, in served pages and in the script.
pub(crate) const OVERLAY_ID: &str = "__coursebook-error";
/// How long a request waits for a build under way to finish.
const BUILD_WAIT: Duration = Duration::from_secs(10);
/// How long open connections get to finish after Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

const LIVE_SNIPPET: &str = include_str!("live.html");

/// What `coursebook serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Course root, output folder and polling, as for `coursebook watch`.
    pub watch: WatchOptions,
    /// 0 picks a free port.
    pub port: u16,
    /// 127.0.0.1 unless told otherwise.
    pub bind: IpAddr,
    /// Open the site in a browser once it is built.
    pub open: bool,
}

/// The site as the server sees it, written by the build thread after each build.
#[derive(Debug, Clone)]
pub(crate) struct SiteState {
    /// Counts finished builds; 0 until the first one ends.
    pub(crate) generation: u64,
    /// A build is under way: the build folder may be mid-swap.
    pub(crate) building: bool,
    /// The folder served: the output folder of the last build.
    pub(crate) build_dir: PathBuf,
    /// The last build's errors as plain text, while it failed.
    pub(crate) error: Option<Arc<str>>,
}

/// What every handler borrows.
#[derive(Clone)]
struct App {
    site: Receiver<SiteState>,
    shutdown: Receiver<bool>,
    /// Tells this server run from an earlier one, so a page served by a previous run reloads.
    instance: u64,
}

impl App {
    /// The page's version, given to the script: a socket opened with another version reloads.
    fn token(&self, state: &SiteState) -> String {
        format!("{:x}-{}", self.instance, state.generation)
    }
}

/// Runs `coursebook serve` until Ctrl-C (or SIGTERM): the build under way is finished first,
/// unless a second Ctrl-C comes.
pub fn run(options: ServeOptions, reporter: Arc<dyn Reporter>) -> Result<Ending> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io(&options.watch.root, e))?;
    shutdown::run_to_end(runtime, serve(options, reporter))
}

async fn serve(options: ServeOptions, reporter: Arc<dyn Reporter>) -> Result<Ending> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse { "; choose another --port, or --port 0" } else { "" };
        Error::io(address.to_string(), std::io::Error::new(e.kind(), format!("cannot listen: {e}{hint}")))
    })?;
    let address = listener.local_addr().map_err(|e| Error::io(address.to_string(), e))?;
    if !options.bind.is_loopback() {
        reporter.warn(&format!("listening on {}: other machines on the network can read this course", options.bind));
    }

    let watch = Watch::new(&options.watch);
    let stopper = watch.stopper();
    let (site_tx, site_rx) =
        channel(SiteState { generation: 0, building: true, build_dir: PathBuf::new(), error: None });
    let loop_reporter = reporter.clone();
    let mut builder =
        tokio::task::spawn_blocking(move || watch.run(&*loop_reporter, &mut |progress| publish(&site_tx, progress)));

    let (shutdown_tx, shutdown_rx) = channel(false);
    let app = App { site: site_rx.clone(), shutdown: shutdown_rx.clone(), instance: instance_id() };
    let router = Router::new().route(SOCKET_PATH, get(socket)).fallback(get(page)).with_state(app);
    let mut stopping = shutdown_rx.clone();
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    });
    let mut server = tokio::spawn(async move { server.await });

    // One listener for the whole run: a Ctrl-C between the two waits below is not lost.
    let interrupt = shutdown::interrupted();
    tokio::pin!(interrupt);
    // Print the address once the first build is done (requests before that wait for it).
    let mut first = site_rx.clone();
    tokio::select! {
        result = &mut builder => return shutdown::joined(result).map(|()| Ending::Stopped),
        _ = first.wait_for(|s| s.generation > 0) => {}
        () = &mut interrupt => {
            stopper.stop();
            return shutdown::joined(builder.await).map(|()| Ending::Stopped);
        }
    }
    let url = format!("http://{address}/");
    reporter.serving(&url);
    if options.open {
        open_browser(&url, reporter.clone());
    }

    let outcome = tokio::select! {
        result = &mut builder => shutdown::joined(result),
        result = &mut server => {
            let message = match result {
                Ok(Ok(())) => "the server stopped".to_string(),
                Ok(Err(e)) => format!("the server stopped: {e}"),
                Err(e) => format!("the server stopped: {e}"),
            };
            Err(Error::io(address.to_string(), std::io::Error::other(message)))
        }
        () = &mut interrupt => {
            reporter.info(shutdown::STOPPING);
            stopper.stop();
            return shutdown::unless_interrupted_again(async move {
                let outcome = shutdown::joined(builder.await);
                stop_server(&stopper, &shutdown_tx, server, &*reporter).await;
                outcome
            })
            .await;
        }
    };
    stop_server(&stopper, &shutdown_tx, server, &*reporter).await;
    outcome.map(|()| Ending::Stopped)
}

/// Stops the loop and the server, giving open connections a moment to finish.
async fn stop_server(
    stopper: &Stopper,
    shutdown: &Sender<bool>,
    server: JoinHandle<std::io::Result<()>>,
    reporter: &dyn Reporter,
) {
    stopper.stop();
    let _ = shutdown.send(true);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, server).await;
    reporter.info(shutdown::STOPPED);
}

/// Writes the loop's progress into the shared state.
fn publish(site: &Sender<SiteState>, progress: Progress<'_>) {
    match progress {
        Progress::Started => {
            site.send_modify(|s| s.building = true);
        }
        Progress::Finished(event) => site.send_modify(|s| {
            s.generation += 1;
            s.building = false;
            s.build_dir = event.build_dir.clone();
            s.error = event.result.as_ref().err().map(|e| Arc::from(plain_error(e)));
        }),
    }
}

/// A number that differs between runs of the server.
fn instance_id() -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    (nanos as u64) ^ u64::from(std::process::id()).rotate_left(32)
}

/// `GET /__coursebook/ws`: pushes `reload` after each good build and `error` after each failed
/// one. A page whose version (`?token=`) is not the current one is told to reload at once.
async fn socket(upgrade: WebSocketUpgrade, State(app): State<App>, request: Request) -> Response {
    let token = request.uri().query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("token=")));
    let stale = token.is_some_and(|token| token != app.token(&app.site.borrow()));
    upgrade.on_upgrade(move |socket| push_builds(socket, app, stale))
}

async fn push_builds(mut socket: WebSocket, app: App, stale: bool) {
    let mut site = app.site.clone();
    let mut shutdown = app.shutdown.clone();
    let mut seen = site.borrow_and_update().generation;
    if stale && socket.send(Message::Text(reload_message().into())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            changed = site.changed() => {
                if changed.is_err() {
                    break;
                }
                let state = site.borrow_and_update().clone();
                if state.building || state.generation == seen {
                    continue;
                }
                seen = state.generation;
                let message = match &state.error {
                    Some(error) => serde_json::json!({ "type": "error", "message": &**error }).to_string(),
                    None => reload_message(),
                };
                if socket.send(Message::Text(message.into())).await.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(_)) => {}
            },
            () = stopped(&mut shutdown) => {
                let _ = socket.send(Message::Close(None)).await;
                break;
            }
        }
    }
}

/// Resolves once the server is asked to stop.
async fn stopped(shutdown: &mut Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

fn reload_message() -> String {
    serde_json::json!({ "type": "reload" }).to_string()
}

/// Every other `GET`: a file of the build folder; HTML with the live script (and the error
/// overlay while the last build failed); the site's 404 page for anything missing.
async fn page(State(app): State<App>, request: Request) -> Response {
    let raw = request.uri().path().to_string();
    let segments = match path::segments(&raw) {
        Ok(segments) => segments,
        Err(Refusal::Malformed) => return plain(StatusCode::BAD_REQUEST, "400 bad request: malformed path"),
        Err(Refusal::Outside) => return plain(StatusCode::FORBIDDEN, "403 forbidden: outside the site"),
    };
    let trailing_slash = raw.ends_with('/');
    // During a build the folder may be mid-swap, and a new page must not get the last build's
    // errors: answer once the build is done (builds take milliseconds to seconds).
    let mut site = app.site.clone();
    let _ = tokio::time::timeout(BUILD_WAIT, site.wait_for(|s| !s.building)).await;
    let state = app.site.borrow().clone();
    match path::find(&state.build_dir, &segments, trailing_slash).await {
        Found::Folder => {
            let mut location = String::new();
            for segment in &segments {
                location.push('/');
                location.extend(percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT));
            }
            location.push('/');
            if let Some(query) = request.uri().query() {
                location.push('?');
                location.push_str(query);
            }
            // Temporary: a dev server's answers must not stick in the browser's cache.
            let mut response = StatusCode::FOUND.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Found::File(file) if is_html(&file) => match tokio::fs::read(&file).await {
            Ok(html) => html_response(&app, &state, html, StatusCode::OK, false),
            Err(_) => not_found(&app, &state, &raw).await,
        },
        Found::File(file) => {
            let mut response = match ServeFile::new(&file).oneshot(request).await {
                Ok(response) => response.map(Body::new),
                Err(never) => match never {},
            };
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        Found::Missing => not_found(&app, &state, &raw).await,
    }
}

/// Characters escaped when a decoded path segment is written back into a `Location`.
const PATH_SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'?').add(b'/').add(b'<').add(b'>');

fn is_html(file: &std::path::Path) -> bool {
    file.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm"))
}

/// The site's `404.html` with status 404. Its links are relative to the site root, so for a
/// nested path it gets `<base href="/">`. Without a site at all, a page that shows the error.
async fn not_found(app: &App, state: &SiteState, raw: &str) -> Response {
    match tokio::fs::read(state.build_dir.join("404.html")).await {
        Ok(html) => {
            let nested = raw.trim_start_matches('/').contains('/');
            html_response(app, state, html, StatusCode::NOT_FOUND, nested)
        }
        Err(_) if !state.build_dir.is_dir() => {
            let html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>coursebook</title></head>\
                        <body><p>The site has not been built yet.</p></body></html>\n";
            html_response(app, state, html.into(), StatusCode::SERVICE_UNAVAILABLE, false)
        }
        Err(_) => {
            let html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404</title></head>\
                        <body><p>404: no such page.</p></body></html>\n";
            html_response(app, state, html.into(), StatusCode::NOT_FOUND, false)
        }
    }
}

fn html_response(app: &App, state: &SiteState, html: Vec<u8>, status: StatusCode, base: bool) -> Response {
    let body = inject(html, &app.token(state), state.error.as_deref(), base);
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message).into_response()
}

/// Adds the live script (and the error overlay, and `<base href="/">` when asked) to a page:
/// before its last `</body>` (at the end if it has none), the base right after `<head>`.
pub(crate) fn inject(mut html: Vec<u8>, token: &str, error: Option<&str>, base: bool) -> Vec<u8> {
    let mut tail = String::new();
    if let Some(error) = error {
        tail.push_str(&overlay(error));
    }
    tail.push_str(&LIVE_SNIPPET.replace("__COURSEBOOK_TOKEN__", token));
    let body_end = rfind_ascii_ci(&html, b"</body").unwrap_or(html.len());
    html.splice(body_end..body_end, tail.into_bytes());
    if base {
        let at = find_ascii_ci(&html, b"<head")
            .and_then(|start| html[start..].iter().position(|&b| b == b'>').map(|end| start + end + 1))
            .unwrap_or(0);
        html.splice(at..at, b"<base href=\"/\">".iter().copied());
    }
    html
}

/// The error overlay as served HTML; the script builds the same element for pushed errors.
pub(crate) fn overlay(error: &str) -> String {
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\"><div class=\"cb-box\">\
         <button type=\"button\" class=\"cb-close\" aria-label=\"close\" \
         onclick=\"this.parentNode.parentNode.remove()\">&times;</button>\
         <p class=\"cb-title\">coursebook: the last change has errors. This is the last good version of the page.</p>\
         <pre>{}</pre><p class=\"cb-hint\">Fix the file and save: the page reloads by itself.</p></div></div>\n",
        escape_html(error)
    )
}

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// Opens `url` in the default browser; a failure is only a warning.
fn open_browser(url: &str, reporter: Arc<dyn Reporter>) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let url = url.to_string();
    match command.spawn() {
        Ok(mut child) => {
            std::thread::spawn(move || match child.wait() {
                Ok(status) if status.success() => {}
                _ => reporter.warn(&format!("could not open a browser; open {url} yourself")),
            });
        }
        Err(e) => reporter.warn(&format!("could not open a browser ({e}); open {url} yourself")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let html = b"<html><head><title>t</title></head><body><p>\"</body>\" in text</p></BODY></html>".to_vec();
        let out = text(inject(html, "abc-1", None, false));
        let script = out.find("<script>").unwrap();
        assert!(out[script..].contains("</BODY></html>"), "{out}");
        assert!(out.contains("const token = \"abc-1\""));
        assert!(out.contains(SOCKET_PATH));
        assert!(!out.contains(OVERLAY_ID) || !out.contains("<div id=\"__coursebook-error\""));
        assert!(!out.contains("<base"));
    }

    #[test]
    fn overlay_is_escaped_and_base_follows_head() {
        let html =
            b"<!DOCTYPE html><html><head lang=\"x\"><link href=\"static/a.css\"></head><body></body></html>".to_vec();
        let out = text(inject(html, "t", Some("content/a.md:3:1: error: <b> & co"), true));
        assert!(out.contains("<head lang=\"x\"><base href=\"/\"><link"), "{out}");
        assert!(out.contains("<div id=\"__coursebook-error\""));
        assert!(out.contains("content/a.md:3:1: error: &lt;b&gt; &amp; co"), "{out}");
        assert!(out.ends_with("</script>\n</body></html>"), "{out}");
    }

    #[test]
    fn page_without_body_gets_the_script_at_the_end() {
        let out = text(inject(b"<p>fragment</p>".to_vec(), "t", None, false));
        assert!(out.starts_with("<p>fragment</p><style>"));
        assert!(out.trim_end().ends_with("</script>"));
    }
}

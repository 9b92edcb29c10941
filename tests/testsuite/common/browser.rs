//! A real headless Chromium (Debian's `chromium`) driven through `chromedriver`'s WebDriver
//! protocol over loopback, for the tests of what a student sees in a browser.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// One browser at a time in the whole test run: on two cores, several Chromiums starting
/// together time out (the tests of one binary run in parallel).
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A chromedriver process and one browser session; both end when dropped.
pub struct Browser {
    /// Held while the browser lives; released once `drop` has ended the browser.
    _turn: std::sync::MutexGuard<'static, ()>,
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium; `None` (skip) when they are not installed
    /// outside CI. In CI (`CI` set) a missing browser fails the test.
    pub fn start() -> Option<Browser> {
        let installed = Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists();
        if !installed {
            assert!(std::env::var_os("CI").is_none(), "CI must install chromium and chromium-driver (.ci/run does)");
            eprintln!("skipping browser test: /usr/bin/chromium or /usr/bin/chromedriver is not installed");
            return None;
        }
        // A test that failed while holding the lock poisons it; the next may still run.
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().unwrap();
        let mut browser = Browser { _turn: turn, driver, port, session: String::new(), _profile: profile };
        let deadline = Instant::now() + Duration::from_secs(20);
        while browser.request("GET", "/status", None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = json!([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            format!("--user-data-dir={}", browser._profile.path().display())
        ]);
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}});
        let created = browser.request("POST", "/session", Some(caps)).expect("new session");
        browser.session = created["value"]["sessionId"].as_str().expect("session id").to_string();
        Some(browser)
    }

    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(120))).ok();
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
        read_json_response(&mut stream)
    }

    pub fn session_call(&self, method: &str, path: &str, body: Value) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let value = self.request(method, &path, if method == "GET" { None } else { Some(body) }).expect("webdriver");
        assert!(value["value"].get("error").is_none(), "webdriver error: {value}");
        value["value"].clone()
    }

    pub fn open(&self, url: &str) {
        self.session_call("POST", "/url", json!({ "url": url }));
    }

    pub fn run(&self, script: &str) -> Value {
        self.session_call("POST", "/execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Runs `script` until it returns true (for what the page does after a script loads), for
    /// at most 10 seconds; returns whether it did.
    pub fn wait_for(&self, script: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.run(script) == json!(true) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// Runs an asynchronous `script`, which ends by calling `arguments[arguments.length - 1]`
    /// with its result (WebDriver's execute/async), for at most `seconds`.
    pub fn run_async(&self, script: &str, seconds: u64) -> Value {
        self.session_call("POST", "/timeouts", json!({ "script": seconds * 1000 }));
        self.session_call("POST", "/execute/async", json!({ "script": script, "args": [] }))
    }

    /// Shows pages in a viewport of `width` × `height` CSS pixels: a phone's (touch-sized
    /// viewport, overlay scrollbars) below 600 pixels wide, a laptop's above (DevTools'
    /// device metrics, through chromedriver).
    pub fn viewport(&self, width: u32, height: u32) {
        let metrics = json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 });
        self.session_call(
            "POST",
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": metrics }),
        );
    }

    /// Emulates the system's colour scheme (`prefers-color-scheme`: `light` or `dark`), through
    /// chromedriver's DevTools call.
    pub fn prefer_scheme(&self, scheme: &str) {
        self.session_call(
            "POST",
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.setEmulatedMedia",
                    "params": { "features": [{ "name": "prefers-color-scheme", "value": scheme }] } }),
        );
    }

    /// Writes what the window shows, as a PNG file, to `path`.
    pub fn screenshot(&self, path: &Path) {
        use base64::Engine as _;
        let shot = self.session_call("GET", "/screenshot", json!({}));
        let png = base64::engine::general_purpose::STANDARD.decode(shot.as_str().expect("base64 PNG")).expect("PNG");
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("screenshot folder");
        std::fs::write(path, png).expect("write the screenshot");
    }

    /// Presses `key` (a character, or a WebDriver key code such as `\u{E012}` for ←) in the
    /// focused element, as a user's keyboard would.
    pub fn press(&self, key: &str) {
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard",
            "actions": [{ "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }] }] });
        self.session_call("POST", "/actions", actions);
    }

    /// The browser console's messages since the last call, as (level, message): `SEVERE` for
    /// errors, failed loads included.
    pub fn console(&self) -> Vec<(String, String)> {
        let logs = self.session_call("POST", "/se/log", json!({ "type": "browser" }));
        logs.as_array()
            .into_iter()
            .flatten()
            .map(|entry| {
                let field = |name: &str| entry[name].as_str().unwrap_or_default().to_string();
                (field("level"), field("message"))
            })
            .collect()
    }

    pub fn current_url(&self) -> String {
        self.session_call("GET", "/url", json!({})).as_str().unwrap_or_default().to_string()
    }

    pub fn element(&self, css: &str) -> String {
        let found = self.session_call("POST", "/element", json!({"using": "css selector", "value": css}));
        found.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).expect("element").to_string()
    }

    /// Clicks the first element matching `css`, as a user would.
    pub fn click(&self, css: &str) {
        let id = self.element(css);
        self.session_call("POST", &format!("/element/{id}/click"), json!({}));
    }

    /// The text of the first element matching `css` (empty when it has none).
    pub fn text(&self, css: &str) -> String {
        let selector = serde_json::to_string(css).expect("a selector as a JavaScript string");
        self.run(&format!("return document.querySelector({selector}).textContent"))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.session_call("POST", &format!("/element/{id}/value"), json!({ "text": text }));
    }

    /// Waits for search results and returns (class, title, section, href) of each.
    pub fn results(&self, list: &str) -> Vec<[String; 4]> {
        let script = format!(
            "return Array.from(document.querySelectorAll('{list} .search-result')).map(function (li) {{ \
               var q = function (s) {{ var e = li.querySelector(s); return e ? e.textContent : ''; }}; \
               return [li.className, q('.result-title'), q('.result-section'), li.querySelector('a').getAttribute('href')]; }})"
        );
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let value = self.run(&script);
            let rows: Vec<[String; 4]> = value
                .as_array()
                .into_iter()
                .flatten()
                .map(|row| std::array::from_fn(|i| row[i].as_str().unwrap_or_default().to_string()))
                .collect();
            if !rows.is_empty() || Instant::now() > deadline {
                return rows;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.request("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Reads one HTTP response with a Content-Length body (as chromedriver sends) and parses it.
fn read_json_response(stream: &mut TcpStream) -> Result<Value, String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        // A signal to the test process (a child ending) interrupts a read: read again.
        let n = match stream.read(&mut chunk) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            read => read.map_err(|e| e.to_string())?,
        };
        if n == 0 {
            return Err("connection closed before the response ended".into());
        }
        buffer.extend_from_slice(&chunk[..n]);
        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .ok_or("no content-length")?;
        if buffer.len() >= end + 4 + length {
            let body = &buffer[end + 4..end + 4 + length];
            return serde_json::from_slice(body).map_err(|e| format!("{e}: {}", String::from_utf8_lossy(body)));
        }
    }
}

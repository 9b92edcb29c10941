//! Helpers for the watch and serve tests: the real binary as a long-running child whose output
//! is read as it comes, HTTP and WebSocket over loopback only, and bounded waits that explain
//! themselves (the command, its stdout and stderr) when they run out.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a change may take to show, generous for a slow 2-core CI machine.
pub const CHANGE_TIMEOUT: Duration = Duration::from_secs(15);
/// How long the first build (and the server's start) may take.
pub const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `coursebook` process, killed when dropped.
pub struct Child {
    process: std::process::Child,
    command: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Child {
    /// Starts `coursebook <args>` in `dir`, reading its output in the background.
    pub fn spawn(dir: &Path, args: &[&str]) -> Child {
        Child::spawn_with_env(dir, args, &[])
    }

    /// Like [`Child::spawn`], with extra environment variables.
    pub fn spawn_with_env(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Child {
        let mut process = Command::new(env!("CARGO_BIN_EXE_coursebook"))
            .args(args)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start coursebook");
        let stdout = collect(process.stdout.take().unwrap());
        let stderr = collect(process.stderr.take().unwrap());
        Child { process, command: format!("coursebook {} (in {})", args.join(" "), dir.display()), stdout, stderr }
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The command and everything it printed, for failure messages.
    pub fn explain(&self) -> String {
        format!("`{}`\n--- stdout\n{}\n--- stderr\n{}", self.command, self.stdout(), self.stderr())
    }

    /// The exit status, if the process has ended.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.process.try_wait().expect("poll the child")
    }

    /// Panics (explaining) unless the process is still running.
    pub fn assert_running(&mut self) {
        if let Some(status) = self.exited() {
            panic!("coursebook exited ({status}) but should still run\n{}", self.explain());
        }
    }

    /// Waits until stderr satisfies `check`.
    pub fn wait_for_stderr(&mut self, what: &str, timeout: Duration, check: impl Fn(&str) -> bool) -> String {
        let stderr = self.stderr.clone();
        let deadline = Instant::now() + timeout;
        loop {
            let text = stderr.lock().unwrap().clone();
            if check(&text) {
                return text;
            }
            if Instant::now() > deadline || self.exited().is_some() {
                panic!("waited {timeout:?} for {what}\n{}", self.explain());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Sends SIGINT, as Ctrl-C does.
    #[cfg(unix)]
    pub fn interrupt(&self) {
        // The shell's own `kill`: no dependency on a separate binary.
        let status = Command::new("sh")
            .args(["-c", &format!("kill -INT {}", self.process.id())])
            .status()
            .expect("run sh -c kill");
        assert!(status.success(), "kill -INT failed");
    }

    /// Waits for the process to end.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.exited() {
                return status;
            }
            if Instant::now() > deadline {
                panic!("coursebook did not exit within {timeout:?}\n{}", self.explain());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            sink.lock().unwrap().push_str(&String::from_utf8_lossy(&line));
            line.clear();
        }
    });
    text
}

/// Calls `check` until it gives a value or `timeout` passes; then panics with `what` and
/// `explain()`.
pub fn eventually<T>(
    what: &str,
    timeout: Duration,
    mut check: impl FnMut() -> Option<T>,
    explain: impl Fn() -> String,
) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return value;
        }
        if Instant::now() > deadline {
            panic!("waited {timeout:?} for {what}\n{}", explain());
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// `coursebook serve --port 0` on a course, with the address it printed.
pub struct Server {
    pub child: Child,
    pub url: String,
    pub address: SocketAddr,
}

impl Server {
    /// Starts the server on `root` and waits for its `serving http://…/` line.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with_env(root, extra, &[])
    }

    /// Like [`Server::start`], with extra environment variables.
    pub fn start_with_env(root: &Path, extra: &[&str], env: &[(&str, String)]) -> Server {
        let root_arg = root.to_str().expect("UTF-8 temp path");
        let mut args = vec!["serve", root_arg, "--port", "0"];
        args.extend_from_slice(extra);
        let mut child = Child::spawn_with_env(root, &args, env);
        let deadline = Instant::now() + START_TIMEOUT;
        let url = loop {
            if let Some(url) = child.stdout().lines().find_map(|l| l.strip_prefix("serving ").map(str::to_string)) {
                break url;
            }
            if Instant::now() > deadline || child.exited().is_some() {
                panic!("no `serving` line within {START_TIMEOUT:?}\n{}", child.explain());
            }
            std::thread::sleep(Duration::from_millis(25));
        };
        let host_port = url
            .strip_prefix("http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected URL {url:?}\n{}", child.explain()));
        let address: SocketAddr = host_port.parse().unwrap_or_else(|e| panic!("{host_port}: {e}"));
        assert!(address.ip().is_loopback(), "only loopback may be contacted: {url}");
        Server { child, url, address }
    }

    pub fn get(&self, path: &str) -> Http {
        self.request(&format!("GET {path} HTTP/1.1"))
    }

    /// Sends `request_line` as it is (no normalization by a client library).
    pub fn request(&self, request_line: &str) -> Http {
        let request = format!("{request_line}\r\nHost: {}\r\nConnection: close\r\n\r\n", self.address);
        http(self.address, request.as_bytes())
            .unwrap_or_else(|e| panic!("`{request_line}` failed: {e}\n{}", self.child.explain()))
    }

    /// GETs `path` until `check` accepts the response.
    pub fn wait_for(&self, what: &str, path: &str, check: impl Fn(&Http) -> bool) -> Http {
        eventually(
            what,
            CHANGE_TIMEOUT,
            || {
                let response = self.get(path);
                check(&response).then_some(response)
            },
            || format!("last response for {path}: {}\n{}", self.get(path).summary(), self.child.explain()),
        )
    }

    /// Opens the live-reload WebSocket as the script in `page` does, with the page's version
    /// (so a build that ends before the socket is open is not missed).
    pub fn socket(&self, page: &Http) -> Socket {
        let token = page
            .body
            .split_once("const token = \"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(token, _)| token.to_string())
            .unwrap_or_else(|| panic!("no live script in the page: {}", page.summary()));
        let stream = TcpStream::connect(self.address).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let url = format!("ws://{}/__coursebook/ws?token={token}", self.address);
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("WebSocket handshake");
        socket.get_ref().set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        Socket { socket }
    }
}

/// A WebSocket client of the live-reload socket.
pub struct Socket {
    socket: tungstenite::WebSocket<TcpStream>,
}

impl Socket {
    /// Reads text messages until one satisfies `check`; `None` after `timeout`.
    pub fn wait_for(&mut self, timeout: Duration, check: impl Fn(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            match self.socket.read() {
                Ok(tungstenite::Message::Text(text)) if check(text.as_str()) => return Some(text.to_string()),
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
                Err(_) => return None,
            }
        }
        None
    }
}

/// A parsed HTTP/1.1 response.
#[derive(Debug)]
pub struct Http {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Http {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Status and the start of the body, for failure messages.
    pub fn summary(&self) -> String {
        let body: String = self.body.chars().take(2000).collect();
        format!("status {}\n{body}", self.status)
    }
}

/// Sends raw request bytes and reads the whole response (the request says `Connection: close`).
pub fn http(address: SocketAddr, request: &[u8]) -> std::io::Result<Http> {
    assert!(address.ip().is_loopback(), "only loopback may be contacted");
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    stream.write_all(request)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw)
        .ok_or_else(|| std::io::Error::other(format!("unparsable response: {:?}", String::from_utf8_lossy(&raw))))
}

fn parse_response(raw: &[u8]) -> Option<Http> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked =
        headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(Http { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

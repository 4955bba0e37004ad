//! `alb serve` end to end on 127.0.0.1 with ephemeral ports: real sockets, the engine deciding.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::root;

/// A running `alb serve`, killed on drop.
pub struct Server {
    child: Child,
    pub http: SocketAddr,
    pub https: Option<SocketAddr>,
    pub admin: Option<SocketAddr>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn listen_addr(line: &str) -> Option<SocketAddr> {
    let url = line.split("://").nth(1)?;
    url.split([' ', '/']).next()?.parse().ok()
}

/// Start `alb serve` with its listeners on ephemeral ports; wait until it prints them.
pub fn start(args: &[&str]) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("alb"))
        .current_dir(root())
        .arg("serve")
        .args([
            "--listen",
            "80=127.0.0.1:0",
            "--listen",
            "443=127.0.0.1:0",
            "--quiet",
        ])
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("alb serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let (mut http, mut https, mut admin) = (None, None, None);
    let deadline = Instant::now() + Duration::from_secs(20);
    for line in lines.by_ref() {
        let line = line.expect("banner line");
        if line.trim_start().starts_with("80/HTTP ") {
            http = listen_addr(&line);
        } else if line.trim_start().starts_with("443/HTTPS ") {
            https = listen_addr(&line);
        } else if line.trim_start().starts_with("admin") {
            admin = listen_addr(&line);
        } else if line.starts_with("alb serve: ready") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "alb serve did not print its listeners"
        );
    }
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        http: http.expect("an 80/HTTP listener"),
        https,
        admin,
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// One HTTP/1.1 request on a fresh connection.
pub fn get(addr: SocketAddr, host: &str, path: &str, extra: &[(&str, &str)]) -> Reply {
    request(addr, "GET", host, path, extra)
}

pub fn request(
    addr: SocketAddr,
    method: &str,
    host: &str,
    path: &str,
    extra: &[(&str, &str)],
) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

const EXAMPLES: [&str; 2] = ["-f", "testdata/examples/"];

#[test]
fn routes_by_host_and_path_to_echo_backends() {
    let server = start(&EXAMPLES);
    let reply = get(server.http, "demo.domain.ingress.top", "/hello", &[]);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["service"], "default/demo-service");
    assert_eq!(json["path"], "/hello");
    // The echo shows the request as any backend receives it: with the load balancer's
    // X-Forwarded-* fields.
    assert_eq!(
        json["headers"]["x-forwarded-proto"],
        serde_json::json!(["http"])
    );
    assert_eq!(
        json["headers"]["x-forwarded-for"],
        serde_json::json!(["127.0.0.1"])
    );
    let reply = get(server.http, "health.example.com", "/coffee", &[]);
    assert_eq!(reply.json()["service"], "default/coffee-svc");
    let reply = get(server.http, "nowhere.example.com", "/", &[]);
    assert_eq!(reply.status, 503);
}

#[test]
fn header_and_cookie_canaries_and_rewrite_and_redirect() {
    let server = start(&EXAMPLES);
    let reply = get(
        server.http,
        "any.example.com",
        "/hello",
        &[("location", "hz")],
    );
    assert_eq!(reply.json()["service"], "default/demo-service-hello");
    let reply = get(
        server.http,
        "any.example.com",
        "/hello",
        &[("Cookie", "demo=always")],
    );
    assert_eq!(reply.json()["service"], "default/demo-service-hello");
    let reply = get(
        server.http,
        "rewrite.example.com",
        "/something/new?x=1",
        &[],
    );
    let json = reply.json();
    assert_eq!(
        (json["path"].as_str(), json["query"].as_str()),
        (Some("/path/new"), Some("x=1"))
    );
    let reply = get(server.http, "ssl.alb.ingress.top", "/login?next=1", &[]);
    assert_eq!(reply.status, 308);
    assert_eq!(
        reply.header("location"),
        Some("https://ssl.alb.ingress.top/login?next=1")
    );
}

#[test]
fn weighted_split_is_within_tolerance_over_1000_requests() {
    let server = start(&EXAMPLES);
    let mut canary = 0;
    for _ in 0..1000 {
        let reply = get(server.http, "any.example.com", "/hello", &[]);
        if reply.json()["service"] == "default/demo-service-hello" {
            canary += 1;
        }
    }
    // 50/50: three standard deviations of a binomial(1000, 0.5) is about 47.
    assert!(
        (450..=550).contains(&canary),
        "{canary} of 1000 went to the canary"
    );
}

#[test]
fn cors_preflight_and_no_listener_and_admin() {
    let server = start(&["-f", "testdata/examples/", "--admin", "127.0.0.1:0"]);
    let reply = request(
        server.http,
        "OPTIONS",
        "cors.example.com",
        "/api",
        &[
            ("Origin", "https://app.example.org"),
            ("Access-Control-Request-Method", "POST"),
        ],
    );
    assert_eq!(reply.status, 204);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example.org")
    );
    let _ = get(server.http, "demo.domain.ingress.top", "/hello", &[]);
    let _ = server.admin;
}

/// Forwarding to a real backend: the request it receives carries the rewrite, Host, and
/// X-Forwarded-* headers, and hop-by-hop headers are gone.
#[test]
fn forwards_to_a_real_backend_with_forwarded_headers() {
    let backend = std::net::TcpListener::bind("127.0.0.1:0").expect("backend");
    let backend_addr = backend.local_addr().expect("addr");
    let seen = Arc::new(std::sync::Mutex::new(String::new()));
    let seen_by_backend = seen.clone();
    std::thread::spawn(move || {
        for stream in backend.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 8192];
            let n = stream.read(&mut buf).unwrap_or(0);
            *seen_by_backend.lock().expect("lock") = String::from_utf8_lossy(&buf[..n]).to_string();
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\nKeep-Alive: timeout=5\r\n\r\nok");
        }
    });
    let mapping = format!("default/rewrite-svc:9080={backend_addr}");
    let server = start(&["-f", "testdata/examples/", "--backend", &mapping]);
    let reply = get(
        server.http,
        "rewrite.example.com",
        "/something/deep?q=1",
        &[
            ("X-Forwarded-For", "203.0.113.7"),
            ("Proxy-Connection", "keep-alive"),
        ],
    );
    assert_eq!((reply.status, reply.body.as_str()), (200, "ok"));
    assert!(
        reply.header("keep-alive").is_none(),
        "hop-by-hop headers are removed from responses"
    );
    let request = seen.lock().expect("lock").to_ascii_lowercase();
    assert!(
        request.starts_with("get /path/deep?q=1 http/1.1"),
        "{request}"
    );
    assert!(request.contains("host: rewrite.example.com"), "{request}");
    assert!(
        request.contains("x-forwarded-for: 203.0.113.7, 127.0.0.1"),
        "{request}"
    );
    assert!(request.contains("x-forwarded-proto: http"), "{request}");
    assert!(request.contains("x-forwarded-port: 80"), "{request}");
    assert!(!request.contains("proxy-connection"), "{request}");
}

#[test]
fn an_address_in_use_exits_2_with_a_clear_message() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr");
    let output = Command::new(assert_cmd::cargo::cargo_bin("alb"))
        .current_dir(root())
        .args(["serve", "-f", "testdata/examples/", "--listen"])
        .arg(format!("80={addr}"))
        .args(["--listen", "443=127.0.0.1:0"])
        .output()
        .expect("alb runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on {addr}")),
        "{stderr}"
    );
}

/// `alb route` and `alb serve` agree: every route-test case (HTTP, one target), replayed
/// through serve with echo backends, gets the status route reports, and a forwarded one reaches
/// the endpoint route names with exactly the request route says the endpoint receives (method,
/// target, Host, every field, X-Forwarded-* included).
#[test]
fn route_and_serve_agree_on_the_route_tests() {
    let mut checked = 0;
    let mut answered = 0;
    let mut files: Vec<_> = std::fs::read_dir(root().join("testdata/route"))
        .expect("route tests")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("check file");
        let spec: serde_json::Value = serde_saphyr_value(&text);
        let dir = file.with_extension("");
        let dir_arg = dir.to_string_lossy().to_string();
        // The controller the file simulates, for both commands.
        let controller = spec["controller"].as_str().unwrap_or("alb").to_string();
        let server = start(&["-f", &dir_arg, "--controller", &controller]);
        for case in spec["cases"].as_array().into_iter().flatten() {
            let (url, headers, cookies, method) = match &case["request"] {
                serde_json::Value::String(url) => (
                    url.clone(),
                    serde_json::Map::new(),
                    serde_json::Map::new(),
                    "GET".to_string(),
                ),
                r => (
                    r["url"].as_str().unwrap_or_default().to_string(),
                    r["headers"].as_object().cloned().unwrap_or_default(),
                    r["cookies"].as_object().cloned().unwrap_or_default(),
                    r["method"].as_str().unwrap_or("GET").to_string(),
                ),
            };
            if !url.starts_with("http://")
                || case["seed"].is_number()
                || case["expect"]["split"].is_object()
                || case["request"]["client_ip"].is_string()
            {
                continue; // HTTPS, weighted picks and client IPs are covered elsewhere.
            }
            let route = crate::alb()
                .args(["route", "-f", &dir_arg, &url, "-o", "json", "-X", &method])
                .args(["--controller", &controller])
                // serve's test client connects from loopback.
                .args(["--client-ip", "127.0.0.1"])
                .args(headers.iter().flat_map(|(k, v)| {
                    [
                        "-H".to_string(),
                        format!("{k}: {}", v.as_str().unwrap_or_default()),
                    ]
                }))
                .args(cookies.iter().flat_map(|(k, v)| {
                    [
                        "-b".to_string(),
                        format!("{k}={}", v.as_str().unwrap_or_default()),
                    ]
                }))
                .output()
                .expect("alb route");
            let decision: serde_json::Value =
                serde_json::from_slice(&route.stdout).expect("route JSON");
            if decision["split"].as_array().is_some_and(|s| s.len() > 1) {
                continue;
            }
            let rest = &url["http://".len()..];
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let path = if path.is_empty() { "/" } else { path };
            let host = authority.split(':').next().unwrap_or(authority);
            let mut extra: Vec<(String, String)> = headers
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect();
            if !cookies.is_empty() {
                extra.push((
                    "Cookie".to_string(),
                    cookies
                        .iter()
                        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join("; "),
                ));
            }
            let extra: Vec<(&str, &str)> = extra
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let reply = request(server.http, &method, host, path, &extra);
            let at = format!("{}: {method} {url}", file.display());
            if decision["outcome"] != "forward" || decision["answer"].is_object() {
                // The load balancer answers itself: the same status, and the same Location.
                assert_eq!(
                    Some(u64::from(reply.status)),
                    decision["status"].as_u64(),
                    "{at}: status"
                );
                assert_eq!(
                    reply.header("location"),
                    decision["location"].as_str(),
                    "{at}: location"
                );
                answered += 1;
                continue;
            }
            assert_eq!(reply.status, 200, "{at}: {}", reply.body);
            let echo = reply.json();
            let service = format!(
                "{}/{}",
                decision["backend"]["namespace"]
                    .as_str()
                    .unwrap_or_default(),
                decision["backend"]["service"].as_str().unwrap_or_default()
            );
            assert_eq!(echo["service"], service.as_str(), "{at}: service");
            assert_eq!(
                echo["pod"], decision["endpoint"]["address"],
                "{at}: endpoint"
            );
            let upstream = &decision["upstream"];
            assert_eq!(echo["method"], upstream["method"], "{at}: method");
            let target = upstream["target"].as_str().unwrap_or_default();
            let (up_path, up_query) = target.split_once('?').unwrap_or((target, ""));
            assert_eq!(echo["path"], up_path, "{at}: upstream path");
            assert_eq!(echo["query"], up_query, "{at}: upstream query");
            let mut fields: std::collections::BTreeMap<String, Vec<String>> = Default::default();
            for pair in upstream["headers"].as_array().into_iter().flatten() {
                fields
                    .entry(pair[0].as_str().unwrap_or_default().to_string())
                    .or_default()
                    .push(pair[1].as_str().unwrap_or_default().to_string());
            }
            assert_eq!(
                echo["headers"],
                serde_json::to_value(&fields).expect("fields"),
                "{at}: upstream fields"
            );
            assert_eq!(
                echo["host"],
                fields
                    .get("host")
                    .and_then(|h| h.first())
                    .map_or("", |h| h.as_str()),
                "{at}: Host"
            );
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} forwarded cases replayed");
    assert!(answered >= 10, "only {answered} answered cases replayed");
}

/// Read a YAML check file as JSON-like data (the engine's own loader is typed; here the test
/// only needs the requests).
fn serde_saphyr_value(text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).expect("check file parses")
}

/// TLS with SNI and HTTP/2: the HTTPS listener serves the generated certificate for the TLS
/// hosts, negotiates h2 by ALPN, and routes by the :authority.
#[test]
fn tls_with_sni_and_http2() {
    let server = start(&EXAMPLES);
    let https = server.https.expect("a 443/HTTPS listener");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (version, status, body) = runtime.block_on(async move {
        let tls = tls_h2(https, "ssl.alb.ingress.top").await;
        let alpn = tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
        assert_eq!(alpn.as_deref(), Some(&b"h2"[..]), "ALPN picks h2");
        let (mut sender, connection) = hyper::client::conn::http2::handshake(
            hyper_util::rt::TokioExecutor::new(),
            hyper_util::rt::TokioIo::new(tls),
        )
        .await
        .expect("h2 handshake");
        tokio::spawn(connection);
        let request = hyper::Request::builder()
            .uri("https://ssl.alb.ingress.top/account")
            .body(http_body_util::Empty::<bytes::Bytes>::new())
            .expect("request");
        let response = sender.send_request(request).await.expect("response");
        let version = response.version();
        let status = response.status().as_u16();
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .expect("body")
            .to_bytes();
        (version, status, String::from_utf8_lossy(&body).to_string())
    });
    assert_eq!(version, hyper::Version::HTTP_2);
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("echo JSON");
    assert_eq!(json["service"], "default/demo-service-ssl");
}

/// A TLS connection to `addr` for `server_name`, offering only h2, trusting any certificate
/// (serve's are self-signed).
async fn tls_h2(
    addr: SocketAddr,
    server_name: &'static str,
) -> tokio_rustls::client::TlsStream<tokio::net::TcpStream> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut config = rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCertificate))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let name = rustls::pki_types::ServerName::try_from(server_name).expect("name");
    connector.connect(name, tcp).await.expect("TLS handshake")
}

#[derive(Debug)]
struct AnyCertificate;

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A tiny HTTP/1.1 backend on a thread: answers `name` (or 200 "ok" on /healthz) until
/// `stop` is set, then closes its listener.
pub(crate) fn backend(name: &'static str) -> (SocketAddr, Arc<std::sync::atomic::AtomicBool>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("backend binds");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("addr");
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::spawn(move || {
        while !stopped.load(std::sync::atomic::Ordering::SeqCst) {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    let _ = stream.set_nonblocking(false);
                    let mut buf = [0u8; 4096];
                    let _ = stream.read(&mut buf);
                    let body = name;
                    let _ = stream.write_all(
                        format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).as_bytes(),
                    );
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        // Dropping the listener refuses new connections: the endpoint is gone.
    });
    (addr, stop)
}

#[test]
fn a_killed_backend_is_ejected_and_clients_see_no_errors() {
    let (a, _keep_a) = backend("a");
    let (b, kill_b) = backend("b");
    let mapping = format!("default/app:80={a},{b}");
    let server = start(&[
        "-f",
        "testdata/serve/health.yaml",
        "--backend",
        &mapping,
        "--admin",
        "127.0.0.1:0",
    ]);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..10 {
        let reply = get(server.http, "health.example.com", "/", &[]);
        assert_eq!(reply.status, 200);
        seen.insert(reply.body);
    }
    assert_eq!(
        seen.len(),
        2,
        "both endpoints serve while healthy: {seen:?}"
    );
    kill_b.store(true, std::sync::atomic::Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(50));
    // From now on no client sees an error: a connect failure is retried on the healthy endpoint
    // until the health check (2 failures at 1s intervals) takes b out.
    let deadline = Instant::now() + Duration::from_secs(4);
    while Instant::now() < deadline {
        let reply = get(server.http, "health.example.com", "/", &[]);
        assert_eq!((reply.status, reply.body.as_str()), (200, "a"));
        std::thread::sleep(Duration::from_millis(50));
    }
    let admin = server.admin.expect("admin listener");
    let metrics = get(admin, "localhost", "/metrics", &[]).body;
    assert!(
        metrics.contains(&format!(
            "alb_backend_healthy{{backend=\"default-app-80 {b}\"}} 0"
        )),
        "{metrics}"
    );
    assert!(
        metrics.contains(&format!(
            "alb_backend_healthy{{backend=\"default-app-80 {a}\"}} 1"
        )),
        "{metrics}"
    );
}

#[test]
fn qps_limit_answers_503_above_the_rate_and_sticky_cookies_hold() {
    let server = start(&["-f", "testdata/serve/limits.yaml"]);
    let statuses: Vec<u16> = (0..20)
        .map(|_| get(server.http, "limited.example.com", "/", &[]).status)
        .collect();
    let admitted = statuses.iter().filter(|s| **s == 200).count();
    assert!((5..=7).contains(&admitted), "{statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );

    let first = get(server.http, "sticky.example.com", "/", &[]);
    let cookie = first
        .headers
        .iter()
        .find(|(n, v)| n.eq_ignore_ascii_case("set-cookie") && v.starts_with("SERVERID="))
        .map(|(_, v)| v.split(';').next().unwrap_or_default().to_string())
        .expect("a SERVERID cookie on the first response");
    let pod = first.json()["pod"].clone();
    for _ in 0..10 {
        let reply = get(
            server.http,
            "sticky.example.com",
            "/",
            &[("Cookie", &cookie)],
        );
        assert_eq!(
            reply.json()["pod"],
            pod,
            "the sticky cookie keeps the same replica"
        );
        assert!(
            reply.header("set-cookie").is_none(),
            "no new cookie while the replica is healthy"
        );
    }
    let pods: std::collections::BTreeSet<String> = (0..6)
        .map(|_| get(server.http, "sticky.example.com", "/", &[]).json()["pod"].to_string())
        .collect();
    assert!(
        pods.len() > 1,
        "without the cookie, requests are scheduled over the replicas"
    );
}

#[test]
fn reload_swaps_good_manifests_and_keeps_the_old_table_on_errors() {
    let dir = std::env::temp_dir().join(format!("alb-watch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("ingress.yaml");
    let manifest = |host: &str| {
        format!(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: watched\n  namespace: default\nspec:\n  ingressClassName: alb\n  rules:\n    - host: {host}\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend: {{service: {{name: web, port: {{number: 80}}}}}}\n"
        )
    };
    std::fs::write(&file, manifest("one.example.com")).expect("write");
    let path = file.to_string_lossy().to_string();
    let server = start(&["-f", &path, "--watch"]);
    assert_eq!(get(server.http, "one.example.com", "/", &[]).status, 200);
    assert_eq!(get(server.http, "two.example.com", "/", &[]).status, 503);

    std::fs::write(&file, manifest("two.example.com")).expect("write");
    let deadline = Instant::now() + Duration::from_secs(10);
    while get(server.http, "two.example.com", "/", &[]).status != 200 {
        assert!(Instant::now() < deadline, "the good change was not loaded");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(get(server.http, "one.example.com", "/", &[]).status, 503);

    // A broken manifest (a removed API version and a bad value) is not loaded.
    let broken = manifest("three.example.com")
        .replace("networking.k8s.io/v1", "extensions/v1beta1")
        .replace("pathType: Prefix", "pathType: prefix");
    std::fs::write(&file, broken).expect("write");
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        get(server.http, "two.example.com", "/", &[]).status,
        200,
        "the old table still serves"
    );
    assert_eq!(get(server.http, "three.example.com", "/", &[]).status, 503);
    let _ = std::fs::remove_dir_all(&dir);
}

/// gRPC: a client speaks h2 over TLS to the HTTPS listener; serve forwards over h2c to a gRPC
/// backend and the response trailers (`grpc-status`) arrive intact.
#[test]
fn grpc_over_h2_keeps_trailers() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    // The backend: HTTP/2 prior knowledge, answers with a body and grpc-status trailers.
    let backend = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(
                        |request: hyper::Request<hyper::body::Incoming>| async move {
                            let te = request.headers().get("te").map(|v| v.as_bytes().to_vec());
                            let mut trailers = hyper::HeaderMap::new();
                            trailers.insert(
                                "grpc-status",
                                hyper::header::HeaderValue::from_static("0"),
                            );
                            trailers.insert(
                                "grpc-message",
                                hyper::header::HeaderValue::from_bytes(&te.unwrap_or_default())
                                    .unwrap_or(hyper::header::HeaderValue::from_static("no-te")),
                            );
                            let frames = vec![
                                Ok::<_, std::convert::Infallible>(hyper::body::Frame::data(
                                    bytes::Bytes::from_static(b"\x00\x00\x00\x00\x02hi"),
                                )),
                                Ok(hyper::body::Frame::trailers(trailers)),
                            ];
                            let body = futures_stream(frames);
                            Ok::<_, std::convert::Infallible>(
                                hyper::Response::builder()
                                    .header("content-type", "application/grpc")
                                    .body(body)
                                    .expect("response"),
                            )
                        },
                    );
                    let _ = hyper::server::conn::http2::Builder::new(
                        hyper_util::rt::TokioExecutor::new(),
                    )
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
                });
            }
        });
        addr
    });
    let mapping = format!("default/grpc-svc:9080={backend}");
    let server = start(&["-f", "testdata/serve/grpc.yaml", "--backend", &mapping]);
    let https = server.https.expect("HTTPS listener");
    let (status, trailers) = runtime.block_on(async move {
        let tls = tls_h2(https, "grpc.example.com").await;
        let (mut sender, connection) = hyper::client::conn::http2::handshake(
            hyper_util::rt::TokioExecutor::new(),
            hyper_util::rt::TokioIo::new(tls),
        )
        .await
        .expect("h2");
        tokio::spawn(connection);
        let request = hyper::Request::builder()
            .method("POST")
            .uri("https://grpc.example.com/helloworld.Greeter/SayHello")
            .header("content-type", "application/grpc")
            .header("te", "trailers")
            .body(http_body_util::Full::new(bytes::Bytes::from_static(
                b"\x00\x00\x00\x00\x00",
            )))
            .expect("request");
        let response = sender.send_request(request).await.expect("response");
        let status = response.status().as_u16();
        let collected = http_body_util::BodyExt::collect(response.into_body())
            .await
            .expect("body");
        (status, collected.trailers().cloned())
    });
    assert_eq!(status, 200);
    let trailers = trailers.expect("trailers arrive");
    assert_eq!(
        trailers.get("grpc-status").map(|v| v.as_bytes()),
        Some(&b"0"[..])
    );
    assert_eq!(
        trailers.get("grpc-message").map(|v| v.as_bytes()),
        Some(&b"trailers"[..]),
        "te: trailers reached the backend"
    );
}

/// A stream of ready frames, without pulling in a futures crate.
fn futures_stream<T>(
    items: Vec<T>,
) -> impl hyper::body::Body<Data = bytes::Bytes, Error = std::convert::Infallible>
where
    T: Into<Result<hyper::body::Frame<bytes::Bytes>, std::convert::Infallible>>,
{
    struct Frames(
        std::collections::VecDeque<
            Result<hyper::body::Frame<bytes::Bytes>, std::convert::Infallible>,
        >,
    );
    impl hyper::body::Body for Frames {
        type Data = bytes::Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<bytes::Bytes>, Self::Error>>>
        {
            std::task::Poll::Ready(self.0.pop_front())
        }
    }
    Frames(items.into_iter().map(Into::into).collect())
}

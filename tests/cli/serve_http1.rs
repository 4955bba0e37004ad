//! `alb serve`'s HTTP/1.x on the wire, as clients and backends see it: keep-alive and
//! pipelining, request bodies in both framings, `Expect: 100-continue`, HTTP/1.0, malformed
//! and ambiguous requests, upgrades, HTTP/2 with prior knowledge, and the listener timeouts.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::serve::{Server, start};

const EXAMPLES: [&str; 2] = ["-f", "testdata/examples/"];
const ECHO_HOST: &str = "demo.domain.ingress.top";

/// One response read off a connection, leaving the next one in place.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

fn connect(addr: SocketAddr) -> (TcpStream, BufReader<TcpStream>) {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let reader = BufReader::new(stream.try_clone().expect("clone"));
    (stream, reader)
}

/// Read one response: by Content-Length, chunked, or to the end of the connection.
fn read_response(reader: &mut BufReader<TcpStream>, method: &str) -> Response {
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header line");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("a field");
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    if method == "HEAD" || status == 204 || status == 304 || (100..200).contains(&status) {
        return response;
    }
    if let Some(length) = response.header("content-length") {
        let mut body = vec![0; length.parse().expect("length")];
        reader.read_exact(&mut body).expect("body");
        response.body = body;
    } else if response
        .header("transfer-encoding")
        .is_some_and(|t| t.contains("chunked"))
    {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).expect("chunk size");
            let size = usize::from_str_radix(size.trim(), 16).expect("hex size");
            if size == 0 {
                // Trailers, then the empty line.
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).expect("trailer");
                    if line.trim_end().is_empty() {
                        break;
                    }
                    let (name, value) = line.split_once(':').expect("a trailer");
                    response
                        .headers
                        .push((name.trim().to_string(), value.trim().to_string()));
                }
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).expect("chunk");
            response.body.extend_from_slice(&chunk[..size]);
        }
    } else {
        reader
            .read_to_end(&mut response.body)
            .expect("body to close");
    }
    response
}

/// Whether the server closed the connection (EOF) within `limit`.
fn closed_within(reader: &mut BufReader<TcpStream>, limit: Duration) -> bool {
    reader
        .get_ref()
        .set_read_timeout(Some(limit))
        .expect("timeout");
    let mut byte = [0u8; 1];
    matches!(reader.read(&mut byte), Ok(0))
}

#[test]
fn pipelined_requests_on_one_connection_are_answered_in_order() {
    let server = start(&EXAMPLES);
    let (mut stream, mut reader) = connect(server.http);
    let pipelined = format!(
        "GET /hello?n=1 HTTP/1.1\r\nHost: {ECHO_HOST}\r\n\r\n\
         GET /hello?n=2 HTTP/1.1\r\nHost: {ECHO_HOST}\r\n\r\n\
         GET /nowhere HTTP/1.1\r\nHost: nobody.example\r\n\r\n"
    );
    stream.write_all(pipelined.as_bytes()).expect("write");
    let first = read_response(&mut reader, "GET");
    let second = read_response(&mut reader, "GET");
    let third = read_response(&mut reader, "GET");
    assert_eq!((first.status, second.status, third.status), (200, 200, 503));
    assert_eq!(first.json()["query"], "n=1");
    assert_eq!(second.json()["query"], "n=2");
    assert!(
        first.header("connection").is_none(),
        "HTTP/1.1 keeps the connection"
    );
    // And the connection still serves a request after all that.
    let again = format!("GET /hello HTTP/1.1\r\nHost: {ECHO_HOST}\r\n\r\n");
    stream.write_all(again.as_bytes()).expect("write");
    assert_eq!(read_response(&mut reader, "GET").status, 200);
}

#[test]
fn request_bodies_are_read_in_both_framings_and_the_connection_stays_in_step() {
    let server = start(&EXAMPLES);
    let (mut stream, mut reader) = connect(server.http);
    let length = format!(
        "POST /hello HTTP/1.1\r\nHost: {ECHO_HOST}\r\nContent-Length: 11\r\n\r\nhello world"
    );
    stream.write_all(length.as_bytes()).expect("write");
    let reply = read_response(&mut reader, "POST");
    assert_eq!(reply.json()["body_bytes"], 11);

    // Chunked, split across writes, with an extension and a trailer.
    let head =
        format!("POST /hello HTTP/1.1\r\nHost: {ECHO_HOST}\r\nTransfer-Encoding: chunked\r\n\r\n");
    stream.write_all(head.as_bytes()).expect("write");
    stream.write_all(b"5;x=y\r\nhello\r\n").expect("write");
    std::thread::sleep(Duration::from_millis(50));
    stream
        .write_all(b"7\r\n, world\r\n0\r\nX-Sum: 1\r\n\r\n")
        .expect("write");
    let reply = read_response(&mut reader, "POST");
    assert_eq!(reply.json()["body_bytes"], 12);

    // Expect: 100-continue gets the interim answer before the body is sent.
    let head = format!(
        "PUT /hello HTTP/1.1\r\nHost: {ECHO_HOST}\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).expect("write");
    let interim = read_response(&mut reader, "PUT");
    assert_eq!(interim.status, 100);
    stream.write_all(b"abc").expect("write");
    let reply = read_response(&mut reader, "PUT");
    assert_eq!(
        (reply.status, reply.json()["body_bytes"].clone()),
        (200, 3.into())
    );
}

#[test]
fn malformed_or_ambiguous_requests_get_4xx_and_the_connection_closes() {
    let server = start(&EXAMPLES);
    let cases: [(&str, u16); 4] = [
        ("NOT HTTP AT ALL\r\n\r\n", 400),
        // Both framings: a proxy that picked one could be made to smuggle a request.
        (
            "POST /hello HTTP/1.1\r\nHost: demo.domain.ingress.top\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
        ),
        ("GET /hello HTTP/1.1\r\nX-No-Host: 1\r\n\r\n", 400),
        (
            "POST /hello HTTP/1.1\r\nHost: demo.domain.ingress.top\r\nContent-Length: 1x\r\n\r\n",
            400,
        ),
    ];
    for (raw, status) in cases {
        let (mut stream, mut reader) = connect(server.http);
        stream.write_all(raw.as_bytes()).expect("write");
        let reply = read_response(&mut reader, "GET");
        assert_eq!(reply.status, status, "{raw:?}");
        assert_eq!(reply.header("connection"), Some("close"), "{raw:?}");
        assert!(
            closed_within(&mut reader, Duration::from_secs(5)),
            "{raw:?}"
        );
    }
    let (mut stream, mut reader) = connect(server.http);
    let huge = format!(
        "GET /hello HTTP/1.1\r\nHost: {ECHO_HOST}\r\nX-Big: {}\r\n\r\n",
        "a".repeat(70_000)
    );
    let _ = stream.write_all(huge.as_bytes());
    assert_eq!(read_response(&mut reader, "GET").status, 431);
}

#[test]
fn http10_clients_get_answers_they_can_read() {
    let server = start(&EXAMPLES);
    let (mut stream, mut reader) = connect(server.http);
    let raw = format!("GET /hello HTTP/1.0\r\nHost: {ECHO_HOST}\r\n\r\n");
    stream.write_all(raw.as_bytes()).expect("write");
    let reply = read_response(&mut reader, "GET");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("connection"), Some("close"));
    assert!(closed_within(&mut reader, Duration::from_secs(5)));

    // Keep-alive when asked for.
    let (mut stream, mut reader) = connect(server.http);
    let raw = format!("GET /hello HTTP/1.0\r\nHost: {ECHO_HOST}\r\nConnection: keep-alive\r\n\r\n");
    stream.write_all(raw.as_bytes()).expect("write");
    let reply = read_response(&mut reader, "GET");
    assert_eq!(reply.header("connection"), Some("keep-alive"));
    stream.write_all(raw.as_bytes()).expect("write");
    assert_eq!(read_response(&mut reader, "GET").status, 200);
}

/// A backend on a thread that runs `answer` on each connection.
fn raw_backend(answer: fn(TcpStream)) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("backend binds");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    addr
}

/// Read a request head (and nothing more) from a backend's connection.
fn read_head(reader: &mut BufReader<TcpStream>) -> String {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return head;
        }
        head.push_str(&line);
        if line == "\r\n" {
            return head;
        }
    }
}

fn serve_with_backend(backend: SocketAddr) -> Server {
    let mapping = format!("default/rewrite-svc:9080={backend}");
    start(&["-f", "testdata/examples/", "--backend", &mapping])
}

#[test]
fn chunked_bodies_pass_through_to_and_from_a_backend() {
    let backend = raw_backend(|stream| {
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let head = read_head(&mut reader).to_ascii_lowercase();
        assert!(head.contains("transfer-encoding: chunked"), "{head}");
        // The chunked body, as forwarded, up to its last chunk.
        let mut body = Vec::new();
        while !body.ends_with(b"0\r\n\r\n") {
            let mut byte = [0u8; 1];
            if reader.read(&mut byte).unwrap_or(0) == 0 {
                break;
            }
            body.push(byte[0]);
        }
        let mut stream = stream;
        let answer = format!(
            "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{}\r\n0\r\nX-Trailer: t\r\n\r\n",
            body.len(),
            String::from_utf8_lossy(&body)
        );
        let _ = stream.write_all(answer.as_bytes());
    });
    let server = serve_with_backend(backend);
    let (mut stream, mut reader) = connect(server.http);
    stream
        .write_all(b"POST /something/x HTTP/1.1\r\nHost: rewrite.example.com\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        .expect("write");
    let reply = read_response(&mut reader, "POST");
    assert_eq!(reply.status, 201);
    assert_eq!(
        reply.body, b"3\r\nabc\r\n0\r\n\r\n",
        "the backend got the chunked body as sent"
    );
    assert_eq!(
        reply.header("x-trailer"),
        Some("t"),
        "trailers reach the client"
    );
    assert!(
        reply.header("connection").is_none(),
        "the client's connection is kept"
    );
}

#[test]
fn websocket_upgrades_pass_through_after_the_backends_101() {
    let backend = raw_backend(|stream| {
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let head = read_head(&mut reader).to_ascii_lowercase();
        let mut stream = stream;
        if !(head.contains("upgrade: websocket") && head.contains("connection: upgrade")) {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            return;
        }
        let _ = stream.write_all(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        );
        // Echo whatever comes next, as the upgraded protocol.
        let mut buf = [0u8; 64];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || stream.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    });
    let server = serve_with_backend(backend);
    let (mut stream, mut reader) = connect(server.http);
    stream
        .write_all(b"GET /something/ws HTTP/1.1\r\nHost: rewrite.example.com\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
        .expect("write");
    let reply = read_response(&mut reader, "GET");
    assert_eq!(reply.status, 101);
    assert_eq!(reply.header("upgrade"), Some("websocket"));
    stream.write_all(b"ping").expect("write");
    let mut echoed = [0u8; 4];
    reader.read_exact(&mut echoed).expect("echo");
    assert_eq!(&echoed, b"ping");
}

#[test]
fn http2_with_prior_knowledge_on_the_cleartext_listener() {
    let server = start(&EXAMPLES);
    let addr = server.http;
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (version, body) = runtime.block_on(async move {
        let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
        let (mut sender, connection) = hyper::client::conn::http2::handshake(
            hyper_util::rt::TokioExecutor::new(),
            hyper_util::rt::TokioIo::new(tcp),
        )
        .await
        .expect("h2 handshake");
        tokio::spawn(connection);
        let request = hyper::Request::builder()
            .uri(format!("http://{ECHO_HOST}/hello"))
            .body(http_body_util::Empty::<bytes::Bytes>::new())
            .expect("request");
        let response = sender.send_request(request).await.expect("response");
        let version = response.version();
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .expect("body")
            .to_bytes();
        (version, body)
    });
    assert_eq!(version, hyper::Version::HTTP_2);
    let json: serde_json::Value = serde_json::from_slice(&body).expect("echo JSON");
    assert_eq!(json["path"], "/hello");
}

/// A manifest set with an AlbConfig whose 80/HTTP listener has these timeouts, one Ingress
/// forwarding everything on `slow.example.com` to Service `slow:80`.
fn timeouts_manifest(idle: u32, request: u32) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "alb-serve-timeouts-{}-{idle}-{request}.yaml",
        std::process::id()
    ));
    let yaml = format!(
        "apiVersion: alibabacloud.com/v1
kind: AlbConfig
metadata: {{name: alb}}
spec:
  config: {{name: alb, edition: Standard, zoneMappings: [{{vSwitchId: vsw-a}}, {{vSwitchId: vsw-b}}]}}
  listeners:
    - {{port: 80, protocol: HTTP, idleTimeout: {idle}, requestTimeout: {request}}}
    - {{port: 443, protocol: HTTPS}}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {{name: alb}}
spec:
  controller: ingress.k8s.alibabacloud/alb
  parameters: {{apiGroup: alibabacloud.com, kind: AlbConfig, name: alb}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: slow, namespace: default}}
spec:
  ingressClassName: alb
  rules:
    - host: slow.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {{service: {{name: slow, port: {{number: 80}}}}}}
"
    );
    std::fs::write(&path, yaml).expect("write manifest");
    path
}

#[test]
fn the_listener_timeouts_close_idle_clients_and_answer_504_for_slow_backends() {
    // A backend that reads the request and never answers.
    let backend = raw_backend(|stream| {
        let mut reader = BufReader::new(stream);
        let _ = read_head(&mut reader);
        std::thread::sleep(Duration::from_secs(30));
    });
    let manifest = timeouts_manifest(1, 2);
    let mapping = format!("default/slow:80={backend}");
    let server = start(&[
        "-f",
        manifest.to_str().expect("utf-8 path"),
        "--backend",
        &mapping,
    ]);
    let (mut stream, mut reader) = connect(server.http);
    let started = Instant::now();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: slow.example.com\r\n\r\n")
        .expect("write");
    let reply = read_response(&mut reader, "GET");
    let waited = started.elapsed();
    assert_eq!(reply.status, 504);
    assert!(
        waited >= Duration::from_millis(1900) && waited < Duration::from_secs(10),
        "requestTimeout 2 s: answered after {waited:?}"
    );
    // The connection is idle now: the listener's idleTimeout (1 s) closes it.
    let idle = Instant::now();
    assert!(closed_within(&mut reader, Duration::from_secs(10)));
    let idled = idle.elapsed();
    assert!(
        idled >= Duration::from_millis(900) && idled < Duration::from_secs(5),
        "idleTimeout 1 s: closed after {idled:?}"
    );
    let _ = std::fs::remove_file(manifest);
}

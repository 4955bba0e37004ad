//! HTTP/1.x client connections: read a request head, let the engine decide, answer or forward
//! over a backend connection, copy the response back, and go on with the next request on the
//! same connection. Written by hand rather than with hyper so one request costs few
//! allocations and no task hand-offs (issue 6's speed target: at least nginx's throughput).

use std::borrow::Cow;
use std::net::SocketAddr;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use alb_engine::annotations::BackendProtocol;
use alb_engine::compile::{ListenerKey, ListenerTimeouts};
use bytes::{Buf, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::watch;

use super::upstream::{ConnectError, UpstreamConn};
use super::wire::{BodyProgress, Framing, Head, WireError, connection_listed, is_hop_by_hop};
use crate::runtime::deadline::Deadline;
use crate::runtime::echo;
use alb_engine::exchange::{Answer, Attempt, Forward, Plan};

use crate::runtime::proxy::{self, Canned, Flight, Shared};

/// The start of every HTTP/2 connection with prior knowledge (RFC 9113 §3.4).
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
const READ_CHUNK: usize = 8 * 1024;

/// How a connection ended.
pub enum Ended<I> {
    Closed,
    /// The client sent the HTTP/2 preface: the connection continues with hyper, from the bytes
    /// read so far.
    Http2 {
        io: I,
        read: BytesMut,
    },
}

/// The client's side of one connection.
pub(super) struct Client<I> {
    pub(super) io: I,
    /// Read and not used yet.
    pub(super) buf: BytesMut,
    /// What is being written.
    pub(super) out: Vec<u8>,
    deadline: Deadline,
}

impl<I: AsyncRead + AsyncWrite + Unpin> Client<I> {
    pub(super) async fn fill_within(&mut self, limit: Duration) -> Result<usize, ()> {
        self.buf.reserve(READ_CHUNK);
        let read = self.io.read_buf(&mut self.buf);
        match self.deadline.within(limit, read).await {
            Ok(Ok(n)) => Ok(n),
            _ => Err(()),
        }
    }

    pub(super) async fn flush_out(&mut self) -> std::io::Result<()> {
        let result = self.io.write_all(&self.out).await;
        self.out.clear();
        result
    }
}

/// Serve HTTP/1.x requests on `io` until the client closes, asks to close, errs, idles out,
/// or `stop` is set. `detect_h2`: a cleartext listener also accepts HTTP/2 with prior
/// knowledge.
pub async fn serve_connection<I>(
    io: I,
    shared: Arc<Shared>,
    key: ListenerKey,
    peer: SocketAddr,
    timeouts: ListenerTimeouts,
    mut stop: watch::Receiver<bool>,
    detect_h2: bool,
) -> Ended<I>
where
    I: AsyncRead + AsyncWrite + Unpin,
{
    let mut client = Client {
        io,
        buf: BytesMut::new(),
        out: Vec::new(),
        deadline: Deadline::new(),
    };
    let mut first = true;
    loop {
        let head = loop {
            if !client.buf.is_empty() {
                let n = client.buf.len().min(H2_PREFACE.len());
                if first && detect_h2 && client.buf[..n] == H2_PREFACE[..n] {
                    if n == H2_PREFACE.len() {
                        return Ended::Http2 {
                            io: client.io,
                            read: client.buf,
                        };
                    }
                } else {
                    match parsed(&mut client).await {
                        Some(Some(head)) => break head,
                        Some(None) => return Ended::Closed,
                        None => {}
                    }
                }
            }
            if client.buf.is_empty() && *stop.borrow() {
                return Ended::Closed;
            }
            // Between requests the idle timeout applies; once a request has begun, the
            // request timeout.
            let waiting = client.buf.is_empty();
            let limit = if waiting {
                timeouts.idle
            } else {
                timeouts.request
            };
            let read = tokio::select! {
                biased;
                read = client.fill_within(limit) => read,
                _ = stop.wait_for(|s| *s), if waiting => return Ended::Closed,
            };
            match read {
                Ok(0) => return Ended::Closed,
                Ok(_) => {}
                Err(()) if waiting => return Ended::Closed,
                Err(()) => {
                    let canned = Canned::text(408, "408 Request Timeout");
                    write_plain(&mut client, &canned, false).await;
                    return Ended::Closed;
                }
            }
        };
        first = false;
        let keep = exchange(&mut client, head, &shared, key, peer, timeouts, &stop).await;
        if !keep {
            let _ = client.io.shutdown().await;
            return Ended::Closed;
        }
    }
}

/// The head at the front of the client's buffer, if complete: `Some(None)` after answering a
/// malformed one (the connection then closes).
async fn parsed<I: AsyncRead + AsyncWrite + Unpin>(client: &mut Client<I>) -> Option<Option<Head>> {
    match Head::parse_request(&client.buf) {
        Ok(Some((head, len))) => {
            client.buf.advance(len);
            Some(Some(head))
        }
        Ok(None) => None,
        Err(error) => {
            let canned = match error {
                WireError::TooLarge => Canned::text(431, "431 Request Header Fields Too Large"),
                other => Canned::text(400, &format!("400 Bad Request: {other}")),
            };
            write_plain(client, &canned, false).await;
            Some(None)
        }
    }
}

/// Write a load-balancer answer that belongs to no exchange (a malformed request).
async fn write_plain<I: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<I>,
    canned: &Canned,
    keep: bool,
) {
    canned_head(&mut client.out, canned, 1, keep, |_| {});
    client.out.extend_from_slice(&canned.body);
    let _ = client.flush_out().await;
}

pub(super) fn reason(status: u16) -> &'static str {
    hyper::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

pub(super) fn push_field(out: &mut Vec<u8>, name: &str, value: &[u8]) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value);
    out.extend_from_slice(b"\r\n");
}

/// A number in decimal, written in place (no allocation, no formatter, per request).
pub(super) fn push_number(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

pub(super) fn push_length(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(b"content-length: ");
    push_number(out, n);
    out.extend_from_slice(b"\r\n");
}

pub(super) fn status_line(out: &mut Vec<u8>, status: u16, reason: &str) {
    out.extend_from_slice(b"HTTP/1.1 ");
    push_number(out, u64::from(status));
    out.push(b' ');
    out.extend_from_slice(reason.as_bytes());
    out.extend_from_slice(b"\r\n");
}

pub(super) fn connection_field(out: &mut Vec<u8>, keep: bool, minor: u8) {
    if !keep {
        push_field(out, "connection", b"close");
    } else if minor == 0 {
        push_field(out, "connection", b"keep-alive");
    }
}

/// The head of an answer from the load balancer itself; `extras` adds the exchange's fields.
fn canned_head(
    out: &mut Vec<u8>,
    canned: &Canned,
    minor: u8,
    keep: bool,
    extras: impl FnOnce(&mut Vec<u8>),
) {
    status_line(out, canned.status, reason(canned.status));
    push_field(
        out,
        "date",
        httpdate::fmt_http_date(std::time::SystemTime::now()).as_bytes(),
    );
    if let Some(content_type) = &canned.content_type {
        push_field(out, "content-type", content_type.as_bytes());
    }
    if let Some(location) = &canned.location {
        push_field(out, "location", location.as_bytes());
    }
    push_length(out, canned.body.len() as u64);
    extras(out);
    connection_field(out, keep, minor);
    out.extend_from_slice(b"\r\n");
}

/// One request on the connection. Returns whether the connection can carry another.
async fn exchange<I: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<I>,
    head: Head,
    shared: &Shared,
    key: ListenerKey,
    peer: SocketAddr,
    timeouts: ListenerTimeouts,
    stop: &watch::Receiver<bool>,
) -> bool {
    let started = Instant::now();
    let framing = match head.request_framing() {
        Ok(framing) => framing,
        Err(error) => {
            let canned = Canned::text(400, &format!("400 Bad Request: {error}"));
            write_plain(client, &canned, false).await;
            return false;
        }
    };
    let Some((host, path)) = host_and_path(&head) else {
        let canned = Canned::text(
            400,
            "400 Bad Request: no Host, or a request-target alb cannot read",
        );
        write_plain(client, &canned, false).await;
        return false;
    };
    // One table for the whole request: the fields copied for it and the decision.
    let loaded = shared.loaded.load_full();
    let engine = proxy::engine_request(
        &loaded,
        key,
        peer,
        head.method(),
        host,
        &path,
        head.fields(),
    );
    let mut x = match shared.begin(loaded, key, peer, engine, started) {
        Ok(x) => x,
        Err(canned) => {
            write_plain(client, &canned, false).await;
            return false;
        }
    };
    let mut body = BodyProgress::new(framing);
    let wants_keep = head.keep_alive() && !*stop.borrow();
    match x.plan() {
        Plan::Answer(canned) => {
            let canned = Canned::from(canned);
            let read = discard_body(client, &head, &mut body, timeouts).await;
            let keep = wants_keep && read.is_some();
            answer(client, shared, &x, &canned, head.minor, keep, None, false).await;
            proxy::finish(shared, &x, None, canned.status);
            keep
        }
        Plan::Forward(forward) if forward.local_replica => {
            let Some(length) = discard_body(client, &head, &mut body, timeouts).await else {
                return false;
            };
            let canned = Canned {
                status: 200,
                content_type: Some(echo::CONTENT_TYPE.to_string()),
                location: None,
                body: echo::body(&x, head.fields(), length),
            };
            let endpoint = Some(x.address());
            answer(
                client, shared, &x, &canned, head.minor, wants_keep, endpoint, true,
            )
            .await;
            proxy::finish(shared, &x, endpoint, 200);
            wants_keep
        }
        Plan::Forward(forward) if forward.protocol == BackendProtocol::Grpc => {
            super::grpc::bridge(client, shared, &mut x, forward, &head, &mut body, timeouts).await
                && wants_keep
        }
        Plan::Forward(forward) => {
            forward_h1(
                client, shared, &mut x, forward, &head, body, timeouts, wants_keep,
            )
            .await
        }
    }
}

/// The Host and the path-and-query of a request: origin-form with its Host field,
/// absolute-form (`GET http://host/path`) with the authority in the target, and
/// `OPTIONS *`.
fn host_and_path(head: &Head) -> Option<(&str, Cow<'_, str>)> {
    let target = head.target();
    for scheme in ["http://", "https://"] {
        if let Some(prefix) = target.get(..scheme.len())
            && prefix.eq_ignore_ascii_case(scheme)
        {
            let rest = &target[scheme.len()..];
            return Some(match rest.find(['/', '?']) {
                Some(i) if rest.as_bytes()[i] == b'/' => (&rest[..i], Cow::Borrowed(&rest[i..])),
                Some(i) => (&rest[..i], Cow::Owned(format!("/{}", &rest[i..]))),
                None => (rest, Cow::Borrowed("/")),
            });
        }
    }
    if !target.starts_with('/') && target != "*" {
        return None;
    }
    let host = match head.field("host") {
        Some(host) => std::str::from_utf8(host).ok()?.trim(),
        // HTTP/1.0 may omit Host; HTTP/1.1 must send it (RFC 9112 §3.2).
        None if head.minor == 0 => "",
        None => return None,
    };
    Some((host, Cow::Borrowed(target)))
}

/// Tell a client that waits for it to send its body (`Expect: 100-continue`).
async fn continue_if_expected<I: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<I>,
    head: &Head,
    body: &BodyProgress,
) -> bool {
    if !body.is_done()
        && client.buf.is_empty()
        && head.minor >= 1
        && head.lists("expect", "100-continue")
    {
        return client
            .io
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .await
            .is_ok();
    }
    true
}

/// Read and drop the request body so the next request starts where it should. Returns the
/// payload length, or `None` when the body could not be read (the connection then closes).
pub(super) async fn discard_body<I: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<I>,
    head: &Head,
    body: &mut BodyProgress,
    timeouts: ListenerTimeouts,
) -> Option<u64> {
    if !continue_if_expected(client, head, body).await {
        return None;
    }
    let mut length = 0u64;
    loop {
        let used = body
            .advance(&client.buf, |r| length += r.len() as u64)
            .ok()?;
        client.buf.advance(used);
        if body.is_done() {
            return Some(length);
        }
        if client.fill_within(timeouts.request).await.ok()? == 0 {
            return None;
        }
    }
}

/// Write an answer from the load balancer (or the echo backend) with the exchange's extra
/// fields.
#[allow(clippy::too_many_arguments)]
pub(super) async fn answer<I: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<I>,
    shared: &Shared,
    x: &Flight,
    canned: &Canned,
    minor: u8,
    keep: bool,
    endpoint: Option<&str>,
    backend_answered: bool,
) {
    let mut out = std::mem::take(&mut client.out);
    canned_head(&mut out, canned, minor, keep, |out| {
        proxy::response_extras(shared, x, endpoint, backend_answered, |n, v| {
            push_field(out, n, v.as_bytes())
        });
    });
    if !x.request().method.eq_ignore_ascii_case("HEAD") {
        out.extend_from_slice(&canned.body);
    }
    client.out = out;
    let _ = client.flush_out().await;
}

/// Forward to an HTTP/1.1 (or HTTPS) backend and copy its response back.
#[allow(clippy::too_many_arguments)]
async fn forward_h1<I: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<I>,
    shared: &Shared,
    x: &mut Flight,
    forward: Forward,
    head: &Head,
    mut body: BodyProgress,
    timeouts: ListenerTimeouts,
    wants_keep: bool,
) -> bool {
    let upgrade = head
        .lists("connection", "upgrade")
        .then(|| head.field("upgrade"))
        .flatten();
    let replayable = body.is_done();
    let tls = forward.protocol == BackendProtocol::Https;
    let result = loop {
        let sent = send(
            client, shared, x, forward, tls, head, &mut body, upgrade, timeouts,
        )
        .await;
        if let ControlFlow::Break(done) = shared.after(x, sent, replayable) {
            break done;
        }
    };
    let x = &*x;
    let address = x.address();
    let (mut upstream, response) = match result {
        Ok(pair) => pair,
        Err(canned) => {
            // A body the backend did not take is still in the way of the next request.
            let keep = wants_keep && body.is_done();
            answer(
                client,
                shared,
                x,
                &canned,
                head.minor,
                keep,
                Some(address),
                false,
            )
            .await;
            proxy::finish(shared, x, Some(address), canned.status);
            return keep;
        }
    };
    let framing = match response.response_framing(&x.request().method) {
        Ok(framing) => framing,
        Err(error) => {
            let canned = Canned::from(Answer::bad_gateway(address, &error.to_string()));
            answer(
                client,
                shared,
                x,
                &canned,
                head.minor,
                false,
                Some(address),
                false,
            )
            .await;
            proxy::finish(shared, x, Some(address), canned.status);
            return false;
        }
    };
    let switching = upgrade.is_some() && response.status == 101;
    // A chunked body goes to an HTTP/1.0 client decoded, delimited by closing.
    let decode = framing == Framing::Chunked && head.minor == 0;
    let keep =
        wants_keep && body.is_done() && framing != Framing::UntilClose && !decode && !switching;

    // The response head: the backend's fields minus hop-by-hop ones, then the load
    // balancer's.
    let out = &mut client.out;
    let reason_text = if response.reason().is_empty() {
        reason(response.status)
    } else {
        response.reason()
    };
    status_line(out, response.status, reason_text);
    let listed = if response.has_connection_field() {
        connection_listed(response.fields())
    } else {
        Vec::new()
    };
    for (name, value) in response.fields() {
        let own = is_hop_by_hop(name)
            || (!listed.is_empty() && listed.iter().any(|l| l.eq_ignore_ascii_case(name)));
        let kept_length = name.eq_ignore_ascii_case("content-length")
            && matches!(framing, Framing::Empty)
            && (x.request().method.eq_ignore_ascii_case("HEAD") || response.status == 304);
        if !own || kept_length {
            push_field(out, name, value);
        }
    }
    match framing {
        Framing::Length(n) => push_length(out, n),
        Framing::Chunked if !decode => push_field(out, "transfer-encoding", b"chunked"),
        Framing::Empty
            if response.status >= 200
                && response.status != 204
                && response.status != 304
                && !x.request().method.eq_ignore_ascii_case("HEAD") =>
        {
            push_field(out, "content-length", b"0")
        }
        _ => {}
    }
    proxy::response_extras(shared, x, Some(address), true, |n, v| {
        push_field(out, n, v.as_bytes())
    });
    if switching {
        push_field(out, "connection", b"upgrade");
        if let Some(protocol) = response.field("upgrade") {
            push_field(out, "upgrade", protocol);
        }
    } else {
        connection_field(out, keep, head.minor);
    }
    out.extend_from_slice(b"\r\n");
    proxy::finish(shared, x, Some(address), response.status);

    if switching {
        out.extend_from_slice(&upstream.buf);
        upstream.buf.clear();
        if client.flush_out().await.is_err() {
            return false;
        }
        if !client.buf.is_empty() && upstream.io.write_all(&client.buf).await.is_err() {
            return false;
        }
        client.buf.clear();
        let _ = tokio::io::copy_bidirectional(&mut client.io, &mut upstream.io).await;
        return false;
    }

    // The body: what came with the head, then the rest as it arrives.
    let mut progress = BodyProgress::new(framing);
    loop {
        if !upstream.buf.is_empty() && !progress.is_done() {
            let data = &upstream.buf;
            let out = &mut client.out;
            let used = if decode {
                progress.advance(data, |r| out.extend_from_slice(&data[r]))
            } else {
                progress
                    .advance(data, |_| {})
                    .inspect(|&used| out.extend_from_slice(&data[..used]))
            };
            let Ok(used) = used else {
                // A backend that breaks its framing: the client's response cannot be
                // completed, so its connection closes.
                let _ = client.flush_out().await;
                return false;
            };
            upstream.buf.advance(used);
        }
        if !client.out.is_empty() && client.flush_out().await.is_err() {
            return false;
        }
        if progress.is_done() {
            break;
        }
        upstream.buf.reserve(READ_CHUNK);
        let UpstreamConn {
            io, buf, deadline, ..
        } = &mut upstream;
        match deadline.within(timeouts.request, io.read_buf(buf)).await {
            Ok(Ok(0)) if matches!(progress, BodyProgress::UntilClose) => break,
            Ok(Ok(n)) if n > 0 => {}
            _ => return false,
        }
    }
    if forward.keepalive && response.keep_alive() && framing != Framing::UntilClose {
        shared.pool.put(address, tls, upstream, x.started);
    }
    keep
}

/// Send the request to `address` and read the response head (skipping interim 1xx answers).
/// A connection taken from the idle pool that fails before any answer byte was closed by the
/// backend meanwhile: the request goes again on a new connection, when its body allows.
#[allow(clippy::too_many_arguments)]
async fn send<I: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<I>,
    shared: &Shared,
    x: &Flight,
    forward: Forward,
    tls: bool,
    head: &Head,
    body: &mut BodyProgress,
    upgrade: Option<&[u8]>,
    timeouts: ListenerTimeouts,
) -> Result<(UpstreamConn, Head), Attempt> {
    let reuse = forward.keepalive && upgrade.is_none();
    let address = x.address();
    let mut fresh = false;
    loop {
        let mut upstream = if fresh {
            shared.pool.connect(address, tls).await
        } else {
            shared.pool.get(address, tls, reuse, x.started).await
        }
        .map_err(|ConnectError(e)| Attempt::ConnectFailed(e))?;
        let replayable = body.is_done();
        match exchange_head(
            client,
            x,
            forward,
            &mut upstream,
            head,
            body,
            upgrade,
            timeouts,
        )
        .await
        {
            Ok(response) => return Ok((upstream, response)),
            Err(Sent::Nothing(_)) if upstream.reused && replayable && !fresh => fresh = true,
            Err(Sent::Nothing(error)) | Err(Sent::Partly(error)) => return Err(error),
        }
    }
}

/// How far a failed exchange got.
enum Sent {
    /// No byte of an answer came back.
    Nothing(Attempt),
    Partly(Attempt),
}

#[allow(clippy::too_many_arguments)]
async fn exchange_head<I: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<I>,
    x: &Flight,
    forward: Forward,
    upstream: &mut UpstreamConn,
    head: &Head,
    body: &mut BodyProgress,
    upgrade: Option<&[u8]>,
    timeouts: ListenerTimeouts,
) -> Result<Head, Sent> {
    // The client's output buffer is free until the response: the request head borrows it.
    let mut out = std::mem::take(&mut client.out);
    out.clear();
    let result = send_request(
        client, x, forward, upstream, head, body, upgrade, timeouts, &mut out,
    )
    .await;
    out.clear();
    client.out = out;
    result?;
    read_response_head(upstream, timeouts).await
}

/// Write the request head and body to the backend.
#[allow(clippy::too_many_arguments)]
async fn send_request<I: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<I>,
    x: &Flight,
    forward: Forward,
    upstream: &mut UpstreamConn,
    head: &Head,
    body: &mut BodyProgress,
    upgrade: Option<&[u8]>,
    timeouts: ListenerTimeouts,
    out: &mut Vec<u8>,
) -> Result<(), Sent> {
    let other = |e: std::io::Error| Sent::Nothing(Attempt::Failed(e.to_string()));
    out.extend_from_slice(x.request().method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(x.exchange.upstream_target().as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\n");
    let listed = if head.has_connection_field() {
        connection_listed(head.fields())
    } else {
        Vec::new()
    };
    x.exchange
        .upstream_fields(head.fields(), &listed, false, |n, v| push_field(out, n, v));
    match body {
        BodyProgress::Length(n) => push_length(out, *n),
        BodyProgress::Chunked(_) => push_field(out, "transfer-encoding", b"chunked"),
        _ if head.field("content-length").is_some() => push_field(out, "content-length", b"0"),
        _ => {}
    }
    if let Some(protocol) = upgrade {
        push_field(out, "connection", b"upgrade");
        push_field(out, "upgrade", protocol);
    } else if !forward.keepalive {
        // ALB's default: one backend connection per request.
        push_field(out, "connection", b"close");
    }
    out.extend_from_slice(b"\r\n");

    // The body: what the client already sent, then the rest as it arrives.
    if !continue_if_expected(client, head, body).await {
        return Err(Sent::Partly(Attempt::Failed(
            "the client went away".to_string(),
        )));
    }
    loop {
        let data = &client.buf;
        let used = body
            .advance(data, |_| {})
            .map_err(|e| Sent::Partly(Attempt::Failed(e.to_string())))?;
        out.extend_from_slice(&data[..used]);
        client.buf.advance(used);
        if !out.is_empty() {
            upstream.io.write_all(out).await.map_err(other)?;
            out.clear();
        }
        if body.is_done() {
            break;
        }
        match client.fill_within(timeouts.request).await {
            Ok(n) if n > 0 => {}
            _ => {
                return Err(Sent::Partly(Attempt::Failed(
                    "the client stopped sending its body".to_string(),
                )));
            }
        }
    }

    Ok(())
}

/// Read the backend's response head, skipping interim 1xx answers, within the listener's
/// request timeout.
async fn read_response_head(
    upstream: &mut UpstreamConn,
    timeouts: ListenerTimeouts,
) -> Result<Head, Sent> {
    let other = |e: std::io::Error| Sent::Nothing(Attempt::Failed(e.to_string()));
    let until = tokio::time::Instant::now() + timeouts.request;
    let UpstreamConn {
        io, buf, deadline, ..
    } = &mut *upstream;
    loop {
        if !buf.is_empty() {
            // Interim answers (100 Continue, 103 Early Hints) are the backend's business;
            // 101 ends the exchange as an upgrade.
            match Head::take_final_response(buf) {
                Ok(Some((response, _))) => return Ok(response),
                Ok(None) => {}
                Err(error) => return Err(Sent::Partly(Attempt::Failed(error.to_string()))),
            }
        }
        buf.reserve(READ_CHUNK);
        let got_some = !buf.is_empty();
        match deadline.until(until, io.read_buf(buf)).await {
            Ok(Ok(n)) if n > 0 => {}
            Ok(Ok(_)) if got_some => {
                return Err(Sent::Partly(Attempt::Failed(
                    "the backend closed the connection mid-answer".to_string(),
                )));
            }
            Ok(Ok(_)) => {
                return Err(Sent::Nothing(Attempt::Failed(
                    "the backend closed the connection without answering".to_string(),
                )));
            }
            Ok(Err(error)) if got_some => {
                return Err(Sent::Partly(Attempt::Failed(error.to_string())));
            }
            Ok(Err(error)) => return Err(other(error)),
            Err(_) => return Err(Sent::Partly(Attempt::TimedOut)),
        }
    }
}

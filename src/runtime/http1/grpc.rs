//! An HTTP/1.1 client's request to a gRPC backend (`backend-protocol: grpc`), which speaks
//! only HTTP/2: the request body is read whole and sent with hyper's h2c client; the response
//! comes back chunked, its trailers (`grpc-status`) in the chunked trailer section. gRPC
//! clients use HTTP/2 and take the `h2` path; this keeps curl and other HTTP/1.1 tools
//! working against such a rule.

use std::ops::ControlFlow;

use alb_engine::compile::ListenerTimeouts;
use alb_engine::exchange::Forward;
use bytes::{Buf, Bytes};
use http_body_util::BodyExt;
use tokio::io::{AsyncRead, AsyncWrite};

use super::server::{Client, answer, connection_field, push_field, reason, status_line};
use super::wire::{BodyProgress, Head, connection_listed, is_hop_by_hop};
use crate::runtime::h2;
use crate::runtime::proxy::{self, Flight, Shared};

/// Returns whether the client's connection can carry another request.
pub(super) async fn bridge<I: AsyncRead + AsyncWrite + Unpin>(
    client: &mut Client<I>,
    shared: &Shared,
    x: &mut Flight,
    forward: Forward,
    head: &Head,
    body: &mut BodyProgress,
    timeouts: ListenerTimeouts,
) -> bool {
    let mut payload = Vec::new();
    loop {
        let data = &client.buf;
        let Ok(used) = body.advance(data, |r| payload.extend_from_slice(&data[r])) else {
            return false;
        };
        client.buf.advance(used);
        if body.is_done() {
            break;
        }
        if !matches!(client.fill_within(timeouts.request).await, Ok(n) if n > 0) {
            return false;
        }
    }
    let mut request = hyper::Request::new(());
    *request.method_mut() =
        hyper::Method::from_bytes(x.request().method.as_bytes()).unwrap_or(hyper::Method::POST);
    for (name, value) in head.fields() {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::try_from(name),
            hyper::header::HeaderValue::from_bytes(value),
        ) {
            request.headers_mut().append(name, value);
        }
    }
    let (parts, ()) = request.into_parts();
    let payload = Bytes::from(payload);
    // The payload is read whole: every attempt can send it.
    let result = loop {
        let sent = h2::send(shared, x, forward, &parts, h2::full(payload.clone())).await;
        if let ControlFlow::Break(done) = shared.after(x, sent, true) {
            break done;
        }
    };
    let x = &*x;
    let address = x.address();
    let response = match result {
        Ok(response) => response,
        Err(canned) => {
            answer(
                client,
                shared,
                x,
                &canned,
                head.minor,
                true,
                Some(address),
                false,
            )
            .await;
            proxy::finish(shared, x, Some(address), canned.status);
            return true;
        }
    };
    let status = response.status().as_u16();
    let chunked = head.minor >= 1;
    let out = &mut client.out;
    status_line(out, status, reason(status));
    let fields = h2::fields(response.headers());
    let listed = connection_listed(fields.iter().copied());
    for &(name, value) in &fields {
        if !is_hop_by_hop(name) && !listed.iter().any(|l| l.eq_ignore_ascii_case(name)) {
            push_field(out, name, value);
        }
    }
    if chunked {
        push_field(out, "transfer-encoding", b"chunked");
    }
    proxy::response_extras(shared, x, Some(address), true, |n, v| {
        push_field(out, n, v.as_bytes())
    });
    connection_field(out, chunked, head.minor);
    out.extend_from_slice(b"\r\n");
    proxy::finish(shared, x, Some(address), status);

    let mut body = response.into_body();
    let mut trailers_sent = false;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            // The backend's stream broke: the client's response cannot be completed.
            let _ = client.flush_out().await;
            return false;
        };
        let out = &mut client.out;
        match frame.into_data() {
            Ok(data) if chunked => {
                if !data.is_empty() {
                    out.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
                    out.extend_from_slice(&data);
                    out.extend_from_slice(b"\r\n");
                }
            }
            Ok(data) => out.extend_from_slice(&data),
            Err(frame) => {
                if let Ok(trailers) = frame.into_trailers()
                    && chunked
                {
                    out.extend_from_slice(b"0\r\n");
                    for (name, value) in &trailers {
                        push_field(out, name.as_str(), value.as_bytes());
                    }
                    out.extend_from_slice(b"\r\n");
                    trailers_sent = true;
                }
            }
        }
        if client.flush_out().await.is_err() {
            return false;
        }
    }
    if chunked && !trailers_sent {
        client.out.extend_from_slice(b"0\r\n\r\n");
        if client.flush_out().await.is_err() {
            return false;
        }
    }
    chunked
}

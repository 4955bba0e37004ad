//! One connection's loop, HTTP/1.1 or HTTP/2: take a ticket, wait for its time on an open
//! loop, send one request, time it against the request timeout and the run's end, record it.
//! A connection that fails or is closed is opened again for the next request.

use std::pin::pin;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};

use super::connect::connect;
use super::h1::Connection;
use super::plan::Plan;
use super::schedule::{Run, wait_until};
use super::stats::{ErrorKind, Stats, echo_identity};
use crate::runtime::deadline::Deadline;

/// How a request ended.
enum Outcome {
    /// Answered; whether the connection may carry another request.
    Answered(bool),
    Failed(ErrorKind),
    /// The run ended while the request was in flight: not counted.
    Abandoned,
}

pub(super) async fn worker_h1(
    plan: &Plan,
    run: &Run,
    target: usize,
    templates: &[usize],
    offset: usize,
) -> Stats {
    let mut stats = Stats::new();
    let mut conn: Option<Connection> = None;
    let mut next = offset;
    let mut timer = Deadline::new();
    while let Some(ticket) = run.ticket() {
        if let Some(at) = ticket.intended {
            wait_until(at).await;
        }
        let template = &plan.templates[templates[next % templates.len()]];
        next += 1;
        let exchange = async {
            if conn.is_none() {
                // Boxed: the connect future (a TLS handshake's state) is large, and the
                // exchange future is moved a few times per request.
                conn = Some(Connection::new(
                    Box::pin(connect(&plan.targets[target], false)).await?,
                ));
            }
            match conn.as_mut() {
                Some(c) => c.exchange(template, &mut stats).await,
                None => Err(ErrorKind::Connect),
            }
        };
        // Pinned: `timed` and its timeout hold a pointer to the exchange, not copies of it.
        let (outcome, started) =
            timed(plan, run, &mut timer, ticket.intended, pin!(exchange)).await;
        if !finish(plan, run, &mut stats, outcome, started, &mut conn).await {
            break;
        }
    }
    stats
}

/// Run one request's exchange under the request timeout and the run's deadline: its outcome,
/// and the instant its latency counts from.
async fn timed(
    plan: &Plan,
    run: &Run,
    timer: &mut Deadline,
    intended: Option<Instant>,
    exchange: impl Future<Output = Result<bool, ErrorKind>>,
) -> (Outcome, Instant) {
    // The exchange is lazy: nothing is sent before it is first polled, just below.
    let sent = Instant::now();
    // Open loop: from the intended time when late (the wait for a busy connection counts),
    // from the send when the timer woke a little early.
    let started = intended.map_or(sent, |at| at.min(sent));
    let limit = sent + plan.timeout;
    let end = run.deadline.map_or(limit, |d| d.min(limit));
    // One timer per connection, re-armed only when it fires early: no timer registered and
    // cancelled around every request.
    let outcome = match timer.until(end.into(), exchange).await {
        Ok(Ok(keep)) => Outcome::Answered(keep),
        Ok(Err(kind)) => Outcome::Failed(kind),
        Err(_) if end < limit => Outcome::Abandoned,
        Err(_) => Outcome::Failed(ErrorKind::Timeout),
    };
    (outcome, started)
}

/// Record a request's outcome; `false` ends the worker.
async fn finish<C>(
    plan: &Plan,
    run: &Run,
    stats: &mut Stats,
    outcome: Outcome,
    started: Instant,
    conn: &mut Option<C>,
) -> bool {
    match outcome {
        Outcome::Answered(keep) => {
            let micros = started.elapsed().as_micros() as u64;
            // `record` grows the histogram; `saturating_record` would clamp a value above its
            // current range to a wrong one (hdrhistogram 7.6).
            if stats.latency_us.record(micros.max(1)).is_err() {
                stats.latency_us.saturating_record(micros.max(1));
            }
            if !keep || !plan.keepalive {
                *conn = None;
            }
        }
        Outcome::Failed(kind) => {
            stats.error(kind);
            *conn = None;
            if kind == ErrorKind::Connect {
                // Do not spin on a target that refuses connections.
                let pause = Instant::now() + Duration::from_millis(10);
                let pause = run.deadline.map_or(pause, |d| d.min(pause));
                tokio::time::sleep_until(pause.into()).await;
            }
        }
        Outcome::Abandoned => return false,
    }
    run.done.fetch_add(1, Ordering::Relaxed);
    true
}

pub(super) async fn worker_h2(
    plan: &Plan,
    run: &Run,
    target: usize,
    templates: &[usize],
    offset: usize,
) -> Stats {
    type Sender = hyper::client::conn::http2::SendRequest<Full<Bytes>>;
    let mut stats = Stats::new();
    let mut conn: Option<Sender> = None;
    let mut next = offset;
    let mut timer = Deadline::new();
    while let Some(ticket) = run.ticket() {
        if let Some(at) = ticket.intended {
            wait_until(at).await;
        }
        let template = &plan.templates[templates[next % templates.len()]];
        next += 1;
        let exchange = async {
            if conn.is_none() {
                let io = Box::pin(connect(&plan.targets[target], true)).await?;
                let (sender, connection) =
                    hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(io))
                        .await
                        .map_err(|_| ErrorKind::Protocol)?;
                tokio::spawn(connection);
                conn = Some(sender);
            }
            let Some(sender) = conn.as_mut() else {
                return Err(ErrorKind::Connect);
            };
            sender.ready().await.map_err(|_| ErrorKind::Read)?;
            let mut request = hyper::Request::new(Full::new(template.body.clone()));
            *request.method_mut() = template.method.clone();
            *request.uri_mut() = template.uri.clone();
            *request.headers_mut() = template.headers.clone();
            let response = sender
                .send_request(request)
                .await
                .map_err(|_| ErrorKind::Read)?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|_| ErrorKind::Read)?
                .to_bytes();
            stats.bytes += body.len() as u64;
            let header = |name: &str| {
                parts
                    .headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .filter(|v| !v.is_empty())
            };
            let json = header("content-type").is_some_and(|v| v.contains("application/json"));
            let echo = if json { echo_identity(&body) } else { None };
            let backend = echo.as_deref().or_else(|| header("x-alb-backend"));
            stats.answer(parts.status.as_u16(), header("x-alb-rule"), backend);
            Ok(true)
        };
        // Pinned: `timed` and its timeout hold a pointer to the exchange, not copies of it.
        let (outcome, started) =
            timed(plan, run, &mut timer, ticket.intended, pin!(exchange)).await;
        if !finish(plan, run, &mut stats, outcome, started, &mut conn).await {
            break;
        }
    }
    stats
}

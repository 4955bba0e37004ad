//! The load generator of `alb bench`: connections, one request in flight on each, a stop
//! condition (a duration or a request count), an optional open-loop schedule, and statistics
//! merged at the end. `--serve` also starts `alb serve` in-process on the same runtime.
//!
//! HTTP/1.1 is spoken directly (requests serialised once, responses parsed with `httparse`,
//! one task per connection and no channels): the generator must never be the bottleneck.
//! HTTP/2 goes through hyper's client connection.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use alb_engine::compile::ListenerKey;
use alb_engine::dispatch::ServerGroups;
use alb_engine::route::Router;
use anyhow::Result;
use arc_swap::ArcSwap;
use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::TlsConnector;

use super::ServeOptions;
use super::proxy::Shared;
use super::stream::Stream;
use crate::pipeline::Inputs;

/// Where connections go.
pub struct Target {
    pub addr: SocketAddr,
    pub tls: Option<TlsTarget>,
    /// What the target is (`80/HTTP` for `--serve`), to tell rules of different listeners apart.
    pub label: String,
}

#[derive(Clone)]
pub struct TlsTarget {
    pub connector: TlsConnector,
    pub server_name: rustls::pki_types::ServerName<'static>,
}

/// One request to send, again and again.
pub struct Template {
    /// Index into [`Plan::targets`].
    pub target: usize,
    /// The whole HTTP/1.1 request (head and body), ready to write.
    pub wire: Bytes,
    /// The same request for HTTP/2: the URI carries the authority (the Host).
    pub method: hyper::Method,
    pub uri: hyper::Uri,
    pub headers: hyper::HeaderMap,
    pub body: Bytes,
}

impl Template {
    /// Build both encodings. `authority` is the Host header; `headers` never contain Host.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        target: usize,
        method: &str,
        scheme: &str,
        authority: &str,
        path_and_query: &str,
        headers: &[(String, String)],
        body: Bytes,
        keepalive: bool,
    ) -> Result<Template, String> {
        let method = hyper::Method::from_bytes(method.as_bytes())
            .map_err(|_| format!("`{method}` is not an HTTP method"))?;
        let uri: hyper::Uri = format!("{scheme}://{authority}{path_and_query}")
            .parse()
            .map_err(|_| format!("`{scheme}://{authority}{path_and_query}` is not a URL"))?;
        let mut map = hyper::HeaderMap::new();
        let mut wire = format!("{method} {path_and_query} HTTP/1.1\r\nhost: {authority}\r\n");
        let mut has_agent = false;
        for (name, value) in headers {
            let header_name = hyper::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("`{name}` is not a header name"))?;
            let header_value = hyper::header::HeaderValue::from_str(value)
                .map_err(|_| format!("the value of header `{name}` is not valid"))?;
            has_agent |= header_name == hyper::header::USER_AGENT;
            map.append(header_name, header_value);
            wire.push_str(&format!("{name}: {value}\r\n"));
        }
        if !has_agent {
            let agent = concat!("alb-bench/", env!("CARGO_PKG_VERSION"));
            map.insert(
                hyper::header::USER_AGENT,
                hyper::header::HeaderValue::from_static(agent),
            );
            wire.push_str(&format!("user-agent: {agent}\r\n"));
        }
        if !keepalive {
            wire.push_str("connection: close\r\n");
        }
        if !body.is_empty() || !matches!(method, hyper::Method::GET | hyper::Method::HEAD) {
            wire.push_str(&format!("content-length: {}\r\n", body.len()));
        }
        wire.push_str("\r\n");
        let mut wire = wire.into_bytes();
        wire.extend_from_slice(&body);
        Ok(Template {
            target,
            wire: Bytes::from(wire),
            method,
            uri,
            headers: map,
            body,
        })
    }
}

/// When the run stops.
#[derive(Clone, Copy, Debug)]
pub enum Limit {
    Duration(Duration),
    Requests(u64),
}

pub struct Plan {
    pub targets: Vec<Target>,
    pub templates: Vec<Template>,
    pub connections: usize,
    pub limit: Limit,
    /// Open loop: requests per second in total, on a fixed schedule.
    pub rate: Option<f64>,
    pub keepalive: bool,
    pub http2: bool,
    pub timeout: Duration,
    /// Draw a progress bar on stderr.
    pub progress: bool,
}

/// Why a request got no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Connect,
    Tls,
    Write,
    Read,
    Timeout,
    Protocol,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 6] = [
        ErrorKind::Connect,
        ErrorKind::Tls,
        ErrorKind::Write,
        ErrorKind::Read,
        ErrorKind::Timeout,
        ErrorKind::Protocol,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Connect => "connect",
            ErrorKind::Tls => "tls",
            ErrorKind::Write => "write",
            ErrorKind::Read => "read",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Protocol => "protocol",
        }
    }
}

/// Requests answered through one rule (the `x-alb-rule` response header).
#[derive(Clone, Debug, Default)]
pub struct RuleStats {
    pub requests: u64,
    pub status: BTreeMap<u16, u64>,
    pub backends: BTreeMap<String, u64>,
}

/// What a run measured.
pub struct Report {
    pub elapsed: Duration,
    /// Latency of answered requests, in microseconds.
    pub latency_us: Histogram<u64>,
    pub errors: BTreeMap<&'static str, u64>,
    pub status: BTreeMap<u16, u64>,
    pub backends: BTreeMap<String, u64>,
    /// By target label and `x-alb-rule` value.
    pub rules: BTreeMap<(String, String), RuleStats>,
    /// Responses: head and body bytes read.
    pub bytes: u64,
}

impl Report {
    pub fn answered(&self) -> u64 {
        self.latency_us.len()
    }

    pub fn errors_total(&self) -> u64 {
        self.errors.values().sum()
    }
}

/// Per `x-alb-rule` value: requests, (status, count) pairs, backend → requests.
type RuleCounts = (u64, Vec<(u16, u64)>, HashMap<Box<str>, u64>);

/// One connection's counters, merged into the report at the end.
struct Stats {
    latency_us: Histogram<u64>,
    errors: [u64; 6],
    status: Vec<u64>,
    backends: HashMap<Box<str>, u64>,
    rules: HashMap<Box<str>, RuleCounts>,
    bytes: u64,
}

impl Stats {
    fn new() -> Stats {
        Stats {
            latency_us: Histogram::new(3).expect("3 significant figures is valid"),
            errors: [0; 6],
            status: vec![0; 1000],
            backends: HashMap::new(),
            rules: HashMap::new(),
            bytes: 0,
        }
    }

    fn error(&mut self, kind: ErrorKind) {
        self.errors[kind as usize] += 1;
    }

    /// The status, and which rule and backend answered (when the response says).
    fn answer(&mut self, status: u16, rule: Option<&str>, backend: Option<&str>) {
        self.status[usize::from(status).min(999)] += 1;
        if let Some(backend) = backend {
            bump(&mut self.backends, backend);
        }
        if let Some(rule) = rule {
            let entry = match self.rules.get_mut(rule) {
                Some(entry) => entry,
                None => self
                    .rules
                    .entry(rule.into())
                    .or_insert_with(|| (0, Vec::new(), HashMap::new())),
            };
            entry.0 += 1;
            match entry.1.iter_mut().find(|(s, _)| *s == status) {
                Some((_, n)) => *n += 1,
                None => entry.1.push((status, 1)),
            }
            if let Some(backend) = backend {
                bump(&mut entry.2, backend);
            }
        }
    }
}

fn bump(map: &mut HashMap<Box<str>, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.into(), 1);
        }
    }
}

/// The shared side of a run: tickets and progress.
struct Run {
    start: Instant,
    deadline: Option<Instant>,
    max: Option<u64>,
    rate: Option<f64>,
    issued: AtomicU64,
    done: AtomicU64,
    finished: AtomicBool,
}

struct Ticket {
    /// When the request should be sent (open loop).
    intended: Option<Instant>,
}

impl Run {
    fn ticket(&self) -> Option<Ticket> {
        let n = self.issued.fetch_add(1, Ordering::Relaxed);
        if self.max.is_some_and(|max| n >= max) {
            return None;
        }
        let intended = self
            .rate
            .map(|rate| self.start + Duration::from_secs_f64(n as f64 / rate));
        if let Some(deadline) = self.deadline {
            let at = intended.unwrap_or_else(Instant::now);
            if at >= deadline {
                return None;
            }
        }
        Some(Ticket { intended })
    }
}

/// Open one connection (and its TLS session) to check the target answers before the run.
pub async fn probe(target: &Target, http2: bool, timeout: Duration) -> Result<(), String> {
    match tokio::time::timeout(timeout, connect_with_reason(target, http2)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(reason)) => Err(reason),
        Err(_) => Err(format!("no connection within {}s", timeout.as_secs_f64())),
    }
}

/// Run the plan to its end and gather the statistics.
pub async fn drive(plan: Arc<Plan>) -> Report {
    let start = Instant::now();
    let run = Arc::new(Run {
        start,
        deadline: match plan.limit {
            Limit::Duration(d) => Some(start + d),
            Limit::Requests(_) => None,
        },
        max: match plan.limit {
            Limit::Requests(n) => Some(n),
            Limit::Duration(_) => None,
        },
        rate: plan.rate,
        issued: AtomicU64::new(0),
        done: AtomicU64::new(0),
        finished: AtomicBool::new(false),
    });
    let bar = plan.progress.then(|| progress(&plan, run.clone()));

    // Connections go to targets in proportion to their templates, at least one each.
    let mut per_target: Vec<Vec<usize>> = vec![Vec::new(); plan.targets.len()];
    for (i, t) in plan.templates.iter().enumerate() {
        per_target[t.target].push(i);
    }
    let assignment = assign(
        &per_target.iter().map(Vec::len).collect::<Vec<_>>(),
        plan.connections,
    );
    let mut workers = Vec::new();
    let mut seen = vec![0usize; plan.targets.len()];
    for target in assignment {
        let offset = seen[target];
        seen[target] += 1;
        let templates = per_target[target].clone();
        let (plan, run) = (plan.clone(), run.clone());
        workers.push(tokio::spawn(async move {
            let stats = if plan.http2 {
                worker_h2(&plan, &run, target, &templates, offset).await
            } else {
                worker_h1(&plan, &run, target, &templates, offset).await
            };
            (target, stats)
        }));
    }
    let mut total = Stats::new();
    let mut rules: BTreeMap<(String, String), RuleStats> = BTreeMap::new();
    for worker in workers {
        if let Ok((target, stats)) = worker.await {
            let _ = total.latency_us.add(&stats.latency_us);
            for (t, s) in total.errors.iter_mut().zip(stats.errors) {
                *t += s;
            }
            for (t, s) in total.status.iter_mut().zip(&stats.status) {
                *t += s;
            }
            for (k, v) in stats.backends {
                *total.backends.entry(k).or_default() += v;
            }
            for (rule, (n, status, backends)) in stats.rules {
                let label = plan.targets[target].label.clone();
                let entry = rules.entry((label, rule.into_string())).or_default();
                entry.requests += n;
                for (s, c) in status {
                    *entry.status.entry(s).or_default() += c;
                }
                for (k, v) in backends {
                    *entry.backends.entry(k.into_string()).or_default() += v;
                }
            }
            total.bytes += stats.bytes;
        }
    }
    let elapsed = start.elapsed();
    run.finished.store(true, Ordering::Relaxed);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Report {
        elapsed,
        latency_us: total.latency_us,
        errors: ErrorKind::ALL
            .iter()
            .map(|k| (k.as_str(), total.errors[*k as usize]))
            .collect(),
        status: total
            .status
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(s, n)| (s as u16, *n))
            .collect(),
        backends: total
            .backends
            .into_iter()
            .map(|(k, v)| (k.into_string(), v))
            .collect(),
        rules,
        bytes: total.bytes,
    }
}

/// Which target each connection serves: proportional to `weights` (largest remainder), every
/// target with a weight getting at least one connection.
fn assign(weights: &[usize], connections: usize) -> Vec<usize> {
    let used: Vec<usize> = (0..weights.len()).filter(|i| weights[*i] > 0).collect();
    if used.is_empty() {
        return Vec::new();
    }
    let connections = connections.max(used.len());
    let total: usize = used.iter().map(|i| weights[*i]).sum();
    let mut counts: Vec<(usize, usize, usize)> = used
        .iter()
        .map(|i| {
            let exact = weights[*i] * (connections - used.len());
            (*i, 1 + exact / total, exact % total)
        })
        .collect();
    let mut left = connections - counts.iter().map(|c| c.1).sum::<usize>();
    let mut by_remainder: Vec<usize> = (0..counts.len()).collect();
    by_remainder.sort_by_key(|k| std::cmp::Reverse(counts[*k].2));
    for k in by_remainder {
        if left == 0 {
            break;
        }
        counts[k].1 += 1;
        left -= 1;
    }
    // Interleave, so the first connections opened cover every target.
    let mut out = Vec::with_capacity(connections);
    let mut round = 0;
    while out.len() < connections {
        for (target, count, _) in &counts {
            if *count > round {
                out.push(*target);
            }
        }
        round += 1;
    }
    out
}

fn progress(plan: &Plan, run: Arc<Run>) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let (length, template) = match plan.limit {
        Limit::Duration(d) => (
            d.as_millis() as u64,
            "{spinner} [{bar:30}] {elapsed_precise} {msg}",
        ),
        Limit::Requests(n) => (n, "{spinner} [{bar:30}] {pos}/{len} {msg}"),
    };
    let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr_with_hz(5));
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    let limit = plan.limit;
    let ticker = bar.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_millis(200));
        while !run.finished.load(Ordering::Relaxed) {
            interval.tick().await;
            let done = run.done.load(Ordering::Relaxed);
            let secs = run.start.elapsed().as_secs_f64();
            match limit {
                Limit::Duration(_) => ticker.set_position((secs * 1e3) as u64),
                Limit::Requests(_) => ticker.set_position(done),
            }
            ticker.set_message(format!(
                "{done} requests, {:.0} req/s",
                done as f64 / secs.max(1e-3)
            ));
        }
    });
    bar
}

/// How a request ended.
enum Outcome {
    /// Answered; whether the connection may carry another request.
    Answered(bool),
    Failed(ErrorKind),
    /// The run ended while the request was in flight: not counted.
    Abandoned,
}

async fn worker_h1(
    plan: &Plan,
    run: &Run,
    target: usize,
    templates: &[usize],
    offset: usize,
) -> Stats {
    let mut stats = Stats::new();
    let mut conn: Option<H1> = None;
    let mut next = offset;
    while let Some(ticket) = run.ticket() {
        if let Some(at) = ticket.intended {
            wait_until(at).await;
        }
        let template = &plan.templates[templates[next % templates.len()]];
        next += 1;
        let exchange = async {
            if conn.is_none() {
                conn = Some(H1::new(connect(&plan.targets[target], false).await?));
            }
            match conn.as_mut() {
                Some(c) => c.exchange(template, &mut stats).await,
                None => Err(ErrorKind::Connect),
            }
        };
        let (outcome, started) = timed(plan, run, ticket.intended, exchange).await;
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
    let outcome = match tokio::time::timeout_at(end.into(), exchange).await {
        Ok(Ok(keep)) => Outcome::Answered(keep),
        Ok(Err(kind)) => Outcome::Failed(kind),
        Err(_) if end < limit => Outcome::Abandoned,
        Err(_) => Outcome::Failed(ErrorKind::Timeout),
    };
    (outcome, started)
}

/// Tokio's timer has a resolution of a millisecond and fires late (up to about two), never
/// early: aim that much before the intended time, so the timer's lateness is not counted as
/// latency. A request sent early is timed from its actual send.
async fn wait_until(at: Instant) {
    let wake = at.checked_sub(TIMER_SLACK).unwrap_or(at);
    if wake > Instant::now() {
        tokio::time::sleep_until(wake.into()).await;
    }
}

const TIMER_SLACK: Duration = Duration::from_millis(2);

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

async fn connect(target: &Target, http2: bool) -> Result<Stream, ErrorKind> {
    let tcp = TcpStream::connect(target.addr)
        .await
        .map_err(|_| ErrorKind::Connect)?;
    let _ = tcp.set_nodelay(true);
    match &target.tls {
        None => Ok(Stream::Plain(tcp)),
        Some(tls) => {
            let stream = tls
                .connector
                .connect(tls.server_name.clone(), tcp)
                .await
                .map_err(|_| ErrorKind::Tls)?;
            if http2 && stream.get_ref().1.alpn_protocol() != Some(b"h2") {
                return Err(ErrorKind::Tls);
            }
            Ok(Stream::Tls(Box::new(stream)))
        }
    }
}

async fn connect_with_reason(target: &Target, http2: bool) -> Result<Stream, String> {
    let tcp = TcpStream::connect(target.addr)
        .await
        .map_err(|e| format!("cannot connect to {}: {e}", target.addr))?;
    match &target.tls {
        None => Ok(Stream::Plain(tcp)),
        Some(tls) => {
            let stream = tls
                .connector
                .connect(tls.server_name.clone(), tcp)
                .await
                .map_err(|e| format!("TLS handshake with {} failed: {e}", target.addr))?;
            if http2 && stream.get_ref().1.alpn_protocol() != Some(b"h2") {
                return Err(format!("{} did not agree to HTTP/2 (ALPN h2)", target.addr));
            }
            Ok(Stream::Tls(Box::new(stream)))
        }
    }
}

/// Heads and kept bodies may grow the buffer up to this.
const MAX_BUFFER: usize = 1 << 20;
/// Bodies up to this size are kept to read the echo backends' identity.
const MAX_IDENTITY_BODY: usize = 64 * 1024;

/// What the response head says.
struct Head {
    len: usize,
    status: u16,
    body: BodyKind,
    close: bool,
    json: bool,
}

enum BodyKind {
    None,
    Length(usize),
    Chunked,
    UntilClose,
}

/// An HTTP/1.1 client connection: one request at a time.
struct H1 {
    io: Stream,
    buf: Vec<u8>,
    len: usize,
    /// Scratch space, reused: header values and a chunked body.
    backend: String,
    rule: String,
    body: Vec<u8>,
}

impl H1 {
    fn new(io: Stream) -> H1 {
        H1 {
            io,
            buf: vec![0; 32 * 1024],
            len: 0,
            backend: String::new(),
            rule: String::new(),
            body: Vec::new(),
        }
    }

    /// Read more bytes; `Ok(0)` is the end of the stream.
    async fn read_more(&mut self) -> Result<usize, ErrorKind> {
        if self.len == self.buf.len() {
            if self.buf.len() >= MAX_BUFFER {
                return Err(ErrorKind::Protocol);
            }
            self.buf.resize(self.buf.len() * 2, 0);
        }
        self.io
            .read(&mut self.buf[self.len..])
            .await
            .inspect(|&n| self.len += n)
            .map_err(|_| ErrorKind::Read)
    }

    async fn fill(&mut self, at_least: usize) -> Result<(), ErrorKind> {
        while self.len < at_least {
            if self.read_more().await? == 0 {
                return Err(ErrorKind::Read);
            }
        }
        Ok(())
    }

    fn consume(&mut self, n: usize) {
        self.buf.copy_within(n..self.len, 0);
        self.len -= n;
    }

    /// Send one request and read its response; `Ok(keep_alive)`.
    async fn exchange(
        &mut self,
        template: &Template,
        stats: &mut Stats,
    ) -> Result<bool, ErrorKind> {
        self.io
            .write_all(&template.wire)
            .await
            .map_err(|_| ErrorKind::Write)?;
        self.io.flush().await.map_err(|_| ErrorKind::Write)?;
        let head_only = template.method == hyper::Method::HEAD;
        let head = loop {
            match self.parse_head(head_only)? {
                Some(head) if (100..200).contains(&head.status) && head.status != 101 => {
                    // An interim answer (100 Continue, 103 Early Hints): the real one follows.
                    self.consume(head.len);
                }
                Some(head) => break head,
                None => {
                    if self.read_more().await? == 0 {
                        return Err(ErrorKind::Read);
                    }
                }
            }
        };
        stats.bytes += head.len as u64;
        self.consume(head.len);
        let keep_body = head.json;
        self.body.clear();
        let mut keep = !head.close;
        match head.body {
            BodyKind::None => {}
            BodyKind::Length(n) if keep_body && n <= MAX_IDENTITY_BODY => {
                self.fill(n).await?;
                self.body.extend_from_slice(&self.buf[..n]);
                self.consume(n);
                stats.bytes += n as u64;
            }
            BodyKind::Length(n) => {
                let mut remaining = n;
                loop {
                    let take = remaining.min(self.len);
                    self.consume(take);
                    remaining -= take;
                    if remaining == 0 {
                        break;
                    }
                    if self.read_more().await? == 0 {
                        return Err(ErrorKind::Read);
                    }
                }
                stats.bytes += n as u64;
            }
            BodyKind::Chunked => self.chunked(keep_body, stats).await?,
            BodyKind::UntilClose => {
                loop {
                    if keep_body && self.body.len() + self.len <= MAX_IDENTITY_BODY {
                        self.body.extend_from_slice(&self.buf[..self.len]);
                    }
                    stats.bytes += self.len as u64;
                    self.len = 0;
                    if self.read_more().await? == 0 {
                        break;
                    }
                }
                keep = false;
            }
        }
        let echo = if head.json {
            echo_identity(&self.body)
        } else {
            None
        };
        let backend = match &echo {
            Some(name) => Some(name.as_str()),
            None => (!self.backend.is_empty()).then_some(self.backend.as_str()),
        };
        let rule = (!self.rule.is_empty()).then_some(self.rule.as_str());
        stats.answer(head.status, rule, backend);
        Ok(keep)
    }

    /// Parse the response head if it is complete; header values are copied to scratch.
    fn parse_head(&mut self, head_only: bool) -> Result<Option<Head>, ErrorKind> {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut response = httparse::Response::new(&mut headers);
        let len = match response.parse(&self.buf[..self.len]) {
            Ok(httparse::Status::Complete(len)) => len,
            Ok(httparse::Status::Partial) => return Ok(None),
            Err(_) => return Err(ErrorKind::Protocol),
        };
        let status = response.code.unwrap_or(0);
        let http10 = response.version == Some(0);
        let mut close = http10;
        let mut length = None;
        let mut chunked = false;
        let mut json = false;
        self.backend.clear();
        self.rule.clear();
        for header in response.headers.iter() {
            let name = header.name;
            let value = header.value;
            if name.eq_ignore_ascii_case("content-length") {
                length = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.trim().parse::<usize>().ok());
                if length.is_none() {
                    return Err(ErrorKind::Protocol);
                }
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = contains_token(value, b"chunked");
            } else if name.eq_ignore_ascii_case("connection") {
                if contains_token(value, b"close") {
                    close = true;
                } else if http10 && contains_token(value, b"keep-alive") {
                    close = false;
                }
            } else if name.eq_ignore_ascii_case("content-type") {
                json = contains_token(value, b"application/json");
            } else if name.eq_ignore_ascii_case("x-alb-backend") {
                self.backend.push_str(&String::from_utf8_lossy(value));
            } else if name.eq_ignore_ascii_case("x-alb-rule") {
                self.rule.push_str(&String::from_utf8_lossy(value));
            }
        }
        let body = if head_only || status == 204 || status == 304 || (100..200).contains(&status) {
            BodyKind::None
        } else if chunked {
            BodyKind::Chunked
        } else if let Some(n) = length {
            BodyKind::Length(n)
        } else {
            BodyKind::UntilClose
        };
        Ok(Some(Head {
            len,
            status,
            body,
            close,
            json,
        }))
    }

    /// A chunked body: size lines, data, and trailers up to the empty line.
    async fn chunked(&mut self, keep_body: bool, stats: &mut Stats) -> Result<(), ErrorKind> {
        loop {
            let line = self.line().await?;
            let size_text = std::str::from_utf8(&self.buf[..line])
                .map_err(|_| ErrorKind::Protocol)?
                .split(';')
                .next()
                .unwrap_or_default()
                .trim();
            let size = usize::from_str_radix(size_text, 16).map_err(|_| ErrorKind::Protocol)?;
            self.consume(line + 2);
            stats.bytes += line as u64 + 2;
            if size == 0 {
                // Trailers, then the empty line.
                loop {
                    let line = self.line().await?;
                    self.consume(line + 2);
                    stats.bytes += line as u64 + 2;
                    if line == 0 {
                        return Ok(());
                    }
                }
            }
            let mut remaining = size;
            while remaining > 0 {
                if self.len == 0 && self.read_more().await? == 0 {
                    return Err(ErrorKind::Read);
                }
                let take = remaining.min(self.len);
                if keep_body && self.body.len() + take <= MAX_IDENTITY_BODY {
                    self.body.extend_from_slice(&self.buf[..take]);
                }
                self.consume(take);
                remaining -= take;
            }
            self.fill(2).await?;
            if &self.buf[..2] != b"\r\n" {
                return Err(ErrorKind::Protocol);
            }
            self.consume(2);
            stats.bytes += size as u64 + 2;
        }
    }

    /// The length of the next line (before its CRLF), reading until one is complete.
    async fn line(&mut self) -> Result<usize, ErrorKind> {
        let mut searched = 0;
        loop {
            if let Some(i) = self.buf[searched..self.len]
                .windows(2)
                .position(|w| w == b"\r\n")
            {
                return Ok(searched + i);
            }
            searched = self.len.saturating_sub(1);
            if self.read_more().await? == 0 {
                return Err(ErrorKind::Read);
            }
        }
    }
}

fn contains_token(value: &[u8], token: &[u8]) -> bool {
    value
        .split(|b| *b == b',' || *b == b';')
        .any(|part| part.trim_ascii().eq_ignore_ascii_case(token))
}

/// `service/pod` from the JSON body of an alb echo backend.
fn echo_identity(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Echo<'a> {
        #[serde(borrow)]
        service: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pod: Option<Cow<'a, str>>,
    }
    let echo: Echo = serde_json::from_slice(body).ok()?;
    match (echo.service, echo.pod) {
        (Some(service), Some(pod)) => Some(format!("{service}/{pod}")),
        (None, Some(pod)) => Some(pod.into_owned()),
        _ => None,
    }
}

async fn worker_h2(
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
    while let Some(ticket) = run.ticket() {
        if let Some(at) = ticket.intended {
            wait_until(at).await;
        }
        let template = &plan.templates[templates[next % templates.len()]];
        next += 1;
        let exchange = async {
            if conn.is_none() {
                let io = connect(&plan.targets[target], true).await?;
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
        let (outcome, started) = timed(plan, run, ticket.intended, exchange).await;
        if !finish(plan, run, &mut stats, outcome, started, &mut conn).await {
            break;
        }
    }
    stats
}

/// `alb serve` running in this process on loopback, with echo backends and the debug headers.
pub struct Served {
    /// Every listener served, with its local address.
    pub listeners: Vec<(ListenerKey, SocketAddr)>,
    shared: Arc<Shared>,
    /// Dropping it would stop the accept loops.
    _stop: watch::Sender<bool>,
}

impl Served {
    /// Look at the configuration being served: the router, the ALB's group, the server groups.
    pub fn with_loaded<R>(&self, f: impl FnOnce(&Router, usize, &ServerGroups) -> R) -> R {
        let loaded = self.shared.loaded.load();
        f(&loaded.router, loaded.group, &loaded.groups)
    }
}

/// TLS to a target: `insecure` skips verification, otherwise the certificate must chain to a
/// CA of the `cacert` PEM file (alb bundles no CA roots). ALPN offers h2 or http/1.1.
pub fn tls_target(
    host: &str,
    insecure: bool,
    cacert: Option<&std::path::Path>,
    http2: bool,
) -> Result<TlsTarget, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut config = if insecure {
        super::tls::client_config_without_verification()
    } else {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let path = cacert.ok_or_else(|| {
            "https needs -k/--insecure (do not verify the certificate) or --cacert FILE (verify \
             against these CAs): alb bundles no CA roots"
                .to_string()
        })?;
        let pem = std::fs::read(path)
            .map_err(|e| format!("cannot read --cacert {}: {e}", path.display()))?;
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| format!("--cacert {}: not PEM: {e}", path.display()))?;
            roots
                .add(cert)
                .map_err(|e| format!("--cacert {}: {e}", path.display()))?;
        }
        if roots.is_empty() {
            return Err(format!("--cacert {} holds no certificate", path.display()));
        }
        rustls::ClientConfig::builder()
            .with_root_certificates(roots)
            .with_no_client_auth()
    };
    config.alpn_protocols = if http2 {
        vec![b"h2".to_vec()]
    } else {
        vec![b"http/1.1".to_vec()]
    };
    let server_name = rustls::pki_types::ServerName::try_from(host.to_string())
        .map_err(|_| format!("`{host}` is not a TLS server name"))?;
    Ok(TlsTarget {
        connector: TlsConnector::from(Arc::new(config)),
        server_name,
    })
}

/// Start `serve` in-process for `bench --serve`: every listener on 127.0.0.1 with an ephemeral
/// port (QUIC listeners are skipped), built-in echo backends for every Service (Endpoints in
/// the inputs are ignored), `x-alb-rule` and `x-alb-backend` on every response, no access log.
/// `Err` text is for the user.
pub async fn serve_in_process(
    inputs: Inputs,
    albconfig: Option<String>,
    seed: u64,
) -> Result<Result<Served, String>> {
    let options = ServeOptions {
        inputs,
        listen: Vec::new(),
        backends: Vec::new(),
        admin: None,
        watch: false,
        quiet: true,
        threads: None,
        debug_headers: true,
        albconfig,
        seed,
    };
    let mut loaded = match super::config::load(&options)? {
        Ok(loaded) => loaded,
        Err(message) => return Ok(Err(message)),
    };
    crate::pipeline::report_load_diagnostics(
        options.inputs.color,
        &loaded.diagnostics,
        &loaded.sources,
        &loaded.manifest,
    )?;
    loaded.manifest.endpoints.clear();
    loaded.manifest.endpoint_slices.clear();
    loaded.groups = ServerGroups::build(
        &loaded.router,
        loaded.group,
        &loaded.manifest,
        &BTreeMap::new(),
    );
    let mut bound = Vec::new();
    for (key, _) in &loaded.listeners {
        if key.protocol == alb_engine::compile::Protocol::Quic {
            continue;
        }
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        bound.push((*key, listener));
    }
    loaded.listeners = bound
        .iter()
        .map(|(key, l)| Ok((*key, l.local_addr()?)))
        .collect::<io::Result<_>>()?;
    let tls = if bound.iter().any(|(k, _)| k.protocol.is_tls()) {
        Some(super::tls::server_config(&loaded)?)
    } else {
        None
    };
    let listeners = loaded.listeners.clone();
    let shared = Arc::new(Shared::new(ArcSwap::from_pointee(loaded), &options));
    if let Ok(mut state) = shared.state.lock() {
        let loaded = shared.loaded.load();
        state.sync(loaded.groups.iter(), shared.now());
    }
    tokio::spawn(super::prober::run(shared.clone()));
    let connections = tokio_util::task::TaskTracker::new();
    let (stop, stopped) = watch::channel(false);
    for (key, listener) in bound {
        let acceptor = tls
            .as_ref()
            .filter(|_| key.protocol.is_tls())
            .map(|t| t.acceptor.clone());
        tokio::spawn(super::server::accept_loop(
            key,
            listener,
            acceptor,
            shared.clone(),
            connections.clone(),
            stopped.clone(),
        ));
    }
    Ok(Ok(Served {
        listeners,
        shared,
        _stop: stop,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_follow_the_templates_with_one_per_target_at_least() {
        assert_eq!(assign(&[1], 3), vec![0, 0, 0]);
        let a = assign(&[20, 0, 3], 10);
        assert_eq!(a.len(), 10);
        assert_eq!(a.iter().filter(|t| **t == 2).count(), 2);
        assert_eq!(a.iter().filter(|t| **t == 1).count(), 0);
        assert_eq!(&a[..2], &[0, 2], "the first connections cover every target");
        assert_eq!(assign(&[5, 5, 5], 2).len(), 3, "one per target at least");
        assert!(assign(&[0], 4).is_empty());
    }

    #[test]
    fn echo_bodies_name_service_and_pod() {
        let body = br#"{"service":"default/web","pod":"replica-2","headers":{"a":["b"]}}"#;
        assert_eq!(
            echo_identity(body).as_deref(),
            Some("default/web/replica-2")
        );
        assert_eq!(echo_identity(b"ok"), None);
        assert_eq!(echo_identity(br#"{"service":"x"}"#), None);
    }

    #[test]
    fn tokens_in_header_values() {
        assert!(contains_token(b"gzip, chunked", b"chunked"));
        assert!(contains_token(
            b"application/json; charset=utf-8",
            b"application/json"
        ));
        assert!(!contains_token(b"keep-alive", b"close"));
    }
}

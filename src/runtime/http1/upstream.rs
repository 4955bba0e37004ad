//! Connections to backends for HTTP/1.1: plain TCP or TLS (`backend-protocol: https`, the
//! certificate not verified, as ALB does), and the idle ones kept per endpoint when the rule
//! asks for `backend-keepalive`.

use std::sync::{Arc, Mutex};
use std::task::{Context, Waker};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use tokio::net::TcpStream;

use crate::runtime::deadline::Deadline;
use crate::runtime::stream::Stream;
use tokio_rustls::TlsConnector;

/// A connection to one endpoint, with what has been read from it and not used yet.
pub struct UpstreamConn {
    pub io: Stream,
    pub buf: BytesMut,
    /// Whether it came from the idle pool: a failure before any answer byte then means the
    /// backend closed it meanwhile, and the request may go again on a new connection.
    pub reused: bool,
    /// The timer of its reads.
    pub deadline: Deadline,
}

/// How long an idle backend connection is kept.
const IDLE: Duration = Duration::from_secs(60);
/// Idle connections kept per endpoint.
const MAX_IDLE_PER_ENDPOINT: usize = 256;

struct Idle {
    conn: UpstreamConn,
    since: Instant,
}

/// Idle keep-alive connections by endpoint address: `[plain, tls]`. Hashed with foldhash,
/// not SipHash: the keys are the table's own endpoints, not a client's choice, and SipHash's
/// two lookups per request were 2 % of serve's instructions.
pub struct Pool {
    idle: Mutex<[foldhash::HashMap<String, Vec<Idle>>; 2]>,
    tls: TlsConnector,
}

impl Pool {
    pub fn new(tls: rustls::ClientConfig) -> Pool {
        Pool {
            idle: Mutex::new(Default::default()),
            tls: TlsConnector::from(Arc::new(tls)),
        }
    }

    /// An idle connection to `address` if one is still open, else a new one. A connect
    /// failure is [`ConnectError`]: nothing was sent, so the request may go elsewhere. `now`:
    /// the time the request began (the pool reads no clock of its own).
    pub async fn get(
        &self,
        address: &str,
        tls: bool,
        reuse: bool,
        now: Instant,
    ) -> Result<UpstreamConn, ConnectError> {
        if reuse && let Some(mut conn) = self.take_idle(address, tls, now) {
            conn.reused = true;
            return Ok(conn);
        }
        self.connect(address, tls).await
    }

    pub async fn connect(&self, address: &str, tls: bool) -> Result<UpstreamConn, ConnectError> {
        let tcp = TcpStream::connect(address)
            .await
            .map_err(|e| ConnectError(e.to_string()))?;
        let _ = tcp.set_nodelay(true);
        let io = if tls {
            let host = address.rsplit_once(':').map_or(address, |(h, _)| h);
            let host = host.trim_start_matches('[').trim_end_matches(']');
            let name = rustls::pki_types::ServerName::try_from(host.to_string())
                .map_err(|e| ConnectError(format!("TLS name `{host}`: {e}")))?;
            let stream = self
                .tls
                .connect(name, tcp)
                .await
                .map_err(|e| ConnectError(format!("TLS handshake: {e}")))?;
            Stream::Tls(Box::new(stream))
        } else {
            Stream::Plain(tcp)
        };
        Ok(UpstreamConn {
            io,
            buf: BytesMut::new(),
            reused: false,
            deadline: Deadline::new(),
        })
    }

    fn take_idle(&self, address: &str, tls: bool, now: Instant) -> Option<UpstreamConn> {
        let mut idle = self.idle.lock().ok()?;
        let list = idle[usize::from(tls)].get_mut(address)?;
        while let Some(conn) = list.pop() {
            if now.saturating_duration_since(conn.since) < IDLE && still_open(&conn.conn.io) {
                return Some(conn.conn);
            }
        }
        None
    }

    /// Keep a connection whose last exchange ended cleanly; `now`: the time its request
    /// began, which makes its idle time at most a request's longer than it was.
    pub fn put(&self, address: &str, tls: bool, conn: UpstreamConn, now: Instant) {
        if !conn.buf.is_empty() {
            // The backend sent more than the response: the connection is out of step.
            return;
        }
        // The read buffer goes with the connection, so a reused one allocates nothing.
        let Ok(mut idle) = self.idle.lock() else {
            return;
        };
        let by_address = &mut idle[usize::from(tls)];
        // Looked up by `&str` first so a known endpoint costs no allocation.
        if !by_address.contains_key(address) {
            by_address.insert(address.to_string(), Vec::new());
        }
        let Some(list) = by_address.get_mut(address) else {
            return;
        };
        if list.len() < MAX_IDLE_PER_ENDPOINT {
            list.push(Idle { conn, since: now });
        }
    }
}

/// An idle connection that became readable has been closed by the backend (or sent
/// something unasked): either way it cannot carry a request. Asks the reactor's readiness,
/// not the socket, so it costs no system call.
fn still_open(io: &Stream) -> bool {
    let mut cx = Context::from_waker(Waker::noop());
    io.tcp().poll_read_ready(&mut cx).is_pending()
}

/// The endpoint could not be reached.
#[derive(Debug)]
pub struct ConnectError(pub String);

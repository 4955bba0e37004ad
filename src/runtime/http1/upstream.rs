//! Connections to backends for HTTP/1.1: plain TCP or TLS (`backend-protocol: https`, the
//! certificate not verified, as ALB does), and the idle ones kept per endpoint when the rule
//! asks for `backend-keepalive`.

use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::runtime::deadline::Deadline;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

/// A connection to one endpoint, with what has been read from it and not used yet.
pub struct UpstreamConn {
    pub io: UpstreamIo,
    pub buf: BytesMut,
    /// Whether it came from the idle pool: a failure before any answer byte then means the
    /// backend closed it meanwhile, and the request may go again on a new connection.
    pub reused: bool,
    /// The timer of its reads.
    pub deadline: Deadline,
}

pub enum UpstreamIo {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl UpstreamIo {
    fn tcp(&self) -> &TcpStream {
        match self {
            UpstreamIo::Plain(s) => s,
            UpstreamIo::Tls(s) => s.get_ref().0,
        }
    }
}

impl AsyncRead for UpstreamIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            UpstreamIo::Plain(s) => Pin::new(s).poll_read(cx, buf),
            UpstreamIo::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for UpstreamIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            UpstreamIo::Plain(s) => Pin::new(s).poll_write(cx, buf),
            UpstreamIo::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            UpstreamIo::Plain(s) => Pin::new(s).poll_flush(cx),
            UpstreamIo::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            UpstreamIo::Plain(s) => Pin::new(s).poll_shutdown(cx),
            UpstreamIo::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// How long an idle backend connection is kept.
const IDLE: Duration = Duration::from_secs(60);
/// Idle connections kept per endpoint.
const MAX_IDLE_PER_ENDPOINT: usize = 256;

struct Idle {
    conn: UpstreamConn,
    since: Instant,
}

/// Idle keep-alive connections by endpoint address: `[plain, tls]`.
pub struct Pool {
    idle: Mutex<[HashMap<String, Vec<Idle>>; 2]>,
    tls: TlsConnector,
}

impl Pool {
    pub fn new(tls: rustls::ClientConfig) -> Pool {
        Pool {
            idle: Mutex::new([HashMap::new(), HashMap::new()]),
            tls: TlsConnector::from(Arc::new(tls)),
        }
    }

    /// An idle connection to `address` if one is still open, else a new one. A connect
    /// failure is [`ConnectError`]: nothing was sent, so the request may go elsewhere.
    pub async fn get(
        &self,
        address: &str,
        tls: bool,
        reuse: bool,
    ) -> Result<UpstreamConn, ConnectError> {
        if reuse && let Some(mut conn) = self.take_idle(address, tls) {
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
            UpstreamIo::Tls(Box::new(stream))
        } else {
            UpstreamIo::Plain(tcp)
        };
        Ok(UpstreamConn {
            io,
            buf: BytesMut::new(),
            reused: false,
            deadline: Deadline::new(),
        })
    }

    fn take_idle(&self, address: &str, tls: bool) -> Option<UpstreamConn> {
        let mut idle = self.idle.lock().ok()?;
        let list = idle[usize::from(tls)].get_mut(address)?;
        while let Some(conn) = list.pop() {
            if conn.since.elapsed() < IDLE && still_open(&conn.conn.io) {
                return Some(conn.conn);
            }
        }
        None
    }

    /// Keep a connection whose last exchange ended cleanly.
    pub fn put(&self, address: &str, tls: bool, conn: UpstreamConn) {
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
            list.push(Idle {
                conn,
                since: Instant::now(),
            });
        }
    }
}

/// An idle connection that became readable has been closed by the backend (or sent
/// something unasked): either way it cannot carry a request. Asks the reactor's readiness,
/// not the socket, so it costs no system call.
fn still_open(io: &UpstreamIo) -> bool {
    let mut cx = Context::from_waker(Waker::noop());
    io.tcp().poll_read_ready(&mut cx).is_pending()
}

/// The endpoint could not be reached.
#[derive(Debug)]
pub struct ConnectError(pub String);

//! The HTTP/1.1 client connection of `alb bench`: one request at a time, written as the
//! template serialised it, and the response read through the proxy's own reader
//! (`http1::wire`: the head with httparse, the body framed by Content-Length, the chunked
//! coding or the end of the connection).

use std::borrow::Cow;

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::plan::Template;
use super::stats::{ErrorKind, Stats, contains_token, echo_identity};
use crate::runtime::http1::wire::{BodyProgress, Framing, Head};
use crate::runtime::stream::Stream;

/// Room made in the read buffer before each read.
const READ_CHUNK: usize = 32 * 1024;
/// Bodies up to this size are kept to read the echo backends' identity.
const MAX_IDENTITY_BODY: usize = 64 * 1024;

/// One connection to the target, one request in flight.
pub(super) struct Connection {
    io: Stream,
    /// What has been read and not used yet.
    buf: BytesMut,
    /// A JSON body, kept to read an echo backend's identity; reused.
    body: Vec<u8>,
}

impl Connection {
    pub fn new(io: Stream) -> Connection {
        Connection {
            io,
            buf: BytesMut::with_capacity(READ_CHUNK),
            body: Vec::new(),
        }
    }

    /// Read more bytes; `Ok(0)` is the end of the stream.
    async fn read_more(&mut self) -> Result<usize, ErrorKind> {
        self.buf.reserve(READ_CHUNK);
        self.io
            .read_buf(&mut self.buf)
            .await
            .map_err(|_| ErrorKind::Read)
    }

    /// Send one request and read its response; `Ok(keep_alive)`.
    pub async fn exchange(
        &mut self,
        template: &Template,
        stats: &mut Stats,
    ) -> Result<bool, ErrorKind> {
        self.io
            .write_all(&template.wire)
            .await
            .map_err(|_| ErrorKind::Write)?;
        self.io.flush().await.map_err(|_| ErrorKind::Write)?;
        let (head, len) = loop {
            if !self.buf.is_empty() {
                match Head::take_final_response(&mut self.buf) {
                    Ok(Some(found)) => break found,
                    Ok(None) => {}
                    Err(_) => return Err(ErrorKind::Protocol),
                }
            }
            if self.read_more().await? == 0 {
                return Err(ErrorKind::Read);
            }
        };
        stats.bytes += len as u64;
        let framing = head
            .response_framing(template.method.as_str())
            .map_err(|_| ErrorKind::Protocol)?;
        // A body that ends with the connection leaves nothing to reuse.
        let keep = head.keep_alive() && framing != Framing::UntilClose;
        let json = head
            .field("content-type")
            .is_some_and(|v| contains_token(v, b"application/json"));
        let rule = head.field("x-alb-rule").unwrap_or_default();
        let backend = head.field("x-alb-backend").unwrap_or_default();

        // The body: what came with the head, then the rest as it arrives. A JSON body is kept
        // whole when it is small enough.
        self.body.clear();
        let mut kept = json;
        let mut body = BodyProgress::new(framing);
        while !body.is_done() {
            if self.buf.is_empty() && self.read_more().await? == 0 {
                if matches!(body, BodyProgress::UntilClose) {
                    break;
                }
                return Err(ErrorKind::Read);
            }
            let data = &self.buf[..];
            let copy = &mut self.body;
            let used = body
                .advance(data, |r| {
                    if kept && copy.len() + r.len() <= MAX_IDENTITY_BODY {
                        copy.extend_from_slice(&data[r]);
                    } else {
                        kept = false;
                    }
                })
                .map_err(|_| ErrorKind::Protocol)?;
            self.buf.advance(used);
            stats.bytes += used as u64;
        }

        let echo = if kept {
            echo_identity(&self.body)
        } else {
            None
        };
        let backend = match &echo {
            Some(name) => Some(Cow::Borrowed(name.as_str())),
            None => (!backend.is_empty()).then(|| String::from_utf8_lossy(backend)),
        };
        let rule = (!rule.is_empty()).then(|| String::from_utf8_lossy(rule));
        stats.answer(head.status, rule.as_deref(), backend.as_deref());
        Ok(keep)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bytes::Bytes;
    use tokio::net::{TcpListener, TcpStream};

    use super::*;
    use crate::runtime::loadgen::stats::{Report, Totals};

    /// A backend that answers each request on one connection with the next of `responses`,
    /// then closes.
    async fn backend(responses: Vec<&'static [u8]>) -> TcpStream {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            for response in responses {
                loop {
                    if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                        request.drain(..end + 4);
                        break;
                    }
                    let mut chunk = [0u8; 1024];
                    let n = socket.read(&mut chunk).await.unwrap();
                    assert!(n > 0, "the client sent a whole request");
                    request.extend_from_slice(&chunk[..n]);
                }
                // Byte by byte for the first few, so heads and bodies arrive in pieces.
                let (slow, rest) = response.split_at(response.len().min(40));
                for b in slow {
                    socket.write_all(&[*b]).await.unwrap();
                    tokio::time::sleep(Duration::from_micros(50)).await;
                }
                socket.write_all(rest).await.unwrap();
            }
        });
        TcpStream::connect(addr).await.unwrap()
    }

    fn template(method: &str) -> Template {
        Template::new(0, method, "http", "x.test", "/", &[], Bytes::new(), true).unwrap()
    }

    /// Each exchange's outcome, and the report of them all.
    async fn exchanges(
        responses: Vec<&'static [u8]>,
        methods: &[&str],
    ) -> (Vec<Result<bool, ErrorKind>>, Report) {
        let mut conn = Connection::new(Stream::Plain(backend(responses).await));
        let mut stats = Stats::new();
        let mut outcomes = Vec::new();
        for method in methods {
            outcomes.push(conn.exchange(&template(method), &mut stats).await);
        }
        let mut totals = Totals::default();
        totals.add("t", stats);
        (outcomes, totals.report(Duration::from_secs(1)))
    }

    #[tokio::test]
    async fn responses_are_framed_and_attributed_as_the_proxy_frames_them() {
        const CHUNKED: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n\
            HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\
            X-Alb-Rule: r1\r\nX-Alb-Backend: header/ignored\r\n\r\n\
            12\r\n{\"service\":\"web\",\"\r\na\r\npod\":\"p1\"}\r\n0\r\nx-trailer: 1\r\n\r\n";
        const LENGTH: &[u8] =
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\nx-alb-rule: r1\r\n\
            x-alb-backend: web/a\r\n\r\nhello";
        const HEAD: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
        const UNTIL_CLOSE: &[u8] = b"HTTP/1.0 200 OK\r\nX-Alb-Backend: web/b\r\n\r\nall of it";
        let (outcomes, report) = exchanges(
            vec![CHUNKED, LENGTH, HEAD, UNTIL_CLOSE],
            &["GET", "POST", "HEAD", "GET"],
        )
        .await;
        assert_eq!(outcomes, vec![Ok(true), Ok(true), Ok(true), Ok(false)]);
        let interim = b"HTTP/1.1 100 Continue\r\n\r\n".len();
        assert_eq!(
            report.bytes as usize,
            CHUNKED.len() - interim + LENGTH.len() + HEAD.len() + UNTIL_CLOSE.len(),
            "heads and bodies as framed on the wire, interim heads not counted"
        );
        assert_eq!(report.status, [(200, 3), (503, 1)].into());
        assert_eq!(
            report.backends,
            [
                ("web/p1".to_string(), 1),
                ("web/a".to_string(), 1),
                ("web/b".to_string(), 1)
            ]
            .into(),
            "an echo body names the backend before the header does"
        );
        let rule = &report.rules[&("t".to_string(), "r1".to_string())];
        assert_eq!(rule.requests, 2);
    }

    #[tokio::test]
    async fn broken_responses_are_protocol_or_read_errors() {
        let (outcomes, _) = exchanges(vec![b"HTTP/1.1 abc\r\n\r\n"], &["GET"]).await;
        assert_eq!(outcomes, vec![Err(ErrorKind::Protocol)]);
        let bad_length = b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n";
        let (outcomes, _) = exchanges(vec![bad_length], &["GET"]).await;
        assert_eq!(outcomes, vec![Err(ErrorKind::Protocol)]);
        let bad_chunk = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
        let (outcomes, _) = exchanges(vec![bad_chunk], &["GET"]).await;
        assert_eq!(outcomes, vec![Err(ErrorKind::Protocol)]);
        let short = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf";
        let (outcomes, _) = exchanges(vec![short], &["GET"]).await;
        assert_eq!(outcomes, vec![Err(ErrorKind::Read)]);
        let cut = b"HTTP/1.1 200 OK\r\nContent-Le";
        let (outcomes, _) = exchanges(vec![cut], &["GET"]).await;
        assert_eq!(outcomes, vec![Err(ErrorKind::Read)]);
    }
}

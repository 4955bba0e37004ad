//! HTTP/1.1 on the wire (RFC 9112): message heads parsed with httparse into one owned buffer,
//! and bodies framed by Content-Length, the chunked coding or the end of the connection. Both
//! sides of the proxy use it: the client's connection (`server`) and the backend's
//! (`upstream`); so do alb's own HTTP/1.1 clients, `alb bench` (`loadgen::h1`) and the health
//! prober, which read responses with [`Head::take_final_response`] and [`BodyProgress`].

use std::mem::MaybeUninit;
use std::ops::Range;

use bytes::{Buf, BytesMut};

/// The largest head (start line and fields) accepted from a client or a backend.
pub const MAX_HEAD: usize = 64 * 1024;
/// The most header fields in one head.
const MAX_FIELDS: usize = 128;

/// Why a head or a body could not be read. The text is for the peer (400 page) or the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// Not HTTP/1.x, or a field httparse rejects.
    Malformed(String),
    /// The head is larger than [`MAX_HEAD`], or has more than 128 fields.
    TooLarge,
    /// Content-Length and Transfer-Encoding disagree or are unusable (request smuggling guard).
    Framing(String),
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::Malformed(why) | WireError::Framing(why) => f.write_str(why),
            WireError::TooLarge => f.write_str("the message head is too large"),
        }
    }
}

/// A parsed request or response head. The fields are byte ranges into `raw`, so reading a
/// head allocates once, whatever the number of fields.
#[derive(Debug, Clone)]
pub struct Head {
    raw: Raw,
    /// Request: the method. Response: the reason phrase.
    first: Range<usize>,
    /// Request: the request-target. Response: empty.
    target: Range<usize>,
    /// Response status; 0 for requests.
    pub status: u16,
    /// The minor version: `HTTP/1.0` or `HTTP/1.1`.
    pub minor: u8,
    fields: Vec<Field>,
    /// Which of the fields the proxy reads on every message are present: noted in the pass
    /// that parses the head, so most messages need no second look at their fields.
    present: Present,
}

/// A field's name and value, as ranges of the head.
type Field = (Range<usize>, Range<usize>);

/// A head's bytes. Almost every head is valid UTF-8 (most are ASCII): checked once when it is
/// read, its method, target and field names are then slices of a `str`, not a UTF-8 check per
/// look (which was 7 % of serve's instructions per request).
#[derive(Debug, Clone)]
enum Raw {
    Text(Box<str>),
    /// A head with other bytes (obs-text in a value): forwarded as is, read with a check.
    Bytes(Box<[u8]>),
}

impl Raw {
    fn of(head: &[u8]) -> Raw {
        match std::str::from_utf8(head) {
            Ok(text) => Raw::Text(text.into()),
            Err(_) => Raw::Bytes(head.into()),
        }
    }

    fn bytes(&self, range: Range<usize>) -> &[u8] {
        let all = match self {
            Raw::Text(text) => text.as_bytes(),
            Raw::Bytes(bytes) => bytes,
        };
        all.get(range).unwrap_or_default()
    }

    /// httparse guarantees tokens for methods and names, and visible ASCII for targets; their
    /// ranges start and end next to ASCII delimiters. Anything else is shown as empty rather
    /// than trusted.
    fn text(&self, range: Range<usize>) -> &str {
        match self {
            Raw::Text(text) => text.get(range).unwrap_or_default(),
            Raw::Bytes(bytes) => bytes
                .get(range)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
        }
    }
}

/// Fields every message is asked about, by name: the index of the first of each, noted in the
/// pass that parses the head, so most questions need no look at the fields, and the others
/// start where the first such field is.
#[derive(Debug, Clone, Copy, Default)]
struct Present {
    connection: Option<usize>,
    transfer_encoding: Option<usize>,
    content_length: Option<usize>,
    expect: Option<usize>,
    host: Option<usize>,
}

impl Present {
    fn of<'a>(names: impl Iterator<Item = &'a str>) -> Present {
        let mut present = Present::default();
        for (i, name) in names.enumerate() {
            if let Some(slot) = present.slot(name)
                && slot.is_none()
            {
                *slot = Some(i);
            }
        }
        present
    }

    fn slot(&mut self, name: &str) -> Option<&mut Option<usize>> {
        let name = name.as_bytes();
        let is = |lower: &[u8]| is_named(name, lower);
        Some(match name.len() {
            4 if is(b"host") => &mut self.host,
            6 if is(b"expect") => &mut self.expect,
            10 if is(b"connection") => &mut self.connection,
            14 if is(b"content-length") => &mut self.content_length,
            17 if is(b"transfer-encoding") => &mut self.transfer_encoding,
            _ => return None,
        })
    }

    /// Where the fields named `name` start: `None` when there surely is none.
    fn first(mut self, name: &str) -> Option<usize> {
        match self.slot(name) {
            Some(slot) => *slot,
            None => Some(0),
        }
    }
}

/// Whether field name `name` (a token, as httparse guarantees) is `lower`, a lower-case name
/// of letters and `-`. Setting bit 5 lower-cases a letter and leaves `-` as it is; no other
/// token byte becomes a letter or `-` that way, so this is exact for tokens and cheaper than
/// `eq_ignore_ascii_case`, which runs for every field of every message.
fn is_named(name: &[u8], lower: &[u8]) -> bool {
    name.len() == lower.len() && name.iter().zip(lower).all(|(a, b)| a | 0x20 == *b)
}

fn range_in(outer: &[u8], inner: &[u8]) -> Range<usize> {
    // httparse hands out slices of the buffer it parsed: their offsets locate them in `raw`.
    let start = (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize);
    start..start + inner.len()
}

/// The length of a complete head, `None` while it is incomplete; too large either way is an
/// error.
fn head_length(buf: &[u8], status: httparse::Status<usize>) -> Result<Option<usize>, WireError> {
    match status {
        httparse::Status::Complete(len) if len <= MAX_HEAD => Ok(Some(len)),
        httparse::Status::Partial if buf.len() <= MAX_HEAD => Ok(None),
        _ => Err(WireError::TooLarge),
    }
}

/// The fields httparse found in `head`, as ranges, and which of the asked-about ones are there.
fn fields_of(head: &[u8], headers: &[httparse::Header<'_>]) -> (Vec<Field>, Present) {
    let fields = headers
        .iter()
        .map(|h| (range_in(head, h.name.as_bytes()), range_in(head, h.value)))
        .collect();
    (fields, Present::of(headers.iter().map(|h| h.name)))
}

impl Head {
    /// Parse a request head at the start of `buf`: `Ok(None)` until the whole head is there,
    /// then the head and its length in bytes.
    pub fn parse_request(buf: &[u8]) -> Result<Option<(Head, usize)>, WireError> {
        let mut storage = [httparse::EMPTY_HEADER; MAX_FIELDS];
        let mut request = httparse::Request::new(&mut storage);
        let status = request.parse(buf).map_err(|e| match e {
            httparse::Error::TooManyHeaders => WireError::TooLarge,
            e => WireError::Malformed(format!("malformed request: {e}")),
        })?;
        let Some(len) = head_length(buf, status)? else {
            return Ok(None);
        };
        let head = &buf[..len];
        let method = range_in(head, request.method.unwrap_or("").as_bytes());
        let target = range_in(head, request.path.unwrap_or("").as_bytes());
        let minor = request.version.unwrap_or(1);
        let (fields, present) = fields_of(head, request.headers);
        Ok(Some((
            Head {
                raw: Raw::of(head),
                first: method,
                target,
                status: 0,
                minor,
                fields,
                present,
            },
            len,
        )))
    }

    /// Parse a response head at the start of `buf`, as [`Head::parse_request`].
    pub fn parse_response(buf: &[u8]) -> Result<Option<(Head, usize)>, WireError> {
        // Uninitialised field slots: filling 128 empty ones before every parse would cost
        // more than parsing a short head.
        let mut storage = [const { MaybeUninit::<httparse::Header<'_>>::uninit() }; MAX_FIELDS];
        let mut response = httparse::Response::new(&mut []);
        let status = httparse::ParserConfig::default()
            .parse_response_with_uninit_headers(&mut response, buf, &mut storage)
            .map_err(|e| match e {
                httparse::Error::TooManyHeaders => WireError::TooLarge,
                e => WireError::Malformed(format!("malformed response: {e}")),
            })?;
        let Some(len) = head_length(buf, status)? else {
            return Ok(None);
        };
        let head = &buf[..len];
        let reason = range_in(head, response.reason.unwrap_or("").as_bytes());
        let (fields, present) = fields_of(head, response.headers);
        Ok(Some((
            Head {
                raw: Raw::of(head),
                first: reason,
                target: 0..0,
                status: response.code.unwrap_or(502),
                minor: response.version.unwrap_or(1),
                fields,
                present,
            },
            len,
        )))
    }

    /// Take the final response head from the front of `buf`, as a client reads one: interim
    /// answers (100 Continue, 103 Early Hints) are removed on the way; 101 is final (it ends
    /// the exchange as an upgrade). `Ok(None)` until a whole final head is there; then the
    /// head and its length, removed from `buf`.
    pub fn take_final_response(buf: &mut BytesMut) -> Result<Option<(Head, usize)>, WireError> {
        while let Some((head, len)) = Head::parse_response(buf)? {
            buf.advance(len);
            if !head.is_interim() {
                return Ok(Some((head, len)));
            }
        }
        Ok(None)
    }

    /// Whether a response is an interim answer (1xx other than 101), another one to follow.
    pub fn is_interim(&self) -> bool {
        (100..200).contains(&self.status) && self.status != 101
    }

    pub fn method(&self) -> &str {
        self.raw.text(self.first.clone())
    }

    pub fn reason(&self) -> &str {
        self.raw.text(self.first.clone())
    }

    pub fn target(&self) -> &str {
        self.raw.text(self.target.clone())
    }

    /// Every field in order, names as sent.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &[u8])> + Clone {
        self.fields
            .iter()
            .map(|(n, v)| (self.raw.text(n.clone()), self.raw.bytes(v.clone())))
    }

    /// The first field named `name` (case-insensitive).
    pub fn field(&self, name: &str) -> Option<&[u8]> {
        self.values(name).next()
    }

    /// The values of the fields named `name` (case-insensitive), in order. Names are compared
    /// as bytes: no UTF-8 check per field.
    fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a [u8]> {
        let start = self.present.first(name).unwrap_or(self.fields.len());
        self.fields[start..]
            .iter()
            .filter(|(n, _)| {
                self.raw
                    .bytes(n.clone())
                    .eq_ignore_ascii_case(name.as_bytes())
            })
            .map(|(_, v)| self.raw.bytes(v.clone()))
    }

    /// Whether a comma-separated field (`Connection`, `Transfer-Encoding`) lists `token`.
    pub fn lists(&self, name: &str, token: &str) -> bool {
        self.values(name)
            .flat_map(|v| v.split(|b| *b == b','))
            .any(|t| t.trim_ascii().eq_ignore_ascii_case(token.as_bytes()))
    }

    /// Whether a `Connection` field is present (it may list more hop-by-hop fields).
    pub fn has_connection_field(&self) -> bool {
        self.present.connection.is_some()
    }

    /// Whether the peer wants the connection kept after this message (RFC 9112 §9.3).
    pub fn keep_alive(&self) -> bool {
        if self.lists("connection", "close") {
            false
        } else {
            self.minor >= 1 || self.lists("connection", "keep-alive")
        }
    }

    /// How a request's body is delimited (RFC 9112 §6.3). A request with both Content-Length
    /// and Transfer-Encoding, or with a coding other than a final chunked, is refused: a
    /// proxy that guessed could be made to see a different request boundary than its backend.
    pub fn request_framing(&self) -> Result<Framing, WireError> {
        let chunked = self.transfer_coding()?;
        let length = self.content_length()?;
        match (chunked, length) {
            (Some(_), Some(_)) => Err(WireError::Framing(
                "both Content-Length and Transfer-Encoding are set".to_string(),
            )),
            (Some(true), None) => Ok(Framing::Chunked),
            (Some(false), None) => Err(WireError::Framing(
                "the request's Transfer-Encoding does not end in chunked".to_string(),
            )),
            (None, Some(0)) | (None, None) => Ok(Framing::Empty),
            (None, Some(n)) => Ok(Framing::Length(n)),
        }
    }

    /// How a response's body is delimited, given the request's method (RFC 9112 §6.3).
    pub fn response_framing(&self, request_method: &str) -> Result<Framing, WireError> {
        if request_method.eq_ignore_ascii_case("HEAD")
            || (100..200).contains(&self.status)
            || self.status == 204
            || self.status == 304
        {
            return Ok(Framing::Empty);
        }
        match self.transfer_coding()? {
            Some(true) => return Ok(Framing::Chunked),
            Some(false) => return Ok(Framing::UntilClose),
            None => {}
        }
        Ok(match self.content_length()? {
            Some(0) => Framing::Empty,
            Some(n) => Framing::Length(n),
            None => Framing::UntilClose,
        })
    }

    /// `Some(final coding is chunked)` when Transfer-Encoding is present.
    fn transfer_coding(&self) -> Result<Option<bool>, WireError> {
        let mut last = None;
        if self.present.transfer_encoding.is_none() {
            return Ok(None);
        }
        for value in self.values("transfer-encoding") {
            for coding in value.split(|b| *b == b',') {
                let coding = coding.trim_ascii();
                if !coding.is_empty() {
                    last = Some(coding.eq_ignore_ascii_case(b"chunked"));
                }
            }
        }
        Ok(last)
    }

    fn content_length(&self) -> Result<Option<u64>, WireError> {
        let mut length = None;
        if self.present.content_length.is_none() {
            return Ok(None);
        }
        for value in self.values("content-length") {
            // A list of identical values is allowed (RFC 9110 §8.6); anything else is not.
            for part in value.split(|b| *b == b',') {
                let part = part.trim_ascii();
                let n = decimal(part).ok_or_else(|| {
                    WireError::Framing(format!(
                        "Content-Length `{}` is not a number",
                        String::from_utf8_lossy(part)
                    ))
                })?;
                if length.is_some_and(|l| l != n) {
                    return Err(WireError::Framing(
                        "Content-Length values disagree".to_string(),
                    ));
                }
                length = Some(n);
            }
        }
        Ok(length)
    }
}

/// Decimal digits only (no sign, no space) as a u64; `None` when empty, not all digits or too
/// large.
fn decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |n, b| {
        b.is_ascii_digit()
            .then(|| n.checked_mul(10)?.checked_add(u64::from(b - b'0')))?
    })
}

/// How a message body ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    Empty,
    Length(u64),
    Chunked,
    /// Only a response: the body is everything until the backend closes.
    UntilClose,
}

/// Follows a chunked body (RFC 9112 §7.1) byte by byte, to find where the message ends and
/// which bytes are data. Bytes are passed on as they are, so a chunked body is forwarded
/// unchanged; the data ranges let an HTTP/1.0 client get the body decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunked {
    state: ChunkState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkState {
    Size {
        size: u64,
        digits: u8,
    },
    Extension {
        size: u64,
    },
    SizeLf {
        size: u64,
    },
    Data {
        left: u64,
    },
    DataCr,
    DataLf,
    /// At the start of a trailer line, or of the final empty line.
    TrailerStart,
    TrailerLine,
    TrailerLf,
    EndLf,
    Done,
}

impl Default for Chunked {
    fn default() -> Self {
        Chunked {
            state: ChunkState::Size { size: 0, digits: 0 },
        }
    }
}

impl Chunked {
    pub fn is_done(&self) -> bool {
        self.state == ChunkState::Done
    }

    /// Scan `data`: returns how many of its bytes belong to this body (all of them unless the
    /// body ends inside `data`). `on_data` gets the ranges of chunk data.
    pub fn scan(
        &mut self,
        data: &[u8],
        mut on_data: impl FnMut(Range<usize>),
    ) -> Result<usize, WireError> {
        use ChunkState::*;
        let bad = |what: &str| Err(WireError::Framing(format!("bad chunked body: {what}")));
        let mut i = 0;
        while i < data.len() {
            let b = data[i];
            self.state = match self.state {
                Size { size, digits } => match (b as char).to_digit(16) {
                    Some(d) if digits < 15 => Size {
                        size: size * 16 + u64::from(d),
                        digits: digits + 1,
                    },
                    Some(_) => return bad("chunk size too large"),
                    None if digits == 0 => return bad("missing chunk size"),
                    None if b == b'\r' => SizeLf { size },
                    None if b == b';' || b == b' ' || b == b'\t' => Extension { size },
                    None => return bad("invalid chunk size"),
                },
                Extension { size } => match b {
                    b'\r' => SizeLf { size },
                    b'\n' => return bad("bare LF in a chunk extension"),
                    _ => Extension { size },
                },
                SizeLf { size } => match (b, size) {
                    (b'\n', 0) => TrailerStart,
                    (b'\n', size) => Data { left: size },
                    _ => return bad("expected LF after the chunk size"),
                },
                Data { left } => {
                    let take = (data.len() - i).min(usize::try_from(left).unwrap_or(usize::MAX));
                    on_data(i..i + take);
                    i += take;
                    let left = left - take as u64;
                    self.state = if left == 0 { DataCr } else { Data { left } };
                    continue;
                }
                DataCr if b == b'\r' => DataLf,
                DataCr => return bad("expected CRLF after chunk data"),
                DataLf if b == b'\n' => Size { size: 0, digits: 0 },
                DataLf => return bad("expected CRLF after chunk data"),
                TrailerStart if b == b'\r' => EndLf,
                TrailerStart | TrailerLine if b == b'\n' => return bad("bare LF in trailers"),
                TrailerStart | TrailerLine if b == b'\r' => TrailerLf,
                TrailerStart | TrailerLine => TrailerLine,
                TrailerLf if b == b'\n' => TrailerStart,
                TrailerLf => return bad("expected LF in trailers"),
                EndLf if b == b'\n' => {
                    self.state = Done;
                    return Ok(i + 1);
                }
                EndLf => return bad("expected LF at the end"),
                Done => return Ok(i),
            };
            i += 1;
        }
        Ok(i)
    }
}

/// Where a body stands while it is copied: how many more bytes, or the chunked state.
#[derive(Debug, Clone, Copy)]
pub enum BodyProgress {
    Length(u64),
    Chunked(Chunked),
    UntilClose,
    Done,
}

impl BodyProgress {
    pub fn new(framing: Framing) -> BodyProgress {
        match framing {
            Framing::Empty | Framing::Length(0) => BodyProgress::Done,
            Framing::Length(n) => BodyProgress::Length(n),
            Framing::Chunked => BodyProgress::Chunked(Chunked::default()),
            Framing::UntilClose => BodyProgress::UntilClose,
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self, BodyProgress::Done)
    }

    /// Take bytes of the body from the front of `data`: returns how many belong to it.
    /// `on_data` gets the ranges that are payload (all of them, except chunked framing).
    pub fn advance(
        &mut self,
        data: &[u8],
        mut on_data: impl FnMut(Range<usize>),
    ) -> Result<usize, WireError> {
        match self {
            BodyProgress::Done => Ok(0),
            BodyProgress::UntilClose => {
                on_data(0..data.len());
                Ok(data.len())
            }
            BodyProgress::Length(left) => {
                let take = (data.len() as u64).min(*left) as usize;
                on_data(0..take);
                *left -= take as u64;
                if *left == 0 {
                    *self = BodyProgress::Done;
                }
                Ok(take)
            }
            BodyProgress::Chunked(chunked) => {
                let used = chunked.scan(data, on_data)?;
                if chunked.is_done() {
                    *self = BodyProgress::Done;
                }
                Ok(used)
            }
        }
    }
}

/// The hop-by-hop fields are the engine's (what a backend receives is its decision).
pub use alb_engine::exchange::{HOP_BY_HOP, is_hop_by_hop};

/// The field names a `Connection` field lists (they are hop-by-hop too), lower case.
pub fn connection_listed<'a>(fields: impl Iterator<Item = (&'a str, &'a [u8])>) -> Vec<String> {
    fields
        .filter(|(n, _)| n.eq_ignore_ascii_case("connection"))
        .flat_map(|(_, v)| v.split(|b| *b == b','))
        .map(<[u8]>::trim_ascii)
        // Tested before anything is allocated: `Connection: keep-alive` is on most messages.
        .filter(|t| {
            !t.is_empty()
                && !t.eq_ignore_ascii_case(b"close")
                && !t.eq_ignore_ascii_case(b"keep-alive")
        })
        .map(|t| String::from_utf8_lossy(t).to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(raw: &str) -> Head {
        Head::parse_request(raw.as_bytes())
            .expect("parses")
            .expect("complete")
            .0
    }

    #[test]
    fn asked_about_fields_are_found_whatever_their_case_and_position() {
        let head = request(
            "POST / HTTP/1.1\r\nX-Before: 1\r\nhOsT: h\r\nCONTENT-LENGTH: 3\r\n\
             Connection: Keep-Alive, Upgrade\r\nconnection: close\r\n\r\n",
        );
        assert_eq!(head.field("Host"), Some(&b"h"[..]));
        assert_eq!(head.request_framing(), Ok(Framing::Length(3)));
        // Every Connection field counts, not only the first.
        assert!(head.lists("connection", "upgrade") && head.lists("connection", "close"));
        assert!(!head.keep_alive());
        assert_eq!(head.field("expect"), None);
        assert_eq!(head.field("x-before"), Some(&b"1"[..]));
        // Token bytes that are not letters or `-` never pass for one (`_` | 0x20 is DEL).
        assert!(is_named(b"Content-Length", b"content-length"));
        assert!(!is_named(b"content_length", b"content-length"));
        assert!(!is_named(b"content-lengtH1", b"content-length"));
    }

    #[test]
    fn a_head_that_is_not_utf8_is_forwarded_byte_for_byte() {
        let raw = b"GET /x HTTP/1.1\r\nHost: h\r\nX-Latin: caf\xe9\r\n\r\n";
        let (head, _) = Head::parse_request(raw).unwrap().unwrap();
        assert_eq!(head.method(), "GET");
        assert_eq!(head.target(), "/x");
        assert_eq!(head.field("x-latin"), Some(&b"caf\xe9"[..]));
        let names: Vec<&str> = head.fields().map(|(n, _)| n).collect();
        assert_eq!(names, ["Host", "X-Latin"]);
    }

    #[test]
    fn a_request_head_is_read_with_its_fields() {
        let raw = "GET /a?b=1 HTTP/1.1\r\nHost: x.example\r\nX-A: 1\r\nx-a: 2\r\n\r\nBODY";
        let (head, len) = Head::parse_request(raw.as_bytes()).unwrap().unwrap();
        assert_eq!(len, raw.len() - 4);
        assert_eq!(head.method(), "GET");
        assert_eq!(head.target(), "/a?b=1");
        assert_eq!(head.field("host"), Some(&b"x.example"[..]));
        assert_eq!(
            head.fields()
                .filter(|(n, _)| *n == "x-a" || *n == "X-A")
                .count(),
            2
        );
        assert!(head.keep_alive());
        assert_eq!(head.request_framing(), Ok(Framing::Empty));
    }

    #[test]
    fn a_partial_head_waits_and_an_oversized_one_is_refused() {
        assert!(matches!(
            Head::parse_request(b"GET / HTTP/1.1\r\nHo"),
            Ok(None)
        ));
        let mut huge = b"GET / HTTP/1.1\r\nX: ".to_vec();
        huge.extend(std::iter::repeat_n(b'a', MAX_HEAD + 1));
        assert_eq!(Head::parse_request(&huge).err(), Some(WireError::TooLarge));
        huge.extend_from_slice(b"\r\n\r\n");
        assert_eq!(
            Head::parse_request(&huge).err(),
            Some(WireError::TooLarge),
            "complete but oversized"
        );
        assert!(matches!(
            Head::parse_request(b"GET / FTP/1.1\r\n\r\n"),
            Err(WireError::Malformed(_))
        ));
    }

    #[test]
    fn framing_refuses_what_could_smuggle_a_request() {
        let both = "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert!(matches!(
            request(both).request_framing(),
            Err(WireError::Framing(_))
        ));
        let gzip = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n";
        assert!(matches!(
            request(gzip).request_framing(),
            Err(WireError::Framing(_))
        ));
        let disagree = "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n";
        assert!(matches!(
            request(disagree).request_framing(),
            Err(WireError::Framing(_))
        ));
        let sign = "POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\n";
        assert!(matches!(
            request(sign).request_framing(),
            Err(WireError::Framing(_))
        ));
        let huge = "POST / HTTP/1.1\r\nContent-Length: 18446744073709551616\r\n\r\n";
        assert!(matches!(
            request(huge).request_framing(),
            Err(WireError::Framing(_))
        ));
        let max = "POST / HTTP/1.1\r\nContent-Length: 18446744073709551615\r\n\r\n";
        assert_eq!(
            request(max).request_framing(),
            Ok(Framing::Length(u64::MAX))
        );
        let same = "POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\n";
        assert_eq!(request(same).request_framing(), Ok(Framing::Length(3)));
        let chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n";
        assert_eq!(request(chunked).request_framing(), Ok(Framing::Chunked));
    }

    #[test]
    fn response_framing_follows_the_method_and_status() {
        let parse = |raw: &str| Head::parse_response(raw.as_bytes()).unwrap().unwrap().0;
        let ok = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
        assert_eq!(ok.response_framing("GET"), Ok(Framing::Length(5)));
        assert_eq!(ok.response_framing("HEAD"), Ok(Framing::Empty));
        let no_content = parse("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n");
        assert_eq!(no_content.response_framing("GET"), Ok(Framing::Empty));
        let close = parse("HTTP/1.0 200 OK\r\n\r\n");
        assert_eq!(close.response_framing("GET"), Ok(Framing::UntilClose));
        assert!(!close.keep_alive());
    }

    #[test]
    fn a_client_takes_the_final_response_head_past_interim_ones() {
        let mut buf = BytesMut::new();
        buf.extend_from_slice(b"HTTP/1.1 100 Continue\r\n\r\n");
        buf.extend_from_slice(b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n");
        buf.extend_from_slice(b"HTTP/1.1 200 OK\r\nContent-Le");
        assert!(matches!(Head::take_final_response(&mut buf), Ok(None)));
        assert!(buf.starts_with(b"HTTP/1.1 200"), "interim heads are gone");
        buf.extend_from_slice(b"ngth: 2\r\n\r\nokNEXT");
        let (head, len) = Head::take_final_response(&mut buf).unwrap().unwrap();
        assert_eq!((head.status, len), (200, 38));
        assert_eq!(head.response_framing("GET"), Ok(Framing::Length(2)));
        assert_eq!(&buf[..], b"okNEXT");
        let mut upgrade = BytesMut::from(&b"HTTP/1.1 101 Switching Protocols\r\n\r\n"[..]);
        let (head, _) = Head::take_final_response(&mut upgrade).unwrap().unwrap();
        assert_eq!(head.status, 101);
        let mut broken = BytesMut::from(&b"HTTP/1.1 abc\r\n\r\n"[..]);
        assert!(Head::take_final_response(&mut broken).is_err());
    }

    #[test]
    fn chunked_bodies_end_where_the_last_chunk_and_trailers_end() {
        let body = b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\ngrpc-status: 0\r\n\r\nNEXT";
        // Fed one byte at a time and all at once, the body ends at the same place with the
        // same data.
        for step in [1, body.len()] {
            let mut chunked = Chunked::default();
            let mut data = Vec::new();
            let mut used = 0;
            while !chunked.is_done() {
                let end = (used + step).min(body.len());
                let piece = &body[used..end];
                let n = chunked
                    .scan(piece, |r| data.extend_from_slice(&piece[r]))
                    .unwrap();
                used += n;
            }
            assert_eq!(&body[used..], b"NEXT");
            assert_eq!(data, b"hello world");
        }
    }

    #[test]
    fn broken_chunked_bodies_are_errors() {
        for bad in [
            &b"x\r\n"[..],
            b"5\r\nhelloXX",
            b"\r\n",
            b"fffffffffffffffff\r\n",
        ] {
            assert!(Chunked::default().scan(bad, |_| {}).is_err(), "{bad:?}");
        }
    }
}

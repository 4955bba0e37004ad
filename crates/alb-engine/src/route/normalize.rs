//! ingress-nginx's request-path normalisation: the `$uri` nginx matches `location`s against.
//!
//! nginx never matches a `location` against the raw request-target. It first checks the
//! target (`ngx_http_parse_request_line` for HTTP/1, `ngx_http_parse_uri` for the `:path` of
//! HTTP/2 and HTTP/3), then, when the path holds `%`, `//`, `/.` or `#`
//! (`complex_uri` / `quoted_uri`), rewrites it with `ngx_http_parse_complex_uri`
//! (`ngx_http_process_request_uri`, `src/http/ngx_http_request.c`). [`nginx_uri`] repeats
//! that, with `merge_slashes on` (nginx's default, `ngx_http_core_merge_srv_conf`, which
//! ingress-nginx keeps) and for a non-Windows build, which is what ingress-nginx runs.
//!
//! What nginx does, from `src/http/ngx_http_parse.c`:
//! - The path must start with `/`; bytes up to and including space (0x00–0x20) and DEL
//!   anywhere in the target, query included, are a 400. Bytes ≥ 0x80 are taken as they are.
//! - Only the path before the first `?` or `#` becomes `$uri`; the query is neither decoded
//!   nor checked for escapes, and everything after `#` is dropped.
//! - `%XX` is decoded, hex digits in either case, once (`%252F` is `%2F`). A `%` not followed
//!   by two hex digits (`%zz`, `%4z`, a `%` or `%4` at the end, `%?`) is a 400, and so is
//!   `%00`.
//! - A decoded byte is then read as if it had been sent raw, so `%2F` is a `/` that merges
//!   with its neighbours and ends a `.`/`..` segment, and `%2E` is a `.` that makes one.
//!   Three decoded bytes are exceptions and stay plain text: `%25` (`%`), `%23` (`#`) and
//!   `%3F` (`?`) neither start an escape, nor cut the path, nor end a dot segment.
//! - Runs of `/` become one `/`.
//! - A `.` segment is removed and a `..` segment removes the one before it, also at the end
//!   of the path (`/a/.` is `/a/`, `/a/b/..` is `/a/`). A `..` that would climb above the
//!   root is a 400. Other dotted names (`...`, `.a`, `a..`) are plain names.
//! - Nothing else changes: no lowercasing, `+` stays `+` (not a space), `\` is an ordinary
//!   byte (only a Windows build treats it as `/`), and a trailing `/` is kept.

use std::borrow::Cow;
use std::fmt;

/// Why nginx refuses a request-target: it answers `400 Bad Request` without matching any
/// `location`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadPath {
    /// What is wrong, in a few words.
    pub reason: &'static str,
}

impl BadPath {
    const NO_SLASH: BadPath = BadPath {
        reason: "the path does not start with `/`",
    };
    const CONTROL: BadPath = BadPath {
        reason: "the request-target holds a space or a control character",
    };
    const BAD_ESCAPE: BadPath = BadPath {
        reason: "`%` is not followed by two hex digits",
    };
    const NUL: BadPath = BadPath {
        reason: "`%00` decodes to a NUL byte",
    };
    const ABOVE_ROOT: BadPath = BadPath {
        reason: "a `..` segment climbs above the root",
    };
}

impl fmt::Display for BadPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (nginx answers 400 Bad Request)", self.reason)
    }
}

impl std::error::Error for BadPath {}

/// The path nginx matches `location`s against (`$uri`), from a request-target in origin form:
/// a path, optionally followed by `?query` and `#fragment`, which do not reach `$uri`.
///
/// An empty target, or one that starts with `?`, gives `/`: that is an absolute-form target
/// with no path (`http://host?q`, nginx's `empty_path_in_uri`).
///
/// The result is bytes, because nginx decodes `%XX` into bytes and matches `location`s
/// byte by byte: `/%FF` is the two bytes `/`, 0xFF, which no `&str` can hold, and a lossy
/// conversion would make `/%FE` and `/%FF` equal. Match it with byte comparisons or
/// `regex::bytes`; `String::from_utf8_lossy` turns it into text to show (borrowing when it is
/// valid UTF-8, which it is unless an escape decoded to invalid UTF-8).
///
/// A path with no `%`, no `//` and no `/.` is returned borrowed, without allocating (up to
/// its first `?` or `#`): nginx itself uses such a path as sent.
pub fn nginx_uri(target: &str) -> Result<Cow<'_, [u8]>, BadPath> {
    let bytes = target.as_bytes();
    if bytes.iter().any(|&b| b <= b' ' || b == 0x7f) {
        return Err(BadPath::CONTROL);
    }
    match bytes.first() {
        None | Some(b'?') => return Ok(Cow::Borrowed(b"/")),
        Some(b'/') => {}
        Some(_) => return Err(BadPath::NO_SLASH),
    }
    let end = bytes
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(bytes.len());
    let path = &bytes[..end];
    if is_plain(path) {
        Ok(Cow::Borrowed(path))
    } else {
        normalize(path).map(Cow::Owned)
    }
}

/// Whether `path` is free of `%`, `//` and `/.`, so normalising leaves it as it is.
fn is_plain(path: &[u8]) -> bool {
    let mut after_slash = false;
    for &b in path {
        if b == b'%' || (after_slash && (b == b'/' || b == b'.')) {
            return false;
        }
        after_slash = b == b'/';
    }
    true
}

/// Where the rewrite is, after the bytes written so far. Each invariant holds of `out`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Inside a name.
    Usual,
    /// `out` ends with `/`.
    Slash,
    /// `out` ends with `/.`.
    Dot,
    /// `out` ends with `/..`.
    DotDot,
}

/// Rewrite a path that starts with `/` and holds no `?` or `#`.
fn normalize(path: &[u8]) -> Result<Vec<u8>, BadPath> {
    let mut out = Vec::with_capacity(path.len());
    let mut state = State::Usual;
    let mut i = 0;
    while let Some(&raw) = path.get(i) {
        i += 1;
        let byte = if raw == b'%' {
            let decoded = match path.get(i..i + 2) {
                Some(&[hi, lo]) => hex(hi).zip(hex(lo)).map(|(hi, lo)| (hi << 4) | lo),
                _ => None,
            }
            .ok_or(BadPath::BAD_ESCAPE)?;
            i += 2;
            match decoded {
                0 => return Err(BadPath::NUL),
                b'%' | b'#' | b'?' => {
                    out.push(decoded);
                    state = State::Usual;
                    continue;
                }
                _ => decoded,
            }
        } else {
            raw
        };
        state = step(state, byte, &mut out)?;
    }
    match state {
        State::Dot => {
            out.pop();
        }
        State::DotDot => up(&mut out)?,
        State::Usual | State::Slash => {}
    }
    Ok(out)
}

/// Take one byte, sent raw or decoded, in `state`.
fn step(state: State, byte: u8, out: &mut Vec<u8>) -> Result<State, BadPath> {
    let next = match (state, byte) {
        (State::Slash, b'/') => State::Slash,
        (State::Slash, b'.') => {
            out.push(byte);
            State::Dot
        }
        (State::Dot, b'/') => {
            out.pop();
            State::Slash
        }
        (State::Dot, b'.') => {
            out.push(byte);
            State::DotDot
        }
        (State::DotDot, b'/') => {
            up(out)?;
            State::Slash
        }
        (_, b'/') => {
            out.push(byte);
            State::Slash
        }
        _ => {
            out.push(byte);
            State::Usual
        }
    };
    Ok(next)
}

/// Resolve the `/..` that ends `out`: drop it and the segment before it, keeping that
/// segment's leading `/`.
fn up(out: &mut Vec<u8>) -> Result<(), BadPath> {
    let before = out.len().saturating_sub(3);
    let slash = out[..before]
        .iter()
        .rposition(|&b| b == b'/')
        .ok_or(BadPath::ABOVE_ROOT)?;
    out.truncate(slash + 1);
    Ok(())
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `$uri` as text, for readable assertions on valid UTF-8 results.
    fn uri(target: &str) -> String {
        match nginx_uri(target) {
            Ok(bytes) => String::from_utf8(bytes.into_owned()).expect("UTF-8 result"),
            Err(e) => panic!("{target:?}: {e}"),
        }
    }

    fn bad(target: &str) -> &'static str {
        match nginx_uri(target) {
            Ok(u) => panic!(
                "{target:?} gave {:?}, not a 400",
                String::from_utf8_lossy(&u)
            ),
            Err(e) => e.reason,
        }
    }

    fn borrowed(target: &str) -> bool {
        matches!(nginx_uri(target), Ok(Cow::Borrowed(_)))
    }

    // ngx_http_process_request_uri: without complex_uri/quoted_uri, r->uri is the path as
    // sent (r->uri.data = r->uri_start), so no allocation.
    #[test]
    fn plain_paths_are_borrowed_unchanged() {
        assert!(borrowed("/a/b.c/d"));
        assert_eq!(uri("/a/b.c/d"), "/a/b.c/d");
        assert!(borrowed("/"));
        assert!(borrowed("/a/"));
    }

    // ngx_http_parse_request_line, sw_check_uri '?': args_start is set and the path ends
    // there; in sw_uri a '%' no longer sets quoted_uri, so the query is not decoded.
    #[test]
    fn the_query_is_cut_off_and_never_decoded() {
        assert!(borrowed("/a?b=%zz&c=//../"));
        assert_eq!(uri("/a?b=%zz&c=//../"), "/a");
        assert_eq!(uri("/a/?x"), "/a/");
    }

    // ngx_http_parse_complex_uri, sw_slash '?': goto args, the rest is not parsed.
    #[test]
    fn a_complex_path_stops_at_the_query() {
        assert_eq!(uri("/a//b?x=/../%zz%00"), "/a/b");
        assert_eq!(uri("/a%41?%41"), "/aA");
    }

    // sw_quoted / sw_quoted_second: two hex digits, either case, make one byte.
    #[test]
    fn escapes_decode_to_bytes_in_either_case() {
        assert_eq!(uri("/%41%62%7e%7E"), "/Ab~~");
        assert_eq!(uri("/caf%C3%A9"), "/café");
        assert_eq!(uri("/a%20b"), "/a b");
    }

    // sw_quoted_second: a decoded byte is not checked for UTF-8; nginx matches bytes.
    #[test]
    fn escapes_may_decode_to_invalid_utf8() {
        assert_eq!(nginx_uri("/%FF").unwrap().as_ref(), b"/\xff");
        assert_ne!(nginx_uri("/%FE").unwrap(), nginx_uri("/%FF").unwrap());
    }

    // sw_quoted: a first byte that is not a hex digit returns NGX_HTTP_PARSE_INVALID_REQUEST.
    #[test]
    fn a_bad_first_hex_digit_is_a_400() {
        assert_eq!(bad("/a%zz"), BadPath::BAD_ESCAPE.reason);
        assert_eq!(bad("/a%g0"), BadPath::BAD_ESCAPE.reason);
        // sw_quoted sees the '?' itself: it is not a hex digit.
        assert_eq!(bad("/a%?b"), BadPath::BAD_ESCAPE.reason);
    }

    // sw_quoted_second: a second byte that is not a hex digit is a 400 too.
    #[test]
    fn a_bad_second_hex_digit_is_a_400() {
        assert_eq!(bad("/a%4z"), BadPath::BAD_ESCAPE.reason);
        assert_eq!(bad("/a%4/b"), BadPath::BAD_ESCAPE.reason);
    }

    // After the loop: state sw_quoted or sw_quoted_second at the end of the URI is a 400,
    // also when the escape is cut short by '?' (sw_quoted_second sees the '?').
    #[test]
    fn an_escape_cut_short_is_a_400() {
        assert_eq!(bad("/a%"), BadPath::BAD_ESCAPE.reason);
        assert_eq!(bad("/a%4"), BadPath::BAD_ESCAPE.reason);
        assert_eq!(bad("/a%4?x=1"), BadPath::BAD_ESCAPE.reason);
    }

    // sw_quoted_second: `ch == '\0'` returns NGX_HTTP_PARSE_INVALID_REQUEST.
    #[test]
    fn a_decoded_nul_is_a_400() {
        assert_eq!(bad("/a%00b"), BadPath::NUL.reason);
        // Other decoded control bytes are kept: only NUL is refused.
        assert_eq!(uri("/a%01%7F"), "/a\u{1}\u{7f}");
    }

    // sw_quoted_second: `state = quoted_state` without reading on, so the decoded '/' is
    // handled by sw_usual as a raw '/' would be.
    #[test]
    fn an_encoded_slash_is_a_slash() {
        assert_eq!(uri("/a%2Fb"), "/a/b");
        assert_eq!(uri("/a%2fb"), "/a/b");
    }

    // sw_slash '/' with merge_slashes: a decoded '/' merges like a raw one.
    #[test]
    fn encoded_slashes_merge_with_their_neighbours() {
        assert_eq!(uri("/a/%2F/b"), "/a/b");
        assert_eq!(uri("/a%2F%2Fb"), "/a/b");
        assert_eq!(uri("/%2F"), "/");
    }

    // sw_dot / sw_dot_dot '/': a decoded '/' ends a dot segment, and one before the dots
    // starts one (sw_usual '/' -> sw_slash).
    #[test]
    fn encoded_slashes_take_part_in_dot_segments() {
        assert_eq!(uri("/a/b/..%2Fc"), "/a/c");
        assert_eq!(uri("/a/.%2Fb"), "/a/b");
        assert_eq!(uri("/a%2F.."), "/");
    }

    // sw_slash '.' -> sw_dot and sw_dot '.' -> sw_dot_dot, reached with decoded dots.
    #[test]
    fn encoded_dots_make_dot_segments() {
        assert_eq!(uri("/a/%2E%2E/b"), "/b");
        assert_eq!(uri("/a/%2e./b"), "/b");
        assert_eq!(uri("/a/.%2E/b"), "/b");
        assert_eq!(uri("/a/%2E/b"), "/a/b");
        assert_eq!(uri("/a/b/%2E"), "/a/b/");
    }

    // sw_dot_dot '/' scanning back below r->uri.data: NGX_HTTP_PARSE_INVALID_REQUEST.
    #[test]
    fn encoded_dots_above_the_root_are_a_400() {
        assert_eq!(bad("/%2E%2E/etc/passwd"), BadPath::ABOVE_ROOT.reason);
        assert_eq!(bad("/%2e%2e%2fetc"), BadPath::ABOVE_ROOT.reason);
    }

    // sw_slash '/' with merge_slashes on (ngx_http_core_merge_srv_conf's default): nothing
    // is written, so a run of '/' is one '/'. A trailing '/' stays.
    #[test]
    fn repeated_slashes_merge() {
        assert_eq!(uri("//a///b//"), "/a/b/");
        assert_eq!(uri("//"), "/");
    }

    // sw_dot '/': `u--` drops the '.', so "/./" is "/".
    #[test]
    fn dot_segments_are_removed() {
        assert_eq!(uri("/a/./b/./c"), "/a/b/c");
        assert_eq!(uri("/./a"), "/a");
    }

    // sw_dot_dot '/': `u -= 4`, then back to the previous '/'.
    #[test]
    fn dot_dot_removes_the_segment_before() {
        assert_eq!(uri("/a/b/../c"), "/a/c");
        assert_eq!(uri("/a/b/../../c"), "/c");
        assert_eq!(uri("/a/../b/../c/"), "/c/");
    }

    // sw_dot_dot after merged slashes: "//" wrote one '/', so the segment before ".." is
    // the one before the run.
    #[test]
    fn dot_dot_after_merged_slashes() {
        assert_eq!(uri("/a/b//../c"), "/a/c");
        assert_eq!(bad("//.."), BadPath::ABOVE_ROOT.reason);
    }

    // After the loop: state sw_dot does `u--`, state sw_dot_dot resolves like '/'; the
    // slash before the dots stays.
    #[test]
    fn trailing_dot_and_dot_dot() {
        assert_eq!(uri("/a/b/."), "/a/b/");
        assert_eq!(uri("/a/b/.."), "/a/");
        assert_eq!(uri("/."), "/");
        assert_eq!(uri("/a/.."), "/");
    }

    // sw_dot_dot: when the scan goes below r->uri.data it is
    // NGX_HTTP_PARSE_INVALID_REQUEST, in the middle and at the end.
    #[test]
    fn dot_dot_above_the_root_is_a_400() {
        assert_eq!(bad("/.."), BadPath::ABOVE_ROOT.reason);
        assert_eq!(bad("/../a"), BadPath::ABOVE_ROOT.reason);
        assert_eq!(bad("/a/../.."), BadPath::ABOVE_ROOT.reason);
        assert_eq!(bad("/a/../../b?x"), BadPath::ABOVE_ROOT.reason);
    }

    // sw_dot and sw_dot_dot `default`: any other byte goes back to sw_usual, and sw_usual
    // never enters sw_dot, so these are names.
    #[test]
    fn other_dotted_names_are_kept() {
        assert_eq!(uri("/.../a..b/.c/..d/e./f"), "/.../a..b/.c/..d/e./f");
        assert!(borrowed("/a..b/c."));
    }

    // sw_usual / sw_slash '#': goto done, the rest is dropped; sw_dot '#' does `u--` and
    // sw_dot_dot '#' resolves first.
    #[test]
    fn a_fragment_is_dropped() {
        assert_eq!(uri("/a/b#frag"), "/a/b");
        assert!(borrowed("/a/b#frag"));
        assert_eq!(uri("/a//b#x/../%zz"), "/a/b");
        assert_eq!(uri("/a/.#x"), "/a/");
        assert_eq!(uri("/a/b/..#x"), "/a/");
    }

    // sw_dot '?' does `u--` and sw_dot_dot '?' resolves before goto args.
    #[test]
    fn dot_segments_before_the_query() {
        assert_eq!(uri("/a/.?x"), "/a/");
        assert_eq!(uri("/a/b/..?x"), "/a/");
    }

    // sw_quoted_second: a decoded '%' or '#' (digit branch) or '?' (letter branch) is
    // written as is and the state becomes sw_usual: no second decoding, no cut.
    #[test]
    fn encoded_percent_hash_and_question_mark_stay_text() {
        assert_eq!(uri("/a%252Fb"), "/a%2Fb");
        assert_eq!(uri("/a%25zz"), "/a%zz");
        assert_eq!(uri("/a%23b"), "/a#b");
        assert_eq!(uri("/a%3Fb=1"), "/a?b=1");
        assert_eq!(uri("/a%3fb"), "/a?b");
    }

    // The same branch from sw_dot / sw_dot_dot: the literal byte ends the dot segment
    // as a plain name instead of cutting the path.
    #[test]
    fn encoded_question_mark_after_dots_is_a_name() {
        assert_eq!(uri("/a/.%3F"), "/a/.?");
        assert_eq!(uri("/a/..%23"), "/a/..#");
    }

    // sw_usual '+': only sets plus_in_uri (used when escaping for rewrite); the byte is
    // written as is. A decoded '+' is a '+' too.
    #[test]
    fn plus_is_not_a_space() {
        assert!(borrowed("/a+b"));
        assert_eq!(uri("/a+b"), "/a+b");
        assert_eq!(uri("/a%2Bb"), "/a+b");
    }

    // No state lowercases: case-insensitive matching is a `location ~*` matter.
    #[test]
    fn case_is_kept() {
        assert!(borrowed("/API/V1"));
        assert_eq!(uri("/API/%4a%4A"), "/API/JJ");
    }

    // The `usual` table has '\' set when not NGX_WIN32, and the `case '\\'` branches are
    // #if (NGX_WIN32): on Linux a backslash is an ordinary byte.
    #[test]
    fn backslash_is_an_ordinary_byte() {
        assert!(borrowed("/a\\..\\b"));
        assert_eq!(uri("/a\\..\\b"), "/a\\..\\b");
        assert_eq!(uri("/a/..%5Cb"), "/a/..\\b");
    }

    // ngx_http_parse_request_line sw_check_uri / sw_uri and ngx_http_parse_uri (HTTP/2, 3):
    // `ch <= 0x20 || ch == 0x7f` is a 400, in the query too (in HTTP/1 a space ends the
    // target and what follows is not "HTTP/").
    #[test]
    fn raw_spaces_and_control_bytes_are_a_400() {
        assert_eq!(bad("/a b"), BadPath::CONTROL.reason);
        assert_eq!(bad("/a\tb"), BadPath::CONTROL.reason);
        assert_eq!(bad("/a\u{7f}"), BadPath::CONTROL.reason);
        assert_eq!(bad("/a?x=1 2"), BadPath::CONTROL.reason);
    }

    // ngx_http_parse_uri sw_start: `ch != '/'` is an error; the request line only takes a
    // '/' (or a scheme) where the target starts.
    #[test]
    fn a_path_must_start_with_a_slash() {
        assert_eq!(bad("a/b"), BadPath::NO_SLASH.reason);
        assert_eq!(bad("%2Fa"), BadPath::NO_SLASH.reason);
        assert_eq!(bad("#x"), BadPath::NO_SLASH.reason);
    }

    // sw_host_end / sw_port '?' sets empty_path_in_uri and ngx_http_parse_complex_uri writes
    // a '/' first; with no path at all the request line supplies a "/".
    #[test]
    fn an_empty_path_is_the_root() {
        assert_eq!(uri(""), "/");
        assert_eq!(uri("?a=1"), "/");
    }

    // sw_usual: bytes >= 0x80 are in the `usual` table and copied as they are.
    #[test]
    fn non_ascii_bytes_are_kept() {
        assert!(borrowed("/café/ü"));
        assert_eq!(uri("/café//ü"), "/café/ü");
    }

    #[test]
    fn bad_path_says_nginx_answers_400() {
        let e = nginx_uri("/..").unwrap_err();
        assert_eq!(
            e.to_string(),
            "a `..` segment climbs above the root (nginx answers 400 Bad Request)"
        );
    }
}

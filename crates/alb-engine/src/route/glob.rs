//! ALB wildcard patterns: `*` matches any run of characters (including `/` and `.`, and
//! nothing at all), `?` exactly one character. Everything else is literal.

/// Whether `pattern` contains a wildcard character.
pub fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// Match `text` against an ALB wildcard `pattern`, character by character. Linear in practice:
/// the classic two-pointer algorithm that backtracks only to the last `*`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || (p[pi] != '*' && p[pi] == t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn star_spans_anything_including_nothing() {
        assert!(matches("/foo/*", "/foo/"));
        assert!(matches("/foo/*", "/foo/a/b"));
        assert!(!matches("/foo/*", "/foo"));
        assert!(!matches("/foo/*", "/foobar"));
        assert!(matches("/*", "/"));
        assert!(matches("*.example.com", "a.b.example.com"));
        assert!(!matches("*.example.com", "example.com"));
        assert!(matches("www.example.*", "www.example.org"));
        assert!(matches("a*b*c", "aXXbYYc"));
        assert!(!matches("a*b*c", "aXXbYY"));
    }

    #[test]
    fn question_mark_is_one_character() {
        assert!(matches("/v?/api", "/v1/api"));
        assert!(!matches("/v?/api", "/v10/api"));
        assert!(matches("/日?", "/日本"));
    }
}

//! `${…}` variables in rewrite and redirect values.

use super::matcher::Captures;
use super::request::Request;

/// Replace `${1}`..`${3}` (or up to the captures' limit) with regex capture groups and `${host}`, `${path}`, `${query}`,
/// `${protocol}`, `${port}` with the request's values. Returns the result and whether a
/// capture variable had nothing to take its value from (left as written).
pub fn substitute(template: &str, request: &Request, captures: &Captures) -> (String, bool) {
    let mut out = String::with_capacity(template.len());
    let mut unfilled = false;
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return (out, unfilled);
        };
        let name = &after[..end];
        let value = match name {
            "host" => Some(request.host_name()),
            "path" => Some(request.path.clone()),
            "query" => Some(request.query.clone()),
            "protocol" => Some(request.scheme.as_str().to_string()),
            "port" => Some(request.port.to_string()),
            n => n
                .parse::<usize>()
                .ok()
                .filter(|i| (1..=captures.limit).contains(i))
                .and_then(|i| {
                    if captures.regex {
                        Some(captures.groups.get(i - 1).cloned().unwrap_or_default())
                    } else {
                        None
                    }
                }),
        };
        match value {
            Some(v) => out.push_str(&v),
            None => {
                unfilled = true;
                out.push_str(&rest[start..start + 2 + end + 1]);
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    (out, unfilled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(url: &str) -> Request {
        Request::from_url(url).unwrap()
    }

    #[test]
    fn capture_groups_and_request_variables() {
        let captures = Captures {
            regex: true,
            groups: vec!["ccc".into(), "bbb".into()],
            limit: 3,
            assumed: true,
        };
        let r = req("http://h.example.com/sys/ccc/bbb/aaa?x=1");
        assert_eq!(
            substitute("/${1}/${2}", &r, &captures),
            ("/ccc/bbb".to_string(), false)
        );
        assert_eq!(
            substitute("/v/${3}", &r, &captures),
            ("/v/".to_string(), false)
        );
        assert_eq!(
            substitute("${host}${path}?${query}", &r, &captures).0,
            "h.example.com/sys/ccc/bbb/aaa?x=1"
        );
    }

    #[test]
    fn variables_without_a_regex_stay_as_written() {
        let r = req("http://h/x");
        assert_eq!(
            substitute("/a/${1}", &r, &Captures::default()),
            ("/a/${1}".to_string(), true)
        );
        assert_eq!(
            substitute("/a/${unclosed", &r, &Captures::default()).0,
            "/a/${unclosed"
        );
    }
}

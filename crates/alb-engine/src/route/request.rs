//! A request as the load balancer sees it. Built from a URL plus curl-style flags by `route`,
//! from a real HTTP request by `serve`.

use core::net::IpAddr;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Upper case, e.g. `GET`.
    pub method: String,
    /// `http` or `https`: with the port, it chooses the listener.
    pub scheme: Scheme,
    /// The listener port the request arrives on.
    pub port: u16,
    /// The Host header value as sent (may carry a port).
    pub host: String,
    /// The path, without the query.
    pub path: String,
    /// The query string without `?`; empty when there is none.
    pub query: String,
    /// Header names as sent; matching is case-insensitive on names.
    pub headers: Vec<(String, String)>,
    pub cookies: Vec<(String, String)>,
    pub client_ip: Option<IpAddr>,
    /// The wall-clock second (Unix time) the request arrived, when the caller knows it:
    /// `serve` does; `route` leaves it out so its answers do not depend on the clock (a
    /// cookie's `Expires` is then left out).
    pub unix_time: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// Why a URL or flag could not become a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError(pub String);

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RequestError {}

impl Request {
    /// `http://host[:port]/path?query`. The scheme and port choose the listener; the host
    /// becomes the Host header unless one is given later.
    pub fn from_url(url: &str) -> Result<Request, RequestError> {
        let (scheme, rest) = if let Some(rest) = strip_prefix_ci(url, "http://") {
            (Scheme::Http, rest)
        } else if let Some(rest) = strip_prefix_ci(url, "https://") {
            (Scheme::Https, rest)
        } else {
            return Err(RequestError(format!(
                "`{url}` is not an http:// or https:// URL"
            )));
        };
        let rest = rest.split('#').next().unwrap_or("");
        let (authority, path_and_query) = match rest.find(['/', '?']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        if authority.is_empty() {
            return Err(RequestError(format!("`{url}` has no host")));
        }
        let (_, port) =
            split_host_port(authority).map_err(|e| RequestError(format!("`{url}`: {e}")))?;
        let (path, query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p, q),
            None => (path_and_query, ""),
        };
        let path = if path.is_empty() { "/" } else { path };
        if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(RequestError(format!(
                "`{url}`: the path contains spaces or control characters; percent-encode them"
            )));
        }
        Ok(Request {
            method: "GET".to_string(),
            scheme,
            port: port.unwrap_or(scheme.default_port()),
            host: authority.to_string(),
            path: path.to_string(),
            query: query.to_string(),
            headers: Vec::new(),
            cookies: Vec::new(),
            client_ip: None,
            unix_time: None,
        })
    }

    /// Add a header. `Host` replaces the host; `Cookie` adds cookies.
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<(), RequestError> {
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(RequestError(format!("`{name}` is not a valid header name")));
        }
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            split_host_port(value).map_err(|e| RequestError(format!("Host header: {e}")))?;
            self.host = value.to_string();
        } else if name.eq_ignore_ascii_case("cookie") {
            self.add_cookies(value)?;
        }
        self.headers.push((name.to_string(), value.to_string()));
        Ok(())
    }

    /// `name=value`, or several separated by `;` as in a Cookie header.
    pub fn add_cookies(&mut self, cookies: &str) -> Result<(), RequestError> {
        for pair in cookies.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((name, value)) = pair.split_once('=') else {
                return Err(RequestError(format!("cookie `{pair}` is not name=value")));
            };
            self.cookies
                .push((name.trim().to_string(), value.trim().to_string()));
        }
        Ok(())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The Host without its port, lower case: what host conditions compare with.
    pub fn host_name(&self) -> String {
        let host = split_host_port(&self.host).map_or(self.host.as_str(), |(h, _)| h);
        host.trim_end_matches('.').to_ascii_lowercase()
    }

    /// Query parameters in order, undecoded.
    pub fn query_params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
    }

    /// The path and query as a request line carries them.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`.
pub fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), String> {
    let parse_port = |p: &str| {
        p.parse::<u16>()
            .ok()
            .filter(|&p| p != 0)
            .ok_or_else(|| format!("`{p}` is not a port (1-65535)"))
    };
    if let Some(rest) = authority.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return Err(format!("`{authority}` has an unclosed `[`"));
        };
        return match after.strip_prefix(':') {
            Some(p) => Ok((host, Some(parse_port(p)?))),
            None if after.is_empty() => Ok((host, None)),
            None => Err(format!("`{authority}` is not a host[:port]")),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => Ok((host, Some(parse_port(port)?))),
        None => Ok((authority, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_scheme_port_host_path_and_query() {
        let r = Request::from_url("https://Demo.Example.com:8443/a/b?x=1&y").unwrap();
        assert_eq!((r.scheme, r.port), (Scheme::Https, 8443));
        assert_eq!(r.host_name(), "demo.example.com");
        assert_eq!((r.path.as_str(), r.query.as_str()), ("/a/b", "x=1&y"));
        let r = Request::from_url("http://h").unwrap();
        assert_eq!((r.port, r.path.as_str()), (80, "/"));
        let r = Request::from_url("http://[::1]:8080/x").unwrap();
        assert_eq!((r.host_name(), r.port), ("::1".to_string(), 8080));
        assert!(Request::from_url("ftp://h/").is_err());
        assert!(Request::from_url("http://h:99999/").is_err());
        assert!(Request::from_url("http:///x").is_err());
    }

    #[test]
    fn host_and_cookie_headers_feed_matching() {
        let mut r = Request::from_url("http://10.0.0.1/").unwrap();
        r.add_header("Host", "shop.example.com:80").unwrap();
        r.add_header("Cookie", "a=1; demo=always").unwrap();
        assert_eq!(r.host_name(), "shop.example.com");
        assert_eq!(r.cookie("demo"), Some("always"));
        assert!(r.add_header("Bad Name", "x").is_err());
    }
}

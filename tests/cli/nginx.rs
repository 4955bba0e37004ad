//! ingress-nginx (`--controller nginx`) end to end: `alb serve` over echo replicas, a
//! sequence of requests per sticky-session annotation, the cookie carried from one response
//! to the next as a browser would (docs/ingress-nginx-semantics.md §11, the sticky-session
//! guide's table).

use crate::serve::{Reply, get, start};

const FIXTURE: &str = "testdata/serve/nginx-affinity.yaml";

/// The affinity cookie a response sets: `(name=value, attributes)`.
fn set_cookie(reply: &Reply) -> Option<(String, String)> {
    let value = reply.header("set-cookie")?;
    let (pair, attributes) = value.split_once("; ").unwrap_or((value, ""));
    Some((pair.to_string(), attributes.to_string()))
}

fn pod(reply: &Reply) -> String {
    reply.json()["pod"].to_string()
}

/// The first request sets the cookie; the next ten carry it, reach the same replica and get
/// no new cookie. Returns the cookie's attributes.
fn sticks(server: &crate::serve::Server, host: &str, path: &str, name: &str) -> String {
    let first = get(server.http, host, path, &[]);
    assert_eq!(first.status, 200, "{host}{path}: {}", first.body);
    let (pair, attributes) = set_cookie(&first).unwrap_or_else(|| panic!("{host}: no cookie"));
    assert!(pair.starts_with(&format!("{name}=")), "{host}: {pair}");
    // `<key>|<backend key>` (§11.5).
    assert_eq!(pair.matches('|').count(), 1, "{host}: {pair}");
    let pinned = pod(&first);
    for _ in 0..10 {
        let next = get(server.http, host, path, &[("Cookie", &pair)]);
        assert_eq!(pod(&next), pinned, "{host}: the cookie keeps the replica");
        assert!(
            set_cookie(&next).is_none(),
            "{host}: no new cookie while pinned"
        );
    }
    attributes
}

#[test]
fn each_affinity_annotation_shapes_the_cookie_and_the_session_sticks() {
    let server = start(&["-f", FIXTURE, "--controller", "nginx"]);

    // affinity: cookie alone: INGRESSCOOKIE, Path = the location's path as written, HttpOnly.
    let attributes = sticks(&server, "plain.example.com", "/app/x", "INGRESSCOOKIE");
    assert_eq!(attributes, "Path=/app; HttpOnly");

    // session-cookie-name, -path, -domain, -max-age, -samesite, in lua-resty-cookie's order.
    let attributes = sticks(&server, "named.example.com", "/app", "route");
    assert_eq!(
        attributes,
        "Max-Age=172800; Domain=named.example.com; Path=/; HttpOnly; SameSite=Lax"
    );

    // session-cookie-secure, and conditional SameSite=None: kept for a browser that takes it,
    // left out for one that rejects it (Chrome 5x).
    let attributes = sticks(&server, "secure.example.com", "/app", "INGRESSCOOKIE");
    assert_eq!(attributes, "Path=/app; Secure; HttpOnly; SameSite=None");
    let old_chrome = get(
        server.http,
        "secure.example.com",
        "/app",
        &[(
            "User-Agent",
            "Mozilla/5.0 Chrome/51.0.2704.103 Safari/537.36",
        )],
    );
    let (_, attributes) = set_cookie(&old_chrome).expect("a cookie");
    assert_eq!(attributes, "Path=/app; Secure; HttpOnly");

    // session-cookie-expires: Expires, in nginx's cookie date, two days after the request.
    let attributes = sticks(&server, "expires.example.com", "/app", "INGRESSCOOKIE");
    let expires = attributes
        .strip_prefix("Expires=")
        .and_then(|a| a.strip_suffix("; Path=/app; HttpOnly"))
        .unwrap_or_else(|| panic!("{attributes}"));
    // `Sun, 12-Feb-17 14:11:12 GMT` (ngx.cookie_time), the year two digits up to 2037.
    let shape: String = expires
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_ascii_alphabetic() {
                'a'
            } else {
                c
            }
        })
        .collect();
    assert_eq!(shape, "aaa, 99-aaa-99 99:99:99 aaa", "{expires}");

    // A lower-case SameSite passes the webhook, but lua-resty-cookie drops it.
    let attributes = sticks(&server, "lower.example.com", "/app", "INGRESSCOOKIE");
    assert_eq!(attributes, "Path=/app; HttpOnly");

    // affinity-mode persistent: sticks too; an unknown key gets a new endpoint and cookie.
    sticks(&server, "persistent.example.com", "/app", "INGRESSCOOKIE");
    let stale = get(
        server.http,
        "persistent.example.com",
        "/app",
        &[("Cookie", "INGRESSCOOKIE=0123456789abcdef|nothing")],
    );
    assert!(
        set_cookie(&stale).is_some(),
        "persistent: an unknown key is replaced"
    );

    // Cookie settings without `affinity: cookie` do nothing: no cookie, requests spread.
    let pods: std::collections::BTreeSet<String> = (0..6)
        .map(|_| {
            let reply = get(server.http, "nocookie.example.com", "/app", &[]);
            assert!(set_cookie(&reply).is_none());
            pod(&reply)
        })
        .collect();
    assert!(pods.len() > 1, "{pods:?}");
}

fn service(reply: &Reply) -> String {
    reply.json()["service"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Requests without a cookie until one lands on `wanted` (a 50 % canary): that reply.
fn first_on(server: &crate::serve::Server, host: &str, wanted: &str) -> Reply {
    (0..64)
        .map(|_| get(server.http, host, "/", &[]))
        .find(|r| service(r) == wanted)
        .unwrap_or_else(|| panic!("{host}: no request reached {wanted} in 64 tries"))
}

#[test]
fn affinity_canary_behavior_decides_whether_a_canary_session_sticks() {
    let server = start(&[
        "-f",
        "testdata/serve/nginx-canary-affinity.yaml",
        "--controller",
        "nginx",
    ]);
    // sticky (the default): whichever side serves a new client pins it, canary included; a
    // pinned client is not moved by the canary header either (§10.2 steps 1 and 4).
    for side in ["default/stable", "default/beta"] {
        let first = first_on(&server, "sticky.example.com", side);
        let (cookie, _) = set_cookie(&first).unwrap_or_else(|| panic!("{side}: no cookie"));
        let pinned = pod(&first);
        for header in ["always", "never", "other"] {
            let next = get(
                server.http,
                "sticky.example.com",
                "/",
                &[("Cookie", &cookie), ("X-Canary", header)],
            );
            assert_eq!(
                service(&next),
                side,
                "X-Canary: {header} moved a {side} session"
            );
            assert_eq!(pod(&next), pinned);
            assert!(set_cookie(&next).is_none());
        }
    }
    // Without a cookie, the header still decides.
    let header = get(
        server.http,
        "sticky.example.com",
        "/",
        &[("X-Canary", "always")],
    );
    assert_eq!(service(&header), "default/beta");

    // legacy: the canary takes no affinity: it sets no cookie, and a client pinned to the
    // main Service never reaches the canary.
    let canary = first_on(&server, "legacy.example.com", "default/beta2");
    assert!(
        set_cookie(&canary).is_none(),
        "legacy: the canary sets no cookie"
    );
    let main = first_on(&server, "legacy.example.com", "default/stable2");
    let (cookie, _) = set_cookie(&main).expect("the main Service sets its cookie");
    for _ in 0..20 {
        let next = get(
            server.http,
            "legacy.example.com",
            "/",
            &[("Cookie", &cookie)],
        );
        assert_eq!(service(&next), "default/stable2");
    }
}

#[test]
fn change_on_failure_moves_a_session_off_a_failed_endpoint_and_the_default_keeps_it() {
    let (live, _keep_alive) = crate::serve::backend("live");
    // A port nothing listens on any more: connections are refused.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let mapping = format!("default/app:80={live},{dead}");
    let server = start(&[
        "-f",
        "testdata/serve/nginx-failover.yaml",
        "--controller",
        "nginx",
        "--backend",
        &mapping,
    ]);
    // Sessions with made-up keys: balanced affinity hashes any key onto an endpoint, so some
    // are pinned to the dead one.
    let session = |host: &str, i: usize| {
        let cookie = format!("INGRESSCOOKIE=session{i}|key");
        get(server.http, host, "/", &[("Cookie", &cookie)])
    };
    // Default: the retry stays on the pinned endpoint, so a session pinned to the dead one
    // fails (502), and the others reach the live one without a new cookie.
    let kept: Vec<Reply> = (0..40).map(|i| session("keep.example.com", i)).collect();
    let failed = kept.iter().filter(|r| r.status == 502).count();
    assert!(failed > 0, "some sessions are pinned to the dead endpoint");
    for reply in kept.iter().filter(|r| r.status != 502) {
        assert_eq!((reply.status, reply.body.as_str()), (200, "live"));
        assert!(set_cookie(reply).is_none());
    }
    // change-on-failure: every session ends on the live endpoint; those moved get a new
    // cookie, as many as failed above (the same keys land on the same endpoints).
    let changed: Vec<Reply> = (0..40).map(|i| session("change.example.com", i)).collect();
    for reply in &changed {
        assert_eq!((reply.status, reply.body.as_str()), (200, "live"));
    }
    let moved = changed.iter().filter(|r| set_cookie(r).is_some()).count();
    assert_eq!(moved, failed, "each moved session gets a new cookie");
}

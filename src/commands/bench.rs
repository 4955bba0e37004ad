//! `alb bench`: the load generator (a URL, or the manifests served in-process with `--serve`)
//! and `--engine`, how fast the engine decides with no network in the way. The sockets and
//! clocks of a run live in `runtime::loadgen`; this module checks flags, derives requests and
//! renders the report.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use alb_engine::backends::EndpointSource;
use alb_engine::chance::Rolls;
use alb_engine::compile::{
    self, CompileOptions, Condition, Direction, ListenerKey, Protocol, Rule,
};
use alb_engine::route::{Request, Router, example_request};
use anyhow::Result;
use bytes::Bytes;
use serde_json::json;

use crate::cli::{BenchArgs, GlobalArgs, OutputFormat};
use crate::exit::ExitStatus;
use crate::output;
use crate::pipeline;
use crate::runtime::loadgen::{self, Limit, Plan, Report, Target, Template};

/// Requests per timed batch: timing single decisions would mostly measure the clock.
const BATCH: usize = 64;

pub fn engine(global: &GlobalArgs, args: &BenchArgs) -> Result<ExitStatus> {
    if global.filenames.is_empty() && global.stdin_filename.is_none() {
        eprintln!("alb bench: no manifests: give them with -f PATH");
        return Ok(ExitStatus::Error);
    }
    let started = Instant::now();
    let inputs = super::inputs(global, &global.filenames);
    let (sources, manifest, diags) = pipeline::load(&inputs)?;
    let loaded = started.elapsed();
    pipeline::report_load_diagnostics(inputs.color, &diags, &sources, &manifest)?;
    let compiled = Instant::now();
    let router = Router::new(compile::compile(
        &manifest,
        &CompileOptions {
            controller: inputs.controller,
        },
    ));
    let compiled = compiled.elapsed();
    pipeline::report_skipped(router.table());
    let group = match pipeline::select_group(&router, args.albconfig.as_deref()) {
        Ok(group) => group,
        Err(message) => {
            eprintln!("alb bench: {message}");
            return Ok(ExitStatus::Error);
        }
    };
    let listeners = &router.table().groups[group].listeners;
    let rules: usize = listeners.iter().map(|l| l.rules.len()).sum();
    let requests = sample_requests(
        listeners
            .iter()
            .flat_map(|l| l.rules.iter().map(move |r| (l.key, r))),
        rules,
        args.distinct.max(1),
    );
    if requests.is_empty() {
        eprintln!("alb bench: the manifests give no rule to derive requests from");
        return Ok(ExitStatus::Error);
    }

    // Warm up caches and the allocator, then time batches.
    let mut rolls = Rolls::new(args.seed);
    let mut matched = 0u64;
    for request in requests.iter().take(10_000) {
        matched += u64::from(
            router
                .decide(group, request, rolls.next_roll())
                .rule
                .is_some(),
        );
    }
    let total = args.requests.unwrap_or(1_000_000).max(BATCH as u64);
    let mut per_decision_ns: Vec<f64> = Vec::with_capacity((total / BATCH as u64) as usize + 1);
    let mut done = 0u64;
    let mut i = 0usize;
    let run = Instant::now();
    while done < total {
        let start = Instant::now();
        for _ in 0..BATCH {
            let request = &requests[i % requests.len()];
            i += 1;
            let decision = router.decide(group, request, rolls.next_roll());
            matched += u64::from(decision.rule.is_some());
        }
        per_decision_ns.push(start.elapsed().as_nanos() as f64 / BATCH as f64);
        done += BATCH as u64;
    }
    let elapsed = run.elapsed();
    per_decision_ns.sort_by(f64::total_cmp);
    let quantile = |q: f64| per_decision_ns[((per_decision_ns.len() - 1) as f64 * q) as usize];

    let mut out = output::stdout();
    writeln!(
        out,
        "engine: {} Ingresses, {rules} rules on {} listeners; {} distinct requests from the rules",
        manifest.ingresses.len(),
        listeners.len(),
        requests.len()
    )?;
    writeln!(
        out,
        "load {:.0} ms, compile {:.0} ms",
        loaded.as_secs_f64() * 1e3,
        compiled.as_secs_f64() * 1e3
    )?;
    writeln!(
        out,
        "decisions: {done} in {:.2} s = {:.0} decisions/s ({:.1}% matched a rule)",
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64(),
        matched as f64 * 100.0 / (done + requests.len().min(10_000) as u64) as f64
    )?;
    writeln!(
        out,
        "ns/decision: median {:.0}, p90 {:.0}, p99 {:.0}, mean {:.0} (batches of {BATCH})",
        quantile(0.5),
        quantile(0.9),
        quantile(0.99),
        elapsed.as_nanos() as f64 / done as f64
    )?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// One request per rule (up to `distinct`, evenly spread), as the engine derives them, so most
/// requests match and the index does real work.
fn sample_requests<'r>(
    rules: impl Iterator<Item = (ListenerKey, &'r Rule)>,
    count: usize,
    distinct: usize,
) -> Vec<Request> {
    let step = count.div_ceil(distinct).max(1);
    rules
        .step_by(step)
        .map(|(key, rule)| example_request(rule, key))
        .collect()
}

fn usage(message: impl std::fmt::Display) -> Result<ExitStatus> {
    eprintln!("alb bench: {message}");
    Ok(ExitStatus::Error)
}

/// `alb bench`: `--engine`, `--serve`, or a URL.
pub fn run(global: &GlobalArgs, args: &BenchArgs) -> Result<ExitStatus> {
    if args.engine {
        return engine(global, args);
    }
    if !matches!(global.output, OutputFormat::Human | OutputFormat::Json) {
        return usage(format!(
            "-o {} is not an output of bench (human or json)",
            global.output.name()
        ));
    }
    if args.connections == 0 {
        return usage("-c/--connections must be at least 1");
    }
    if args.requests == Some(0) {
        return usage("-n/--requests must be at least 1");
    }
    if args.threads == Some(0) {
        return usage("--threads must be at least 1");
    }
    if let Some(rate) = args.rate
        && !(rate.is_finite() && rate > 0.0)
    {
        return usage(format!(
            "--rate {rate}: give a positive number of requests per second"
        ));
    }
    let limit = match (args.duration, args.requests) {
        (Some(d), _) => Limit::Duration(d),
        (None, Some(n)) => Limit::Requests(n),
        (None, None) => Limit::Duration(Duration::from_secs(10)),
    };
    let body = match args.body.as_deref() {
        None => Bytes::new(),
        Some(text) => match text.strip_prefix('@') {
            Some(path) => match std::fs::read(path) {
                Ok(bytes) => Bytes::from(bytes),
                Err(error) => return usage(format!("cannot read --body @{path}: {error}")),
            },
            None => Bytes::from(text.to_string()),
        },
    };
    let mut headers = Vec::new();
    let mut host_header = None;
    for header in &args.headers {
        let Some((name, value)) = header.split_once(':') else {
            return usage(format!("-H `{header}` is not `Name: value`"));
        };
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() {
            return usage(format!("-H `{header}` has no header name"));
        }
        if name.eq_ignore_ascii_case("host") {
            host_header = Some(value.to_string());
        } else {
            headers.push((name.to_string(), value.to_string()));
        }
    }
    let flags = Flags {
        limit,
        body,
        headers,
        host_header,
    };
    if args.serve {
        if global.filenames.is_empty() && global.stdin_filename.is_none() {
            return usage("--serve needs manifests: give them with -f PATH");
        }
        return serve(global, args, &flags);
    }
    match args.url.as_deref() {
        Some(url) => url_bench(global, args, &flags, url),
        None => usage(
            "give a URL to load, -f PATH --serve to load the manifests served in-process, or \
             --engine -f PATH to time the routing engine",
        ),
    }
}

/// Flags checked once, shared by the URL and `--serve` modes.
struct Flags {
    limit: Limit,
    body: Bytes,
    headers: Vec<(String, String)>,
    host_header: Option<String>,
}

fn plan(args: &BenchArgs, flags: &Flags, targets: Vec<Target>, templates: Vec<Template>) -> Plan {
    Plan {
        targets,
        templates,
        connections: args.connections,
        limit: flags.limit,
        rate: args.rate,
        keepalive: !args.no_keepalive,
        http2: args.http2,
        timeout: args.timeout,
        progress: std::io::stderr().is_terminal(),
    }
}

fn url_bench(
    global: &GlobalArgs,
    args: &BenchArgs,
    flags: &Flags,
    url: &str,
) -> Result<ExitStatus> {
    let uri: hyper::Uri = match url.parse() {
        Ok(uri) => uri,
        Err(_) => {
            return usage(format!(
                "`{url}` is not a URL like http://127.0.0.1:8080/path"
            ));
        }
    };
    let scheme = match uri.scheme_str() {
        Some("http") => "http",
        Some("https") => "https",
        Some(other) => {
            return usage(format!(
                "`{url}`: the scheme `{other}` is not http or https"
            ));
        }
        None => return usage(format!("`{url}` lacks http:// or https://")),
    };
    let Some(authority) = uri.authority() else {
        return usage(format!("`{url}` names no host"));
    };
    let host = authority
        .host()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let port = authority
        .port_u16()
        .unwrap_or(if scheme == "https" { 443 } else { 80 });
    let addr: SocketAddr = match (host, port).to_socket_addrs().map(|mut a| a.next()) {
        Ok(Some(addr)) => addr,
        Ok(None) | Err(_) => return usage(format!("cannot resolve the host `{host}` of `{url}`")),
    };
    let tls = if scheme == "https" {
        match loadgen::tls_target(host, args.insecure, args.cacert.as_deref(), args.http2) {
            Ok(tls) => Some(tls),
            Err(message) => return usage(message),
        }
    } else {
        None
    };
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let authority = flags
        .host_header
        .clone()
        .unwrap_or_else(|| authority.as_str().to_string());
    let template = match Template::new(
        0,
        &args.method,
        scheme,
        &authority,
        path,
        &flags.headers,
        flags.body.clone(),
        !args.no_keepalive,
    ) {
        Ok(t) => t,
        Err(message) => return usage(message),
    };
    let plan = Arc::new(plan(
        args,
        flags,
        vec![Target {
            addr,
            tls,
            label: String::new(),
        }],
        vec![template],
    ));
    let runtime = crate::runtime::tokio_runtime(args.threads)?;
    let report = runtime.block_on(async {
        loadgen::probe(&plan.targets[0], plan.http2, plan.timeout).await?;
        Ok::<_, String>(loadgen::drive(plan.clone()).await)
    });
    let report = match report {
        Ok(report) => report,
        Err(reason) => return usage(format!("{url}: {reason}")),
    };
    let described = Described {
        target: url.to_string(),
        listeners: Vec::new(),
        unreached: Vec::new(),
        rules_derived: None,
    };
    render(global, args, &plan, &described, &report)?;
    Ok(ExitStatus::Success)
}

/// One request per rule of every served listener, with the rule's conditions satisfied where a
/// request can satisfy them (host, path, method, header, cookie and query conditions).
fn rule_requests(router: &Router, group: usize) -> Vec<(ListenerKey, Rule)> {
    let mut out = Vec::new();
    for listener in &router.table().groups[group].listeners {
        if listener.key.protocol == Protocol::Quic {
            continue;
        }
        for rule in &listener.rules {
            if rule.direction == Direction::Response {
                continue;
            }
            out.push((listener.key, rule.clone()));
        }
    }
    out
}

/// The request a rule is derived into (the engine's `example_request`), as the load
/// generator sends it: method, Host, path and query, extra headers (cookies as one header).
fn request_for(
    key: ListenerKey,
    rule: &Rule,
    method: &str,
) -> (String, String, String, Vec<(String, String)>) {
    let request = example_request(rule, key);
    let method = if rule
        .conditions
        .iter()
        .any(|c| matches!(c, Condition::Method { .. }))
    {
        request.method.clone()
    } else {
        method.to_string()
    };
    let mut headers = request.headers.clone();
    if !request.cookies.is_empty() {
        let cookies: Vec<String> = request
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        headers.push(("cookie".to_string(), cookies.join("; ")));
    }
    (
        method,
        request.host.clone(),
        request.path_and_query(),
        headers,
    )
}

fn serve(global: &GlobalArgs, args: &BenchArgs, flags: &Flags) -> Result<ExitStatus> {
    let runtime = crate::runtime::tokio_runtime(args.threads)?;
    let outcome = runtime.block_on(async {
        let served = match loadgen::serve_in_process(
            super::inputs(global, &global.filenames),
            args.albconfig.clone(),
            args.seed,
        )
        .await?
        {
            Ok(served) => served,
            Err(message) => return Ok(Err(message)),
        };
        let (rules, name, replicas) = served.with_loaded(|router, group, groups| {
            let replicas: Vec<(String, Vec<String>)> = groups
                .iter()
                .filter(|spec| spec.source == EndpointSource::LocalReplicas)
                .map(|spec| {
                    (
                        format!("{}/{}", spec.id.target.namespace, spec.id.target.service),
                        spec.endpoints.iter().map(|e| e.address.clone()).collect(),
                    )
                })
                .collect();
            (
                rule_requests(router, group),
                router.table().groups[group].name.clone(),
                replicas,
            )
        });
        let mut targets = Vec::new();
        let mut target_of = Vec::new();
        let mut listeners = Vec::new();
        for (key, addr) in &served.listeners {
            let sni = rules
                .iter()
                .find(|(k, r)| k == key && !r.host.is_empty() && !r.host.contains(['*', '?']))
                .map_or("localhost".to_string(), |(_, r)| r.host.clone());
            let tls = if key.protocol.is_tls() {
                match loadgen::tls_target(&sni, true, None, args.http2) {
                    Ok(tls) => Some(tls),
                    Err(message) => return Ok(Err(message)),
                }
            } else {
                None
            };
            target_of.push(*key);
            listeners.push((key.to_string(), addr.to_string()));
            targets.push(Target {
                addr: *addr,
                tls,
                label: key.to_string(),
            });
        }
        let mut templates = Vec::new();
        for (key, rule) in &rules {
            let Some(target) = target_of.iter().position(|k| k == key) else {
                continue;
            };
            let (method, host, path, mut headers) = request_for(*key, rule, &args.method);
            headers.extend(flags.headers.iter().cloned());
            let scheme = if key.protocol.is_tls() {
                "https"
            } else {
                "http"
            };
            let host = flags.host_header.clone().unwrap_or(host);
            match Template::new(
                target,
                &method,
                scheme,
                &host,
                &path,
                &headers,
                flags.body.clone(),
                !args.no_keepalive,
            ) {
                Ok(t) => templates.push(t),
                Err(message) => {
                    eprintln!(
                        "alb bench: no request for rule #{} of Ingress {} on {key}: {message}",
                        rule.priority, rule.ingress_key
                    );
                }
            }
        }
        if templates.is_empty() {
            return Ok(Err(
                "the manifests give no rule to derive requests from".to_string()
            ));
        }
        eprintln!(
            "alb bench: serving the ALB of AlbConfig `{name}` in-process with echo backends: {}; \
             {} requests derived from the rules",
            listeners
                .iter()
                .map(|(k, a)| format!("{k} on {a}"))
                .collect::<Vec<_>>()
                .join(", "),
            templates.len()
        );
        let plan = Arc::new(plan(args, flags, targets, templates));
        for target in &plan.targets {
            if let Err(reason) = loadgen::probe(target, plan.http2, plan.timeout).await {
                return Ok(Err(reason));
            }
        }
        let report = loadgen::drive(plan.clone()).await;
        drop(served);
        anyhow::Ok(Ok((plan, report, listeners, replicas, rules.len())))
    })?;
    let (plan, report, listeners, replicas, derived) = match outcome {
        Ok(done) => done,
        Err(message) => return usage(message),
    };
    // Replicas of a Service that answered, which themselves answered nothing.
    let mut unreached = Vec::new();
    for (service, pods) in &replicas {
        let prefix = format!("{service}/");
        if report.backends.keys().any(|b| b.starts_with(&prefix)) {
            for pod in pods {
                let name = format!("{service}/{pod}");
                if !report.backends.contains_key(&name) {
                    unreached.push(name);
                }
            }
        }
    }
    let described = Described {
        target: "serve".to_string(),
        listeners,
        unreached,
        rules_derived: Some(derived),
    };
    render(global, args, &plan, &described, &report)?;
    drop(runtime);
    Ok(ExitStatus::Success)
}

/// What was loaded, for the report.
struct Described {
    target: String,
    /// `--serve`: each listener and its local address.
    listeners: Vec<(String, String)>,
    /// `--serve`: echo replicas of a Service that answered, which received nothing.
    unreached: Vec<String>,
    /// `--serve`: how many rules requests were derived from.
    rules_derived: Option<usize>,
}

/// Backends by Service: `ns/svc/pod` names group by `ns/svc`; other names (addresses from
/// `x-alb-backend`) form one group.
fn groups(backends: &BTreeMap<String, u64>) -> BTreeMap<&str, Vec<(&str, u64)>> {
    let mut out: BTreeMap<&str, Vec<(&str, u64)>> = BTreeMap::new();
    for (name, count) in backends {
        let service = match name.rsplit_once('/') {
            Some((service, _)) if service.contains('/') => service,
            _ => "",
        };
        out.entry(service).or_default().push((name, *count));
    }
    out
}

fn ratio(counts: &[(&str, u64)]) -> Option<f64> {
    if counts.len() < 2 {
        return None;
    }
    let max = counts.iter().map(|c| c.1).max()?;
    let min = counts.iter().map(|c| c.1).min()?;
    Some(max as f64 / min.max(1) as f64)
}

/// The worst max/min ratio over the Services with at least two backends that answered.
fn imbalance(backends: &BTreeMap<String, u64>) -> Option<f64> {
    groups(backends)
        .values()
        .filter_map(|g| ratio(g))
        .max_by(f64::total_cmp)
}

fn ms(micros: u64) -> f64 {
    micros as f64 / 1e3
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

fn render(
    global: &GlobalArgs,
    args: &BenchArgs,
    plan: &Plan,
    described: &Described,
    report: &Report,
) -> Result<()> {
    let answered = report.answered();
    let secs = report.elapsed.as_secs_f64();
    let latency = &report.latency_us;
    let quantile = |q: f64| {
        if answered == 0 {
            0
        } else {
            latency.value_at_quantile(q)
        }
    };
    let imbalance = imbalance(&report.backends);
    let mut out = output::stdout();
    if global.output == OutputFormat::Json {
        let document = json!({
            "version": 1,
            "target": described.target,
            "connections": plan.connections.max(plan.targets.len()),
            "rate": args.rate,
            "http": if args.http2 { "2" } else { "1.1" },
            "keepalive": plan.keepalive,
            "requests": answered,
            "errors": report.errors,
            "duration_secs": round(secs, 3),
            "requests_per_sec": round(answered as f64 / secs.max(1e-9), 1),
            "bytes_read": report.bytes,
            "latency_ms": {
                "min": ms(if answered == 0 { 0 } else { latency.min() }),
                "mean": round(latency.mean() / 1e3, 3),
                "p50": ms(quantile(0.5)),
                "p90": ms(quantile(0.9)),
                "p99": ms(quantile(0.99)),
                "p999": ms(quantile(0.999)),
                "max": ms(latency.max()),
            },
            "status": report.status.iter().map(|(s, n)| (s.to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "backends": report.backends,
            "imbalance": imbalance.map(|r| round(r, 3)),
            "rules": sorted_rules(report).into_iter().map(|((listener, rule), stats)| json!({
                "listener": (!listener.is_empty()).then_some(listener),
                "rule": rule,
                "requests": stats.requests,
                "status": stats.status.iter().map(|(s, n)| (s.to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
                "backends": stats.backends,
            })).collect::<Vec<_>>(),
            "listeners": described.listeners.iter().map(|(k, a)| json!({"listener": k, "address": a})).collect::<Vec<_>>(),
            "unreached": described.unreached,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&document)?)?;
        out.flush()?;
        return Ok(());
    }

    let mode = match args.rate {
        Some(rate) => format!("open loop at {rate} req/s"),
        None => "closed loop".to_string(),
    };
    let limit = match plan.limit {
        Limit::Duration(d) => format!("{}s", round(d.as_secs_f64(), 3)),
        Limit::Requests(n) => format!("{n} requests"),
    };
    writeln!(
        out,
        "alb bench {}: {} connections, {limit}, {mode}, HTTP/{}{}",
        if described.rules_derived.is_some() {
            "--serve (the manifests, in-process)"
        } else {
            described.target.as_str()
        },
        plan.connections.max(plan.targets.len()),
        if args.http2 { "2" } else { "1.1" },
        if plan.keepalive {
            " keep-alive"
        } else {
            ", a new connection per request"
        },
    )?;
    if let Some(rules) = described.rules_derived {
        writeln!(
            out,
            "  one request per rule ({rules} rules) on {}",
            described
                .listeners
                .iter()
                .map(|(k, a)| format!("{k} ({a})"))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    writeln!(out)?;
    let errors = report.errors_total();
    writeln!(
        out,
        "requests  {answered} answered in {secs:.2}s = {:.1} req/s, {:.2} MB/s read",
        answered as f64 / secs.max(1e-9),
        report.bytes as f64 / 1e6 / secs.max(1e-9),
    )?;
    if errors == 0 {
        writeln!(out, "errors    none")?;
    } else {
        writeln!(
            out,
            "errors    {errors}: {}",
            report
                .errors
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    if answered > 0 {
        writeln!(
            out,
            "latency   p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} ms, max {:.3} ms (mean {:.3} ms){}",
            ms(quantile(0.5)),
            ms(quantile(0.9)),
            ms(quantile(0.99)),
            ms(quantile(0.999)),
            ms(latency.max()),
            latency.mean() / 1e3,
            if args.rate.is_some() {
                ", from the intended send times"
            } else {
                ""
            },
        )?;
        writeln!(out)?;
        writeln!(out, "latency histogram (ms, upper bounds)")?;
        for (upper, count) in histogram(latency) {
            let width = (count as f64 / answered as f64 * 40.0).round() as usize;
            writeln!(
                out,
                "  {:>9.3}  {:>9}  {}",
                ms(upper),
                count,
                "■".repeat(if count > 0 { width.max(1) } else { 0 })
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "status    {}",
        if report.status.is_empty() {
            "none".to_string()
        } else {
            status_counts(&report.status)
        }
    )?;
    if report.backends.is_empty() {
        writeln!(
            out,
            "backends  not identified (no x-alb-backend header and no alb echo body)"
        )?;
    } else {
        writeln!(
            out,
            "backends  (x-alb-backend, or the echo backend's service/pod)"
        )?;
        let width = name_width(&report.backends);
        for (service, members) in groups(&report.backends) {
            let total: u64 = members.iter().map(|m| m.1).sum();
            for (name, count) in &members {
                writeln!(
                    out,
                    "  {name:<width$}  {count:>9}  {:>5.1}%",
                    *count as f64 * 100.0 / total.max(1) as f64
                )?;
            }
            if let Some(r) = ratio(&members) {
                let label = if service.is_empty() { "all" } else { service };
                writeln!(
                    out,
                    "  {:<width$}  imbalance max/min {r:.2}",
                    format!("{label}:")
                )?;
            }
        }
        for name in &described.unreached {
            writeln!(out, "  {name:<width$}          0  (no request reached it)")?;
        }
        match imbalance {
            Some(r) => writeln!(out, "imbalance {r:.2} (max/min, the worst Service)")?,
            None => writeln!(
                out,
                "imbalance n/a (no Service with two backends answering)"
            )?,
        }
    }
    if !report.rules.is_empty() {
        writeln!(out)?;
        writeln!(out, "rules (x-alb-rule: the rule that answered)")?;
        for ((listener, rule), stats) in sorted_rules(report) {
            let rule = if listener.is_empty() {
                rule.clone()
            } else {
                format!("{listener} {rule}")
            };
            writeln!(
                out,
                "  {rule}: {} requests, status {}",
                stats.requests,
                status_counts(&stats.status)
            )?;
            let width = name_width(&stats.backends);
            let total: u64 = stats.backends.values().sum();
            for (backend, count) in &stats.backends {
                writeln!(
                    out,
                    "      {backend:<width$}  {count:>9}  {:>5.1}%",
                    *count as f64 * 100.0 / total.max(1) as f64
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `200: 950, 503: 50`, by status.
fn status_counts(status: &BTreeMap<u16, u64>) -> String {
    let counts: Vec<_> = status.iter().map(|(s, n)| format!("{s}: {n}")).collect();
    counts.join(", ")
}

/// The column width for backend names.
fn name_width(backends: &BTreeMap<String, u64>) -> usize {
    backends
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0)
}

/// Rules in evaluation order: by listener port, then priority (`x-alb-rule` is `ingress #N`).
fn sorted_rules(report: &Report) -> Vec<(&(String, String), &loadgen::RuleStats)> {
    let mut rules: Vec<_> = report.rules.iter().collect();
    let number = |text: &str, from: char| -> u64 {
        text.rsplit(from)
            .next()
            .and_then(|t| t.split('/').next())
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(u64::MAX)
    };
    rules.sort_by_key(|((listener, rule), _)| {
        (
            listener
                .split('/')
                .next()
                .and_then(|p| p.parse::<u64>().ok()),
            listener.clone(),
            number(rule, '#'),
            rule.clone(),
        )
    });
    rules
}

/// Ten buckets on a logarithmic scale from the fastest answer to the slowest: (upper bound in
/// microseconds, count).
fn histogram(latency: &hdrhistogram::Histogram<u64>) -> Vec<(u64, u64)> {
    let (min, max) = (latency.min().max(1), latency.max().max(1));
    if min == max {
        return vec![(max, latency.len())];
    }
    let bounds: Vec<u64> = (1..=10)
        .map(|i| (min as f64 * (max as f64 / min as f64).powf(i as f64 / 10.0)).round() as u64)
        .collect();
    let mut counts = vec![0u64; bounds.len()];
    for value in latency.iter_recorded() {
        let v = latency
            .highest_equivalent(value.value_iterated_to())
            .min(max);
        let i = bounds
            .iter()
            .position(|b| v <= *b)
            .unwrap_or(bounds.len() - 1);
        counts[i] += value.count_at_value();
    }
    bounds.into_iter().zip(counts).collect()
}

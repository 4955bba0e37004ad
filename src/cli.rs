//! The command line, as clap definitions. `--help` text comes from these doc comments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "alb",
    version,
    about = "Lint, explain, route, serve and bench Kubernetes Ingress manifests for Alibaba Cloud ALB",
    long_about = "Lint, explain, route, serve and bench Kubernetes Ingress manifests for Alibaba Cloud \
                  Application Load Balancer (ALB), before anything reaches a cluster.\n\n\
                  Exit codes: 0 success; 1 the command ran and found a problem (lint errors, a \
                  request that matched no rule, a failed route assertion); 2 usage error, \
                  unreadable input or internal error.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Manifest file or directory to read (repeatable). Directories are read recursively
    /// (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input.
    #[arg(short = 'f', long = "filename", value_name = "PATH", global = true)]
    pub filenames: Vec<PathBuf>,

    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, global = true, default_value_t = OutputFormat::Human)]
    pub output: OutputFormat,

    /// Which controller's semantics to simulate: Ingresses of other controllers are skipped
    /// (and named in the summary), and an Ingress whose controller neither its class nor its
    /// annotations settle is taken to be this one's.
    #[arg(long, value_enum, global = true, default_value_t = ControllerArg::Alb)]
    pub controller: ControllerArg,

    /// When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// The file name to show for manifests read from standard input.
    #[arg(long, global = true, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Tables and diagnostics for people.
    Human,
    /// One JSON document (`version: 1`), the contract documented in the README.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (lint only).
    Sarif,
    /// GitHub Actions workflow-command annotations (lint only).
    Github,
}

impl OutputFormat {
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Human => "human",
            OutputFormat::Json => "json",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Github => "github",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ControllerArg {
    /// Alibaba Cloud ALB Ingress controller.
    Alb,
    /// ingress-nginx.
    Nginx,
    /// Traefik.
    Traefik,
    /// Huawei Cloud CCE ELB.
    Cce,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report what ALB or ingress-nginx would reject, and the silent traps they accept.
    Lint(LintArgs),
    /// Explain an annotation, or list manifests' rules in the order the ALB evaluates them.
    Explain(ExplainArgs),
    /// Show which rule, canary, rewrite and backend a request hits, and why not the others.
    Route(RouteArgs),
    /// Run the manifests as a local proxy: the engine decides every request.
    Serve(ServeArgs),
    /// Load a URL (or the manifests served in-process) and report throughput, latency and the
    /// spread over backends; `--engine` times the routing engine alone.
    Bench(BenchArgs),
    /// Print a shell completion script.
    #[command(hide = true)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    alb lint manifests/\n  \
    kubectl get ingress,ingressclass,service,albconfig -A -o yaml | alb lint -\n  \
    alb lint manifests/ -o sarif > alb.sarif\n  \
    alb lint manifests/ --select ALB1,ALB4 --ignore ALB406\n\n\
    Exit codes: 0 no errors (warnings allowed unless --deny-warnings); 1 errors found; 2 unreadable \
    input, bad flags, or nothing checked (no Ingress or AlbConfig among the inputs is one alb \
    checks; --allow-empty makes that 0).\n\
    Silence codes on one object with the annotation `alb.lint/ignore: \"ALB101,ALB4\"`.")]
pub struct LintArgs {
    /// Manifest files or directories (same as -f); `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Only these codes or code prefixes (comma-separated or repeated): `ALB1` is every
    /// canary rule, `ALL` every rule.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Not these codes or code prefixes.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Exit 1 on warnings too, not only on errors.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Exit 0, not 2, when nothing among the inputs is checked (no Ingress or AlbConfig alb
    /// checks): for hooks that pass whichever files changed.
    #[arg(long)]
    pub allow_empty: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// An annotation, by full name (`alb.ingress.kubernetes.io/canary-weight`) or short name
    /// (`canary-weight`), or a lint code (`ALB101`). Without it, `-f` lists the rules of the
    /// manifests.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    alb route -f testdata/examples/ http://demo.domain.ingress.top/hello\n  \
    alb route -f testdata/examples/ -H 'location: hz' http://x/hello -o json\n  \
    alb route -f manifests/ --requests requests.jsonl\n  \
    alb route --check testdata/route/path-match.yaml\n\n\
    Exit codes: 0 the request matched a rule (or every check passed); 1 no rule matched (or a check \
    failed); 2 bad input.")]
pub struct RouteArgs {
    /// The URL the client asks for: `http://host[:port]/path?query`. The scheme and port choose
    /// the listener; the host is the Host header unless -H 'Host: …' says otherwise.
    #[arg(value_name = "URL", required_unless_present_any = ["requests", "check"])]
    pub url: Option<String>,

    /// Request method.
    #[arg(
        short = 'X',
        long = "request",
        value_name = "METHOD",
        default_value = "GET"
    )]
    pub method: String,

    /// Request header, `Name: value` (repeatable).
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Cookie, `name=value` or `a=1; b=2` (repeatable).
    #[arg(short = 'b', long = "cookie", value_name = "COOKIE")]
    pub cookies: Vec<String>,

    /// The client's IP address (for SourceIp conditions and per-IP limits).
    #[arg(long, value_name = "IP")]
    pub client_ip: Option<String>,

    /// Seed for choosing among weighted targets; the same seed gives the same picks.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// The AlbConfig (ALB) to route through, when the manifests describe several.
    #[arg(long, value_name = "NAME")]
    pub albconfig: Option<String>,

    /// Route every request of a JSON-lines file (`-` for stdin): one decision per line out.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["url", "check"])]
    pub requests: Option<PathBuf>,

    /// Run the route assertions of a YAML file and report rule coverage (repeatable).
    #[arg(long, value_name = "FILE", conflicts_with = "url")]
    pub check: Vec<PathBuf>,

    /// Show the whole trace: rules for other hosts too (human output), or the trace of every
    /// request (`--requests`).
    #[arg(long)]
    pub full_trace: bool,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:\n  \
    alb serve -f testdata/examples/          # echo backends, listeners 80→:8080, 443→:8443\n  \
    curl -H 'Host: demo.domain.ingress.top' http://127.0.0.1:8080/hello\n  \
    alb serve -f k8s/ --backend default/web:80=127.0.0.1:3000 --listen 80=127.0.0.1:9080\n\n\
    Exit codes: 0 after SIGINT/SIGTERM once in-flight requests finished; 2 when an address cannot \
    be bound or the input is unusable.")]
pub struct ServeArgs {
    /// Where an ALB listener port listens locally, `PORT=ADDR` (repeatable). Defaults: 80 on
    /// 127.0.0.1:8080, 443 on 127.0.0.1:8443, other ports below 1024 on port+8000.
    #[arg(long = "listen", value_name = "PORT=ADDR")]
    pub listen: Vec<String>,

    /// Send a Service port's traffic to real servers: `namespace/service:port=ADDR[,ADDR...]`
    /// (repeatable). Without it, Endpoints/EndpointSlice addresses are used, else built-in echo
    /// backends, one per Deployment replica.
    #[arg(long = "backend", value_name = "SVC=ADDRS")]
    pub backends: Vec<String>,

    /// Serve /metrics, /routes and /healthz on this loopback address.
    #[arg(long, value_name = "ADDR")]
    pub admin: Option<String>,

    /// Re-read the manifests when they change; swap the route table only when they lint
    /// without errors.
    #[arg(long)]
    pub watch: bool,

    /// No access log lines on stderr.
    #[arg(short, long)]
    pub quiet: bool,

    /// Worker threads (default: the number of CPUs).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Add `x-alb-rule` and `x-alb-backend` response headers naming the rule and the endpoint.
    #[arg(long)]
    pub debug_headers: bool,

    /// The AlbConfig (ALB) to serve, when the manifests describe several.
    #[arg(long, value_name = "NAME")]
    pub albconfig: Option<String>,

    /// Seed for weighted picks among canary targets.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    alb bench http://127.0.0.1:8080/ -c 50 -d 10s\n  \
    alb bench http://127.0.0.1:8080/hello -H 'Host: demo.domain.ingress.top' -n 10000 -o json\n  \
    alb bench http://127.0.0.1:8080/ --rate 2000 -d 30s     # open loop: no coordinated omission\n  \
    alb bench -f testdata/examples/ --serve -c 50 -d 5s     # is this config balanced?\n  \
    alb bench --engine -f big.yaml                         # decisions per second, no network\n\n\
    Exit codes: 0 the run completed (errors and 5xx answers are reported, not failures); 2 bad \
    flags, unreadable input, or a target that cannot be reached at the start.")]
pub struct BenchArgs {
    /// The URL to load: `http://host[:port]/path?query` or `https://…` (with -k or --cacert).
    #[arg(value_name = "URL", conflicts_with_all = ["engine", "serve"])]
    pub url: Option<String>,

    /// Start `alb serve` in-process on 127.0.0.1 with echo backends for the manifests (-f) and
    /// load it with one request per rule, reporting the spread per rule and per backend.
    #[arg(long, conflicts_with = "engine")]
    pub serve: bool,

    /// Measure the routing engine alone (no network): decisions per second and nanoseconds
    /// per decision over requests derived from the manifests' own rules.
    #[arg(long)]
    pub engine: bool,

    /// Concurrent connections, each with one request in flight.
    #[arg(short = 'c', long, default_value_t = 50, value_name = "N")]
    pub connections: usize,

    /// How long to send requests, e.g. `10s`, `1m`, `500ms` (default 10s unless -n is given).
    #[arg(short = 'd', long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "requests")]
    pub duration: Option<std::time::Duration>,

    /// Number of requests to send instead of a duration; with --engine, decisions to time
    /// (default one million).
    #[arg(short = 'n', long, value_name = "N")]
    pub requests: Option<u64>,

    /// Open loop: send R requests per second in total on a fixed schedule, whatever the
    /// answers; latency counts from each request's intended send time.
    #[arg(long, value_name = "R")]
    pub rate: Option<f64>,

    /// Request header, `Name: value` (repeatable); `Host: …` overrides the URL's host.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Request method.
    #[arg(
        short = 'X',
        long = "method",
        value_name = "METHOD",
        default_value = "GET"
    )]
    pub method: String,

    /// Request body: a string, or `@FILE` to read it from a file.
    #[arg(long, value_name = "BODY")]
    pub body: Option<String>,

    /// A new connection for every request (counted in its latency) instead of keep-alive.
    #[arg(long)]
    pub no_keepalive: bool,

    /// HTTP/2: prior knowledge (h2c) for http URLs, ALPN for https.
    #[arg(long)]
    pub http2: bool,

    /// Do not verify the server's TLS certificate (needed for https unless --cacert is given:
    /// alb bundles no CA roots).
    #[arg(short = 'k', long)]
    pub insecure: bool,

    /// Verify the server's certificate against the CA certificates of this PEM file.
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,

    /// How long one request may take before it counts as a timeout error.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s")]
    pub timeout: std::time::Duration,

    /// Worker threads (default: the number of CPUs); 1 runs everything on the current thread.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Seed for choosing among weighted targets (--engine, --serve).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// How many distinct requests to cycle through: one per rule, spread evenly over the
    /// rules (--engine). More distinct requests touch more of the table, as real traffic does.
    #[arg(long, default_value_t = 1_000, value_name = "N")]
    pub distinct: usize,

    /// The AlbConfig (ALB) to route through, when the manifests describe several.
    #[arg(long, value_name = "NAME")]
    pub albconfig: Option<String>,
}

/// `10s`, `1m`, `500ms`, `2h`, `1.5s`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like 10s, 1m or 500ms"))?;
    let seconds = match unit {
        "" | "s" => value,
        "ms" => value / 1e3,
        "us" | "µs" => value / 1e6,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        _ => {
            return Err(format!(
                "`{text}`: unknown unit `{unit}` (use ms, s, m or h)"
            ));
        }
    };
    if !seconds.is_finite() || seconds <= 0.0 || seconds > 1e9 {
        return Err(format!("`{text}` is not a positive duration"));
    }
    Ok(std::time::Duration::from_secs_f64(seconds))
}

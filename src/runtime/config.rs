//! What `serve` runs: the compiled router, the listener addresses, and where each Service port's
//! traffic goes. Built at start and again on each reload.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use alb_engine::compile::{ListenerKey, ServiceTarget};
use alb_engine::dispatch::ServerGroups;
use alb_engine::manifest::Manifest;
use alb_engine::route::Router;
use alb_engine::{Diagnostic, SourceMap};
use anyhow::Result;

use crate::pipeline::{self, Inputs, Routed};

/// One loaded configuration.
pub struct Loaded {
    pub router: Router,
    pub group: usize,
    pub sources: SourceMap,
    pub manifest: Manifest,
    pub diagnostics: Vec<Diagnostic>,
    /// ALB listener → local address.
    pub listeners: Vec<(ListenerKey, SocketAddr)>,
    /// Every server group the ALB forwards to, with its endpoints and settings.
    pub groups: ServerGroups,
}

/// `--backend ns/svc:port=ADDR[,ADDR]`.
pub fn parse_backends(specs: &[String]) -> Result<BTreeMap<ServiceTarget, Vec<String>>, String> {
    let mut out = BTreeMap::new();
    for spec in specs {
        let (target, addrs) = spec
            .split_once('=')
            .ok_or_else(|| format!("--backend `{spec}` is not ns/svc:port=ADDR[,ADDR]"))?;
        let (ns_svc, port) = target
            .rsplit_once(':')
            .ok_or_else(|| format!("--backend `{spec}`: `{target}` lacks :port"))?;
        let (namespace, service) = ns_svc.split_once('/').unwrap_or(("default", ns_svc));
        let port: i64 = port
            .parse()
            .map_err(|_| format!("--backend `{spec}`: `{port}` is not a port number"))?;
        let addrs: Vec<String> = addrs
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        if addrs.is_empty() {
            return Err(format!("--backend `{spec}` names no address"));
        }
        for a in &addrs {
            if a.parse::<SocketAddr>().is_err() && !a.contains(':') {
                return Err(format!("--backend `{spec}`: `{a}` is not host:port"));
            }
        }
        out.insert(
            ServiceTarget {
                namespace: namespace.to_string(),
                service: service.to_string(),
                port,
            },
            addrs,
        );
    }
    Ok(out)
}

/// `--listen PORT=ADDR`, and the defaults for the rest.
pub fn listen_addresses(
    keys: &[ListenerKey],
    specs: &[String],
) -> Result<Vec<(ListenerKey, SocketAddr)>, String> {
    let mut overrides = BTreeMap::new();
    for spec in specs {
        let (port, addr) = spec
            .split_once('=')
            .ok_or_else(|| format!("--listen `{spec}` is not PORT=ADDR"))?;
        let port: u16 = port
            .parse()
            .map_err(|_| format!("--listen `{spec}`: `{port}` is not a port"))?;
        let addr: SocketAddr = addr.parse().map_err(|_| {
            format!("--listen `{spec}`: `{addr}` is not an address like 127.0.0.1:8080")
        })?;
        overrides.insert(port, addr);
    }
    for port in overrides.keys() {
        if !keys.iter().any(|k| k.port == *port) {
            return Err(format!(
                "--listen {port}: the ALB has no listener on port {port} (it has {})",
                keys.iter()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    Ok(keys
        .iter()
        .map(|key| {
            let addr = overrides.get(&key.port).copied().unwrap_or_else(|| {
                let local = if key.port < 1024 {
                    key.port + 8000
                } else {
                    key.port
                };
                SocketAddr::from(([127, 0, 0, 1], local))
            });
            (*key, addr)
        })
        .collect())
}

/// What `serve` runs with: the manifests and the serve flags, independent of the command line.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub inputs: Inputs,
    /// `--listen PORT=ADDR`.
    pub listen: Vec<String>,
    /// `--backend ns/svc:port=ADDR[,ADDR]`.
    pub backends: Vec<String>,
    /// `--admin ADDR`.
    pub admin: Option<String>,
    /// Reload when the manifests change.
    pub watch: bool,
    /// No access log.
    pub quiet: bool,
    /// Worker threads; `None` is one per core.
    pub threads: Option<usize>,
    /// `x-alb-rule` and `x-alb-backend` on every response.
    pub debug_headers: bool,
    /// `--albconfig NAME`: the ALB to serve.
    pub albconfig: Option<String>,
    /// Seed of the weighted picks.
    pub seed: u64,
}

/// Load the inputs into a serveable configuration (saying on stderr what was skipped). `Err`
/// text is for the user.
pub fn load(options: &ServeOptions) -> Result<Result<Loaded, String>> {
    let Routed {
        sources,
        manifest,
        diagnostics,
        router,
        group,
    } = pipeline::route(&options.inputs, options.albconfig.as_deref())?;
    pipeline::report_skipped(router.table());
    let group = match group {
        Ok(group) => group,
        Err(message) => return Ok(Err(message)),
    };
    let keys: Vec<ListenerKey> = router.table().groups[group]
        .listeners
        .iter()
        .map(|l| l.key)
        .collect();
    let listeners = match listen_addresses(&keys, &options.listen) {
        Ok(l) => l,
        Err(message) => return Ok(Err(message)),
    };
    let mapped = match parse_backends(&options.backends) {
        Ok(m) => m,
        Err(message) => return Ok(Err(message)),
    };
    let groups = ServerGroups::build(&router, group, &manifest, &mapped);
    Ok(Ok(Loaded {
        router,
        group,
        sources,
        manifest,
        diagnostics,
        listeners,
        groups,
    }))
}

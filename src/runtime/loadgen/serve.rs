//! `alb serve` in the bench's own process (`bench --serve`): the manifests served on loopback
//! with echo backends and the debug headers that tell which rule and backend answered.

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use alb_engine::compile::ListenerKey;
use alb_engine::dispatch::ServerGroups;
use alb_engine::route::Router;
use anyhow::Result;
use arc_swap::ArcSwap;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::pipeline::Inputs;
use crate::runtime::ServeOptions;
use crate::runtime::proxy::Shared;

/// `alb serve` running in this process on loopback, with echo backends and the debug headers.
pub struct Served {
    /// Every listener served, with its local address.
    pub listeners: Vec<(ListenerKey, SocketAddr)>,
    shared: Arc<Shared>,
    /// Dropping it would stop the accept loops.
    _stop: watch::Sender<bool>,
}

impl Served {
    /// Look at the configuration being served: the router, the ALB's group, the server groups.
    pub fn with_loaded<R>(&self, f: impl FnOnce(&Router, usize, &ServerGroups) -> R) -> R {
        let loaded = self.shared.loaded.load();
        f(&loaded.router, loaded.group, &loaded.groups)
    }
}

/// Start `serve` in-process for `bench --serve`: every listener on 127.0.0.1 with an ephemeral
/// port (QUIC listeners are skipped), built-in echo backends for every Service (Endpoints in
/// the inputs are ignored), `x-alb-rule` and `x-alb-backend` on every response, no access log.
/// `Err` text is for the user.
pub async fn serve_in_process(
    inputs: Inputs,
    albconfig: Option<String>,
    seed: u64,
) -> Result<Result<Served, String>> {
    let options = ServeOptions {
        inputs,
        listen: Vec::new(),
        backends: Vec::new(),
        admin: None,
        watch: false,
        quiet: true,
        threads: None,
        debug_headers: true,
        albconfig,
        seed,
    };
    let mut loaded = match crate::runtime::config::load(&options)? {
        Ok(loaded) => loaded,
        Err(message) => return Ok(Err(message)),
    };
    crate::pipeline::report_load_diagnostics(
        options.inputs.color,
        &loaded.diagnostics,
        &loaded.sources,
        &loaded.manifest,
    )?;
    loaded.manifest.endpoints.clear();
    loaded.manifest.endpoint_slices.clear();
    loaded.groups = ServerGroups::build(
        &loaded.router,
        loaded.group,
        &loaded.manifest,
        &BTreeMap::new(),
    );
    let mut bound = Vec::new();
    for (key, _) in &loaded.listeners {
        if key.protocol == alb_engine::compile::Protocol::Quic {
            continue;
        }
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        bound.push((*key, listener));
    }
    loaded.listeners = bound
        .iter()
        .map(|(key, l)| Ok((*key, l.local_addr()?)))
        .collect::<io::Result<_>>()?;
    let tls = if bound.iter().any(|(k, _)| k.protocol.is_tls()) {
        Some(crate::runtime::tls::server_config(&loaded)?)
    } else {
        None
    };
    let listeners = loaded.listeners.clone();
    let shared = Arc::new(Shared::new(ArcSwap::from_pointee(loaded), &options));
    if let Ok(mut state) = shared.state.lock() {
        let loaded = shared.loaded.load();
        state.sync(loaded.groups.iter(), shared.now());
    }
    tokio::spawn(crate::runtime::prober::run(shared.clone()));
    let connections = tokio_util::task::TaskTracker::new();
    let (stop, stopped) = watch::channel(false);
    for (key, listener) in bound {
        let acceptor = tls
            .as_ref()
            .filter(|_| key.protocol.is_tls())
            .map(|t| t.acceptor.clone());
        tokio::spawn(crate::runtime::server::accept_loop(
            key,
            listener,
            acceptor,
            shared.clone(),
            connections.clone(),
            stopped.clone(),
        ));
    }
    Ok(Ok(Served {
        listeners,
        shared,
        _stop: stop,
    }))
}

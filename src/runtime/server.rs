//! Listeners, connections, shutdown.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use alb_engine::compile::ListenerKey;
use anyhow::Result;
use arc_swap::ArcSwap;
use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_util::task::TaskTracker;

use alb_engine::backends::EndpointSource;

use super::ServeOptions;
use super::config;
use super::http1::server::Ended;
use super::proxy::{self, Shared};
use super::{h2, http1, tls};
use crate::exit::ExitStatus;
use crate::pipeline;
use alb_engine::compile::ListenerTimeouts;

/// How long in-flight requests may take to finish after SIGINT/SIGTERM.
const DRAIN: Duration = Duration::from_secs(10);

pub async fn run(options: &ServeOptions) -> Result<ExitStatus> {
    let loaded = match config::load(options)? {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("alb serve: {message}");
            return Ok(ExitStatus::Error);
        }
    };
    pipeline::report_load_diagnostics(
        options.inputs.color,
        &loaded.diagnostics,
        &loaded.sources,
        &loaded.manifest,
    )?;

    // Bind everything before serving anything: an address in use is a clear error, exit 2.
    let mut bound = Vec::new();
    for (key, addr) in &loaded.listeners {
        match TcpListener::bind(addr).await {
            Ok(listener) => bound.push((*key, listener)),
            Err(error) => {
                eprintln!("alb serve: cannot listen on {addr} for the ALB listener {key}: {error}");
                return Ok(ExitStatus::Error);
            }
        }
    }
    let tls = if loaded.listeners.iter().any(|(k, _)| k.protocol.is_tls()) {
        Some(tls::server_config(&loaded)?)
    } else {
        None
    };

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "alb serve: ALB of AlbConfig `{}`",
        loaded.router.table().groups[loaded.group].name
    )?;
    for (key, listener) in &bound {
        let local = listener.local_addr()?;
        let scheme = if key.protocol.is_tls() {
            "https"
        } else {
            "http"
        };
        let rules = loaded.router.table().groups[loaded.group]
            .listeners
            .iter()
            .find(|l| l.key == *key)
            .map_or(0, |l| l.rules.len());
        writeln!(out, "  {key:<10} → {scheme}://{local}  ({rules} rules)")?;
    }
    if let Some(tls) = &tls {
        writeln!(out, "  TLS: {}", tls.description)?;
    }
    writeln!(out, "  backends:")?;
    for spec in loaded.groups.iter() {
        let list: Vec<&str> = spec.endpoints.iter().map(|e| e.address.as_str()).collect();
        let source = match spec.source {
            EndpointSource::LocalReplicas => "built-in echo",
            other => other.as_str(),
        };
        writeln!(
            out,
            "    {} (Ingress {}) → {} [{source}]",
            spec.id.alb_name(),
            spec.id.ingress,
            list.join(", ")
        )?;
    }
    out.flush()?;
    drop(out);

    let admin = match options.admin.as_deref().map(super::admin::parse_admin) {
        None => None,
        Some(Err(message)) => {
            eprintln!("alb serve: {message}");
            return Ok(ExitStatus::Error);
        }
        Some(Ok(addr)) => match TcpListener::bind(addr).await {
            Ok(listener) => Some(listener),
            Err(error) => {
                eprintln!("alb serve: cannot listen on {addr} for the admin endpoints: {error}");
                return Ok(ExitStatus::Error);
            }
        },
    };
    if let Some(admin) = &admin {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "  admin      → http://{}/metrics, /routes, /healthz",
            admin.local_addr()?
        )?;
        out.flush()?;
    }

    {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "alb serve: ready (Ctrl-C stops after in-flight requests finish)"
        )?;
        out.flush()?;
    }
    let shared = Arc::new(Shared::new(ArcSwap::from_pointee(loaded), options));
    if let Ok(mut state) = shared.state.lock() {
        let loaded = shared.loaded.load();
        state.sync(loaded.groups.iter(), shared.now());
    }
    tokio::spawn(super::prober::run(shared.clone()));
    if let Some(admin) = admin {
        tokio::spawn(super::admin::serve(admin, shared.clone()));
    }
    if options.watch {
        tokio::spawn(super::watch::run(options.clone(), shared.clone()));
    }
    let connections = TaskTracker::new();
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut loops = Vec::new();
    for (key, listener) in bound {
        let acceptor = tls
            .as_ref()
            .filter(|_| key.protocol.is_tls())
            .map(|t| t.acceptor.clone());
        loops.push(tokio::spawn(accept_loop(
            key,
            listener,
            acceptor,
            shared.clone(),
            connections.clone(),
            stop_rx.clone(),
        )));
    }

    shutdown_signal().await;
    eprintln!("alb serve: shutting down; finishing in-flight requests");
    let _ = stop_tx.send(true);
    for l in loops {
        let _ = l.await;
    }
    // Connections finish their request in flight and close; idle ones close at once.
    connections.close();
    if tokio::time::timeout(DRAIN, connections.wait())
        .await
        .is_err()
    {
        eprintln!(
            "alb serve: some requests did not finish within {}s",
            DRAIN.as_secs()
        );
    }
    Ok(ExitStatus::Success)
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

pub(super) async fn accept_loop(
    key: ListenerKey,
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shared: Arc<Shared>,
    connections: TaskTracker,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|s| *s) => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                eprintln!("alb serve: accept on {key}: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        // Read per connection: a reload may change them; a connection keeps its own.
        let timeouts = proxy::listener_timeouts(&shared.loaded.load(), key);
        connections.spawn(connection(
            stream,
            peer,
            key,
            tls.clone(),
            shared.clone(),
            timeouts,
            stop.clone(),
        ));
    }
}

/// One client connection: TLS first on HTTPS listeners, then HTTP/2 (ALPN `h2`, or the
/// prior-knowledge preface on cleartext) through hyper, or HTTP/1.x by hand.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    key: ListenerKey,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shared: Arc<Shared>,
    timeouts: ListenerTimeouts,
    stop: watch::Receiver<bool>,
) {
    match tls {
        Some(acceptor) => {
            // A failed or stalled handshake only ends that connection.
            let Ok(Ok(stream)) =
                tokio::time::timeout(timeouts.request, acceptor.accept(stream)).await
            else {
                return;
            };
            if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
                h2::serve_connection(stream, shared, key, peer, stop).await;
            } else {
                http1::server::serve_connection(stream, shared, key, peer, timeouts, stop, false)
                    .await;
            }
        }
        None => {
            let ended = http1::server::serve_connection(
                stream,
                shared.clone(),
                key,
                peer,
                timeouts,
                stop.clone(),
                true,
            )
            .await;
            if let Ended::Http2 { io, read } = ended {
                h2::serve_connection(h2::Prefixed::new(read, io), shared, key, peer, stop).await;
            }
        }
    }
}

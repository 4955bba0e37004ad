//! Active health checks: the engine says which probe is due and what to send; this task sends
//! it and reports the result with its time. Built-in echo replicas always pass.

use std::sync::Arc;
use std::time::Duration;

use alb_engine::backends::{EndpointSource, Probe, ProbeOutcome, ProbeProtocol};
use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::http1::wire::Head;
use super::proxy::Shared;

pub async fn run(shared: Arc<Shared>) {
    loop {
        let now = shared.now();
        let (probes, next) = match shared.state.lock() {
            Ok(mut state) => {
                let round = state.due_probes(now);
                for (group, change) in &round.changes {
                    report(&group.alb_name(), &change.address, change.healthy);
                }
                (round.probes, state.next_probe_at())
            }
            Err(_) => return,
        };
        for probe in probes {
            tokio::spawn(probe_one(shared.clone(), probe));
        }
        let wait = next
            .map_or(Duration::from_secs(1), |at| at.saturating_sub(shared.now()))
            .clamp(Duration::from_millis(10), Duration::from_secs(1));
        tokio::time::sleep(wait).await;
    }
}

fn report(group: &str, address: &str, healthy: bool) {
    let state = if healthy { "healthy" } else { "unhealthy" };
    eprintln!("alb serve: {group} endpoint {address} is now {state}");
}

async fn probe_one(shared: Arc<Shared>, probe: Probe) {
    let local = shared
        .loaded
        .load()
        .groups
        .get(&probe.group)
        .is_some_and(|s| s.source == EndpointSource::LocalReplicas);
    let outcome = if local {
        ProbeOutcome::Status(200)
    } else {
        match tokio::time::timeout(probe.timeout, send(&probe)).await {
            Ok(outcome) => outcome,
            Err(_) => ProbeOutcome::TimedOut,
        }
    };
    if let Ok(mut state) = shared.state.lock()
        && let Some(change) =
            state.on_probe_result(&probe.group, &probe.address, shared.now(), outcome)
    {
        report(&probe.group.alb_name(), &change.address, change.healthy);
    }
}

/// `host:port` with the health-check port instead of the endpoint's when one is set.
fn target(probe: &Probe) -> String {
    match (probe.port, probe.address.rsplit_once(':')) {
        (Some(port), Some((host, _))) => format!("{host}:{port}"),
        _ => probe.address.clone(),
    }
}

async fn send(probe: &Probe) -> ProbeOutcome {
    let address = target(probe);
    let Ok(mut stream) = TcpStream::connect(&address).await else {
        return ProbeOutcome::ConnectFailed;
    };
    if probe.protocol == ProbeProtocol::Tcp {
        return ProbeOutcome::Status(0);
    }
    let host = address
        .rsplit_once(':')
        .map_or(address.as_str(), |(h, _)| h);
    let request = format!(
        "{} {} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: alb-healthcheck\r\nConnection: close\r\n\r\n",
        probe.method, probe.path
    );
    if stream.write_all(request.as_bytes()).await.is_err() {
        return ProbeOutcome::ConnectFailed;
    }
    // The status of the final response head, read as the proxy reads a backend's.
    let mut buf = BytesMut::with_capacity(1024);
    loop {
        match Head::take_final_response(&mut buf) {
            Ok(Some((head, _))) => return ProbeOutcome::Status(head.status),
            Ok(None) => {}
            Err(_) => return ProbeOutcome::ConnectFailed,
        }
        buf.reserve(1024);
        match stream.read_buf(&mut buf).await {
            Ok(0) | Err(_) => return ProbeOutcome::ConnectFailed,
            Ok(_) => {}
        }
    }
}

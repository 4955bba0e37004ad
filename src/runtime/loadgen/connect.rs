//! Connections to a target: TCP (no Nagle), TLS with ALPN when the target is https, and the
//! check that the target answers before a run.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::plan::{Target, TlsTarget};
use super::stats::ErrorKind;
use crate::runtime::stream::Stream;

/// Open one connection (and its TLS session) to check the target answers before the run.
pub async fn probe(target: &Target, http2: bool, timeout: Duration) -> Result<(), String> {
    match tokio::time::timeout(timeout, open(target, http2)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(refused)) => Err(refused.reason),
        Err(_) => Err(format!("no connection within {}s", timeout.as_secs_f64())),
    }
}

/// A connection for a worker; a failure counts by its kind.
pub(super) async fn connect(target: &Target, http2: bool) -> Result<Stream, ErrorKind> {
    open(target, http2).await.map_err(|refused| refused.kind)
}

/// Why no connection: its kind for the report, and words for the user.
struct Refused {
    kind: ErrorKind,
    reason: String,
}

async fn open(target: &Target, http2: bool) -> Result<Stream, Refused> {
    let refused = |kind, reason| Refused { kind, reason };
    let tcp = TcpStream::connect(target.addr).await.map_err(|e| {
        refused(
            ErrorKind::Connect,
            format!("cannot connect to {}: {e}", target.addr),
        )
    })?;
    let _ = tcp.set_nodelay(true);
    match &target.tls {
        None => Ok(Stream::Plain(tcp)),
        Some(tls) => {
            let stream = tls
                .connector
                .connect(tls.server_name.clone(), tcp)
                .await
                .map_err(|e| {
                    refused(
                        ErrorKind::Tls,
                        format!("TLS handshake with {} failed: {e}", target.addr),
                    )
                })?;
            if http2 && stream.get_ref().1.alpn_protocol() != Some(b"h2") {
                return Err(refused(
                    ErrorKind::Tls,
                    format!("{} did not agree to HTTP/2 (ALPN h2)", target.addr),
                ));
            }
            Ok(Stream::Tls(Box::new(stream)))
        }
    }
}

/// TLS to a target: `insecure` skips verification, otherwise the certificate must chain to a
/// CA of the `cacert` PEM file (alb bundles no CA roots). ALPN offers h2 or http/1.1.
pub fn tls_target(
    host: &str,
    insecure: bool,
    cacert: Option<&std::path::Path>,
    http2: bool,
) -> Result<TlsTarget, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut config = if insecure {
        crate::runtime::tls::client_config_without_verification()
    } else {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let path = cacert.ok_or_else(|| {
            "https needs -k/--insecure (do not verify the certificate) or --cacert FILE (verify \
             against these CAs): alb bundles no CA roots"
                .to_string()
        })?;
        let pem = std::fs::read(path)
            .map_err(|e| format!("cannot read --cacert {}: {e}", path.display()))?;
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| format!("--cacert {}: not PEM: {e}", path.display()))?;
            roots
                .add(cert)
                .map_err(|e| format!("--cacert {}: {e}", path.display()))?;
        }
        if roots.is_empty() {
            return Err(format!("--cacert {} holds no certificate", path.display()));
        }
        rustls::ClientConfig::builder()
            .with_root_certificates(roots)
            .with_no_client_auth()
    };
    config.alpn_protocols = if http2 {
        vec![b"h2".to_vec()]
    } else {
        vec![b"http/1.1".to_vec()]
    };
    let server_name = rustls::pki_types::ServerName::try_from(host.to_string())
        .map_err(|_| format!("`{host}` is not a TLS server name"))?;
    Ok(TlsTarget {
        connector: TlsConnector::from(Arc::new(config)),
        server_name,
    })
}

//! TLS for HTTPS listeners: the certificates of the kubernetes.io/tls Secrets that `spec.tls`
//! names, chosen by SNI; otherwise one generated self-signed certificate for the TLS hosts.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{Context, Result};
use base64::Engine as _;
use rustls::crypto::ring::sign::any_supported_type;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

use super::config::Loaded;

pub struct Tls {
    pub acceptor: tokio_rustls::TlsAcceptor,
    /// For the start-up banner: where the certificates come from and how to trust them.
    pub description: String,
}

#[derive(Debug)]
struct BySni {
    by_host: BTreeMap<String, Arc<CertifiedKey>>,
    fallback: Arc<CertifiedKey>,
}

impl ResolvesServerCert for BySni {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let Some(name) = hello.server_name().map(str::to_ascii_lowercase) else {
            return Some(self.fallback.clone());
        };
        if let Some(key) = self.by_host.get(&name) {
            return Some(key.clone());
        }
        // `*.example.com` covers exactly one more label.
        let wildcard = name.split_once('.').map(|(_, rest)| format!("*.{rest}"));
        Some(
            wildcard
                .and_then(|w| self.by_host.get(&w).cloned())
                .unwrap_or_else(|| self.fallback.clone()),
        )
    }
}

fn certified(chain_pem: &[u8], key_pem: &[u8]) -> Result<Arc<CertifiedKey>> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(chain_pem)
        .collect::<Result<_, _>>()
        .context("tls.crt is not PEM certificates")?;
    let key = PrivateKeyDer::from_pem_slice(key_pem).context("tls.key is not a PEM private key")?;
    let signing = any_supported_type(&key).context("unsupported private key type")?;
    Ok(Arc::new(CertifiedKey::new(chain, signing)))
}

/// The PEM bytes of a Secret's key, from `data` (base64) or `stringData`.
fn secret_value(secret: &alb_engine::manifest::Secret, key: &str) -> Option<Vec<u8>> {
    if let Some(v) = secret.string_data.get(key) {
        return Some(v.value.clone().into_bytes());
    }
    let encoded: String = secret.data.get(key)?.value.split_whitespace().collect();
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
}

pub fn server_config(loaded: &Loaded) -> Result<Tls> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut hosts: Vec<String> = Vec::new();
    let mut by_host = BTreeMap::new();
    let mut from_secrets = 0;
    for ingress in &loaded.manifest.ingresses {
        for tls in &ingress.tls {
            let tls_hosts: Vec<String> = tls
                .hosts
                .iter()
                .map(|h| h.value.to_ascii_lowercase())
                .collect();
            hosts.extend(tls_hosts.iter().cloned());
            let Some(name) = &tls.secret_name else {
                continue;
            };
            let secret = loaded.manifest.secrets.iter().find(|s| {
                s.meta.name.value == name.value && s.meta.namespace() == ingress.meta.namespace()
            });
            let Some(secret) = secret else { continue };
            let (Some(crt), Some(key)) = (
                secret_value(secret, "tls.crt"),
                secret_value(secret, "tls.key"),
            ) else {
                continue;
            };
            match certified(&crt, &key) {
                Ok(certified) => {
                    from_secrets += 1;
                    for host in &tls_hosts {
                        by_host.insert(host.clone(), certified.clone());
                    }
                }
                Err(error) => eprintln!(
                    "alb serve: Secret {}: {error:#}; using the generated certificate",
                    secret.meta.key()
                ),
            }
        }
    }
    hosts.sort();
    hosts.dedup();
    let mut names = hosts.clone();
    names.push("localhost".to_string());
    let generated = rcgen::generate_simple_self_signed(names.clone())
        .context("generating a self-signed certificate")?;
    let fallback = certified(
        generated.cert.pem().as_bytes(),
        generated.signing_key.serialize_pem().as_bytes(),
    )?;
    let mut config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(BySni { by_host, fallback }));
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let description = if from_secrets > 0 {
        format!(
            "{from_secrets} certificate(s) from Secrets, chosen by SNI; a generated self-signed one for other names"
        )
    } else {
        format!(
            "a generated self-signed certificate for {}: use `curl -k`, or trust it for this run only",
            names.join(", ")
        )
    };
    Ok(Tls {
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
        description,
    })
}

/// The client side for `backend-protocol: https`: ALB does not verify backend certificates,
/// so neither does `serve`.
pub fn client_config_without_verification() -> rustls::ClientConfig {
    let _ = rustls::crypto::ring::default_provider().install_default();
    rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate))
        .with_no_client_auth()
}

#[derive(Debug)]
struct AcceptAnyCertificate;

impl rustls::client::danger::ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &rustls::crypto::ring::default_provider().signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &rustls::crypto::ring::default_provider().signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

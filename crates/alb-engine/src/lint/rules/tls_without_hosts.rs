//! ALB407 tls-without-hosts.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `spec.tls` entry without `hosts` on an Ingress that has no TLS host at all and no `listen-ports`.
    ///
    /// ## Why is this bad?
    /// Without `listen-ports`, the controller derives an Ingress's listeners from host names: 443/HTTPS only if some `spec.tls[].hosts` entry is non-empty. A `tls` entry with only a `secretName`, which ingress-nginx accepts as "TLS for every host" with that certificate, therefore gives **no HTTPS listener**: the Ingress stays on 80/HTTP, and `https://` requests get none of its rules. (It still satisfies the `spec.tls` check of `backend-protocol: grpc`, which then runs over plain HTTP.)
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   tls:
    ///     - secretName: shop-tls   # no hosts
    ///   rules:
    ///     - host: shop.example.com
    /// ```
    ///
    /// ## Fix
    /// List the hosts the certificate is for under `hosts`, or set `alb.ingress.kubernetes.io/listen-ports: '[{"HTTPS": 443}]'` (with `{"HTTP": 80}` if HTTP is wanted too).
    pub RULE { code: "ALB407", name: "tls-without-hosts", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let ingress = info.ingress;
        if info.annotations.listen_ports.is_some()
            || ingress
                .tls
                .iter()
                .any(|t| t.hosts.iter().any(|h| !h.value.is_empty()))
        {
            continue;
        }
        for tls in &ingress.tls {
            let (span, secret) = match &tls.secret_name {
                Some(s) => (s.span, format!(" (secret `{}`)", s.value)),
                None => (tls.span, String::new()),
            };
            out.push(
                ctx.report(
                    &RULE,
                    span,
                    Some(ingress),
                    format!(
                        "this `spec.tls` entry{secret} lists no hosts: the controller puts an Ingress on 443/HTTPS only for TLS hosts, so this one gets no HTTPS listener"
                    ),
                )
                .with_label("no hosts")
                .with_help("list the hosts under `hosts`, or set `alb.ingress.kubernetes.io/listen-ports: '[{\"HTTPS\": 443}]'`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB407",
            include_str!("../../../../../testdata/lint/ALB407.yaml"),
        );
    }
}

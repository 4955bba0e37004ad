//! QPS limits: `traffic-limit-qps` per rule and `traffic-limit-ip-qps` per client IP
//! (semantics §2.5, §6.6), as token buckets on the caller's clock.
//!
//! A bucket holds at most `qps` tokens and refills continuously at `qps` per second; a
//! request takes one token or is refused, and the load balancer answers it 503. A new (or
//! long idle) bucket is full, so a flood admits exactly `qps` requests at once and then `qps`
//! per second — never a larger burst. ALB does not document its burst behaviour; this is the
//! strictest reading of "QPS".
//!
//! Buckets are keyed by [`RuleRef`] (the controller makes one rule per path and listener, so
//! each counts separately) and by (rule, client IP). A request refused by one limit takes no
//! token from the other. Per-IP buckets that have been idle long enough to be full again are
//! indistinguishable from new ones and are dropped ([`RateLimiter::prune`], run at most once a
//! second of the caller's time), so memory holds only the clients of the last second.
//!
//! The arithmetic is exact integers (nano-tokens), so the same times give the same answers.

use core::net::IpAddr;
use std::collections::BTreeMap;
use std::time::Duration;

use crate::compile::{Action, Rule};
use crate::route::RuleRef;

/// Nano-tokens per token.
const SCALE: u128 = 1_000_000_000;

/// The status the load balancer answers a limited request with (§6.6).
pub const LIMITED_STATUS: u16 = 503;

/// A token bucket of capacity `qps`, refilled at `qps` per second.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenBucket {
    qps: u64,
    /// Nano-tokens: refilling `qps` tokens per second is `qps` nano-tokens per nanosecond.
    level: u128,
    last: Duration,
}

impl TokenBucket {
    /// A full bucket.
    pub fn new(qps: u64, now: Duration) -> TokenBucket {
        let qps = qps.max(1);
        TokenBucket {
            qps,
            level: u128::from(qps) * SCALE,
            last: now,
        }
    }

    pub fn qps(&self) -> u64 {
        self.qps
    }

    fn capacity(&self) -> u128 {
        u128::from(self.qps) * SCALE
    }

    /// Add what `now - last` earned. Time never runs backwards for a bucket: an earlier
    /// `now` earns nothing.
    fn refill(&mut self, now: Duration) {
        if now > self.last {
            let earned = (now - self.last).as_nanos() * u128::from(self.qps);
            self.level = (self.level + earned).min(self.capacity());
            self.last = now;
        }
    }

    /// A new limit (a reloaded annotation) keeps the tokens, up to the new capacity.
    pub fn set_qps(&mut self, qps: u64, now: Duration) {
        self.refill(now);
        self.qps = qps.max(1);
        self.level = self.level.min(self.capacity());
    }

    /// Whole tokens available at `now`.
    pub fn available(&mut self, now: Duration) -> u64 {
        self.refill(now);
        u64::try_from(self.level / SCALE).unwrap_or(u64::MAX)
    }

    fn has_token(&mut self, now: Duration) -> bool {
        self.refill(now);
        self.level >= SCALE
    }

    fn take(&mut self) {
        self.level -= SCALE;
    }

    /// Take a token if there is one.
    pub fn try_acquire(&mut self, now: Duration) -> bool {
        let ok = self.has_token(now);
        if ok {
            self.take();
        }
        ok
    }

    /// When the bucket is full again if nothing takes from it.
    pub fn full_at(&self) -> Duration {
        let missing = self.capacity() - self.level;
        let nanos = missing.div_ceil(u128::from(self.qps));
        self.last + Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

/// A rule's limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrafficLimit {
    pub qps: Option<u64>,
    pub qps_per_ip: Option<u64>,
}

impl TrafficLimit {
    /// The rule's TrafficLimit action, if it has one with a positive limit (the controller
    /// refuses values below 1, so they never reach an ALB).
    pub fn of_rule(rule: &Rule) -> Option<TrafficLimit> {
        rule.actions.iter().find_map(|a| match a {
            Action::TrafficLimit { qps, qps_per_ip } => {
                let positive =
                    |q: &Option<i64>| q.and_then(|q| u64::try_from(q).ok()).filter(|&q| q > 0);
                let limit = TrafficLimit {
                    qps: positive(qps),
                    qps_per_ip: positive(qps_per_ip),
                };
                (limit != TrafficLimit::default()).then_some(limit)
            }
            _ => None,
        })
    }
}

/// Which limit refused a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitScope {
    Rule { qps: u64 },
    ClientIp { ip: IpAddr, qps: u64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    Admitted,
    /// Over the limit: the load balancer answers [`LIMITED_STATUS`].
    Limited(LimitScope),
}

impl Admission {
    pub fn is_admitted(self) -> bool {
        self == Admission::Admitted
    }

    /// For traces.
    pub fn describe(self) -> String {
        match self {
            Admission::Admitted => "within the rule's QPS limits".to_string(),
            Admission::Limited(LimitScope::Rule { qps }) => {
                format!("over the rule's limit of {qps} requests/s: the ALB answers 503")
            }
            Admission::Limited(LimitScope::ClientIp { ip, qps }) => {
                format!("over the limit of {qps} requests/s for client {ip}: the ALB answers 503")
            }
        }
    }
}

/// Every rule's and every client's bucket.
#[derive(Clone, Debug, Default)]
pub struct RateLimiter {
    rules: BTreeMap<RuleRef, TokenBucket>,
    clients: BTreeMap<(RuleRef, IpAddr), TokenBucket>,
    next_prune: Duration,
}

impl RateLimiter {
    pub fn new() -> RateLimiter {
        RateLimiter::default()
    }

    /// Admit or refuse one request on `rule` at `now`. Without a client IP the per-IP limit
    /// cannot apply and only the rule's counts.
    pub fn admit(
        &mut self,
        rule: RuleRef,
        limit: TrafficLimit,
        client_ip: Option<IpAddr>,
        now: Duration,
    ) -> Admission {
        if now >= self.next_prune {
            self.prune(now);
            self.next_prune = now + Duration::from_secs(1);
        }
        let mut rule_bucket = limit.qps.map(|qps| {
            let b = self
                .rules
                .entry(rule)
                .or_insert_with(|| TokenBucket::new(qps, now));
            b.set_qps(qps, now);
            b
        });
        if let Some(b) = rule_bucket.as_deref_mut()
            && !b.has_token(now)
        {
            return Admission::Limited(LimitScope::Rule { qps: b.qps() });
        }
        let mut client_bucket = match (limit.qps_per_ip, client_ip) {
            (Some(qps), Some(ip)) => {
                let b = self
                    .clients
                    .entry((rule, ip))
                    .or_insert_with(|| TokenBucket::new(qps, now));
                b.set_qps(qps, now);
                Some((ip, b))
            }
            _ => None,
        };
        if let Some((ip, b)) = client_bucket.as_mut()
            && !b.has_token(now)
        {
            return Admission::Limited(LimitScope::ClientIp {
                ip: *ip,
                qps: b.qps(),
            });
        }
        if let Some((_, b)) = client_bucket {
            b.take();
        }
        if let Some(b) = rule_bucket {
            b.take();
        }
        Admission::Admitted
    }

    /// Drop the per-IP buckets that are full again at `now`: a new bucket would be the same.
    pub fn prune(&mut self, now: Duration) {
        self.clients.retain(|_, b| b.full_at() > now);
    }

    /// Per-IP buckets held.
    pub fn client_buckets(&self) -> usize {
        self.clients.len()
    }

    /// Keep only the rules `keep` accepts (after a reload renumbered them, say).
    pub fn retain_rules(&mut self, keep: impl Fn(RuleRef) -> bool) {
        self.rules.retain(|r, _| keep(*r));
        self.clients.retain(|(r, _), _| keep(*r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);
    const S: Duration = Duration::from_secs(1);

    const RULE: RuleRef = RuleRef {
        group: 0,
        listener: 0,
        rule: 0,
    };

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    /// A request every millisecond in `[from, to)`; how many got through.
    fn flood(bucket: &mut TokenBucket, from: Duration, to: Duration) -> u64 {
        let mut admitted = 0;
        let mut t = from;
        while t < to {
            admitted += u64::from(bucket.try_acquire(t));
            t += MS;
        }
        admitted
    }

    #[test]
    fn a_bucket_admits_the_qps_per_second_and_no_larger_burst() {
        for qps in [1, 7, 10, 100, 500] {
            let mut b = TokenBucket::new(qps, Duration::ZERO);
            // A flood at one instant: exactly the QPS.
            let burst = (0..qps * 3)
                .filter(|_| b.try_acquire(Duration::ZERO))
                .count() as u64;
            assert_eq!(burst, qps);
            // A steady flood: exactly the QPS each second after that.
            for second in 0..10 {
                let start = Duration::ZERO + MS + second * S;
                assert_eq!(
                    flood(&mut b, start, start + S),
                    qps,
                    "qps {qps}, second {second}"
                );
            }
            // An hour idle saves up no more than the QPS.
            let later = 3_600 * S;
            let burst = (0..qps * 3).filter(|_| b.try_acquire(later)).count() as u64;
            assert_eq!(burst, qps);
            assert_eq!(b.available(later), 0);
        }
    }

    #[test]
    fn refill_is_continuous_and_capped() {
        let mut b = TokenBucket::new(10, Duration::ZERO);
        for _ in 0..10 {
            assert!(b.try_acquire(Duration::ZERO));
        }
        assert!(!b.try_acquire(99 * MS));
        assert!(b.try_acquire(100 * MS), "one token per 100 ms at 10 QPS");
        assert!(!b.try_acquire(150 * MS));
        assert_eq!(b.full_at(), 100 * MS + S);
        assert_eq!(b.available(10 * S), 10);
        // Time going backwards earns nothing and takes nothing.
        assert_eq!(b.available(S), 10);
    }

    #[test]
    fn rule_and_client_limits() {
        let mut limiter = RateLimiter::new();
        let limit = TrafficLimit {
            qps: Some(5),
            qps_per_ip: Some(2),
        };
        let t = Duration::ZERO;
        let admit = |l: &mut RateLimiter, last: u8| l.admit(RULE, limit, Some(ip(last)), t);
        assert!(admit(&mut limiter, 1).is_admitted());
        assert!(admit(&mut limiter, 1).is_admitted());
        assert_eq!(
            admit(&mut limiter, 1),
            Admission::Limited(LimitScope::ClientIp { ip: ip(1), qps: 2 })
        );
        // The refusal took nothing from the rule: three more clients fit, then the rule is full.
        assert!(admit(&mut limiter, 2).is_admitted());
        assert!(admit(&mut limiter, 2).is_admitted());
        assert!(admit(&mut limiter, 3).is_admitted());
        assert_eq!(
            admit(&mut limiter, 4),
            Admission::Limited(LimitScope::Rule { qps: 5 })
        );
        assert_eq!(
            Admission::Limited(LimitScope::Rule { qps: 5 }).describe(),
            "over the rule's limit of 5 requests/s: the ALB answers 503"
        );
        // Other rules count separately; without a client IP only the rule's limit applies.
        let other = RuleRef { rule: 1, ..RULE };
        for _ in 0..5 {
            assert!(limiter.admit(other, limit, None, t).is_admitted());
        }
        assert!(!limiter.admit(other, limit, None, t).is_admitted());
    }

    #[test]
    fn idle_client_buckets_are_pruned() {
        let mut limiter = RateLimiter::new();
        let limit = TrafficLimit {
            qps: None,
            qps_per_ip: Some(1),
        };
        for last in 0..=255 {
            assert!(
                limiter
                    .admit(RULE, limit, Some(ip(last)), Duration::ZERO)
                    .is_admitted()
            );
        }
        assert_eq!(limiter.client_buckets(), 256);
        // A second later every bucket is full again: the next request prunes them all.
        assert!(limiter.admit(RULE, limit, Some(ip(1)), S).is_admitted());
        assert_eq!(limiter.client_buckets(), 1);
        // Pruning changes no answer: ip(1) is empty now, ip(2) starts full.
        assert!(!limiter.admit(RULE, limit, Some(ip(1)), S).is_admitted());
        assert!(limiter.admit(RULE, limit, Some(ip(2)), S).is_admitted());
    }

    #[test]
    fn limits_are_read_from_the_rule() {
        use crate::compile::Rule;
        use crate::manifest::PathType;
        use crate::source::Span;
        let mut rule = Rule {
            priority: 1,
            ingress: 0,
            ingress_key: "default/demo".into(),
            rule_index: 0,
            path_index: 0,
            host: String::new(),
            path: "/".into(),
            path_type: PathType::Prefix,
            regex: false,
            conditions: Vec::new(),
            matches: Vec::new(),
            actions: vec![Action::TrafficLimit {
                qps: Some(50),
                qps_per_ip: Some(0),
            }],
            canary: None,
            direction: crate::compile::Direction::Request,
            span: Span::default(),
        };
        assert_eq!(
            TrafficLimit::of_rule(&rule),
            Some(TrafficLimit {
                qps: Some(50),
                qps_per_ip: None
            })
        );
        rule.actions.clear();
        assert_eq!(TrafficLimit::of_rule(&rule), None);
    }
}

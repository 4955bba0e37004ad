//! Consistent hashing for `sch` (client IP) and `uch` (a query parameter), over the engine's
//! fixed hash (`crate::digest`).
//!
//! The ring is ketama-style: every endpoint owns [`POINTS_PER_WEIGHT_100`] points (scaled by
//! its weight) at hashes of `address#n`; a key belongs to the first point at or after its own
//! hash, wrapping around. When an endpoint joins or leaves, only the keys on the arcs its
//! points cover move — about 1/N of them — and every other key keeps its endpoint.

use super::group::{Endpoint, EndpointId};

/// Points per endpoint of weight 100 (the ALB default). 160 is ketama's choice: enough that
/// each endpoint's share stays within a few percent of fair.
pub const POINTS_PER_WEIGHT_100: u64 = 160;

/// Seed of the ring's point and key hashes. Fixed: the same addresses give the same ring on
/// every machine and every run.
const RING_SEED: u64 = 0x616c_625f_7269_6e67; // "alb_ring"

pub use crate::digest::{fmix64, hash64};

/// A consistent-hash ring over a server group's endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashRing {
    /// (point, endpoint position), sorted; equal points are ordered by endpoint position.
    points: Vec<(u64, u32)>,
}

impl HashRing {
    pub fn new(endpoints: &[Endpoint]) -> HashRing {
        let mut points = Vec::new();
        let mut buf = Vec::new();
        for (i, endpoint) in endpoints.iter().enumerate() {
            for n in 0..points_for(endpoint.weight) {
                buf.clear();
                buf.extend_from_slice(endpoint.address.as_bytes());
                buf.push(b'#');
                buf.extend_from_slice(n.to_string().as_bytes());
                points.push((hash64(RING_SEED, &buf), i as u32));
            }
        }
        points.sort_unstable();
        HashRing { points }
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The endpoint that owns `key`, whatever its health.
    pub fn owner(&self, key: &[u8]) -> Option<EndpointId> {
        self.find(key, |_| true)
    }

    /// The first endpoint `accept`ed clockwise from `key`'s place: an unhealthy owner hands
    /// its keys to the next endpoints on the ring, and only its keys move.
    pub fn find(&self, key: &[u8], accept: impl Fn(EndpointId) -> bool) -> Option<EndpointId> {
        let n = self.points.len();
        if n == 0 {
            return None;
        }
        let h = hash64(RING_SEED, key);
        let start = self.points.partition_point(|&(p, _)| p < h);
        let mut last_rejected = None;
        for k in 0..n {
            let id = EndpointId(self.points[(start + k) % n].1 as usize);
            // Runs of points of one rejected endpoint are common; ask once per run.
            if last_rejected == Some(id) {
                continue;
            }
            if accept(id) {
                return Some(id);
            }
            last_rejected = Some(id);
        }
        None
    }
}

/// Points on the ring for an endpoint of this weight: 160 at weight 100, none at weight 0.
fn points_for(weight: u32) -> u64 {
    (POINTS_PER_WEIGHT_100 * u64::from(weight.min(1_000))).div_ceil(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoints(n: usize) -> Vec<Endpoint> {
        (0..n)
            .map(|i| Endpoint::new(format!("10.0.{}.{}:8080", i / 200, i % 200 + 1)))
            .collect()
    }

    fn owners(ring: &HashRing, group: &[Endpoint], keys: &[String]) -> Vec<String> {
        keys.iter()
            .map(|k| {
                let id = ring.owner(k.as_bytes()).expect("non-empty ring");
                group[id.0].address.clone()
            })
            .collect()
    }

    fn keys() -> Vec<String> {
        (0..10_000)
            .map(|i| format!("192.168.{}.{}", i / 250, i % 250))
            .collect()
    }

    #[test]
    fn the_hash_is_fixed() {
        // A change here changes every cookie token and ring position users already hold.
        assert_eq!(hash64(0, b""), fmix64(0xcbf2_9ce4_8422_2325));
        assert_eq!(hash64(7, b"10.0.0.1"), hash64(7, b"10.0.0.1"));
        assert_ne!(hash64(7, b"10.0.0.1"), hash64(7, b"10.0.0.2"));
        assert_ne!(hash64(7, b"10.0.0.1"), hash64(8, b"10.0.0.1"));
    }

    /// One of N backends leaves: at most 1.5/N of 10,000 keys change endpoint, and those are
    /// exactly the keys the leaving backend held. Every backend is tried as the one leaving.
    #[test]
    fn one_backend_leaving_remaps_at_most_one_and_a_half_nth_of_the_keys() {
        let keys = keys();
        for n in [3, 5, 10] {
            let group = endpoints(n);
            let before = owners(&HashRing::new(&group), &group, &keys);
            for leaving in 0..n {
                let mut rest = group.clone();
                let gone = rest.remove(leaving).address;
                let after = owners(&HashRing::new(&rest), &rest, &keys);
                let moved = before.iter().zip(&after).filter(|(b, a)| b != a).count();
                assert!(
                    moved * n <= 15_000,
                    "N={n}, {gone} leaving moved {moved} of 10000 keys"
                );
                for (b, a) in before.iter().zip(&after) {
                    assert!(b == a || *b == gone, "{b} → {a} although {gone} left");
                }
            }
        }
    }

    #[test]
    fn one_backend_joining_takes_at_most_one_and_a_half_nth_of_the_keys() {
        let keys = keys();
        for n in [3, 5, 10] {
            let group = endpoints(n);
            let before = owners(&HashRing::new(&group[..n - 1]), &group[..n - 1], &keys);
            let after = owners(&HashRing::new(&group), &group, &keys);
            let joined = &group[n - 1].address;
            let moved = before.iter().zip(&after).filter(|(b, a)| b != a).count();
            assert!(moved * n <= 15_000, "N={n}: {moved} keys moved");
            assert!(
                after
                    .iter()
                    .zip(&before)
                    .all(|(a, b)| a == b || a == joined)
            );
        }
    }

    #[test]
    fn a_rejected_owner_hands_only_its_keys_to_others() {
        let keys = keys();
        let group = endpoints(5);
        let ring = HashRing::new(&group);
        for k in &keys {
            let owner = ring.owner(k.as_bytes()).unwrap();
            let skipping = ring.find(k.as_bytes(), |id| id != EndpointId(2)).unwrap();
            if owner == EndpointId(2) {
                assert_ne!(skipping, owner);
            } else {
                assert_eq!(skipping, owner);
            }
        }
        assert_eq!(ring.find(b"x", |_| false), None);
        assert_eq!(HashRing::new(&[]).owner(b"x"), None);
    }

    #[test]
    fn weight_scales_the_share_and_zero_weight_gets_nothing() {
        let mut group = endpoints(3);
        group[1].weight = 0;
        let ring = HashRing::new(&group);
        let keys = keys();
        let on_zero = keys
            .iter()
            .filter(|k| ring.owner(k.as_bytes()) == Some(EndpointId(1)))
            .count();
        assert_eq!(on_zero, 0);
    }
}

//! `wrr`: smooth weighted round robin, nginx's algorithm.
//!
//! Every pick adds each eligible endpoint's weight to its running score, takes the endpoint
//! with the highest score (the first of equals, in endpoint order), and subtracts the total
//! weight from the winner. Weights 5:1:1 give `a a b a c a a`: each endpoint gets exactly its
//! weight per cycle of `sum(weights)` picks, interleaved, never in a burst.

use super::group::{Endpoint, EndpointId};

/// The running scores of one server group, aligned with its endpoints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SmoothWrr {
    current: Vec<i64>,
}

impl SmoothWrr {
    pub fn new(endpoints: usize) -> SmoothWrr {
        SmoothWrr {
            current: vec![0; endpoints],
        }
    }

    /// The next endpoint among those `accept`ed with a weight above 0. Endpoints skipped
    /// (unhealthy, already failed) keep their score, as nginx leaves a down peer's.
    pub fn pick(
        &mut self,
        endpoints: &[Endpoint],
        accept: impl Fn(EndpointId) -> bool,
    ) -> Option<EndpointId> {
        if self.current.len() != endpoints.len() {
            self.current.resize(endpoints.len(), 0);
        }
        let mut total = 0_i64;
        let mut best: Option<usize> = None;
        for (i, endpoint) in endpoints.iter().enumerate() {
            if endpoint.weight == 0 || !accept(EndpointId(i)) {
                continue;
            }
            let weight = i64::from(endpoint.weight);
            self.current[i] += weight;
            total += weight;
            if best.is_none_or(|b| self.current[i] > self.current[b]) {
                best = Some(i);
            }
        }
        let best = best?;
        self.current[best] -= total;
        Some(EndpointId(best))
    }

    /// Carry the scores over to a changed endpoint list: an endpoint still present keeps its
    /// score, a new one starts at 0.
    pub fn remap(&mut self, old: &[Endpoint], new: &[Endpoint]) {
        let current = new
            .iter()
            .map(|e| {
                old.iter()
                    .position(|o| o.address == e.address)
                    .and_then(|i| self.current.get(i).copied())
                    .unwrap_or(0)
            })
            .collect();
        self.current = current;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(weights: &[u32]) -> Vec<Endpoint> {
        weights
            .iter()
            .enumerate()
            .map(|(i, &w)| Endpoint::with_weight(((b'a' + i as u8) as char).to_string(), w))
            .collect()
    }

    fn sequence(wrr: &mut SmoothWrr, group: &[Endpoint], n: usize) -> String {
        (0..n)
            .map(|_| group[wrr.pick(group, |_| true).unwrap().0].address.clone())
            .collect()
    }

    #[test]
    fn five_one_one_is_smooth_and_exact_per_cycle() {
        let group = group(&[5, 1, 1]);
        let mut wrr = SmoothWrr::new(3);
        // nginx's documented sequence, repeated every cycle of 7, scores back to zero.
        for _ in 0..10 {
            assert_eq!(sequence(&mut wrr, &group, 7), "aabacaa");
            assert_eq!(wrr.current, [0, 0, 0]);
        }
        // No burst: a plain round robin sends `aaaaabc`; the smooth one never gives `a` its
        // whole weight in a row, even across cycles, and keeps b and c apart.
        let long = sequence(&mut wrr, &group, 700);
        assert!(!long.contains("aaaaa"), "{long}");
        assert!(!long.contains("bc") && !long.contains("cb"));
        // Exact per cycle at any starting point: every window of 7 holds 5 a, 1 b, 1 c.
        let bytes = long.as_bytes();
        for window in bytes.windows(7) {
            let count = |c: u8| window.iter().filter(|&&x| x == c).count();
            assert_eq!((count(b'a'), count(b'b'), count(b'c')), (5, 1, 1));
        }
    }

    #[test]
    fn equal_weights_rotate_in_order() {
        let group = group(&[100, 100, 100]);
        let mut wrr = SmoothWrr::new(3);
        assert_eq!(sequence(&mut wrr, &group, 6), "abcabc");
    }

    #[test]
    fn skipped_endpoints_and_zero_weights_get_nothing() {
        let mut group = group(&[1, 1, 1]);
        group[2].weight = 0;
        let mut wrr = SmoothWrr::new(3);
        let picks: String = (0..4)
            .map(|_| {
                let id = wrr.pick(&group, |id| id != EndpointId(0)).unwrap();
                group[id.0].address.clone()
            })
            .collect();
        assert_eq!(picks, "bbbb");
        assert_eq!(wrr.pick(&group, |_| false), None);
    }

    #[test]
    fn remap_keeps_scores_by_address() {
        let old = group(&[5, 1, 1]);
        let mut wrr = SmoothWrr::new(3);
        sequence(&mut wrr, &old, 3);
        let before = wrr.current.clone();
        let new = vec![old[2].clone(), Endpoint::new("z"), old[0].clone()];
        wrr.remap(&old, &new);
        assert_eq!(wrr.current, [before[2], 0, before[0]]);
    }
}

//! `wlc`: weighted least connections.
//!
//! The endpoint with the fewest open connections per unit of weight wins; equal loads go to
//! the first in endpoint order, so the pick is deterministic. Connection counts come from the
//! caller ([`super::BackendState::on_start`] / [`super::BackendState::on_finish`]); a request
//! the engine only routes (`alb route`) sees no connections and lands on the first endpoint.

use super::group::{Endpoint, EndpointId};

/// The accepted endpoint with the lowest `connections / weight` (weights of 0 never win).
pub fn least_connections(
    endpoints: &[Endpoint],
    connections: impl Fn(EndpointId) -> u64,
    accept: impl Fn(EndpointId) -> bool,
) -> Option<EndpointId> {
    let mut best: Option<(EndpointId, u64, u32)> = None;
    for (i, endpoint) in endpoints.iter().enumerate() {
        let id = EndpointId(i);
        if endpoint.weight == 0 || !accept(id) {
            continue;
        }
        let conns = connections(id);
        // conns / weight < best_conns / best_weight, without division.
        let better = best.is_none_or(|(_, best_conns, best_weight)| {
            u128::from(conns) * u128::from(best_weight)
                < u128::from(best_conns) * u128::from(endpoint.weight)
        });
        if better {
            best = Some((id, conns, endpoint.weight));
        }
    }
    best.map(|(id, _, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(weights: &[u32]) -> Vec<Endpoint> {
        weights
            .iter()
            .enumerate()
            .map(|(i, &w)| Endpoint::with_weight(format!("e{i}"), w))
            .collect()
    }

    #[test]
    fn the_least_loaded_wins_and_ties_go_by_order() {
        let group = group(&[100, 100, 100]);
        let pick = |conns: [u64; 3]| least_connections(&group, |id| conns[id.0], |_| true);
        assert_eq!(pick([3, 1, 2]), Some(EndpointId(1)));
        assert_eq!(pick([0, 0, 0]), Some(EndpointId(0)));
        assert_eq!(pick([2, 1, 1]), Some(EndpointId(1)));
        assert_eq!(pick([1, 1, 0]), Some(EndpointId(2)));
    }

    #[test]
    fn weight_divides_the_load() {
        // 4 connections on weight 200 is 2 per 100: less than 3 on weight 100.
        let group = group(&[100, 200]);
        let conns = [3, 4];
        assert_eq!(
            least_connections(&group, |id| conns[id.0], |_| true),
            Some(EndpointId(1))
        );
        // 2/100 and 4/200 tie: the first wins.
        let conns = [2, 4];
        assert_eq!(
            least_connections(&group, |id| conns[id.0], |_| true),
            Some(EndpointId(0))
        );
    }

    #[test]
    fn rejected_and_weightless_endpoints_are_skipped() {
        let mut group = group(&[100, 100, 100]);
        group[1].weight = 0;
        let conns = [5, 0, 9];
        assert_eq!(
            least_connections(&group, |id| conns[id.0], |id| id != EndpointId(0)),
            Some(EndpointId(2))
        );
        assert_eq!(least_connections(&group, |_| 0, |_| false), None);
    }

    /// Connections opened as picked and never closed spread evenly, in order.
    #[test]
    fn open_connections_spread_round_the_group() {
        let group = group(&[100, 100, 100]);
        let mut conns = [0_u64; 3];
        let mut order = Vec::new();
        for _ in 0..6 {
            let id = least_connections(&group, |id| conns[id.0], |_| true).unwrap();
            conns[id.0] += 1;
            order.push(id.0);
        }
        assert_eq!(order, [0, 1, 2, 0, 1, 2]);
    }
}

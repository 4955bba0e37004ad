//! Seeded chance. The engine never asks the OS for randomness: callers pass a seed, and these
//! rolls make the same seed give the same decisions on every machine.

/// SplitMix64: a tiny, well-mixed generator, enough to pick among weighted targets.
#[derive(Clone, Debug)]
pub struct Rolls {
    state: u64,
}

impl Rolls {
    pub fn new(seed: u64) -> Rolls {
        Rolls { state: seed }
    }

    /// The next roll; feed it to `Router::decide`.
    pub fn next_roll(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::Rolls;

    #[test]
    fn same_seed_same_rolls_and_a_fair_split() {
        let a: Vec<u64> = (0..5)
            .scan(Rolls::new(7), |r, _| Some(r.next_roll()))
            .collect();
        let b: Vec<u64> = (0..5)
            .scan(Rolls::new(7), |r, _| Some(r.next_roll()))
            .collect();
        assert_eq!(a, b);
        let mut rolls = Rolls::new(0);
        let heads = (0..10_000).filter(|_| rolls.next_roll() % 100 < 50).count();
        assert!((4_800..5_200).contains(&heads), "{heads}");
    }
}

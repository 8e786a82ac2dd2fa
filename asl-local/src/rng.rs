//! A small seeded random-number generator (SplitMix64), so executions are reproducible, and
//! the fixed values a test may give `States.UUID` and `States.MathRandom` instead.

use asl_jsonata::EntropySource;

/// SplitMix64: fast, tiny and good enough for jitter, `States.MathRandom` and identifiers.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
    /// A test's values for the intrinsics, drawn before the generator's (not for task tokens,
    /// jitter or names, which the workflow does not see as values it asked for).
    fixed: Option<EntropySource>,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng {
            state: seed,
            fixed: None,
        }
    }

    /// This generator with a test's values for `States.UUID` and `States.MathRandom`.
    pub fn with_entropy(mut self, fixed: Option<EntropySource>) -> Self {
        self.fixed = fixed;
        self
    }

    /// `States.UUID`: the next fixed UUID, else a generated one.
    pub fn intrinsic_uuid(&mut self) -> String {
        let fixed = self.fixed.as_ref().and_then(|f| f.0.borrow_mut().uuid());
        fixed.unwrap_or_else(|| self.uuid_v4())
    }

    /// `States.MathRandom(lo, hi)`: from a fixed value `v` in [0, 1), `lo + floor(v * (hi - lo + 1))`
    /// (what JSONata's `$floor($random() * (hi - lo + 1)) + lo` gives), else a generated one.
    pub fn intrinsic_range(&mut self, lo: i64, hi: i64) -> i64 {
        match self.fixed.as_ref().and_then(|f| f.0.borrow_mut().random()) {
            Some(v) => {
                let span = (i128::from(hi) - i128::from(lo) + 1) as f64;
                let offset = (v.clamp(0.0, 1.0) * span).floor() as i128;
                (i128::from(lo) + offset).clamp(i128::from(lo), i128::from(hi)) as i64
            }
            None => self.range_inclusive(lo, hi),
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform integer in `[lo, hi]` (requires `lo <= hi`).
    pub fn range_inclusive(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (i128::from(hi) - i128::from(lo) + 1) as u128;
        let r = u128::from(self.next_u64()) % span.max(1);
        (i128::from(lo) + r as i128) as i64
    }

    /// A version-4 UUID, lowercase, hyphenated.
    pub fn uuid_v4(&mut self) -> String {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&self.next_u64().to_be_bytes());
        b[8..].copy_from_slice(&self.next_u64().to_be_bytes());
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_well_formed() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let u = a.uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
        for _ in 0..1000 {
            let x = a.range_inclusive(-3, 3);
            assert!((-3..=3).contains(&x));
            let f = a.next_f64();
            assert!((0.0..1.0).contains(&f));
        }
        let _ = a.range_inclusive(i64::MIN, i64::MAX); // the full range does not overflow
    }

    struct Fixed(Vec<f64>, Vec<&'static str>);
    impl asl_jsonata::Entropy for Fixed {
        fn random(&mut self) -> Option<f64> {
            (!self.0.is_empty()).then(|| self.0.remove(0))
        }
        fn uuid(&mut self) -> Option<String> {
            (!self.1.is_empty()).then(|| self.1.remove(0).to_string())
        }
    }

    #[test]
    fn fixed_values_come_first_then_the_generator() {
        let fixed = Fixed(vec![0.0, 0.5, 0.999], vec!["u-1"]);
        let source = EntropySource(std::rc::Rc::new(std::cell::RefCell::new(fixed)));
        let mut rng = Rng::new(7).with_entropy(Some(source));
        assert_eq!(rng.intrinsic_range(1, 6), 1);
        assert_eq!(rng.intrinsic_range(1, 6), 4);
        assert_eq!(rng.intrinsic_range(1, 6), 6);
        // Run out: the seeded generator's values, as without fixed ones.
        let mut plain = rng.clone().with_entropy(None);
        assert_eq!(rng.intrinsic_range(-3, 3), plain.range_inclusive(-3, 3));
        assert_eq!(rng.intrinsic_uuid(), "u-1");
        assert_eq!(rng.intrinsic_uuid(), plain.uuid_v4());
    }
}

//! Rounding of published counts: deterministic to a base, and unbiased random rounding
//! with a small, self-contained, seeded generator (SplitMix64) so that a release is
//! reproducible from its seed.
//!
//! **The seed is a secret.** Whoever knows it recomputes every rounding direction and so the
//! true counts; draw it from the operating system
//! ([`RoundingPolicy::random_base3_from_os`](super::RoundingPolicy::random_base3_from_os)),
//! never publish or log it, and never reuse it across releases.

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, well-tested 64-bit mixing generator.
/// Used only to draw the rounding direction from the secret seed and the cell's index. It is
/// not a cryptographic generator: the protection rests on the seed being secret (64 bits
/// from the operating system), and the per-cell draws of one release are not published.
pub(crate) fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Rounds to the nearest multiple of `base`, halves up. `base >= 2`.
pub(crate) fn round_deterministic(x: u64, base: u64) -> u64 {
    let q = x / base;
    let r = x % base;
    if r >= base - base / 2 {
        (q + 1).saturating_mul(base)
    } else {
        q * base
    }
}

/// Unbiased random rounding to a multiple of `base`: a count `x = q*b + r` becomes `(q+1)*b`
/// with probability `r/b` and `q*b` otherwise, so its expected value is `x`. The draw for a
/// cell depends only on the seed and the cell's index, so the result does not depend on
/// the order cells are visited in.
pub(crate) fn round_random(x: u64, base: u64, seed: u64, cell: u64) -> u64 {
    let q = x / base;
    let r = x % base;
    if r == 0 {
        return x;
    }
    let draw = splitmix64(seed ^ splitmix64(cell));
    // Uniform in 0..base (the modulo bias of a 64-bit draw is negligible for small bases,
    // below 2^-60 for base 3).
    if draw % base < r {
        (q + 1).saturating_mul(base)
    } else {
        q * base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_reference_values() {
        // First outputs of SplitMix64 seeded with 0 (state advanced before mixing), as in the
        // reference implementation by Vigna.
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix64(0x9E37_79B9_7F4A_7C15), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn deterministic_rounding() {
        assert_eq!(round_deterministic(12, 5), 10);
        assert_eq!(round_deterministic(13, 5), 15);
        assert_eq!(round_deterministic(15, 10), 20);
        assert_eq!(round_deterministic(14, 10), 10);
        assert_eq!(round_deterministic(0, 3), 0);
        assert_eq!(round_deterministic(1, 3), 0);
        assert_eq!(round_deterministic(2, 3), 3);
    }

    #[test]
    fn random_rounding_is_reproducible_and_near() {
        for x in 0..200u64 {
            let a = round_random(x, 3, 42, x);
            assert_eq!(a, round_random(x, 3, 42, x));
            assert_eq!(a % 3, 0);
            assert!(a.abs_diff(x) <= 2);
            if x % 3 == 0 {
                assert_eq!(a, x);
            }
        }
    }

    #[test]
    fn random_rounding_is_unbiased() {
        // Mean of many roundings of 1 (base 3) is close to 1; of 2, close to 2.
        for x in [1u64, 2] {
            let n = 30_000u64;
            let sum: u64 = (0..n).map(|i| round_random(x, 3, 7, i)).sum();
            let mean = sum as f64 / n as f64;
            assert!((mean - x as f64).abs() < 0.05, "mean {mean} for {x}");
        }
    }
}

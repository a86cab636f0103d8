//! The disclosure policy: threshold, secondary suppression, protection width, rounding.

use super::DisclosureError;
use crate::vocab::DisclosureMethod;

/// The threshold CTDC used for its k-anonymized data (k = 11), the default here.
pub const DEFAULT_THRESHOLD: u64 = 11;

/// How published counts are rounded after suppression.
///
/// # The seed of random rounding is a secret
///
/// Random rounding protects only while the seed is unknown: whoever knows the seed (and the
/// cell order) knows which way every count was rounded, so undoes the rounding and gets the
/// true counts back. Draw the seed from the operating system's random source
/// ([`RoundingPolicy::random_base3_from_os`], [`RoundingPolicy::random_from_os`]), keep it
/// out of anything published or logged, and **never reuse it for another release**: two
/// releases of overlapping tables rounded with one seed round shared cells the same way. A
/// fixed seed is for tests only. `Debug` does not print the seed, and the published
/// disclosure metadata ([`disclosure_metadata`](super::disclosure_metadata)) records the
/// base only.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RoundingPolicy {
    /// To the nearest multiple of `base` (halves up).
    Deterministic {
        /// The rounding base, at least 2.
        base: u64,
    },
    /// Unbiased random rounding to a multiple of `base`, Stats NZ style (they use base 3),
    /// reproducible from `seed`. Each count, margins included, is rounded independently.
    Random {
        /// The rounding base, at least 2.
        base: u64,
        /// The seed: the same table, policy and seed give the same release. **Secret**, and
        /// one per release: see the type's documentation.
        seed: u64,
    },
}

impl std::fmt::Debug for RoundingPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RoundingPolicy::Deterministic { base } => {
                f.debug_struct("Deterministic").field("base", base).finish()
            }
            RoundingPolicy::Random { base, .. } => f
                .debug_struct("Random")
                .field("base", base)
                .field("seed", &format_args!("<secret>"))
                .finish(),
        }
    }
}

impl RoundingPolicy {
    /// Stats NZ random rounding to base 3 with this seed. The seed must be secret and used
    /// for one release only (see the type's documentation); outside tests, prefer
    /// [`RoundingPolicy::random_base3_from_os`].
    pub fn random_base3(seed: u64) -> Self {
        RoundingPolicy::Random { base: 3, seed }
    }

    /// Stats NZ random rounding to base 3 with a fresh secret seed from the operating
    /// system's random source.
    ///
    /// ```
    /// use ctip_exchange::disclosure::{DisclosurePolicy, RoundingPolicy};
    /// let policy = DisclosurePolicy::new(5).with_rounding(Some(RoundingPolicy::random_base3_from_os()?));
    /// assert!(format!("{policy:?}").contains("seed: <secret>"));
    /// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
    /// ```
    pub fn random_base3_from_os() -> Result<Self, DisclosureError> {
        Self::random_from_os(3)
    }

    /// Unbiased random rounding to `base` with a fresh secret seed from the operating
    /// system's random source. Fails when the random source is not available.
    pub fn random_from_os(base: u64) -> Result<Self, DisclosureError> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|_| {
            DisclosureError::InvalidPolicy(
                "the operating system's random source is not available for the rounding seed"
                    .into(),
            )
        })?;
        Ok(RoundingPolicy::Random {
            base,
            seed: u64::from_le_bytes(bytes),
        })
    }

    /// The rounding base.
    pub fn base(self) -> u64 {
        match self {
            RoundingPolicy::Deterministic { base } | RoundingPolicy::Random { base, .. } => base,
        }
    }
}

/// What may be published from a table of counts, and how it is protected.
///
/// - **threshold** (default 11, as CTDC used): counts with `0 < n < threshold` are suppressed
///   (primary suppression); a count of 0 stays 0 unless `zeros_sensitive` is set.
/// - **secondary suppression** (default on): further cells are suppressed until no suppressed
///   cell can be recomputed, or narrowed below the protection width, from what is published.
/// - **protection width** (default: the threshold): the smallest width `max - min` the
///   attacker's interval for a suppressed cell may have.
/// - **minimize secondary** (default on): secondary suppressions the audit turns out not to
///   need are published again.
/// - **rounding** (default none): deterministic or unbiased random rounding of published counts.
///
/// ```
/// use ctip_exchange::disclosure::{DisclosurePolicy, RoundingPolicy};
/// let policy = DisclosurePolicy::new(5)
///     .with_protection_width(5)
///     .with_rounding(Some(RoundingPolicy::random_base3_from_os()?));
/// assert!(policy.validate().is_ok());
/// assert_eq!(DisclosurePolicy::default().threshold, 11);
/// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisclosurePolicy {
    /// Counts with `0 < n < threshold` are suppressed. A threshold of 0 or 1 suppresses nothing.
    pub threshold: u64,
    /// When true, counts of 0 are suppressed too (a zero can be disclosive: "no child was
    /// identified in this district").
    ///
    /// **Limit: category lists taken from the data.** Suppressing zeros hides absence only
    /// if the list of categories does not reveal it. [`tabulate`](super::tabulate) lists the
    /// categories of `citizenship` and `country_of_exploitation` from the countries met in
    /// the counted cases, so a country listed at all has at least one person, whatever is
    /// suppressed (and a country missing has none). When zeros are sensitive, do not publish
    /// such a table as it is: build the table with a fixed list of countries chosen before
    /// looking at the data (the same list every release; [`Table::zeros`](super::Table::zeros)
    /// and [`Table::add_person`](super::Table::add_person)), or leave the country dimensions
    /// out. The other dimensions use their full code lists, and years every year of the
    /// period.
    pub zeros_sensitive: bool,
    /// Whether secondary suppression is applied. Without it a release fails whenever the
    /// audit can narrow a suppressed cell below the protection width.
    pub secondary_suppression: bool,
    /// The smallest width (`max - min`) of the interval an attacker can still compute for any
    /// suppressed cell.
    pub protection_width: u64,
    /// Whether, after secondary suppression, each secondary suppression is tried back in the
    /// release and kept published when the audit still passes (default on). It publishes
    /// noticeably more cells (a third fewer secondary suppressions on 10x10 tables) at a cost
    /// of one audit pass per secondary cell: turn it off for large three-dimensional tables.
    pub minimize_secondary: bool,
    /// Optional rounding of the published counts.
    pub rounding: Option<RoundingPolicy>,
}

impl Default for DisclosurePolicy {
    fn default() -> Self {
        Self::new(DEFAULT_THRESHOLD)
    }
}

impl DisclosurePolicy {
    /// A policy with this threshold, secondary suppression on, a protection width equal to the
    /// threshold, zeros not sensitive, and no rounding.
    pub fn new(threshold: u64) -> Self {
        Self {
            threshold,
            zeros_sensitive: false,
            secondary_suppression: true,
            protection_width: threshold,
            minimize_secondary: true,
            rounding: None,
        }
    }

    /// The same policy with another protection width.
    pub fn with_protection_width(mut self, width: u64) -> Self {
        self.protection_width = width;
        self
    }

    /// The same policy with zeros treated as sensitive (or not).
    pub fn with_zeros_sensitive(mut self, sensitive: bool) -> Self {
        self.zeros_sensitive = sensitive;
        self
    }

    /// The same policy with secondary suppression on or off.
    pub fn with_secondary_suppression(mut self, on: bool) -> Self {
        self.secondary_suppression = on;
        self
    }

    /// The same policy with the minimisation of secondary suppressions on or off.
    pub fn with_minimize_secondary(mut self, on: bool) -> Self {
        self.minimize_secondary = on;
        self
    }

    /// The same policy with this rounding.
    pub fn with_rounding(mut self, rounding: Option<RoundingPolicy>) -> Self {
        self.rounding = rounding;
        self
    }

    /// Checks the policy:
    ///
    /// - a rounding base must be at least 2 and at most 1,000;
    /// - the protection width must be at least the threshold: an interval such as `[1, 4]`
    ///   under threshold 5 proves the count small, which is what suppression hides;
    ///
    /// A rounding base above the threshold is accepted: a published 0 then stands for `{0}`
    /// or `[threshold, base - 1]` (counts from 1 to `threshold - 1` are suppressed first),
    /// and the audit reasons with that union in whole counts, not with its hull `[0, base - 1]`.
    ///
    /// ```
    /// use ctip_exchange::disclosure::{DisclosurePolicy, RoundingPolicy};
    /// assert!(DisclosurePolicy::new(5).with_protection_width(4).validate().is_err());
    /// let base10 = Some(RoundingPolicy::Random { base: 10, seed: 7 });
    /// assert!(DisclosurePolicy::new(5).with_rounding(base10).validate().is_ok());
    /// ```
    pub fn validate(&self) -> Result<(), DisclosureError> {
        if let Some(r) = self.rounding
            && !(2..=1000).contains(&r.base())
        {
            return Err(DisclosureError::InvalidPolicy(
                "the rounding base must be between 2 and 1000".into(),
            ));
        }
        if self.protection_width < self.threshold {
            return Err(DisclosureError::InvalidPolicy(
                "the protection width must be at least the threshold".into(),
            ));
        }
        Ok(())
    }

    /// True when a count must be suppressed by primary suppression.
    pub fn is_sensitive(&self, count: u64) -> bool {
        if count == 0 {
            self.zeros_sensitive
        } else {
            count < self.threshold
        }
    }

    /// The disclosure-control methods this policy applies, as recorded in an indicator set.
    pub fn methods(&self) -> Vec<DisclosureMethod> {
        let mut m = Vec::new();
        if self.threshold > 1 || self.zeros_sensitive {
            m.push(DisclosureMethod::ThresholdSuppression);
            if self.secondary_suppression {
                m.push(DisclosureMethod::SecondarySuppression);
            }
        }
        match self.rounding {
            Some(RoundingPolicy::Deterministic { .. }) => m.push(DisclosureMethod::Rounding),
            Some(RoundingPolicy::Random { .. }) => m.push(DisclosureMethod::RandomRounding),
            None => {}
        }
        if m.is_empty() {
            m.push(DisclosureMethod::None);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let p = DisclosurePolicy::default();
        assert_eq!(p.threshold, 11);
        assert_eq!(p.protection_width, 11);
        assert!(p.secondary_suppression);
        assert!(!p.zeros_sensitive);
        assert!(p.is_sensitive(10));
        assert!(!p.is_sensitive(11));
        assert!(!p.is_sensitive(0));
        assert!(p.with_zeros_sensitive(true).is_sensitive(0));
    }

    #[test]
    fn methods_recorded() {
        let p = DisclosurePolicy::default().with_rounding(Some(RoundingPolicy::random_base3(1)));
        assert_eq!(
            p.methods(),
            vec![
                DisclosureMethod::ThresholdSuppression,
                DisclosureMethod::SecondarySuppression,
                DisclosureMethod::RandomRounding
            ]
        );
        assert_eq!(
            DisclosurePolicy::new(0).methods(),
            vec![DisclosureMethod::None]
        );
    }

    #[test]
    fn invalid_rounding_base() {
        let p = DisclosurePolicy::default()
            .with_rounding(Some(RoundingPolicy::Deterministic { base: 1 }));
        assert!(p.validate().is_err());
    }

    #[test]
    fn a_width_below_the_threshold_is_refused() {
        assert!(
            DisclosurePolicy::new(5)
                .with_protection_width(4)
                .validate()
                .is_err()
        );
        assert!(
            DisclosurePolicy::new(5)
                .with_protection_width(5)
                .validate()
                .is_ok()
        );
        assert!(
            DisclosurePolicy::new(5)
                .with_protection_width(9)
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn a_rounded_zero_may_reach_the_threshold() {
        // random base 10 under threshold 5: a published 0 stands for {0} or 5..9, a union
        // the audit models; the policy is accepted
        let p = DisclosurePolicy::new(5)
            .with_rounding(Some(RoundingPolicy::Random { base: 10, seed: 1 }));
        assert!(p.validate().is_ok());
    }
}

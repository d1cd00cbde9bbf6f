//! One FSRS review as the `fsrs` crate works it out, but only the branch the review takes.
//!
//! The crate's one-review step (`FSRS::memory_state` with one review) computes the stability
//! after a success, after a failure and within the day, each with its powers and exponentials,
//! and keeps one; it also recomputes constants of the parameters (the forgetting curve's factor,
//! `e^w8`, the mean-reversion target) every time, and allocates the review list. Replaying a long
//! log at a cold start does that for every answer, up to three times. Here the constants are
//! worked out once and only the taken branch is computed, with the crate's formulas written
//! the same way, operation for operation: IEEE arithmetic and the same `libm` calls give the
//! same bits. The parameters are the crate's own (read back from it, clipped as it clips them),
//! and the result is checked against the crate on a set of probes when the scheduler is made:
//! on any difference the scheduler keeps using the crate. A property test compares the two.

use fsrs::{FSRS, MemoryState};

use super::log::Rating;

// The crate's bounds (`fsrs::simulation`, not exported).
const S_MIN: f32 = 0.001;
const S_MAX: f32 = 36500.0;
const D_MIN: f32 = 1.0;
const D_MAX: f32 = 10.0;

/// The crate's parameters and the constants its step recomputes each time.
#[derive(Clone, Debug)]
pub(crate) struct OneReview {
    w: [f32; 21],
    /// `-w[20]`
    decay: f32,
    /// The forgetting curve's factor, `(ln 0.9 / decay).exp() - 1`.
    factor: f32,
    exp_w8: f32,
    /// `e^(w17·w18)`: the failure stability's floor divides by it.
    exp_w17_w18: f32,
    /// The mean-reversion target, the initial difficulty of Easy.
    init_d_easy: f32,
    retention: f32,
    /// `retention^(1 / decay) - 1`, the interval's last factor.
    retention_term: f32,
}

impl OneReview {
    /// For the crate's model `fsrs` and this desired retention; `None` if its parameters cannot
    /// be read back, or any probe differs from the crate by a bit (the crate is then used).
    pub(crate) fn new(fsrs: &FSRS, retention: f32) -> Option<OneReview> {
        let w = parameters(fsrs)?;
        let decay = -w[20];
        let one = OneReview {
            w,
            decay,
            factor: (0.9f32.ln() / decay).exp() - 1.0,
            exp_w8: w[8].exp(),
            exp_w17_w18: (w[17] * w[18]).exp(),
            init_d_easy: init_difficulty(&w, 4),
            retention,
            retention_term: retention.powf(1.0 / decay) - 1.0,
        };
        one.agrees_with(fsrs).then_some(one)
    }

    /// The memory state after one review rated `rating`, `delta_t` days after the last one,
    /// from `start` (stability 0: a new card's first review): what
    /// `fsrs.memory_state(FSRSItem { reviews: vec![review] }, Some(start)).ok()` gives.
    pub(crate) fn memory(
        &self,
        start: MemoryState,
        rating: Rating,
        delta_t: u32,
    ) -> Option<MemoryState> {
        let w = &self.w;
        let rating_n = rating as u32;
        let r = rating_n as f32;
        let (new_s, new_d) = if start.stability == 0.0 {
            let init = rating_n.clamp(1, 4) as usize;
            (
                w[init.saturating_sub(1).min(3)],
                init_difficulty(w, init).clamp(D_MIN, D_MAX),
            )
        } else {
            let delta_t = delta_t as f32;
            let last_s = start.stability.clamp(S_MIN, S_MAX);
            let last_d = start.difficulty.clamp(D_MIN, D_MAX);
            let new_s = if delta_t == 0.0 {
                let sinc = (w[17] * (r - 3.0 + w[18])).exp() * last_s.powf(-w[19]);
                last_s * if r >= 2.0 { sinc.max(1.0) } else { sinc }
            } else {
                let retrievability = (delta_t / last_s * self.factor + 1.0).powf(self.decay);
                if r == 1.0 {
                    let new_s = w[11]
                        * last_d.powf(-w[12])
                        * ((last_s + 1.0).powf(w[13]) - 1.0)
                        * ((1.0 - retrievability) * w[14]).exp();
                    new_s.min(last_s / self.exp_w17_w18)
                } else {
                    let hard_penalty = if r == 2.0 { w[15] } else { 1.0 };
                    let easy_bonus = if r == 4.0 { w[16] } else { 1.0 };
                    last_s
                        * (self.exp_w8
                            * (11.0 - last_d)
                            * last_s.powf(-w[9])
                            * (((1.0 - retrievability) * w[10]).exp() - 1.0)
                            * hard_penalty
                            * easy_bonus
                            + 1.0)
                }
            };
            let delta_d = -w[6] * (r - 3.0);
            let new_d = last_d + (10.0 - last_d) * delta_d / 9.0;
            let new_d = (w[7] * (self.init_d_easy - new_d) + new_d).clamp(D_MIN, D_MAX);
            (new_s, new_d)
        };
        let out = MemoryState {
            stability: new_s.clamp(S_MIN, S_MAX),
            difficulty: new_d,
        };
        (out.stability.is_finite() && out.difficulty.is_finite()).then_some(out)
    }

    /// Days until recall falls to `retention`: `fsrs.next_interval(Some(stability), retention,
    /// _)`.
    pub(crate) fn interval(&self, stability: f32, retention: f32) -> f32 {
        let term = if retention.to_bits() == self.retention.to_bits() {
            self.retention_term
        } else {
            retention.powf(1.0 / self.decay) - 1.0
        };
        stability / self.factor * term
    }

    /// The same bits as the crate on states around every branch: new, short-term, success and
    /// failure, clamped ends, non-finite starts.
    fn agrees_with(&self, fsrs: &FSRS) -> bool {
        let numbers = [
            0.0f32, -0.0, 1e-9, 0.001, 0.3, 1.0, 2.5, 7.3, 10.0, 11.0, 180.0, 36500.0, 1e9, -1.0,
        ];
        let odd = [f32::NAN, f32::INFINITY];
        for &s in numbers.iter().chain(&odd) {
            for &d in numbers.iter().chain(&odd) {
                for rating in Rating::ALL {
                    for delta_t in [0, 1, 3, 40, 2000] {
                        let start = MemoryState {
                            stability: s,
                            difficulty: d,
                        };
                        if !same(
                            self.memory(start, rating, delta_t),
                            crate_memory(fsrs, start, rating, delta_t),
                        ) {
                            return false;
                        }
                    }
                }
            }
            let (mine, theirs) = (
                self.interval(s, self.retention),
                fsrs.next_interval(Some(s), self.retention, 3),
            );
            if mine.to_bits() != theirs.to_bits() && !(mine.is_nan() && theirs.is_nan()) {
                return false;
            }
        }
        true
    }
}

/// What the crate's one-review step gives.
pub(crate) fn crate_memory(
    fsrs: &FSRS,
    start: MemoryState,
    rating: Rating,
    delta_t: u32,
) -> Option<MemoryState> {
    let item = fsrs::FSRSItem {
        reviews: vec![fsrs::FSRSReview {
            rating: rating as u32,
            delta_t,
        }],
    };
    fsrs.memory_state(item, Some(start)).ok()
}

/// Bit for bit (the states are finite when present).
pub(crate) fn same(a: Option<MemoryState>, b: Option<MemoryState>) -> bool {
    let bits = |m: Option<MemoryState>| m.map(|m| (m.stability.to_bits(), m.difficulty.to_bits()));
    bits(a) == bits(b)
}

fn init_difficulty(w: &[f32; 21], rating: usize) -> f32 {
    w[4] - (w[5] * rating.saturating_sub(1) as f32).exp() + 1.0
}

/// The model's parameters as the crate holds them (filled and clipped). The crate keeps them
/// private but prints them: a float's `Debug` text reads back to the same bits.
fn parameters(fsrs: &FSRS) -> Option<[f32; 21]> {
    let text = format!("{fsrs:?}");
    let list = text.split_once('[')?.1.split_once(']')?.0;
    let mut w = [0f32; 21];
    let mut n = 0;
    for part in list.split(',') {
        *w.get_mut(n)? = part.trim().parse().ok()?;
        n += 1;
    }
    (n == 21).then_some(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_default_parameters_are_read_back_and_agree() {
        let fsrs = FSRS::new(&[]).unwrap();
        assert_eq!(parameters(&fsrs).unwrap(), fsrs::DEFAULT_PARAMETERS);
        assert!(OneReview::new(&fsrs, 0.9).is_some());
    }

    fn number() -> impl Strategy<Value = f32> {
        prop_oneof![
            6 => 0.0f32..100.0,
            3 => 0.0f32..40_000.0,
            1 => Just(0.0f32),
            1 => Just(-0.0f32),
            1 => Just(f32::NAN),
            1 => Just(f32::INFINITY),
            1 => Just(f32::NEG_INFINITY),
            1 => -10.0f32..0.0,
            1 => Just(1e-9f32),
            1 => Just(1e30f32),
            1 => any::<f32>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Bit for bit the crate's memory state and interval, for any start (odd ones
        /// included), rating, gap, parameters and retention.
        #[test]
        fn one_review_is_the_crates_bit_for_bit(
            s in number(),
            d in number(),
            rating in prop::sample::select(Rating::ALL.to_vec()),
            delta_t in prop_oneof![Just(0u32), 0u32..40, 0u32..100_000, any::<u32>()],
            custom in proptest::option::of(prop::collection::vec(-1.0f32..8.0, 21)),
            retention in prop_oneof![0.7f32..0.99, 0.01f32..1.0],
        ) {
            let fsrs = FSRS::new(&custom.unwrap_or_default()).unwrap();
            let one = OneReview::new(&fsrs, retention).expect("agrees on its probes");
            let start = MemoryState { stability: s, difficulty: d };
            let mine = one.memory(start, rating, delta_t);
            let theirs = crate_memory(&fsrs, start, rating, delta_t);
            prop_assert!(same(mine, theirs), "{:?} vs {:?}", mine, theirs);
            let (a, b) = (one.interval(s, retention), fsrs.next_interval(Some(s), retention, 3));
            prop_assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{} vs {}", a, b);
            let other = (retention * 0.5).max(0.01);
            let (a, b) = (one.interval(s, other), fsrs.next_interval(Some(s), other, 3));
            prop_assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{} vs {}", a, b);
        }
    }
}

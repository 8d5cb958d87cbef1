//! Latency samples and their percentiles: every sample is kept and sorted, which at the
//! sample counts of a benchmark run (a few million at most) is simple and exact.

use std::time::Duration;

/// A set of latency samples.
#[derive(Debug, Clone, Default)]
pub(crate) struct Latencies {
    samples: Vec<Duration>,
    sorted: bool,
}

impl Latencies {
    /// Adds one sample.
    pub(crate) fn push(&mut self, d: Duration) {
        self.samples.push(d);
        self.sorted = false;
    }

    /// Takes in the samples of another set.
    pub(crate) fn merge(&mut self, other: Latencies) {
        self.samples.extend(other.samples);
        self.sorted = false;
    }

    /// The `p`-th percentile (0 < p <= 100) by the nearest-rank method: the smallest
    /// sample that at least `p` percent of the samples are less than or equal to. `None`
    /// without samples.
    pub(crate) fn percentile(&mut self, p: f64) -> Option<Duration> {
        if self.samples.is_empty() {
            return None;
        }
        if !self.sorted {
            self.samples.sort_unstable();
            self.sorted = true;
        }
        let n = self.samples.len();
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        Some(self.samples[rank.clamp(1, n) - 1])
    }
}

/// A duration in milliseconds, as reports print it.
pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(values: impl IntoIterator<Item = u64>) -> Latencies {
        let mut l = Latencies::default();
        for v in values {
            l.push(Duration::from_micros(v));
        }
        l
    }

    #[test]
    fn nearest_rank_percentiles() {
        // Shuffled 1..=100: the p-th percentile is p.
        let mut l = of((1..=100).map(|i| (i * 37) % 101));
        assert_eq!(l.percentile(50.0), Some(Duration::from_micros(50)));
        assert_eq!(l.percentile(99.0), Some(Duration::from_micros(99)));
        assert_eq!(l.percentile(100.0), Some(Duration::from_micros(100)));
        assert_eq!(l.percentile(0.1), Some(Duration::from_micros(1)));
    }

    #[test]
    fn small_sets() {
        assert_eq!(Latencies::default().percentile(50.0), None);
        let mut one = of([7]);
        assert_eq!(one.percentile(50.0), Some(Duration::from_micros(7)));
        assert_eq!(one.percentile(99.0), Some(Duration::from_micros(7)));
        // With four samples, p50 is the second and p99 the fourth.
        let mut four = of([40, 10, 30, 20]);
        assert_eq!(four.percentile(50.0), Some(Duration::from_micros(20)));
        assert_eq!(four.percentile(99.0), Some(Duration::from_micros(40)));
    }

    #[test]
    fn merge_keeps_all_samples() {
        let mut a = of([1, 2]);
        a.merge(of([3, 4]));
        assert_eq!(a.percentile(1.0), Some(Duration::from_micros(1)));
        assert_eq!(a.percentile(50.0), Some(Duration::from_micros(2)));
        assert_eq!(a.percentile(100.0), Some(Duration::from_micros(4)));
    }
}

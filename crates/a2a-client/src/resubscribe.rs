//! [`ResubscribePolicy`]: whether and how an [`EventStream`](crate::EventStream) reconnects
//! after its connection is cut.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// Automatic resubscription after a stream is cut, with exponential backoff.
///
/// When a stream's connection breaks, times out (idle timeout) or is closed by the server
/// before the task reached a final state, the stream calls `SubscribeToTask` for the task
/// it was following and carries on. Attempts are separated by an exponentially growing
/// delay (with jitter) from [`initial_backoff`](Self::initial_backoff) up to
/// [`max_backoff`](Self::max_backoff); a `retry` field the server sent raises the delay
/// within that bound. After [`max_attempts`](Self::max_attempts) attempts in a row that
/// delivered no event, the stream yields the last error and ends.
///
/// See [`EventStream`](crate::EventStream) for what a resubscribed stream delivers.
///
/// ```
/// use std::time::Duration;
/// let policy = a2a_client::ResubscribePolicy::new()
///     .max_attempts(10)
///     .initial_backoff(Duration::from_millis(100))
///     .max_backoff(Duration::from_secs(5));
/// # let _ = policy;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResubscribePolicy {
    pub(crate) max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for ResubscribePolicy {
    fn default() -> Self {
        Self { max_attempts: 5, initial_backoff: Duration::from_millis(250), max_backoff: Duration::from_secs(10) }
    }
}

impl ResubscribePolicy {
    /// The default policy: 5 attempts, backoff from 250 ms up to 10 s.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many attempts in a row may fail before the stream gives up.
    #[must_use]
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n;
        self
    }

    /// The delay before the first attempt; it doubles with each further attempt.
    #[must_use]
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest delay between two attempts.
    #[must_use]
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The delay before attempt number `attempt` (from 0): the exponential backoff, at
    /// least the server's `retry` if it sent one, at most `max_backoff`, then jittered
    /// to between half and all of that so that many clients cut at once do not return
    /// in step.
    pub(crate) fn delay(&self, attempt: u32, server_retry: Option<Duration>) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX));
        let base = exp.max(server_retry.unwrap_or_default()).min(self.max_backoff);
        base / 2 + base.mul_f64(random_fraction() / 2.0)
    }
}

/// A number in `[0, 1)`, random enough for jitter, without a dependency: `RandomState`
/// is seeded randomly per process and differs per instance.
fn random_fraction() -> f64 {
    let bits = std::collections::hash_map::RandomState::new().build_hasher().finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_grows_and_is_capped() {
        let p =
            ResubscribePolicy::new().initial_backoff(Duration::from_millis(100)).max_backoff(Duration::from_secs(1));
        for (attempt, base) in [(0, 100), (1, 200), (2, 400), (3, 800), (4, 1000), (40, 1000)] {
            let d = p.delay(attempt, None);
            let base = Duration::from_millis(base);
            assert!(d >= base / 2 && d <= base, "attempt {attempt}: {d:?} not within [{:?}, {base:?}]", base / 2);
        }
    }

    #[test]
    fn server_retry_raises_the_delay_within_the_cap() {
        let p = ResubscribePolicy::new().initial_backoff(Duration::from_millis(10)).max_backoff(Duration::from_secs(2));
        let d = p.delay(0, Some(Duration::from_secs(1)));
        assert!(d >= Duration::from_millis(500) && d <= Duration::from_secs(1), "{d:?}");
        let d = p.delay(0, Some(Duration::from_secs(60)));
        assert!(d <= Duration::from_secs(2), "{d:?}");
    }
}

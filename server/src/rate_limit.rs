//! Per-client limits, in memory (one server instance): RSVP posts per minute, and wrong
//! admin tokens.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

#[derive(Clone)]
pub struct RsvpRateLimit {
    limiter: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
}

impl RsvpRateLimit {
    /// `per_minute = 0` switches the limit off.
    pub fn new(per_minute: u32) -> Self {
        let limiter = NonZeroU32::new(per_minute).map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n))));
        RsvpRateLimit { limiter }
    }

    /// `Err(wait)` when this client must wait before posting again.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        // Forget clients whose allowance is full again, so the map cannot grow without bound.
        if limiter.len() > 10_000 {
            limiter.retain_recent();
        }
        limiter.check_key(&client).map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// Wrong admin tokens per client: a few a minute are answered, then the client must wait
/// before any token of theirs is even looked at, so guessing cannot go faster than the quota.
#[derive(Clone)]
pub struct FailureLimit {
    failures: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    blocked_until: Arc<std::sync::Mutex<std::collections::HashMap<IpAddr, std::time::Instant>>>,
}

impl FailureLimit {
    pub fn per_minute(failures: NonZeroU32) -> Self {
        FailureLimit {
            failures: Arc::new(RateLimiter::keyed(Quota::per_minute(failures))),
            blocked_until: Arc::default(),
        }
    }

    /// `Err(wait)` while the client is blocked.
    pub fn admit(&self, client: IpAddr) -> Result<(), Duration> {
        let blocked = self.blocked_until.lock().unwrap_or_else(|p| p.into_inner());
        match blocked.get(&client).map(|until| until.saturating_duration_since(std::time::Instant::now())) {
            Some(wait) if !wait.is_zero() => Err(wait),
            _ => Ok(()),
        }
    }

    /// Counts a failure; `Err(wait)` when it used up the client's quota.
    pub fn failed(&self, client: IpAddr) -> Result<(), Duration> {
        if self.failures.len() > 10_000 {
            self.failures.retain_recent();
        }
        let wait = match self.failures.check_key(&client) {
            Ok(()) => return Ok(()),
            Err(not_until) => not_until.wait_time_from(DefaultClock::default().now()),
        };
        let mut blocked = self.blocked_until.lock().unwrap_or_else(|p| p.into_inner());
        let now = std::time::Instant::now();
        if blocked.len() > 10_000 {
            blocked.retain(|_, until| *until > now);
        }
        blocked.insert(client, now + wait);
        Err(wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_has_its_own_allowance() {
        let limit = RsvpRateLimit::new(2);
        let (a, b): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        assert!(limit.check(a).is_ok() && limit.check(a).is_ok());
        let wait = limit.check(a).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(30), "{wait:?}");
        assert!(limit.check(b).is_ok());
        let off = RsvpRateLimit::new(0);
        assert!((0..100).all(|_| off.check(a).is_ok()));
    }
}

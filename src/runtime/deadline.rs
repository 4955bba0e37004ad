//! Timeouts for connections that wait many times: one timer per connection, re-armed only
//! when it fires early, instead of a timer registered and cancelled around every read. A
//! keep-alive connection waits for each request and each backend answer; at tens of
//! thousands of requests a second, per-wait timers were a measurable share of serve's CPU.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::Poll;
use std::time::Duration;

use tokio::time::{Instant, Sleep};

/// A connection's timer.
pub struct Deadline {
    sleep: Pin<Box<Sleep>>,
}

/// The wait took longer than its limit.
#[derive(Debug)]
pub struct Elapsed;

impl Deadline {
    pub fn new() -> Deadline {
        // Armed far out: the first wait pulls it in.
        Deadline {
            sleep: Box::pin(tokio::time::sleep(Duration::from_secs(3600))),
        }
    }

    /// `future`'s output, or [`Elapsed`] if it takes longer than `limit`. The timer never
    /// fires late: a deadline later than this wait's is pulled in; an earlier one (left by a
    /// previous wait) fires, finds this wait's time not yet up, and is re-armed. A future
    /// that is ready at once (the bytes were already there) costs no clock read.
    pub async fn within<F: Future>(
        &mut self,
        limit: Duration,
        future: F,
    ) -> Result<F::Output, Elapsed> {
        let mut future = pin!(future);
        if let Poll::Ready(output) =
            std::future::poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await
        {
            return Ok(output);
        }
        self.until(Instant::now() + limit, future).await
    }

    /// `future`'s output, or [`Elapsed`] if it is not done at `want`; as [`Deadline::within`].
    pub async fn until<F: Future>(
        &mut self,
        want: Instant,
        future: F,
    ) -> Result<F::Output, Elapsed> {
        if self.sleep.deadline() > want {
            self.sleep.as_mut().reset(want);
        }
        let mut future = pin!(future);
        let sleep = &mut self.sleep;
        std::future::poll_fn(|cx| {
            if let Poll::Ready(output) = future.as_mut().poll(cx) {
                return Poll::Ready(Ok(output));
            }
            loop {
                match sleep.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(()) if Instant::now() >= want => return Poll::Ready(Err(Elapsed)),
                    Poll::Ready(()) => sleep.as_mut().reset(want),
                }
            }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_wait_times_out_at_its_own_limit_whatever_the_waits_before_it() {
        let mut deadline = Deadline::new();
        // A long wait that finishes early leaves the timer armed late; a short wait after
        // it still times out on time.
        let quick = deadline.within(Duration::from_secs(60), async { 1 }).await;
        assert_eq!(quick.ok(), Some(1));
        let started = Instant::now();
        let never = deadline
            .within(Duration::from_secs(2), std::future::pending::<()>())
            .await;
        assert!(never.is_err());
        assert_eq!(started.elapsed(), Duration::from_secs(2));
        // A short wait leaves the timer armed early; a longer wait after it is not cut short.
        let _ = deadline.within(Duration::from_secs(1), async {}).await;
        let started = Instant::now();
        let slow = deadline
            .within(
                Duration::from_secs(5),
                tokio::time::sleep(Duration::from_secs(3)),
            )
            .await;
        assert!(slow.is_ok());
        assert_eq!(started.elapsed(), Duration::from_secs(3));
        let started = Instant::now();
        let never = deadline
            .within(Duration::from_secs(5), std::future::pending::<()>())
            .await;
        assert!(never.is_err());
        assert_eq!(started.elapsed(), Duration::from_secs(5));
    }
}

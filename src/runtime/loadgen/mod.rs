//! The load generator of `alb bench`: connections, one request in flight on each, a stop
//! condition (a duration or a request count), an optional open-loop schedule, and statistics
//! merged at the end. `--serve` also starts `alb serve` in-process on the same runtime.
//!
//! HTTP/1.1 is spoken directly (requests serialised once, responses read with the proxy's own
//! `http1::wire`, one task per connection and no channels): the generator must never be the
//! bottleneck. HTTP/2 goes through hyper's client connection.
//!
//! - `plan`: what to send and where (targets, request templates, the stop condition).
//! - `schedule`: the run's shared side: tickets, the open-loop times, which target each
//!   connection serves.
//! - `drive`: one task per connection, the progress bar, the statistics merged at the end.
//! - `worker`: one connection's loop for HTTP/1.1 and HTTP/2: wait for its ticket, send,
//!   time, record.
//! - `h1`: the HTTP/1.1 client connection: a request out, a response in through `wire`.
//! - `connect`: TCP and TLS to a target, and the check before a run.
//! - `stats`: per-connection counters, who answered, and the [`Report`].
//! - `serve`: `alb serve` in-process for `bench --serve`.

mod connect;
mod drive;
mod h1;
mod plan;
mod schedule;
mod serve;
mod stats;
mod worker;

pub use connect::{probe, tls_target};
pub use drive::drive;
pub use plan::{Limit, Plan, Target, Template};
pub use serve::serve_in_process;
pub use stats::{Report, RuleStats};

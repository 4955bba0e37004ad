//! The only code that touches sockets, clocks and threads: `alb serve` and the load generator of
//! `alb bench`. Every decision is the engine's: this module turns HTTP into engine requests and
//! engine decisions into HTTP.

mod admin;
mod config;
mod echo;
pub mod loadgen;
mod metrics;
mod prober;
mod proxy;
mod server;
mod tls;
mod watch;

use anyhow::Result;

use crate::cli::{GlobalArgs, ServeArgs};
use crate::commands::ExitStatus;

pub fn serve(global: &GlobalArgs, args: &ServeArgs) -> Result<ExitStatus> {
    // One thread: a current-thread runtime, so connection tasks and the upstream client's
    // tasks never wake another thread.
    let mut builder = match args.threads {
        Some(1) => tokio::runtime::Builder::new_current_thread(),
        Some(threads) => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(threads.max(1));
            b
        }
        None => tokio::runtime::Builder::new_multi_thread(),
    };
    builder.enable_all();
    let runtime = builder.build()?;
    runtime.block_on(server::run(global, args))
}

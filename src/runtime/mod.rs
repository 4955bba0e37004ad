//! The only code that touches sockets, clocks and threads: `alb serve` (and, later, the load
//! generator). Every decision is the engine's: this module turns HTTP into engine requests and
//! engine decisions into HTTP.

mod admin;
mod config;
mod echo;
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
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder.enable_all();
    if let Some(threads) = args.threads {
        builder.worker_threads(threads.max(1));
    }
    let runtime = builder.build()?;
    runtime.block_on(server::run(global, args))
}

//! The only code that touches sockets, clocks and threads: `alb serve` and the load generator of
//! `alb bench`. Every decision is the engine's: this module turns HTTP into engine requests and
//! engine decisions into HTTP.

mod admin;
mod config;
mod deadline;
mod echo;
mod h2;
mod http1;
pub mod loadgen;
mod metrics;
mod prober;
mod proxy;
mod server;
mod stream;
mod tls;
mod watch;

use anyhow::Result;

pub use config::ServeOptions;

use crate::exit::ExitStatus;

/// The runtime for `serve` and `bench`'s load: `--threads 1` is a current-thread runtime, so
/// connection tasks and the upstream client's tasks never wake another thread.
pub fn tokio_runtime(threads: Option<usize>) -> std::io::Result<tokio::runtime::Runtime> {
    let mut builder = match threads {
        Some(1) => tokio::runtime::Builder::new_current_thread(),
        Some(threads) => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(threads.max(1));
            b
        }
        None => tokio::runtime::Builder::new_multi_thread(),
    };
    builder.enable_all();
    builder.build()
}

pub fn serve(options: &ServeOptions) -> Result<ExitStatus> {
    let runtime = tokio_runtime(options.threads)?;
    runtime.block_on(server::run(options))
}

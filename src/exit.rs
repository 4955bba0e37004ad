//! How a command ended; the process exit code follows it. Shared by the commands and the
//! runtime, below both.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: done, nothing wrong found.
    Success,
    /// 1: the command ran and found a problem (lint errors, no matching rule, a failed check).
    Failure,
    /// 2: usage error, unreadable input, nothing to check, or alb itself failed.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

//! CLI tests: run the `alb` binary and snapshot everything a user sees (exit code, stdout,
//! stderr). One integration binary; one module per area.

mod bench;
mod completions;
mod docs;
mod explain;
mod input;
mod layers;
mod lint;
mod nginx;
mod ownership;
mod route;
mod serve;
mod serve_http1;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (tests run with the package root as working directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `alb` with a clean, deterministic environment: no colour, fixed width, no ALB_* vars.
pub fn alb() -> Command {
    let mut cmd = Command::cargo_bin("alb").expect("the alb binary is built for tests");
    cmd.current_dir(root());
    cmd.env_clear();
    cmd.env("NO_COLOR", "1");
    cmd.env("COLUMNS", "100");
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    cmd
}

/// Run and render the result the way snapshots hold it.
pub fn run(cmd: &mut Command) -> String {
    let output = cmd.output().expect("alb runs");
    let code = output
        .status
        .code()
        .map_or("signal".to_string(), |c| c.to_string());
    format!(
        "success: {}\nexit_code: {code}\n----- stdout -----\n{}\n----- stderr -----\n{}",
        output.status.success(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    )
}

/// Compare a generated file with its committed copy; with `ALB_UPDATE_GENERATED=1`, rewrite it.
pub fn check_generated(path: &Path, expected: &str) {
    let full = root().join(path);
    let committed = std::fs::read_to_string(&full).unwrap_or_default();
    if committed == expected {
        return;
    }
    if std::env::var_os("ALB_UPDATE_GENERATED").is_some_and(|v| v == "1") {
        std::fs::write(&full, expected).expect("write generated file");
        return;
    }
    panic!(
        "{} is stale: run `ALB_UPDATE_GENERATED=1 cargo test --test cli` and commit the result",
        path.display()
    );
}

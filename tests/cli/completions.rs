//! The committed completion scripts are what `alb completions SHELL` prints today.

use std::path::Path;

use crate::{alb, check_generated};

#[test]
fn committed_completions_are_current() {
    for (shell, file) in [
        ("bash", "alb.bash"),
        ("zsh", "_alb"),
        ("fish", "alb.fish"),
        ("powershell", "_alb.ps1"),
        ("elvish", "alb.elv"),
    ] {
        let output = alb()
            .args(["completions", shell])
            .output()
            .expect("alb runs");
        assert!(output.status.success(), "completions {shell} failed");
        let script = String::from_utf8(output.stdout).expect("completion scripts are UTF-8");
        assert!(
            script.contains("explain"),
            "{shell} completion lists the explain subcommand"
        );
        check_generated(&Path::new("completions").join(file), &script);
    }
}

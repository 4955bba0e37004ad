//! ALB008 invalid-route-check-file: reported by `alb route --check`; this file holds its documentation.

use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a route check file (`alb route --check`) that cannot be read: bad YAML, an unknown field, a wrong type.
    ///
    /// ## Why is this bad?
    /// Its cases cannot run, so nothing it was meant to pin down is checked.
    ///
    /// ## Example
    /// ```yaml
    /// cases:
    ///   - request: http://demo.example.com/
    ///     expect: {backnd: demo:80}     # unknown field
    /// ```
    ///
    /// ## Fix
    /// Fix the field the message names; the README's "Route tests" section has the format.
    pub RULE { code: crate::route::check::INVALID_CHECK_FILE, name: "invalid-route-check-file", severity: Error, blocks_group: false, reported_by: loader }
}

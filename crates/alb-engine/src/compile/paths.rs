//! Ingress path + pathType → the values of the ALB Path condition (semantics §3.1).

use crate::manifest::PathType;

/// How a path became ALB Path condition values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathPatterns {
    /// ALB Path values: exact-or-wildcard patterns (`*` any run of characters, `?` one), or
    /// one regex prefixed with `~*`. Empty: no Path condition (every path matches).
    pub values: Vec<String>,
    pub regex: bool,
}

pub fn path_patterns(path: &str, path_type: PathType, regex: bool) -> PathPatterns {
    if path.is_empty() {
        return PathPatterns {
            values: Vec::new(),
            regex: false,
        };
    }
    match path_type {
        PathType::Prefix if path == "/" => PathPatterns {
            values: vec!["/*".to_string()],
            regex: false,
        },
        PathType::Prefix if regex => PathPatterns {
            values: vec![format!("~*{path}")],
            regex: true,
        },
        PathType::Prefix => {
            let trimmed = path.strip_suffix('/').unwrap_or(path);
            PathPatterns {
                values: vec![trimmed.to_string(), format!("{trimmed}/*")],
                regex: false,
            }
        }
        PathType::Exact | PathType::ImplementationSpecific => PathPatterns {
            values: vec![path.to_string()],
            regex: path.starts_with("~*"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(path: &str, t: PathType, regex: bool) -> Vec<String> {
        path_patterns(path, t, regex).values
    }

    #[test]
    fn prefix_becomes_two_patterns_with_one_trailing_slash_trimmed() {
        assert_eq!(values("/", PathType::Prefix, false), ["/*"]);
        assert_eq!(values("/", PathType::Prefix, true), ["/*"]);
        assert_eq!(values("/foo", PathType::Prefix, false), ["/foo", "/foo/*"]);
        assert_eq!(values("/foo/", PathType::Prefix, false), ["/foo", "/foo/*"]);
        assert_eq!(
            values("/foo(/|$)(.*)", PathType::Prefix, true),
            ["~*/foo(/|$)(.*)"]
        );
    }

    #[test]
    fn exact_and_implementation_specific_are_verbatim() {
        assert_eq!(values("/foo", PathType::Exact, true), ["/foo"]);
        assert_eq!(
            values("/a*", PathType::ImplementationSpecific, false),
            ["/a*"]
        );
        assert!(values("", PathType::Exact, false).is_empty());
    }
}

//! Helpers every vendors test file uses.
#![allow(dead_code)]

use vendors::{FormValues, Problem};

/// Form values from `(wire path, text)` pairs.
pub fn values(pairs: &[(&str, &str)]) -> FormValues {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The wire paths the problems name, in order.
pub fn paths(problems: &[Problem]) -> Vec<&str> {
    problems
        .iter()
        .map(|problem| problem.path.as_str())
        .collect()
}

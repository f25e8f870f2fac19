//! Helpers every vendors test file uses.
#![allow(dead_code)]

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use vendors::{FormValues, Problem};

/// The text of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

pub fn fixture_value(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).expect("fixtures are JSON")
}

/// Parses the fixture into `T`, serializes it back and returns (original, round-tripped).
pub fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> (Value, Value, T) {
    let original = fixture_value(name);
    let typed: T = serde_json::from_str(&fixture(name))
        .unwrap_or_else(|error| panic!("{name} does not parse: {error}"));
    let back = serde_json::to_value(&typed).expect("serializes");
    (original, back, typed)
}

/// The fixture as `T`, after checking it serializes back to the same document.
pub fn golden<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let (original, back, typed) = round_trip::<T>(name);
    assert_eq!(back, original, "{name}");
    typed
}

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

//! Forms are data: each back-end describes its form as a list of [`FieldSpec`]s, the app draws
//! every form from such a list, and [`check`] applies the per-kind rules generically. Values
//! travel as one flat map from wire path to text ([`FormValues`]).

mod rows;

pub use crate::lenient::split_list;
pub(crate) use rows::remap_row_paths;
pub use rows::{insert_row, remove_row, row_count, row_path, swap_rows};

use crate::call::Problem;
use crate::tr;
use crate::validate::Problems;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Wire path -> text. Booleans are "true"/"false"; member and tag lists comma-separated;
/// repeated rows as `params.requests[0].apiName`; key/value rows as `<path>[i].key` and
/// `<path>[i].value`.
pub type FormValues = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSpec {
    /// The wire path, also the HTML input's `name`. Relative to the row inside `Repeated`.
    pub path: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub help: Option<String>,
    /// A regular expression the whole value must match (checked with regex-lite).
    pub pattern: Option<String>,
    pub default: Option<String>,
    pub placeholder: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FieldKind {
    Text,
    MultiLine,
    /// Monospace multi-line text, e.g. SQL.
    Code,
    Integer {
        min: Option<i64>,
        max: Option<i64>,
    },
    Boolean,
    Choice(Vec<Choice>),
    MultiChoice(Vec<Choice>),
    /// Comma-separated user names.
    MemberList,
    TagList,
    Date,
    DateTime,
    Url,
    /// The text of a JSON object.
    Json,
    /// Free text with suggestions.
    Suggest(Vec<String>),
    /// Rows of the child fields, whose paths are relative to `<path>[i]`.
    Repeated {
        fields: Vec<FieldSpec>,
        min: usize,
    },
    /// Rows of `<path>[i].key` -> `<path>[i].value`.
    KeyValue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Choice {
            value: value.into(),
            label: label.into(),
        }
    }

    /// Choices whose label is their value, e.g. for enumerations of codes.
    pub fn plain(values: &[&str]) -> Vec<Choice> {
        values
            .iter()
            .map(|value| Choice::new(*value, *value))
            .collect()
    }
}

impl FieldSpec {
    pub fn new(path: impl Into<String>, label: impl Into<String>, kind: FieldKind) -> Self {
        FieldSpec {
            path: path.into(),
            label: label.into(),
            kind,
            required: false,
            help: None,
            pattern: None,
            default: None,
            placeholder: None,
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn pattern(mut self, pattern: impl Into<String>) -> Self {
        self.pattern = Some(pattern.into());
        self
    }

    pub fn default_value(mut self, default: impl Into<String>) -> Self {
        self.default = Some(default.into());
        self
    }

    pub fn placeholder(mut self, placeholder: impl Into<String>) -> Self {
        self.placeholder = Some(placeholder.into());
        self
    }

    /// Whether the field holds rows (`Repeated` or `KeyValue`) rather than one value.
    pub fn is_rows(&self) -> bool {
        matches!(self.kind, FieldKind::Repeated { .. } | FieldKind::KeyValue)
    }
}

/// `prefix.path`, or `path` alone at the top level.
pub fn join_path(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else {
        format!("{prefix}.{path}")
    }
}

/// The trimmed text at `path` ("" when absent).
pub fn value<'a>(values: &'a FormValues, path: &str) -> &'a str {
    values.get(path).map(|text| text.trim()).unwrap_or("")
}

/// The trimmed text at `path`, `None` when absent or blank.
pub fn value_opt(values: &FormValues, path: &str) -> Option<String> {
    Some(value(values, path))
        .filter(|text| !text.is_empty())
        .map(str::to_string)
}

/// "true" / "false" at `path`; `None` when absent or blank.
pub fn value_bool(values: &FormValues, path: &str) -> Option<bool> {
    match value(values, path) {
        "" => None,
        text => Some(text.eq_ignore_ascii_case("true") || text == "on" || text == "1"),
    }
}

/// The values a fresh form starts with: every default, and `min` blank rows per repeated group.
pub fn initial_values(specs: &[FieldSpec]) -> FormValues {
    with_defaults(specs, &FormValues::new())
}

/// `values` with every absent field that has a default filled in, and repeated groups padded
/// to their minimum number of rows.
pub fn with_defaults(specs: &[FieldSpec], values: &FormValues) -> FormValues {
    let mut filled = values.clone();
    fill_defaults(specs, &mut filled, "");
    filled
}

fn fill_defaults(specs: &[FieldSpec], values: &mut FormValues, prefix: &str) {
    for spec in specs {
        let path = join_path(prefix, &spec.path);
        match &spec.kind {
            FieldKind::Repeated { fields, min } => {
                while row_count(values, &path) < *min {
                    let next = row_count(values, &path);
                    insert_row(values, &path, next, &spec.kind);
                }
                for index in 0..row_count(values, &path) {
                    fill_defaults(fields, values, &format!("{path}[{index}]"));
                }
            }
            FieldKind::KeyValue => {}
            _ => {
                if let Some(default) = &spec.default {
                    values.entry(path).or_insert_with(|| default.clone());
                }
            }
        }
    }
}

/// Applies every spec's rules to `values` and returns every problem found, named by the
/// full wire path (rows included).
pub fn check(specs: &[FieldSpec], values: &FormValues) -> Vec<Problem> {
    let mut problems = Problems::new();
    check_at(specs, values, "", &mut problems);
    problems.into_vec()
}

fn check_at(specs: &[FieldSpec], values: &FormValues, prefix: &str, problems: &mut Problems) {
    for spec in specs {
        let path = join_path(prefix, &spec.path);
        let label = spec.label.as_str();
        match &spec.kind {
            FieldKind::Repeated { fields, min } => {
                let rows = row_count(values, &path);
                let min = if spec.required { (*min).max(1) } else { *min };
                if rows < min {
                    let message = if min == 1 {
                        tr!(
                            "{label} needs at least {min} row.",
                            "{label}至少需要 {min} 行。"
                        )
                    } else {
                        tr!(
                            "{label} needs at least {min} rows.",
                            "{label}至少需要 {min} 行。"
                        )
                    };
                    problems.push(&path, message);
                }
                for index in 0..rows {
                    check_at(fields, values, &format!("{path}[{index}]"), problems);
                }
            }
            FieldKind::KeyValue => check_key_values(spec, values, &path, problems),
            kind => check_scalar(spec, kind, value(values, &path), &path, problems),
        }
    }
}

fn check_key_values(spec: &FieldSpec, values: &FormValues, path: &str, problems: &mut Problems) {
    let label = spec.label.as_str();
    let mut seen = BTreeSet::new();
    let mut entries = 0;
    for index in 0..row_count(values, path) {
        let key_path = row_path(path, index, "key");
        let key = value(values, &key_path);
        let entry_value = value(values, &row_path(path, index, "value"));
        if key.is_empty() {
            if !entry_value.is_empty() {
                problems.push(
                    key_path,
                    tr!(
                        "Each entry of {label} needs a key.",
                        "{label}的每一项都需要填写键。"
                    ),
                );
            }
            continue;
        }
        entries += 1;
        if !seen.insert(key.to_string()) {
            problems.push(
                key_path,
                tr!(
                    "The key \"{key}\" appears twice in {label}.",
                    "键“{key}”在{label}中出现了两次。"
                ),
            );
        }
    }
    if spec.required && entries == 0 {
        problems.push(
            path,
            tr!("{label} needs at least one entry.", "{label}至少需要一项。"),
        );
    }
}

fn check_scalar(
    spec: &FieldSpec,
    kind: &FieldKind,
    text: &str,
    path: &str,
    problems: &mut Problems,
) {
    let label = spec.label.as_str();
    let is_list = matches!(
        kind,
        FieldKind::MemberList | FieldKind::TagList | FieldKind::MultiChoice(_)
    );
    let blank = if is_list {
        split_list(text).is_empty()
    } else {
        text.is_empty()
    };
    if blank {
        if spec.required && !matches!(kind, FieldKind::Boolean) {
            problems.push(path, tr!("{label} is required.", "{label}为必填项。"));
        }
        return;
    }
    let passed = match kind {
        FieldKind::Integer { min, max } => {
            problems.integer(path, label, text, *min, *max).is_some()
        }
        FieldKind::Boolean => problems.one_of(path, label, text, &["true", "false"]),
        FieldKind::Choice(choices) => {
            let allowed: Vec<&str> = choices.iter().map(|choice| choice.value.as_str()).collect();
            problems.one_of(path, label, text, &allowed)
        }
        FieldKind::MultiChoice(choices) => {
            let allowed: Vec<&str> = choices.iter().map(|choice| choice.value.as_str()).collect();
            split_list(text)
                .iter()
                .all(|item| problems.one_of(path, label, item, &allowed))
        }
        FieldKind::Date => problems.date(path, label, text),
        FieldKind::DateTime => problems.date_time(path, label, text),
        FieldKind::Url => problems.http_url(path, label, text),
        FieldKind::Json => problems.json_object_text(path, label, text).is_some(),
        _ => true,
    };
    if let (true, Some(pattern)) = (passed, &spec.pattern) {
        problems.matches(path, label, text, pattern);
    }
}

/// Form problems first, then the request's own problems on paths the form did not already
/// flag (both layers check "required", and a person should read it once).
pub(crate) fn merge_problems(
    form_problems: Vec<Problem>,
    request_problems: Vec<Problem>,
) -> Result<(), Vec<Problem>> {
    let mut all = form_problems;
    for problem in request_problems {
        if !all.iter().any(|seen| seen.path == problem.path) {
            all.push(problem);
        }
    }
    if all.is_empty() {
        Ok(())
    } else {
        Err(all)
    }
}

//! Rows of repeated groups and key/value lists live in the flat value map as `path[i].child`.
//! These helpers count, add, remove and reorder rows by renumbering those keys.

use super::{FieldKind, FormValues};
use crate::call::Problem;
use std::collections::BTreeMap;

/// `path[index].child`.
pub fn row_path(path: &str, index: usize, child: &str) -> String {
    format!("{path}[{index}].{child}")
}

/// The row index a key belongs to, with the rest of the key after `]`.
fn split_row_key<'a>(key: &'a str, path: &str) -> Option<(usize, &'a str)> {
    let rest = key.strip_prefix(path)?.strip_prefix('[')?;
    let (index, rest) = rest.split_once(']')?;
    Some((index.parse().ok()?, rest))
}

/// Number of rows under `path`: one more than the highest row index present among the keys.
pub fn row_count(values: &FormValues, path: &str) -> usize {
    let prefix = format!("{path}[");
    values
        .range(prefix.clone()..)
        .take_while(|(key, _)| key.starts_with(&prefix))
        .filter_map(|(key, _)| split_row_key(key, path))
        .map(|(index, _)| index + 1)
        .max()
        .unwrap_or(0)
}

/// Removes every row of `path` from `values`; each row maps "the rest of the key" -> text.
fn take_rows(values: &mut FormValues, path: &str) -> Vec<BTreeMap<String, String>> {
    let mut rows = vec![BTreeMap::new(); row_count(values, path)];
    let prefix = format!("{path}[");
    let keys: Vec<String> = values
        .range(prefix.clone()..)
        .take_while(|(key, _)| key.starts_with(&prefix))
        .map(|(key, _)| key.clone())
        .collect();
    for key in keys {
        if let Some((index, rest)) = split_row_key(&key, path) {
            let rest = rest.to_string();
            if let Some(text) = values.remove(&key) {
                rows[index].insert(rest, text);
            }
        }
    }
    rows
}

fn put_rows(values: &mut FormValues, path: &str, rows: Vec<BTreeMap<String, String>>) {
    for (index, row) in rows.into_iter().enumerate() {
        for (rest, text) in row {
            values.insert(format!("{path}[{index}]{rest}"), text);
        }
    }
}

/// The keys (relative, e.g. ".apiName") and starting texts of a blank row of `kind`.
fn blank_row(kind: &FieldKind) -> BTreeMap<String, String> {
    let mut row = BTreeMap::new();
    match kind {
        FieldKind::KeyValue => {
            row.insert(".key".to_string(), String::new());
            row.insert(".value".to_string(), String::new());
        }
        FieldKind::Repeated { fields, .. } => {
            for field in fields {
                if field.is_rows() {
                    let nested_min = match &field.kind {
                        FieldKind::Repeated { min, .. } => *min,
                        _ => 0,
                    };
                    for index in 0..nested_min {
                        for (rest, text) in blank_row(&field.kind) {
                            row.insert(format!(".{}[{index}]{rest}", field.path), text);
                        }
                    }
                } else {
                    row.insert(
                        format!(".{}", field.path),
                        field.default.clone().unwrap_or_default(),
                    );
                }
            }
        }
        _ => {}
    }
    row
}

/// Inserts a blank row of `kind` (a `Repeated` or `KeyValue` field) before row `index`
/// (clamped to the end), renumbering the rows after it.
pub fn insert_row(values: &mut FormValues, path: &str, index: usize, kind: &FieldKind) {
    let blank = blank_row(kind);
    if blank.is_empty() {
        return;
    }
    let mut rows = take_rows(values, path);
    let index = index.min(rows.len());
    rows.insert(index, blank);
    put_rows(values, path, rows);
}

/// Removes row `index` of `path`, renumbering the rows after it.
pub fn remove_row(values: &mut FormValues, path: &str, index: usize) {
    let mut rows = take_rows(values, path);
    if index < rows.len() {
        rows.remove(index);
    }
    put_rows(values, path, rows);
}

/// Exchanges rows `first` and `second` of `path` (moving a row up or down).
pub fn swap_rows(values: &mut FormValues, path: &str, first: usize, second: usize) {
    let mut rows = take_rows(values, path);
    if first < rows.len() && second < rows.len() {
        rows.swap(first, second);
    }
    put_rows(values, path, rows);
}

/// Rewrites problem paths `path[i]...` to `path[origin[i]]...`: requests built from a form
/// drop blank rows, and problems must still point at the row the person sees.
pub(crate) fn remap_row_paths(problems: &mut [Problem], path: &str, origin: &[usize]) {
    for problem in problems {
        if let Some((index, rest)) = split_row_key(&problem.path, path) {
            if let Some(original) = origin.get(index) {
                problem.path = format!("{path}[{original}]{rest}");
            }
        }
    }
}

//! Deserializers for fields the vendors send loosely: numbers as strings ("10"), `null` where a
//! list or text is expected. Requests and fixtures still serialize with the documented types.

use crate::tr;
use serde::de::{Deserializer, Error};
use serde::Deserialize;
use serde_json::Value;

fn int_from(value: &Value) -> Result<Option<i64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Number(number) => {
            if let Some(int) = number.as_i64() {
                Ok(Some(int))
            } else {
                match number.as_f64() {
                    Some(float) if float.fract() == 0.0 && float.abs() < 9.0e15 => {
                        Ok(Some(float as i64))
                    }
                    _ => Err(tr!(
                        "expected a whole number, found {number}",
                        "应为整数，实际为 {number}"
                    )),
                }
            }
        }
        Value::String(text) if text.trim().is_empty() => Ok(None),
        Value::String(text) => text.trim().parse::<i64>().map(Some).map_err(|_| {
            tr!(
                "expected a whole number, found {text:?}",
                "应为整数，实际为 {text:?}"
            )
        }),
        other => Err(tr!(
            "expected a whole number, found {other}",
            "应为整数，实际为 {other}"
        )),
    }
}

/// A whole number, also given as a numeric string; `null` and `""` become 0.
pub fn int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let value = Value::deserialize(deserializer)?;
    int_from(&value)
        .map(Option::unwrap_or_default)
        .map_err(D::Error::custom)
}

/// A whole number, also given as a numeric string; `null` and `""` become `None`.
pub fn opt_int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    int_from(&value).map_err(D::Error::custom)
}

fn non_negative(value: Option<i64>) -> Result<Option<u64>, String> {
    value
        .map(|int| {
            u64::try_from(int).map_err(|_| {
                tr!(
                    "expected a number >= 0, found {int}",
                    "应为不小于 0 的数，实际为 {int}"
                )
            })
        })
        .transpose()
}

/// A count that cannot be negative, also given as a numeric string.
pub fn uint<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let value = Value::deserialize(deserializer)?;
    int_from(&value)
        .and_then(non_negative)
        .map(Option::unwrap_or_default)
        .map_err(D::Error::custom)
}

/// Like [`uint`], with `null` and `""` as `None`.
pub fn opt_uint<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    int_from(&value)
        .and_then(non_negative)
        .map_err(D::Error::custom)
}

/// Text that may come as a number or boolean; `null` becomes "".
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(crate::response::text_of(&value).unwrap_or_default())
}

/// Like [`string`], with `null` as `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(crate::response::text_of(&value))
}

/// A list where the vendor may send `null` instead of `[]`.
pub fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// A list of whole numbers, given as a JSON list (of numbers or numeric strings) or as one
/// comma-separated string.
pub fn opt_int_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<i64>>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let items: Vec<Value> = match value {
        Value::Null => return Ok(None),
        Value::Array(items) => items,
        Value::String(text) => text
            .split(',')
            .filter(|item| !item.trim().is_empty())
            .map(|item| Value::String(item.to_string()))
            .collect(),
        other => vec![other],
    };
    items
        .iter()
        .filter_map(|item| int_from(item).transpose())
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
        .map_err(D::Error::custom)
}

/// A list of texts, given as a JSON list or as one comma-separated string.
pub fn opt_text_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(match value {
        Value::Null => None,
        Value::Array(items) => Some(items.iter().filter_map(crate::response::text_of).collect()),
        Value::String(text) => Some(split_list(&text)),
        other => crate::response::text_of(&other).map(|text| vec![text]),
    })
}

/// Splits "a, b,,c" into ["a", "b", "c"].
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// Like [`opt_int_list`], with `null` as an empty list.
pub fn int_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<i64>, D::Error> {
    Ok(opt_int_list(deserializer)?.unwrap_or_default())
}

/// Reads whole numbers the way the deserializers above do, for code that walks raw JSON.
pub fn int_of(value: &Value) -> Option<i64> {
    int_from(value).ok().flatten()
}

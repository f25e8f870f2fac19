//! Deserializers for fields the vendors send loosely: numbers as strings ("10"), `null` where a
//! list or text is expected. Requests and fixtures still serialize with the documented types.

use crate::tr;
use serde::de::{Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Number, Value};
use std::fmt;

/// One loosely typed JSON value, read without building a `Value` for the scalars that make up
/// nearly every field: on a 10,000-row page that is most of the decoding time.
pub(crate) enum Loose {
    Null,
    Int(i64),
    /// Past `i64::MAX`: still text as sent, never a whole number we can use.
    Uint(u64),
    Float(f64),
    Bool(bool),
    Text(String),
    /// A list or object where a scalar was expected, kept to be shown as JSON.
    Other(Value),
}

impl From<&Value> for Loose {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => Self::Null,
            Value::Bool(flag) => Self::Bool(*flag),
            Value::Number(number) => match (number.as_i64(), number.as_u64()) {
                (Some(int), _) => Self::Int(int),
                (None, Some(uint)) => Self::Uint(uint),
                (None, None) => Self::Float(number.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(text) => Self::Text(text.clone()),
            other => Self::Other(other.clone()),
        }
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value") // wire
    }
    fn visit_unit<E: Error>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }
    fn visit_none<E: Error>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Loose, D::Error> {
        Loose::deserialize(deserializer)
    }
    fn visit_bool<E: Error>(self, flag: bool) -> Result<Loose, E> {
        Ok(Loose::Bool(flag))
    }
    fn visit_i64<E: Error>(self, int: i64) -> Result<Loose, E> {
        Ok(Loose::Int(int))
    }
    fn visit_u64<E: Error>(self, int: u64) -> Result<Loose, E> {
        Ok(i64::try_from(int).map_or(Loose::Uint(int), Loose::Int))
    }
    fn visit_f64<E: Error>(self, float: f64) -> Result<Loose, E> {
        Ok(Loose::Float(float))
    }
    fn visit_str<E: Error>(self, text: &str) -> Result<Loose, E> {
        Ok(Loose::Text(text.to_owned()))
    }
    fn visit_string<E: Error>(self, text: String) -> Result<Loose, E> {
        Ok(Loose::Text(text))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Loose, A::Error> {
        Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Loose::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Loose, A::Error> {
        Value::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Loose::Other)
    }
}

impl Loose {
    fn int(self) -> Result<Option<i64>, String> {
        match self {
            Self::Null => Ok(None),
            Self::Int(int) => Ok(Some(int)),
            Self::Float(float) if float.fract() == 0.0 && float.abs() < 9.0e15 => {
                Ok(Some(float as i64))
            }
            Self::Text(text) if text.trim().is_empty() => Ok(None),
            Self::Text(text) => text.trim().parse::<i64>().map(Some).map_err(|_| {
                tr!(
                    "expected a whole number, found {text:?}",
                    "应为整数，实际为 {text:?}"
                )
            }),
            other => {
                let found = other.text().unwrap_or_default();
                Err(tr!(
                    "expected a whole number, found {found}",
                    "应为整数，实际为 {found}"
                ))
            }
        }
    }

    /// The value as text, numbers and JSON written the way serde_json writes them; `null` as
    /// nothing. The one rule for reading a loose value as text ([`crate::response::text_of`]).
    pub(crate) fn text(self) -> Option<String> {
        match self {
            Self::Null => None,
            Self::Int(int) => Some(int.to_string()),
            Self::Uint(uint) => Some(uint.to_string()),
            // Written the way serde_json writes it ("2.0"), as before Loose existed.
            Self::Float(float) => {
                Some(Number::from_f64(float).map_or_else(|| number_text(float), |n| n.to_string()))
            }
            Self::Bool(flag) => Some(flag.to_string()),
            Self::Text(text) => Some(text),
            Self::Other(value) => Some(value.to_string()),
        }
    }
}

/// A number for people: whole ones without a fraction ("2", "-1"), others as JSON writes them
/// ("2.5"). Uses serde_json's formatter, not `{}`'s, which would add about 10 KB to the app.
pub fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        (number as i64).to_string()
    } else if let Some(json) = Number::from_f64(number) {
        json.to_string()
    } else if number.is_nan() {
        String::from("NaN")
    } else if number > 0.0 {
        String::from("inf")
    } else {
        String::from("-inf")
    }
}

fn int_from(value: &Value) -> Result<Option<i64>, String> {
    Loose::from(value).int()
}

/// A whole number, also given as a numeric string; `null` and `""` become 0.
pub fn int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    Loose::deserialize(deserializer)?
        .int()
        .map(Option::unwrap_or_default)
        .map_err(D::Error::custom)
}

/// A whole number, also given as a numeric string; `null` and `""` become `None`.
pub fn opt_int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Loose::deserialize(deserializer)?
        .int()
        .map_err(D::Error::custom)
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
    Loose::deserialize(deserializer)?
        .int()
        .and_then(non_negative)
        .map(Option::unwrap_or_default)
        .map_err(D::Error::custom)
}

/// Like [`uint`], with `null` and `""` as `None`.
pub fn opt_uint<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    Loose::deserialize(deserializer)?
        .int()
        .and_then(non_negative)
        .map_err(D::Error::custom)
}

/// Text that may come as a number or boolean; `null` becomes "".
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Loose::deserialize(deserializer)?.text().unwrap_or_default())
}

/// Like [`string`], with `null` as `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Loose::deserialize(deserializer)?.text())
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

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Row {
        #[serde(default, deserialize_with = "super::string")]
        text: String,
        #[serde(default, deserialize_with = "super::opt_int")]
        int: Option<i64>,
    }

    fn row(json: &str) -> Result<(String, Option<i64>), String> {
        serde_json::from_str::<Row>(json)
            .map(|row| (row.text, row.int))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn loose_values_read_as_text_and_whole_numbers() {
        assert_eq!(
            row(r#"{"text": "a", "int": "12"}"#),
            Ok(("a".into(), Some(12)))
        );
        assert_eq!(row(r#"{"text": 7, "int": 3.0}"#), Ok(("7".into(), Some(3))));
        assert_eq!(
            row(r#"{"text": 2.5, "int": null}"#),
            Ok(("2.5".into(), None))
        );
        assert_eq!(
            row(r#"{"text": true, "int": " "}"#),
            Ok(("true".into(), None))
        );
        assert_eq!(row(r#"{"text": null}"#), Ok((String::new(), None)));
        assert_eq!(
            row(r#"{"text": 18446744073709551615}"#),
            Ok(("18446744073709551615".into(), None))
        );
        assert_eq!(
            row(r#"{"text": {"b": [1, "x"]}}"#),
            Ok((r#"{"b":[1,"x"]}"#.into(), None))
        );
        let error = row(r#"{"int": 2.5}"#).unwrap_err();
        assert!(
            error.contains("expected a whole number, found 2.5"),
            "{error}"
        );
        let error = row(r#"{"int": 9223372036854775808}"#).unwrap_err();
        assert!(
            error.contains("found 9223372036854775808"),
            "past i64 is no whole number we can use: {error}"
        );
        let error = row(r#"{"int": [1]}"#).unwrap_err();
        assert!(
            error.contains("expected a whole number, found [1]"),
            "{error}"
        );
    }

    #[test]
    fn numbers_for_people_have_no_fraction_when_whole() {
        assert_eq!(super::number_text(2.0), "2");
        assert_eq!(super::number_text(-1.0), "-1");
        assert_eq!(super::number_text(0.0), "0");
        assert_eq!(super::number_text(2.5), "2.5");
        assert_eq!(super::number_text(f64::INFINITY), "inf");
        assert_eq!(super::number_text(f64::NAN), "NaN");
    }

    #[derive(Deserialize)]
    struct Count {
        #[serde(default, deserialize_with = "super::uint")]
        count: u64,
    }

    #[test]
    fn a_negative_count_is_refused() {
        let error = serde_json::from_str::<Count>(r#"{"count": "-3"}"#)
            .map(|c| c.count)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("expected a number >= 0, found -3"),
            "{error}"
        );
    }
}

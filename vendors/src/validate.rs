//! The validation rules every back-end shares. A [`Problems`] collector gathers every problem of
//! an input at once, each named by its wire path, so a form can mark all bad fields in one pass.

use crate::call::Problem;
use crate::{text, tr};
use serde_json::{Map, Value};

/// Largest page the back-ends document (ITSM `page_size`); used as the tolerant bound elsewhere.
pub const MAX_PAGE_SIZE: i64 = 10_000;

/// Collects problems; each check returns whether the value passed so callers can skip
/// follow-up checks that would only repeat the same complaint.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Problems(Vec<Problem>);

impl Problems {
    pub fn new() -> Self {
        Problems::default()
    }

    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(path, message));
    }

    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.0.extend(problems);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_slice(&self) -> &[Problem] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }

    pub fn into_result(self) -> Result<(), Vec<Problem>> {
        self.finish(())
    }

    /// `Ok(value)` when nothing was found, otherwise every problem.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<Problem>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }

    /// The text must contain something besides white space.
    pub fn require(&mut self, path: &str, label: &str, text: &str) -> bool {
        if text.trim().is_empty() {
            self.push(path, tr!("{label} is required.", "{label}为必填项。"));
            false
        } else {
            true
        }
    }

    /// Parses a whole number and checks its range.
    pub fn integer(
        &mut self,
        path: &str,
        label: &str,
        text: &str,
        min: Option<i64>,
        max: Option<i64>,
    ) -> Option<i64> {
        match text.trim().parse::<i64>() {
            Ok(number) => self
                .in_range(path, label, number, min, max)
                .then_some(number),
            Err(_) => {
                let text = text.trim();
                self.push(
                    path,
                    tr!(
                        "{label} must be a whole number, not \"{text}\".",
                        "{label}必须是整数，不能是“{text}”。"
                    ),
                );
                None
            }
        }
    }

    pub fn in_range(
        &mut self,
        path: &str,
        label: &str,
        number: i64,
        min: Option<i64>,
        max: Option<i64>,
    ) -> bool {
        let message = match (min, max) {
            (Some(min), Some(max)) if number < min || number > max => tr!(
                "{label} must be between {min} and {max}; {number} is not.",
                "{label}必须在 {min} 到 {max} 之间，{number} 不在此范围内。"
            ),
            (Some(min), None) if number < min => tr!(
                "{label} must be at least {min}; {number} is too small.",
                "{label}不能小于 {min}，{number} 太小了。"
            ),
            (None, Some(max)) if number > max => tr!(
                "{label} must be at most {max}; {number} is too large.",
                "{label}不能大于 {max}，{number} 太大了。"
            ),
            _ => return true,
        };
        self.push(path, message);
        false
    }

    /// `YYYY-MM-DD hh:mm:ss`, a real calendar date and clock time.
    pub fn date_time(&mut self, path: &str, label: &str, text: &str) -> bool {
        let ok = is_date_time(text.trim());
        if !ok {
            self.push(
                path,
                tr!(
                    "{label} must look like 2024-05-31 14:30:00 (YYYY-MM-DD hh:mm:ss).",
                    "{label}的格式应如 2024-05-31 14:30:00（YYYY-MM-DD hh:mm:ss）。"
                ),
            );
        }
        ok
    }

    /// `YYYY-MM-DD`, a real calendar date.
    pub fn date(&mut self, path: &str, label: &str, text: &str) -> bool {
        let ok = is_date(text.trim());
        if !ok {
            self.push(
                path,
                tr!(
                    "{label} must look like 2024-05-31 (YYYY-MM-DD).",
                    "{label}的格式应如 2024-05-31（YYYY-MM-DD）。"
                ),
            );
        }
        ok
    }

    pub fn http_url(&mut self, path: &str, label: &str, text: &str) -> bool {
        let ok = is_http_url(text.trim());
        if !ok {
            self.push(
                path,
                tr!(
                    "{label} must be a web address starting with http:// or https://.",
                    "{label}必须是以 http:// 或 https:// 开头的网址。"
                ),
            );
        }
        ok
    }

    /// Parses JSON text that must be an object; the message names the line and column.
    pub fn json_object_text(
        &mut self,
        path: &str,
        label: &str,
        text: &str,
    ) -> Option<Map<String, Value>> {
        match parse_json_object(text) {
            Ok(object) => Some(object),
            Err(reason) => {
                self.push(path, tr!("{label} {reason}", "{label}{reason}"));
                None
            }
        }
    }

    pub fn json_object(&mut self, path: &str, label: &str, value: &Value) -> bool {
        let ok = value.is_object();
        if !ok {
            let kind = json_kind(value);
            self.push(
                path,
                tr!(
                    "{label} must be a JSON object ({{...}}), not {kind}.",
                    "{label}必须是 JSON 对象（{{...}}），不能是{kind}。"
                ),
            );
        }
        ok
    }

    /// The whole text must match `pattern`; a pattern that does not compile is not applied.
    pub fn matches(&mut self, path: &str, label: &str, text: &str, pattern: &str) -> bool {
        let Ok(regex) = regex_lite::Regex::new(pattern) else {
            return true;
        };
        let ok = regex.is_match(text);
        if !ok {
            self.push(
                path,
                tr!(
                    "{label} does not have the expected form ({pattern}).",
                    "{label}的格式不符合要求（{pattern}）。"
                ),
            );
        }
        ok
    }

    pub fn one_of(&mut self, path: &str, label: &str, text: &str, allowed: &[&str]) -> bool {
        let ok = allowed.contains(&text.trim());
        if !ok {
            let allowed = allowed.join(", ");
            let text = text.trim();
            self.push(
                path,
                tr!(
                    "{label} must be one of {allowed}, not \"{text}\".",
                    "{label}必须是 {allowed} 之一，不能是“{text}”。"
                ),
            );
        }
        ok
    }
}

/// What a JSON value is, in words that complete "..., not <kind>".
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => text!("null", "空值"),
        Value::Bool(_) => text!("true/false", "布尔值"),
        Value::Number(_) => text!("a number", "数字"),
        Value::String(_) => text!("text", "文本"),
        Value::Array(_) => text!("a list", "列表"),
        Value::Object(_) => text!("an object", "对象"),
    }
    .get()
}

/// Parses JSON text that must be an object. The error completes the sentence "<label> ...".
pub fn parse_json_object(text: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => {
            let kind = json_kind(&other);
            Err(tr!(
                "must be a JSON object ({{...}}), not {kind}.",
                "必须是 JSON 对象（{{...}}），不能是{kind}。"
            ))
        }
        Err(error) => {
            let reason = json_error_reason(&error);
            Err(tr!(
                "is not valid JSON: {reason}.",
                "不是有效的 JSON：{reason}。"
            ))
        }
    }
}

/// What is wrong with JSON text and where, in the current language: serde_json's own words in
/// English ("trailing comma at line 3, column 1"), Chinese words for its kinds of error in
/// Chinese ("多余的逗号（第 3 行，第 1 列）").
pub fn json_error_reason(error: &serde_json::Error) -> String {
    let full = json_error_without_position(error);
    let reason = match crate::i18n::current() {
        crate::Lang::En => full.as_str(),
        crate::Lang::Zh => json_reason_in_chinese(error, &full),
    };
    let (line, column) = (error.line(), error.column());
    if line == 0 {
        return reason.to_string();
    }
    tr!(
        "{reason} at line {line}, column {column}",
        "{reason}（第 {line} 行，第 {column} 列）"
    )
}

/// serde_json's wording of `error` without the " at line L column C" it ends with when it read
/// text: for text that is part of a larger file, the position would mislead.
pub fn json_error_without_position(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let tail = " at line "; // wire
    match full.split_once(tail) {
        Some((reason, _)) => reason.to_string(),
        None => full,
    }
}

/// serde_json's syntax messages (its `ErrorCode` wording) in Chinese; others by their category.
const JSON_SYNTAX_REASONS: [(&str, &str); 15] = [
    ("expected `:`", "缺少冒号（:）"),                          // wire
    ("expected `,` or `]`", "缺少逗号（,）或右方括号（]）"),    // wire
    ("expected `,` or `}`", "缺少逗号（,）或右花括号（}）"),    // wire
    ("expected ident", "应为 true、false 或 null"),             // wire
    ("expected value", "此处应为一个值"),                       // wire
    ("expected `\"`", "缺少双引号（\"）"),                      // wire
    ("invalid unicode code point", "无效的 Unicode 码位"),      // wire
    ("recursion limit exceeded", "嵌套层数过多"),               // wire
    ("invalid escape", "无效的转义字符"),                       // wire
    ("invalid number", "无效的数字"),                           // wire
    ("number out of range", "数字超出范围"),                    // wire
    ("key must be a string", "对象的键必须是带双引号的字符串"), // wire
    ("trailing comma", "多余的逗号"),                           // wire
    ("trailing characters", "JSON 结束后还有多余的内容"),       // wire
    ("control character", "字符串中不能有换行等控制字符"),      // wire
];

fn json_reason_in_chinese(error: &serde_json::Error, reason: &str) -> &'static str {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => "内容不完整，在结尾处意外结束",
        Category::Syntax => JSON_SYNTAX_REASONS
            .iter()
            .find(|(words, _)| reason.starts_with(words))
            .map_or("语法错误", |(_, chinese)| chinese),
        Category::Data => "内容的结构不符合要求",
        Category::Io => "读取失败",
    }
}

fn two_digits(text: &str) -> Option<u32> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (Ok(year), Some(month), Some(day)) =
        (year.parse::<u32>(), two_digits(month), two_digits(day))
    else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

pub fn is_time(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    let [hour, minute, second] = parts.as_slice() else {
        return false;
    };
    matches!(
        (two_digits(hour), two_digits(minute), two_digits(second)),
        (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s < 60
    )
}

/// `YYYY-MM-DD hh:mm:ss` (the format of ITSM filters and DMS `StartTime`/`EndTime`).
pub fn is_date_time(text: &str) -> bool {
    match text.split_once(' ') {
        Some((date, time)) => is_date(date) && is_time(time),
        None => false,
    }
}

pub fn is_http_url(text: &str) -> bool {
    // Without a lowercased copy: every row of a 10,000-row page has a link to check.
    let after = |scheme: &str| {
        text.get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| &text[scheme.len()..])
    };
    let rest = after("http://").or_else(|| after("https://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !has_whitespace(text)
        }
        None => false,
    }
}

/// `text.chars().any(char::is_whitespace)`, a byte at a time while the text is ASCII (nearly
/// every link): decoding each char and looking it up in Unicode's table took 10 ms of a
/// 10,000-row page in a profile.
fn has_whitespace(text: &str) -> bool {
    if text.is_ascii() {
        // ASCII's White_Space: tab, line feed, vertical tab, form feed, carriage return, space.
        text.bytes()
            .any(|byte| matches!(byte, b'\t'..=b'\r' | b' '))
    } else {
        text.chars().any(char::is_whitespace)
    }
}

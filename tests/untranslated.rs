//! Every text a person reads is made with `tr!` in both languages (a missing language is then a
//! compile error). This test finds the texts that escaped it: string literals that read as
//! English prose outside a `tr!(...)` or `text!(...)`, in the app and in the parts of `vendors` that make
//! labels and messages. Wire names (`PluginParam`, `RUNNING`), CSS classes, paths and format
//! strings without words pass; a literal that only looks like prose (a vendor's status word)
//! is marked on its line with `// wire`.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// Where texts are made. Vendors' wire types and decoders are left out: their literals are
/// the vendors' words.
const ROOTS: [&str; 2] = ["src", "vendors/src"];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The file without its test module and without the inside of every `tr!(...)`, `text!(...)`,
/// attribute `#[...]` (but `#[prop(...)]`) and comment, each replaced by spaces so line numbers stay.
fn code_to_scan(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(tests) => &text[..tests],
        None => text,
    };
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        let skip_to = if rest.starts_with("//") {
            rest.find('\n').map_or(bytes.len(), |end| i + end)
        } else if ["tr!(", "text!(", "#[", "#!["]
            .iter()
            .any(|start| rest.starts_with(start))
            // A component's default prop value is a text a person reads.
            && !rest.starts_with("#[prop(")
        {
            i + balanced_end(&rest[rest.find(['(', '[']).unwrap()..])
                + rest.find(['(', '[']).unwrap()
        } else if rest.starts_with('"') {
            // Step over the whole literal so a `//` inside it is not taken for a comment.
            i + literal_end(rest)
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        if !rest.starts_with('"') {
            for byte in &mut out[i..skip_to] {
                if *byte != b'\n' {
                    *byte = b' ';
                }
            }
        }
        i = skip_to.max(i + 1);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Length of the bracketed group at the start of `text`, strings inside included.
fn balanced_end(text: &str) -> usize {
    let mut depth = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        match rest.as_bytes()[0] {
            b'"' => {
                i += literal_end(rest);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    text.len()
}

/// Length of the string literal at the start of `text` (a plain `"..."` with escapes).
fn literal_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// English a person would read: two words of letters in a row, or one capitalised word.
fn reads_as_prose(literal: &str) -> bool {
    let words: Vec<&str> = literal.split_whitespace().collect();
    let is_word = |word: &str| {
        if word.contains('{') {
            return false; // a placeholder, not a word
        }
        let letters = word.trim_matches(|c: char| !c.is_ascii_alphabetic());
        letters.len() >= 2 && letters.chars().all(|c| c.is_ascii_alphabetic())
    };
    let two_words = words
        .windows(2)
        .any(|pair| is_word(pair[0]) && is_word(pair[1]))
        && !literal.contains("::");
    let capitalised = words.len() == 1 && {
        let mut chars = literal.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.clone().count() >= 2
            && chars.all(|c| c.is_ascii_lowercase())
    };
    two_words || capitalised
}

#[test]
fn every_shown_text_is_made_in_both_languages() {
    let mut files = Vec::new();
    for root in ROOTS {
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(root),
            &mut files,
        );
    }
    files.sort();
    let mut escaped = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let scanned = code_to_scan(&text);
        for (number, (line, original)) in scanned.lines().zip(text.lines()).enumerate() {
            if original.contains("// wire") {
                continue;
            }
            let mut rest = line;
            while let Some(start) = rest.find('"') {
                let end = literal_end(&rest[start..]);
                let literal = &rest[start + 1..start + end - 1];
                let is_css_class = rest[..start].trim_end().ends_with("class=");
                if !is_css_class && reads_as_prose(literal) {
                    escaped.push(format!("{}:{}: \"{literal}\"", file.display(), number + 1));
                }
                rest = &rest[(start + end).min(rest.len())..];
            }
        }
    }
    assert!(
        escaped.is_empty(),
        "{} texts are not made with tr!(english, chinese):\n{}",
        escaped.len(),
        escaped.join("\n")
    );
}

/// Names that are the same in both languages.
const PRODUCT_NAMES: [&str; 3] = ["Ticket Desk", "BlueKing ITSM", "ZStack"];

/// The string literals of every `tr!(..)` / `text!(..)` in `code`: (English, Chinese).
fn pairs(code: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for start in ["tr!(", "text!("] {
        for (at, _) in code.match_indices(start) {
            let group = &code[at + start.len() - 1..];
            let group = &group[..balanced_end(group)];
            let mut literals = Vec::new();
            let mut rest = group;
            while let Some(open) = rest.find('"') {
                let end = literal_end(&rest[open..]);
                literals.push(rest[open + 1..open + end - 1].to_string());
                rest = &rest[(open + end).min(rest.len())..];
            }
            if let [english, chinese, ..] = literals.as_slice() {
                found.push((english.clone(), chinese.clone()));
            }
        }
    }
    found
}

/// A Chinese text that is English prose (a copy, or the arguments swapped) slipped through.
fn chinese_is_english(chinese: &str) -> bool {
    !chinese.chars().any(|c| c as u32 >= 0x3000)
        && reads_as_prose(chinese)
        && !PRODUCT_NAMES.contains(&chinese)
}

#[test]
fn every_chinese_text_is_chinese() {
    let mut files = Vec::new();
    for root in ROOTS {
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(root),
            &mut files,
        );
    }
    let mut copies = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (english, chinese) in pairs(code) {
            if chinese_is_english(&chinese) {
                copies.push(format!("{}: {english:?} / {chinese:?}", file.display()));
            }
        }
    }
    assert!(
        copies.is_empty(),
        "Chinese texts in English:\n{}",
        copies.join("\n")
    );
}

#[test]
fn the_scanner_sees_prose_and_passes_wire_words() {
    assert!(reads_as_prose("New ticket"));
    assert!(reads_as_prose("Tickets"));
    assert!(reads_as_prose("{label} is required."));
    assert!(!reads_as_prose("PluginParam"));
    assert!(!reads_as_prose("RUNNING"));
    assert!(!reads_as_prose("backend-nav-item"));
    assert!(!reads_as_prose("/{}/tickets"));
    let code = "let a = tr!(\"Hello there\", \"你好\"); // Some words\nlet b = \"Left over\";";
    let scanned = code_to_scan(code);
    assert!(!scanned.contains("Hello there") && !scanned.contains("Some words"));
    assert!(scanned.contains("Left over"));
    let with_prop = "#[prop(default = \"File ticket\".to_string())] label: String,";
    assert!(code_to_scan(with_prop).contains("File ticket"));
    let code =
        "tr!(\"{n} rows\", \"{n} 行\"); text!(\"Retry\", \"Retry\"); tr!(\"ZStack\", \"ZStack\")";
    let found = pairs(code);
    assert_eq!(found.len(), 3);
    let copies: Vec<_> = found
        .iter()
        .filter(|(_, zh)| chinese_is_english(zh))
        .collect();
    assert_eq!(copies, [&("Retry".to_string(), "Retry".to_string())]);
}

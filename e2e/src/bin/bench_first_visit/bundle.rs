//! The bundle table: each file a first visit loads (wasm, JS, CSS), raw and compressed as the
//! gateway serves it, against the issue's targets.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The issue's targets for what the first visit loads, in KB (1 KB = 1000 bytes).
const TARGET_GZIP_KB: f64 = 240.0;
const TARGET_BROTLI_KB: f64 = 180.0;

/// What a first visit loads besides the bundle: served uncompressed and outside the targets.
const ALSO_LOADED: [&str; 2] = ["index.html", "config.json"];

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1000.0
}

struct Sizes {
    name: String,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

/// Where a page names a file it loads: an attribute (`href=`, `src=`, quoted or not, as in a
/// minified page), a module import (`import … from '…'`, `import('…')`), a `fetch('…')` (the
/// loader's wasm) or the wasm given to wasm-bindgen's `init`.
const NAMING: [&str; 6] = [
    "href=",
    "src=",
    "from",
    "import",
    "fetch",
    "module_or_path:",
];

/// The files `index.html` loads: the values in a [`NAMING`] place that end in `.wasm`, `.js` or
/// `.css`, in order of first mention, relative to the folder (a leading `/` or `./` dropped).
/// Comments are skipped: a file they mention need not exist.
pub fn referenced_files(index_html: &str) -> Vec<String> {
    let html = without_comments(index_html);
    let mut named: Vec<(usize, &str)> = Vec::new();
    for key in NAMING {
        for (at, _) in html.match_indices(key) {
            // A whole word: not `data-src=`, `module_or_path` in a longer name, `fromage`.
            let part_of_word = html[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || "-_$.".contains(c));
            let value = value_at(&html[at + key.len()..], key.ends_with('='));
            if let (false, Some(value)) = (part_of_word, value) {
                named.push((at, value));
            }
        }
    }
    named.sort_by_key(|(at, _)| *at);
    let mut files: Vec<String> = Vec::new();
    for (_, value) in named {
        let path = value.split(['?', '#']).next().unwrap_or_default();
        let path = path.trim_start_matches("./").trim_start_matches('/');
        let bundled = [".wasm", ".js", ".css"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if bundled && !path.contains("://") && !files.iter().any(|known| known == path) {
            files.push(path.to_string());
        }
    }
    files
}

/// `html` less its `<!-- … -->` comments.
fn without_comments(html: &str) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        kept.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    kept.push_str(rest);
    kept
}

/// The string `text` starts with (after blanks and an opening parenthesis): quoted, or for an
/// attribute also unquoted, up to a blank or `>`.
fn value_at(text: &str, attribute: bool) -> Option<&str> {
    let text = text.trim_start();
    let text = text.strip_prefix('(').map_or(text, str::trim_start);
    let quote = text.chars().next()?;
    if "\"'`".contains(quote) {
        let inner = &text[1..];
        return inner.find(quote).map(|end| &inner[..end]);
    }
    if !attribute {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || c == '>')
        .unwrap_or(text.len());
    Some(&text[..end]).filter(|value| !value.is_empty())
}

/// The size of `file` compressed: its `<file>.<ext>` written by `scripts/precompress.sh` (the
/// bytes the gateway sends) when it is not older than the file, else `command` run on it.
fn compressed(file: &Path, ext: &str, command: &[&str]) -> u64 {
    let beside = PathBuf::from(format!("{}.{ext}", file.display()));
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if let (Some(original), Some(packed)) = (modified(file), modified(&beside)) {
        if packed >= original {
            return std::fs::metadata(&beside).unwrap().len();
        }
    }
    let output = Command::new(command[0])
        .args(&command[1..])
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "run {} (install it or run scripts/precompress.sh): {e}",
                command[0]
            )
        });
    assert!(
        output.status.success(),
        "{} failed on {}",
        command[0],
        file.display()
    );
    output.stdout.len() as u64
}

fn sizes(dist: &Path, name: &str) -> Sizes {
    let file = dist.join(name);
    let raw = std::fs::metadata(&file)
        .unwrap_or_else(|e| panic!("the visit loaded {name}, but {}: {e}", file.display()))
        .len();
    Sizes {
        name: name.to_string(),
        raw,
        gzip: compressed(&file, "gz", &["gzip", "-9", "-n", "-c"]),
        brotli: compressed(&file, "br", &["brotli", "-q", "11", "-c"]),
    }
}

/// Whether `name` is a lazily loaded part of the wasm (scripts/post-build.sh names them).
fn is_part(name: &str) -> bool {
    name.starts_with("split_") || name.starts_with("chunk_")
}

/// Prints the table for the build in `dist`: the files of `fetched` (what a cold visit of Home
/// loaded, relative to the folder), the app's start files first, then the parts fetched after
/// the start (the navigation's counts), with subtotals and the total against the targets.
pub fn print_table(dist: &Path, fetched: &[String]) {
    let index = std::fs::read_to_string(dist.join("index.html"))
        .unwrap_or_else(|e| panic!("read {}/index.html: {e}", dist.display()));
    let named = referenced_files(&index);
    assert!(
        named.iter().any(|name| name.ends_with(".wasm")),
        "index.html references no .wasm file: {named:?}"
    );
    let missing: Vec<&String> = named.iter().filter(|n| !fetched.contains(n)).collect();
    assert!(
        missing.is_empty(),
        "the visit did not load what index.html names: {missing:?} (it loaded {fetched:?})"
    );
    let group = |parts: bool| {
        let mut files: Vec<Sizes> = fetched
            .iter()
            .filter(|name| is_part(name) == parts)
            .map(|name| sizes(dist, name))
            .collect();
        files.sort_by_key(|file| std::cmp::Reverse(file.raw));
        files
    };
    let (start, parts) = (group(false), group(true));
    let width = fetched.iter().map(String::len).max().unwrap_or(0).max(24);
    let row = |name: &str, raw: String, gzip: String, brotli: String| {
        println!("{name:<width$} {raw:>10} {gzip:>10} {brotli:>10}");
    };
    let total = |files: &[&Sizes], size: fn(&Sizes) -> u64| kb(files.iter().map(|f| size(f)).sum());
    let sum_row = |name: &str, files: &[&Sizes]| {
        row(
            name,
            format!("{:.1}", total(files, |f| f.raw)),
            format!("{:.1}", total(files, |f| f.gzip)),
            format!("{:.1}", total(files, |f| f.brotli)),
        );
    };
    let against_targets = |name: &str, files: &[&Sizes]| {
        let (gzip, brotli) = (total(files, |f| f.gzip), total(files, |f| f.brotli));
        row(
            name,
            String::new(),
            format!("{:.2}x", gzip / TARGET_GZIP_KB),
            format!("{:.2}x", brotli / TARGET_BROTLI_KB),
        );
    };

    println!("Bundle: what a cold first visit of Home loads, until the navigation's counts show");
    println!("(KB = 1000 bytes; gzip -9, brotli -q 11)");
    row(
        "file",
        "raw KB".into(),
        "gzip KB".into(),
        "brotli KB".into(),
    );
    for file in start.iter().chain(&parts) {
        row(
            &file.name,
            format!("{:.1}", kb(file.raw)),
            format!("{:.1}", kb(file.gzip)),
            format!("{:.1}", kb(file.brotli)),
        );
    }
    let start: Vec<&Sizes> = start.iter().collect();
    let all: Vec<&Sizes> = start.iter().copied().chain(&parts).collect();
    sum_row("start files (first paint)", &start);
    sum_row(
        "parts (counts, after it)",
        &parts.iter().collect::<Vec<_>>(),
    );
    sum_row("total", &all);
    row(
        "target",
        String::new(),
        format!("<= {TARGET_GZIP_KB:.0}"),
        format!("<= {TARGET_BROTLI_KB:.0}"),
    );
    against_targets("start files/target", &start);
    against_targets("total/target", &all);
    let also: Vec<String> = ALSO_LOADED
        .iter()
        .filter_map(|name| {
            let bytes = std::fs::metadata(dist.join(name)).ok()?.len();
            Some(format!("{name} {:.1} KB", kb(bytes)))
        })
        .collect();
    println!(
        "also loaded, uncompressed, not in the targets: {}",
        also.join(", ")
    );
}

#[cfg(test)]
mod tests {
    use super::referenced_files;

    #[test]
    fn finds_the_loader_module_stylesheets_and_relative_paths() {
        let html = r#"<script type="module">import init, * as b from '/app-1a2b.js';
            await init({ module_or_path: './app-1a2b_bg.wasm' });</script>
            <link rel="stylesheet" href="/main-9f.css" integrity="sha384-x+y/z"/>
            <!-- the person's theme --><link rel="modulepreload" href="/app-1a2b.js">
            <link rel="icon" href="/favicon.svg"/>"#;
        assert_eq!(
            referenced_files(html),
            ["app-1a2b.js", "app-1a2b_bg.wasm", "main-9f.css"]
        );
    }

    #[test]
    fn reads_a_minified_page_with_the_app_files_in_a_template() {
        let html = "<!doctype html><html lang=en><head><meta charset=utf-8>\
            <!-- the loader is pattern_script in Trunk.toml, not from 'old-loader.js' -->\
            <template id=app-files><link rel=modulepreload href=./td-3f.js><script type=module>\
            const c=WebAssembly.compileStreaming(fetch('./td-3f_bg.wasm')).catch(()=>fetch( \
            './td-3f_bg.wasm'));import('./td-3f.js').then(a=>a.default({module_or_path:c}));\
            </script><link rel=stylesheet href=main-de.css blocking=render \
            integrity=sha384-x+y/z><link rel=stylesheet href=/form-21.css></template>\
            <script>var note=\"see legacy.js\";import('./lazy-9.js')</script>\
            <img data-src=ghost.js><link rel=icon href=favicon.svg></head>";
        assert_eq!(
            referenced_files(html),
            [
                "td-3f.js",
                "td-3f_bg.wasm",
                "main-de.css",
                "form-21.css",
                "lazy-9.js"
            ]
        );
    }
}

//! The list's "Download CSV" in a real browser: a 100-row ITSM page exported whole, as a file
//! that Excel opens in UTF-8 (BOM), with a title that starts like a formula made harmless.

use e2e::itsm::file_raw_ticket;
use e2e::Session;

const CHINESE_TITLE: &str = "数据库扩容申请（华东 2 区），请审批";
const FORMULA_TITLE: &str = "=1+1";
const QUOTED_TITLE: &str = "Quote \"this\", please";

/// One CSV text as records of fields (RFC 4180: fields with commas, quotes or line breaks are
/// quoted, a quote inside is doubled); a last empty line is no record.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[test]
fn the_parser_reads_quoted_fields() {
    let records = parse_csv("a,b\r\n\"x, \"\"y\"\"\",'=1\r\n");
    assert_eq!(records, [vec!["a", "b"], vec!["x, \"y\"", "'=1"]]);
}

#[tokio::test]
async fn a_hundred_row_page_downloads_as_utf8_csv_with_formulas_made_harmless() {
    let session = Session::start().await;
    // Filed through the form; the newest tickets list first.
    for title in [CHINESE_TITLE, FORMULA_TITLE, QUOTED_TITLE] {
        file_raw_ticket(&session, "csv.e2e", title).await;
    }
    session.open("/itsm/tickets?page_size=100").await;
    session.find(".list-table[aria-rowcount='101']").await;
    session.wait_for_text(".ticket-row", "Quote").await;

    // Keep every Blob the page makes a URL for, and every download link it clicks (by a call
    // to click(), or an event on a link in the document) without downloading anything; should
    // a download start all the same, the browser refuses it rather than write a file.
    session
        .devtools(
            "Browser.setDownloadBehavior",
            serde_json::json!({ "behavior": "deny" }),
        )
        .await;
    session
        .execute(
            "window.e2eBlobs = [];
             window.e2eDownloads = [];
             const make = URL.createObjectURL;
             URL.createObjectURL = function (blob) {
                 window.e2eBlobs.push(blob);
                 return make.call(URL, blob);
             };
             const record = a => window.e2eDownloads.push([a.getAttribute('download'), a.href]);
             const click = HTMLElement.prototype.click;
             HTMLElement.prototype.click = function () {
                 if (this instanceof HTMLAnchorElement && this.hasAttribute('download')) {
                     record(this);
                 } else {
                     click.call(this);
                 }
             };
             document.addEventListener('click', event => {
                 const a = event.target.closest && event.target.closest('a[download]');
                 if (a) { record(a); event.preventDefault(); }
             }, true);",
            vec![],
        )
        .await;
    let button = session.find("button.download-csv").await;
    assert_eq!(button.text().await.unwrap(), "Download CSV");
    button.click().await.unwrap();
    session.wait_for_js("window.e2eBlobs.length > 0").await;
    let made = session
        .wait_for_js(
            "window.e2eDownloads.length > 0 && [window.e2eBlobs.length, window.e2eDownloads]",
        )
        .await;
    assert_eq!(made[0], 1, "one Blob for one click: {made}");
    let download = &made[1][0];
    assert!(
        !download[0].as_str().unwrap_or_default().is_empty(),
        "the link names the file: {made}"
    );
    assert!(
        download[1]
            .as_str()
            .unwrap_or_default()
            .starts_with("blob:"),
        "the link points at the Blob: {made}"
    );
    // A second click makes a second file (nothing kept from the first).
    button.click().await.unwrap();
    session
        .wait_for_js("window.e2eDownloads.length === 2")
        .await;
    assert_eq!(
        session
            .execute("return window.e2eBlobs.length;", vec![])
            .await,
        2,
        "one Blob per click"
    );

    // The bytes, BOM kept (Blob.text() would drop it).
    let bytes = session
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.e2eBlobs[0].arrayBuffer().then(buffer => {
                 const bytes = new Uint8Array(buffer);
                 done([[...bytes.slice(0, 3)],
                       new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes)]);
             }).catch(e => done(['error', String(e)]));",
            vec![],
        )
        .await;
    assert_eq!(
        bytes[0],
        serde_json::json!([0xEF, 0xBB, 0xBF]),
        "a UTF-8 BOM first"
    );
    let text = bytes[1].as_str().expect("UTF-8 text");
    let text = text.strip_prefix('\u{feff}').unwrap();

    let records = parse_csv(text);
    assert_eq!(
        records.len(),
        101,
        "a header and 100 rows; the first lines:\n{}",
        text.lines().take(3).collect::<Vec<_>>().join("\n")
    );
    let header = records[0].join(",");
    assert!(
        header.to_lowercase().contains("title"),
        "a header naming the columns: {header}"
    );
    let widths: Vec<usize> = records.iter().map(Vec::len).collect();
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "every row has the header's {} fields: {widths:?}",
        widths[0]
    );

    let has = |value: &str| records[1..].iter().any(|r| r.iter().any(|f| f == value));
    assert!(has(CHINESE_TITLE), "the Chinese title intact");
    assert!(has(QUOTED_TITLE), "quotes and a comma survive");
    assert!(
        has("'=1+1"),
        "the formula-like title is exported with a quote first"
    );
    assert!(
        !has(FORMULA_TITLE),
        "no field is a formula a spreadsheet would run"
    );
    session.close().await;
}

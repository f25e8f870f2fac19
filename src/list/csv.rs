//! CSV export of the list page on screen, made in the browser from the rows already loaded (no
//! new request).
//!
//! The file holds the visible columns that have a plain text ([`Column::text`]), under the same
//! headers in the current language, plus the ticket id (unless a column already holds it), the
//! vendor's link (unless a column already holds it, and only when a row has one) and the
//! ticket's page in Ticket Desk as an absolute URL. It is UTF-8 with a byte order mark, so
//! spreadsheet programs read Chinese text correctly, with CRLF line ends and RFC 4180 quoting;
//! a value a spreadsheet would run as a formula starts with `'`.

use super::columns::{ticket_href, CellText, Column, Holds};
use super::ListScope;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};
use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;
use vendors::{tr, Kind, Page, TicketSummary};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// The double quote, spelt out: the texts scanner (`tests/untranslated.rs`) would read a quote
/// mark in a char literal as the start of a string.
const QUOTE: char = '\u{22}';
/// The byte order mark that starts the file.
pub const BOM: char = '\u{FEFF}';
/// The most rows one file holds: the largest page.
pub const MAX_ROWS: usize = 10_000;
/// The file's media type.
const MEDIA_TYPE: &str = "text/csv;charset=utf-8";
/// How long the file's object URL outlives the click: the browser reads it after the click.
const REVOKE_AFTER: Duration = Duration::from_secs(40);

/// One value as a CSV field: a leading `=`, `+`, `-`, `@`, TAB or CR gets a `'` before it (so a
/// spreadsheet does not run it as a formula), then a value holding `"`, `,`, CR or LF is quoted
/// with its quotes doubled (RFC 4180).
pub fn field(value: &str) -> Cow<'_, str> {
    let guard = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = value.contains([QUOTE, ',', '\r', '\n']);
    if !guard && !quote {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 4);
    if quote {
        out.push(QUOTE);
    }
    if guard {
        out.push('\'');
    }
    for c in value.chars() {
        if c == QUOTE {
            out.push(QUOTE);
        }
        out.push(c);
    }
    if quote {
        out.push(QUOTE);
    }
    Cow::Owned(out)
}

/// The file's text: the byte order mark, the header line, then one line per row, each line
/// ended by CRLF.
pub fn encode(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::with_capacity(64 * (rows.len() + 1));
    out.push(BOM);
    write_line(&mut out, headers);
    for row in rows {
        write_line(&mut out, row);
    }
    out
}

fn write_line(out: &mut String, values: &[String]) {
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&field(value));
    }
    out.push_str("\r\n");
}

/// Headers and rows of strings, ready for [`encode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Where the ticket pages of the export live: the app's address, its origin and the folder it is
/// served from (`https://desk.example`, `https://intranet.example/desk`), and the instance id of
/// the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub address: String,
    pub instance: String,
}

impl Site {
    /// The ticket's page in Ticket Desk, as an absolute URL.
    pub fn ticket_url(&self, id: &str) -> String {
        let address = self.address.trim_end_matches('/');
        format!("{address}{}", ticket_href(&self.instance, id))
    }
}

/// Where one exported column takes its values from.
enum Source<'a> {
    Id,
    Text(&'a CellText),
    VendorLink,
    TicketDesk,
}

/// The export of `rows` under `columns`: see the module's description for which columns.
pub fn page_table(columns: &[Column], rows: &[TicketSummary], kind: Kind, site: &Site) -> Table {
    let shown: Vec<(&Column, &CellText)> = columns
        .iter()
        .filter_map(|column| column.text.as_ref().map(|text| (column, text)))
        .collect();
    let has = |holds: Holds| shown.iter().any(|(column, _)| column.holds == holds);
    let mut plan: Vec<(String, Source)> = Vec::with_capacity(shown.len() + 3);
    if !has(Holds::Id) {
        plan.push((tr!("Ticket ID", "工单 ID"), Source::Id));
    }
    for (column, text) in &shown {
        plan.push((column.header.clone(), Source::Text(text)));
    }
    if !has(Holds::VendorLink) && rows.iter().any(|row| row.link.is_some()) {
        let vendor = kind.short_label();
        plan.push((tr!("{vendor} link", "{vendor} 链接"), Source::VendorLink));
    }
    plan.push((
        tr!("Ticket Desk link", "Ticket Desk 链接"),
        Source::TicketDesk,
    ));

    let rows = rows
        .iter()
        .map(|row| {
            plan.iter()
                .map(|(_, source)| match source {
                    Source::Id => row.id.clone(),
                    Source::Text(text) => text(row),
                    Source::VendorLink => row.link.clone().unwrap_or_default(),
                    Source::TicketDesk => site.ticket_url(&row.id),
                })
                .collect()
        })
        .collect();
    Table {
        headers: plan.into_iter().map(|(header, _)| header).collect(),
        rows,
    }
}

/// A local date and time to the minute; `month` counts from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// `itsm-prod-tickets-20260314-0930.csv`; the waiting list's file says `waiting`.
pub fn file_name(instance: &str, scope: ListScope, at: Stamp) -> String {
    let mut instance: String = instance
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if instance.is_empty() {
        instance = "ticket-desk".to_string();
    }
    let what = match scope {
        ListScope::All => "tickets",
        ListScope::WaitingForMe => "waiting",
    };
    let Stamp {
        year,
        month,
        day,
        hour,
        minute,
    } = at;
    format!("{instance}-{what}-{year:04}{month:02}{day:02}-{hour:02}{minute:02}.csv")
}

/// The button that saves the page on screen as a CSV file. It names the file after the route's
/// instance (`/:backend/tickets`, `/:backend/waiting`) and is disabled while no rows are shown.
#[component]
pub fn DownloadCsv(
    /// The page on screen, while it has rows.
    page: Signal<Option<Arc<Page>>>,
    columns: Arc<Vec<Column>>,
    kind: Kind,
) -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let on_click = move |_| {
        let Some(page) = page.get_untracked() else {
            return;
        };
        let instance = params
            .with_untracked(|p| p.get("backend"))
            .unwrap_or_default();
        let waiting = location
            .pathname
            .with_untracked(|path| path.trim_end_matches('/').ends_with("/waiting"));
        let scope = if waiting {
            ListScope::WaitingForMe
        } else {
            ListScope::All
        };
        let site = Site {
            address: window().location().origin().unwrap_or_default() + crate::app_base::base(),
            instance,
        };
        let rows = &page.items[..page.items.len().min(MAX_ROWS)];
        let table = page_table(&columns, rows, kind, &site);
        let text = encode(&table.headers, &table.rows);
        if let Err(error) = download(&file_name(&site.instance, scope, now()), &text) {
            leptos::logging::error!("download-csv: {error:?}");
        }
    };
    view! {
        <button
            type="button"
            class="download-csv secondary"
            disabled=move || page.with(Option::is_none)
            on:click=on_click
        >
            {tr!("Download CSV", "下载 CSV")}
        </button>
    }
}

/// The browser's local time now.
fn now() -> Stamp {
    let date = js_sys::Date::new_0();
    Stamp {
        year: date.get_full_year(),
        month: date.get_month() + 1,
        day: date.get_date(),
        hour: date.get_hours(),
        minute: date.get_minutes(),
    }
}

/// Saves `text` as the file `name`: a Blob, one object URL for it, a temporary `<a download>`
/// clicked, and the URL revoked once the browser has had time to read it.
fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(MEDIA_TYPE);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let clicked = click_link(&url, name);
    set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        REVOKE_AFTER,
    );
    clicked
}

fn click_link(url: &str, name: &str) -> Result<(), JsValue> {
    let document = document();
    let link: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(url);
    link.set_download(name);
    link.set_hidden(true);
    // In the document while clicked, as older browsers download only from there.
    if let Some(body) = document.body() {
        body.append_child(&link)?;
    }
    link.click();
    link.remove();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::columns::{
        created_column, creator_column, id_column, link_column, service_column, status_column,
        title_column, updated_column,
    };
    use vendors::i18n::{self, Lang};

    fn row(id: &str, title: &str) -> TicketSummary {
        TicketSummary {
            kind: Kind::Itsm,
            id: id.to_string(),
            title: title.to_string(),
            status: "RUNNING".to_string(),
            status_label: None,
            creator: "alice".to_string(),
            created: "2026-03-14 09:30:00".to_string(),
            updated: None,
            service: Some("Database change".to_string()),
            link: Some("https://itsm.example/ticket/1".to_string()),
        }
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|value| value.to_string()).collect()
    }

    fn site() -> Site {
        Site {
            address: "https://desk.example".to_string(),
            instance: "itsm-prod".to_string(),
        }
    }

    /// The ITSM list's columns, as `backends::itsm::list` sets them.
    fn itsm_columns() -> Vec<Column> {
        vec![
            id_column("Ticket number"),
            title_column("itsm-prod"),
            status_column(),
            creator_column(),
            created_column(),
            updated_column(),
            service_column("Service"),
            link_column(),
        ]
    }

    #[test]
    fn plain_values_stay_as_they_are() {
        assert_eq!(field("alice"), "alice");
        assert_eq!(field(""), "");
        assert_eq!(field("数据库变更 申请"), "数据库变更 申请");
        assert!(matches!(field("alice"), Cow::Borrowed(_)));
    }

    #[test]
    fn quotes_commas_and_line_breaks_are_quoted() {
        assert_eq!(field(r#"say "hi""#), r#""say ""hi""""#);
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("one\ntwo"), "\"one\ntwo\"");
        assert_eq!(field("one\r\ntwo"), "\"one\r\ntwo\"");
    }

    #[test]
    fn formulas_are_not_run() {
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("-5"), "'-5");
        assert_eq!(field("+86 10 1234"), "'+86 10 1234");
        assert_eq!(field("@SUM(A1:A2)"), "'@SUM(A1:A2)");
        assert_eq!(field("\tx"), "'\tx");
        // Guarded first, then quoted: the quote mark is inside the quotes.
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(
            field("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        // Only the first character counts.
        assert_eq!(field("a=1"), "a=1");
        assert_eq!(field("5-3"), "5-3");
    }

    #[test]
    fn the_file_starts_with_the_bom_and_the_header_line() {
        let text = encode(&strings(&["Title", "Creator"]), &[strings(&["x", "y"])]);
        assert!(text.starts_with('\u{FEFF}'));
        assert_eq!(text.as_bytes()[..3], [0xEF, 0xBB, 0xBF]);
        assert_eq!(text, "\u{FEFF}Title,Creator\r\nx,y\r\n");
    }

    #[test]
    fn chinese_text_comes_through_intact() {
        let text = encode(
            &strings(&["标题", "提单人"]),
            &[strings(&["数据库变更：扩容，紧急", "张三"])],
        );
        assert_eq!(
            text,
            "\u{FEFF}标题,提单人\r\n数据库变更：扩容，紧急,张三\r\n"
        );
    }

    #[test]
    fn a_hundred_rows_make_a_hundred_and_one_lines() {
        let rows: Vec<Vec<String>> = (0..100)
            .map(|n| vec![format!("id-{n}"), "-5".to_string(), "a,b".to_string()])
            .collect();
        let text = encode(&strings(&["ID", "Value", "Pair"]), &rows);
        let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(lines.len(), 101);
        assert_eq!(text.matches("\r\n").count(), 101);
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert_eq!(lines[1], "id-0,'-5,\"a,b\"");
        assert_eq!(lines[100], "id-99,'-5,\"a,b\"");
    }

    #[test]
    fn the_itsm_list_exports_its_columns_and_the_ticket_page() {
        let mut second = row("NO2026031400002", "=cmd|' /C calc'!A0");
        second.link = None;
        second.updated = Some("2026-03-14 10:00:00".to_string());
        second.status_label = Some("In progress".to_string());
        let rows = [row("NO2026031400001", "扩容申请, 紧急"), second];
        let table = page_table(&itsm_columns(), &rows, Kind::Itsm, &site());
        assert_eq!(
            table.headers,
            strings(&[
                "Ticket number",
                "Title",
                "Status",
                "Creator",
                "Created",
                "Updated",
                "Service",
                "Link",
                "Ticket Desk link",
            ])
        );
        assert_eq!(
            table.rows[0],
            strings(&[
                "NO2026031400001",
                "扩容申请, 紧急",
                "RUNNING",
                "alice",
                "2026-03-14 09:30:00",
                "",
                "Database change",
                "https://itsm.example/ticket/1",
                "https://desk.example/itsm-prod/tickets/NO2026031400001",
            ])
        );
        assert_eq!(table.rows[1][2], "In progress");
        assert_eq!(table.rows[1][5], "2026-03-14 10:00:00");
        assert_eq!(table.rows[1][7], "");
        let text = encode(&table.headers, &table.rows);
        assert!(text.starts_with(
            "\u{FEFF}Ticket number,Title,Status,Creator,Created,Updated,Service,Link,Ticket Desk link\r\n"
        ));
        assert!(text.contains("\r\nNO2026031400001,\"扩容申请, 紧急\",RUNNING,"));
        assert!(text.contains("\r\nNO2026031400002,'=cmd|' /C calc'!A0,In progress,"));
    }

    #[test]
    fn the_id_and_vendor_link_are_added_when_no_column_holds_them() {
        let columns = vec![title_column("zs").with_header("Name"), status_column()];
        let mut rows = [row("a b/c", "VM"), row("2", "Disk")];
        rows[1].link = None;
        let site = Site {
            address: "http://localhost:8080/".to_string(),
            instance: "zs".to_string(),
        };
        let table = page_table(&columns, &rows, Kind::Itsm, &site);
        assert_eq!(
            table.headers,
            strings(&[
                "Ticket ID",
                "Name",
                "Status",
                "ITSM link",
                "Ticket Desk link"
            ])
        );
        assert_eq!(table.rows[0][0], "a b/c");
        assert_eq!(
            table.rows[0][4],
            format!("http://localhost:8080{}", ticket_href("zs", "a b/c"))
        );
        assert_eq!(table.rows[1][3], "");

        // No row with a vendor link: no column for it.
        rows[0].link = None;
        let table = page_table(&columns, &rows, Kind::Zstack, &site);
        assert_eq!(
            table.headers,
            strings(&["Ticket ID", "Name", "Status", "Ticket Desk link"])
        );
    }

    #[test]
    fn ticket_links_keep_the_folder_the_app_is_served_from() {
        let site = Site {
            address: "https://intranet.example/desk".to_string(),
            instance: "itsm".to_string(),
        };
        assert_eq!(
            site.ticket_url("NO1"),
            "https://intranet.example/desk/itsm/tickets/NO1"
        );
    }

    #[test]
    fn added_headers_follow_the_language() {
        i18n::set(Lang::Zh);
        let table = page_table(
            &[title_column("x").with_header("标题")],
            &[row("1", "扩容")],
            Kind::Itsm,
            &site(),
        );
        i18n::set(Lang::En);
        assert_eq!(
            table.headers,
            strings(&["工单 ID", "标题", "ITSM 链接", "Ticket Desk 链接"])
        );
        assert_eq!(table.rows[0][1], "扩容");
    }

    #[test]
    fn columns_without_text_are_left_out() {
        let drawn_only = Column::new(
            "Picture",
            super::super::columns::ColumnWidth::Compact,
            |_| ().into_any(),
        );
        let table = page_table(&[drawn_only], &[row("1", "t")], Kind::Dms, &site());
        assert_eq!(
            table.headers,
            strings(&["Ticket ID", "DMS link", "Ticket Desk link"])
        );
    }

    #[test]
    fn file_names_say_the_instance_scope_and_minute() {
        let at = Stamp {
            year: 2026,
            month: 3,
            day: 4,
            hour: 9,
            minute: 5,
        };
        assert_eq!(
            file_name("itsm-prod", ListScope::All, at),
            "itsm-prod-tickets-20260304-0905.csv"
        );
        assert_eq!(
            file_name("dms", ListScope::WaitingForMe, at),
            "dms-waiting-20260304-0905.csv"
        );
        assert_eq!(
            file_name("a/b c", ListScope::All, at),
            "a_b_c-tickets-20260304-0905.csv"
        );
    }
}

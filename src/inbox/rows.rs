//! The inbox's rows without the browser: each instance's waiting tickets merged into one list,
//! filtered and sorted as the URL says. Rows keep the unified `TicketSummary`; its `id` becomes
//! `{instance}/{ticket id}` ([`key`]), so the shared table, batch run and outcomes, which all
//! key rows by `id`, tell apart the same ticket number on two instances.

use crate::list::query::{put_text, text, QueryFilters};
use leptos_router::params::ParamsMap;
use vendors::{Kind, Page, TicketSummary};

const MINUTE_MS: f64 = 60_000.0;
const HOUR_MS: f64 = 60.0 * MINUTE_MS;
const DAY_MS: f64 = 24.0 * HOUR_MS;

/// The row key of ticket `id` on `instance`. Instance ids are `[a-z0-9-]+`, so the first `/`
/// ends it.
pub fn key(instance: &str, id: &str) -> String {
    format!("{instance}/{id}")
}

/// The instance and the ticket id of a row key.
pub fn split_key(key: &str) -> (&str, &str) {
    key.split_once('/').unwrap_or((key, ""))
}

/// One waiting ticket of the merged queue.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxRow {
    /// The unified row, its `id` being the [`key`].
    pub row: TicketSummary,
    /// When it started waiting, in ms since the epoch: its last change (the step it reached),
    /// else its creation; `None` when the back-end's time could not be read.
    pub since_ms: Option<f64>,
}

impl InboxRow {
    /// The instance whose answer the row came from.
    pub fn instance(&self) -> &str {
        split_key(&self.row.id).0
    }

    pub fn ticket_id(&self) -> &str {
        split_key(&self.row.id).1
    }
}

/// When `row` started waiting, in ms since the epoch: its last change (the step it reached),
/// else its creation; `None` when neither reads. `parse_time` reads a vendor's time text (the
/// browser's `Date.parse`; NaN when it cannot).
pub fn since_ms(row: &TicketSummary, parse_time: impl Fn(&str) -> f64) -> Option<f64> {
    let readable = |text: &str| Some(parse_time(text)).filter(|ms| ms.is_finite());
    row.updated
        .as_deref()
        .and_then(readable)
        .or_else(|| readable(&row.created))
}

/// The rows of one instance's answer.
pub fn rows_of(instance: &str, page: Page, parse_time: impl Fn(&str) -> f64) -> Vec<InboxRow> {
    page.items
        .into_iter()
        .map(|mut row| {
            let since_ms = since_ms(&row, &parse_time);
            row.id = key(instance, &row.id);
            InboxRow { row, since_ms }
        })
        .collect()
}

/// How long a row has waited at least, as the age filter offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinAge {
    Day,
    ThreeDays,
    Week,
    Month,
}

impl MinAge {
    pub const ALL: [MinAge; 4] = [MinAge::Day, MinAge::ThreeDays, MinAge::Week, MinAge::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            MinAge::Day => "1d",
            MinAge::ThreeDays => "3d",
            MinAge::Week => "7d",
            MinAge::Month => "30d",
        }
    }

    fn days(self) -> f64 {
        match self {
            MinAge::Day => 1.0,
            MinAge::ThreeDays => 3.0,
            MinAge::Week => 7.0,
            MinAge::Month => 30.0,
        }
    }

    pub fn parse(text: &str) -> Option<MinAge> {
        MinAge::ALL.into_iter().find(|age| age.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Longest waiting first: what the approver should look at first.
    #[default]
    OldestFirst,
    NewestFirst,
}

impl SortOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::OldestFirst => "oldest",
            SortOrder::NewestFirst => "newest",
        }
    }
}

/// The inbox's filters and sort, as they live in the URL (`?backend=itsm&age=3d&sort=newest`).
/// Values stay raw text; an unknown one filters nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InboxFilters {
    /// An instance id.
    pub backend: String,
    /// A kind (`itsm`, `dms`, `zstack`).
    pub kind: String,
    /// A status code.
    pub status: String,
    /// A [`MinAge`] value.
    pub age: String,
    /// Words in the title, id, creator or kind of ticket.
    pub text: String,
    /// `newest` for newest first; anything else is oldest first.
    pub sort: String,
}

impl QueryFilters for InboxFilters {
    fn from_query(query: &ParamsMap) -> Self {
        InboxFilters {
            backend: text(query, "backend"),
            kind: text(query, "kind"),
            status: text(query, "status"),
            age: text(query, "age"),
            text: text(query, "q"),
            sort: text(query, "sort"),
        }
    }

    fn write_query(&self, query: &mut ParamsMap) {
        put_text(query, "backend", &self.backend);
        put_text(query, "kind", &self.kind);
        put_text(query, "status", &self.status);
        put_text(query, "age", &self.age);
        put_text(query, "q", &self.text);
        put_text(query, "sort", &self.sort);
    }
}

impl InboxFilters {
    pub fn order(&self) -> SortOrder {
        match self.sort.as_str() {
            "newest" => SortOrder::NewestFirst,
            _ => SortOrder::OldestFirst,
        }
    }

    fn keeps(&self, row: &InboxRow, now_ms: f64, words: &[String]) -> bool {
        let summary = &row.row;
        let min_age = MinAge::parse(&self.age);
        (self.backend.is_empty() || row.instance() == self.backend)
            && (self.kind.is_empty() || summary.kind.as_str() == self.kind)
            && (self.status.is_empty() || summary.status == self.status)
            && min_age.is_none_or(|age| {
                row.since_ms
                    .is_some_and(|since| now_ms - since >= age.days() * DAY_MS)
            })
            && words.iter().all(|word| {
                [
                    summary.title.as_str(),
                    row.ticket_id(),
                    summary.creator.as_str(),
                    summary.service.as_deref().unwrap_or(""),
                ]
                .iter()
                .any(|field| field.to_lowercase().contains(word))
            })
    }
}

/// The rows the filters keep, in their order. Rows whose time is unknown sort last either way;
/// equal times keep the instances' order, so a refresh does not shuffle them.
pub fn visible(rows: &[InboxRow], filters: &InboxFilters, now_ms: f64) -> Vec<TicketSummary> {
    let words: Vec<String> = filters
        .text
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let mut kept: Vec<&InboxRow> = rows
        .iter()
        .filter(|row| filters.keeps(row, now_ms, &words))
        .collect();
    let order = filters.order();
    kept.sort_by(|a, b| match (a.since_ms, b.since_ms) {
        (Some(a), Some(b)) => match order {
            SortOrder::OldestFirst => a.total_cmp(&b),
            SortOrder::NewestFirst => b.total_cmp(&a),
        },
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    kept.into_iter().map(|row| row.row.clone()).collect()
}

/// How long something has waited, in the largest whole unit: "45 min", "5 h", "3 d".
pub fn age_text(waited_ms: f64) -> String {
    let waited = waited_ms.max(0.0);
    if waited < HOUR_MS {
        let n = (waited / MINUTE_MS).floor() as u64;
        vendors::tr!("{n} min", "{n} 分钟")
    } else if waited < DAY_MS {
        let n = (waited / HOUR_MS).floor() as u64;
        vendors::tr!("{n} h", "{n} 小时")
    } else {
        let n = (waited / DAY_MS).floor() as u64;
        vendors::tr!("{n} d", "{n} 天")
    }
}

/// The keys in `fresh` that `shown` lacks: tickets that started waiting since the last look.
pub fn new_keys<'a>(shown: &[InboxRow], fresh: &'a [InboxRow]) -> Vec<&'a str> {
    let known: std::collections::HashSet<&str> =
        shown.iter().map(|row| row.row.id.as_str()).collect();
    fresh
        .iter()
        .map(|row| row.row.id.as_str())
        .filter(|key| !known.contains(key))
        .collect()
}

/// The distinct statuses among `rows`, each with its kind and words, in first-seen order: the
/// status filter offers only what the queue holds.
pub fn statuses(rows: &[InboxRow]) -> Vec<(Kind, String, Option<String>)> {
    let mut seen = std::collections::HashSet::new();
    rows.iter()
        .filter(|row| seen.insert(row.row.status.clone()))
        .map(|row| {
            let r = &row.row;
            (r.kind, r.status.clone(), r.status_label.clone())
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A waiting row as the vendors' answers give it (`source`'s tests use it too).
    pub(crate) fn summary(
        kind: Kind,
        id: &str,
        title: &str,
        updated: Option<&str>,
    ) -> TicketSummary {
        TicketSummary {
            kind,
            id: id.into(),
            title: title.into(),
            status: "RUNNING".into(),
            status_label: None,
            creator: "wang.fang".into(),
            created: "1000".into(),
            updated: updated.map(Into::into),
            service: Some("VM request".into()),
            link: None,
        }
    }

    fn page(items: Vec<TicketSummary>) -> Page {
        let total = items.len() as u64;
        Page {
            items,
            page: 1,
            page_size: 100,
            total,
        }
    }

    /// Times in the tests are plain numbers of days; anything else is unreadable.
    fn days(text: &str) -> f64 {
        text.parse::<f64>().map_or(f64::NAN, |d| d * DAY_MS)
    }

    fn queue() -> Vec<InboxRow> {
        let mut rows = rows_of(
            "itsm",
            page(vec![
                summary(Kind::Itsm, "NO1", "Open port 443", Some("995")),
                summary(Kind::Itsm, "NO2", "Disk quota", Some("unreadable")),
            ]),
            days,
        );
        rows.extend(rows_of(
            "itsm-staging",
            page(vec![summary(
                Kind::Itsm,
                "NO1",
                "Staging port",
                Some("999"),
            )]),
            days,
        ));
        rows.extend(rows_of(
            "dms",
            page(vec![summary(Kind::Dms, "42", "Fix orders table", None)]),
            days,
        ));
        rows
    }

    #[test]
    fn keys_tell_the_same_ticket_number_on_two_instances_apart() {
        let rows = queue();
        let keys: Vec<&str> = rows.iter().map(|r| r.row.id.as_str()).collect();
        assert_eq!(keys, ["itsm/NO1", "itsm/NO2", "itsm-staging/NO1", "dms/42"]);
        assert_eq!(split_key("itsm-staging/NO/1"), ("itsm-staging", "NO/1"));
        assert_eq!(rows[2].instance(), "itsm-staging");
        assert_eq!(rows[2].ticket_id(), "NO1");
    }

    #[test]
    fn waiting_since_is_the_last_change_else_the_creation() {
        let rows = queue();
        assert_eq!(rows[0].since_ms, Some(995.0 * DAY_MS));
        // An unreadable last change falls back to the creation time.
        assert_eq!(rows[1].since_ms, Some(1000.0 * DAY_MS));
        assert_eq!(rows[3].since_ms, Some(1000.0 * DAY_MS));
    }

    // Reading the URL (ParamsMap) needs the browser; the end-to-end tests reload filtered pages.

    #[test]
    fn oldest_waiting_comes_first_unless_asked_otherwise() {
        let rows = queue();
        let ids = |filters: &InboxFilters| -> Vec<String> {
            visible(&rows, filters, 1001.0 * DAY_MS)
                .into_iter()
                .map(|r| r.id)
                .collect()
        };
        assert_eq!(
            ids(&InboxFilters::default()),
            ["itsm/NO1", "itsm-staging/NO1", "itsm/NO2", "dms/42"]
        );
        let newest = InboxFilters {
            sort: "newest".into(),
            ..InboxFilters::default()
        };
        assert_eq!(
            ids(&newest),
            ["itsm/NO2", "dms/42", "itsm-staging/NO1", "itsm/NO1"]
        );
    }

    #[test]
    fn filters_narrow_by_instance_kind_age_and_words() {
        let rows = queue();
        let now = 1001.0 * DAY_MS;
        let ids = |filters: InboxFilters| -> Vec<String> {
            visible(&rows, &filters, now)
                .into_iter()
                .map(|r| r.id)
                .collect()
        };
        let by = |f: fn(&mut InboxFilters)| {
            let mut filters = InboxFilters::default();
            f(&mut filters);
            filters
        };
        assert_eq!(
            ids(by(|f| f.backend = "itsm-staging".into())),
            ["itsm-staging/NO1"]
        );
        assert_eq!(ids(by(|f| f.kind = "dms".into())), ["dms/42"]);
        // Waited at least three days: only the one changed on day 995.
        assert_eq!(ids(by(|f| f.age = "3d".into())), ["itsm/NO1"]);
        // Every word must match somewhere, case aside; ids count.
        assert_eq!(
            ids(by(|f| f.text = "PORT staging".into())),
            ["itsm-staging/NO1"]
        );
        assert_eq!(ids(by(|f| f.text = "42".into())), ["dms/42"]);
        assert!(ids(by(|f| f.status = "FINISHED".into())).is_empty());
        // An unknown age filters nothing rather than everything.
        assert_eq!(ids(by(|f| f.age = "forever".into())).len(), 4);
    }

    #[test]
    fn only_tickets_not_shown_yet_are_new() {
        let shown = queue();
        let mut fresh = shown[1..].to_vec();
        fresh.extend(rows_of(
            "dms",
            page(vec![summary(Kind::Dms, "43", "New", None)]),
            days,
        ));
        assert_eq!(new_keys(&shown, &fresh), ["dms/43"]);
    }

    #[test]
    fn ages_are_said_in_their_largest_unit() {
        assert_eq!(age_text(59.0 * MINUTE_MS), "59 min");
        assert_eq!(age_text(5.5 * HOUR_MS), "5 h");
        assert_eq!(age_text(3.2 * DAY_MS), "3 d");
        assert_eq!(age_text(-5.0), "0 min");
    }
}

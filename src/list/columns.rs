//! Column descriptions for [`ListView`](super::ListView): a header, a width class and a cell
//! renderer over the unified [`TicketSummary`]. Each back-end picks the stock columns below and
//! adds its own with [`Column::new`] or [`Column::text`]. A column's plain text
//! ([`Column::text`], [`Column::with_text`]) is what the CSV export writes for it.

use crate::i18n::date_time;
use crate::widgets::badge::{badge_text, StatusBadge};
use crate::widgets::link::SafeLink;
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;
use vendors::{tr, TicketSummary};

/// How much room a column takes; the CSS classes live in `style/app.css`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnWidth {
    /// A short link or icon.
    Compact,
    /// Badges, short names.
    Narrow,
    /// Timestamps, people.
    Medium,
    /// Identifiers such as ITSM's 18-character ticket numbers; dates written out in words.
    Long,
    /// Free text such as titles; takes the remaining room.
    Wide,
}

impl ColumnWidth {
    pub fn css_class(self) -> &'static str {
        match self {
            ColumnWidth::Compact => "col-compact",
            ColumnWidth::Narrow => "col-narrow",
            ColumnWidth::Medium => "col-medium",
            ColumnWidth::Long => "col-long",
            ColumnWidth::Wide => "col-wide",
        }
    }
}

pub type CellRenderer = Arc<dyn Fn(&TicketSummary) -> AnyView + Send + Sync>;
/// A cell as plain text, for the CSV export.
pub type CellText = Arc<dyn Fn(&TicketSummary) -> String + Send + Sync>;

/// What a column holds, so the CSV export adds the ticket id or the vendor's link only when no
/// column already has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Holds {
    #[default]
    Other,
    /// The ticket's id (`TicketSummary::id`).
    Id,
    /// The vendor's page of the ticket (`TicketSummary::link`).
    VendorLink,
}

#[derive(Clone)]
pub struct Column {
    pub header: String,
    pub width: ColumnWidth,
    pub render: CellRenderer,
    /// The cell as plain text: the text it shows, a link's address. The CSV export leaves a
    /// column without it out.
    pub text: Option<CellText>,
    pub holds: Holds,
}

impl Column {
    pub fn new(
        header: impl Into<String>,
        width: ColumnWidth,
        render: impl Fn(&TicketSummary) -> AnyView + Send + Sync + 'static,
    ) -> Self {
        Column {
            header: header.into(),
            width,
            render: Arc::new(render),
            text: None,
            holds: Holds::Other,
        }
    }

    /// The same column with its plain text, for the CSV export.
    pub fn with_text(
        mut self,
        text: impl Fn(&TicketSummary) -> String + Send + Sync + 'static,
    ) -> Self {
        self.text = Some(Arc::new(text));
        self
    }

    /// The same column, marked as holding the id or the vendor's link.
    pub fn holding(mut self, holds: Holds) -> Self {
        self.holds = holds;
        self
    }

    /// The same column with another width, e.g. a stock column whose values are short here.
    pub fn with_width(mut self, width: ColumnWidth) -> Self {
        self.width = width;
        self
    }

    /// The same column under another header, e.g. "Committer" for the creator.
    pub fn with_header(mut self, header: impl Into<String>) -> Self {
        self.header = header.into();
        self
    }

    /// A plain-text cell; the full text is also its tooltip, since long values are cut short.
    pub fn text(
        header: impl Into<String>,
        width: ColumnWidth,
        value: impl Fn(&TicketSummary) -> String + Send + Sync + 'static,
    ) -> Self {
        let value: CellText = Arc::new(value);
        let shown = value.clone();
        let mut column = Column::new(header, width, move |row| {
            let text = shown(row);
            text_cell(text.clone(), text)
        });
        column.text = Some(value);
        column
    }

    /// A vendor's time, shown in the current language's style; the tooltip and the CSV keep the
    /// time as the vendor sent it (exact, sortable, the same in both languages).
    pub fn time(
        header: impl Into<String>,
        width: ColumnWidth,
        value: impl Fn(&TicketSummary) -> String + Send + Sync + 'static,
    ) -> Self {
        let value: CellText = Arc::new(value);
        let sent = value.clone();
        let mut column = Column::new(header, width, move |row| {
            let sent = sent(row);
            text_cell(date_time(&sent), sent)
        });
        column.text = Some(value);
        column
    }
}

/// A cell of text, cut short by the column, with `tooltip` in full.
fn text_cell(text: String, tooltip: String) -> AnyView {
    view! { <span class="cell-text" title=tooltip>{text}</span> }.into_any()
}

/// The identifier a person quotes (ITSM sn, DMS order id, ZStack uuid).
pub fn id_column(header: &str) -> Column {
    Column::text(header, ColumnWidth::Long, |row| row.id.clone()).holding(Holds::Id)
}

/// The title, linking to the ticket's page in Ticket Desk (`/{instance}/tickets/{id}`).
pub fn title_column(instance: &str) -> Column {
    let instance = instance.to_string();
    Column::new(tr!("Title", "标题"), ColumnWidth::Wide, move |row| {
        let href = crate::app_base::href(&ticket_href(&instance, &row.id));
        let (text, tooltip) = (row.title.clone(), row.title.clone());
        view! { <A href=href attr:class="cell-text" attr:title=tooltip>{text}</A> }.into_any()
    })
    .with_text(|row| row.title.clone())
}

/// The route of the app's own page of one ticket (put [`crate::app_base::href`] before it).
pub fn ticket_href(instance: &str, id: &str) -> String {
    // A dot is escaped too: a last path segment with a dot reads as a file to static hosts and
    // to index.html's folder finder (the router decodes it again).
    format!(
        "/{instance}/tickets/{}",
        vendors::encode_component(id).replace('.', "%2E")
    )
}

/// The status badge: coloured by the status code, saying the back-end's words for it.
pub fn status_column() -> Column {
    Column::new(tr!("Status", "状态"), ColumnWidth::Narrow, |row| {
        let text = row.status_label.clone();
        view! { <StatusBadge kind=row.kind status=row.status.clone() text /> }.into_any()
    })
    .with_text(|row| badge_text(row.kind, &row.status, row.status_label.as_deref()))
}

pub fn creator_column() -> Column {
    Column::text(tr!("Creator", "提单人"), ColumnWidth::Medium, |row| {
        row.creator.clone()
    })
}

pub fn created_column() -> Column {
    Column::time(tr!("Created", "创建时间"), ColumnWidth::Medium, |row| {
        row.created.clone()
    })
}

pub fn updated_column() -> Column {
    Column::time(tr!("Updated", "更新时间"), ColumnWidth::Medium, |row| {
        row.updated.clone().unwrap_or_default()
    })
}

/// What kind of ticket it is; back-ends name it differently (service, PluginType, ...).
pub fn service_column(header: &str) -> Column {
    Column::text(header, ColumnWidth::Medium, |row| {
        row.service.clone().unwrap_or_default()
    })
}

/// The vendor's own page for the ticket, opened in a new tab.
pub fn link_column() -> Column {
    Column::new(
        tr!("Link", "链接"),
        ColumnWidth::Compact,
        |row| match &row.link {
            Some(url) => {
                let (id, vendor) = (&row.id, row.kind.short_label());
                let label = tr!(
                    "Open ticket {id} in {vendor} (new tab)",
                    "在 {vendor} 中打开工单 {id}（新标签页）"
                );
                view! { <SafeLink url=url.clone() text=tr!("Open", "打开") label /> }.into_any()
            }
            None => view! { <span class="cell-text muted">{tr!("none", "无")}</span> }.into_any(),
        },
    )
    .with_text(|row| row.link.clone().unwrap_or_default())
    .holding(Holds::VendorLink)
}

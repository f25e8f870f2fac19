//! QueryTicket's `q` conditions, sorting and paging over the stored tickets.

use std::cmp::Ordering;

use vendors::zstack::{Condition, QueryOp, SortDirection, TicketQuery};

use super::{parse_date, StoredTicket};

/// Fields a condition may name.
const TEXT_FIELDS: [&str; 7] = [
    "uuid",
    "name",
    "description",
    "status",
    "accountSystemType",
    "flowCollectionUuid",
    "currentFlowUuid",
];
const DATE_FIELDS: [&str; 2] = ["createDate", "lastOpDate"];
pub const SORT_FIELDS: [&str; 3] = ["createDate", "lastOpDate", "name"];

fn text_of<'a>(field: &str, stored: &'a StoredTicket) -> Option<&'a str> {
    let ticket = &stored.ticket;
    match field {
        "uuid" => Some(&ticket.uuid),
        "name" => Some(&ticket.name),
        "description" => ticket.description.as_deref(),
        "status" => Some(&ticket.status),
        "accountSystemType" => ticket.account_system_type.as_deref(),
        "flowCollectionUuid" => ticket.flow_collection_uuid.as_deref(),
        _ => ticket.current_flow_uuid.as_deref(),
    }
}

fn date_of(field: &str, stored: &StoredTicket) -> i64 {
    if field == "createDate" {
        stored.created
    } else {
        stored.last_op
    }
}

/// A condition checked once, ready to test tickets.
#[derive(Debug)]
pub enum Filter {
    Text {
        field: &'static str,
        op: QueryOp,
        values: Vec<String>,
    },
    Date {
        field: &'static str,
        op: QueryOp,
        values: Vec<i64>,
    },
}

/// The `q` values a condition carries: a list for `?=`/`!?=`, otherwise one value.
pub(super) fn values_of(condition: &Condition) -> Vec<String> {
    match condition.op {
        QueryOp::In | QueryOp::NotIn => condition
            .value
            .split(',')
            .map(|value| value.trim().to_string())
            .collect(),
        _ => vec![condition.value.clone()],
    }
}

impl Filter {
    /// Checks a condition against the ticket inventory; the error is SYS.1007's details.
    pub fn compile(condition: &Condition) -> Result<Filter, String> {
        let name = condition.field.trim();
        if let Some(field) = TEXT_FIELDS.iter().find(|field| **field == name) {
            return Ok(Filter::Text {
                field,
                op: condition.op,
                values: values_of(condition),
            });
        }
        let Some(field) = DATE_FIELDS.iter().find(|field| **field == name) else {
            return Err(format!(
                "entity[TicketInventory] has no field[{name}] to query; use one of {}, {}",
                TEXT_FIELDS.join(", "),
                DATE_FIELDS.join(", ")
            ));
        };
        if matches!(condition.op, QueryOp::Like | QueryOp::NotLike) {
            return Err(format!(
                "the operator {} does not apply to the date field {field}",
                condition.op.as_str()
            ));
        }
        let values = values_of(condition)
            .iter()
            .map(|text| {
                parse_date(text).ok_or_else(|| {
                    format!(
                        "{field}: \"{text}\" is not a date; write it like 2026-11-03 10:22:11, \
                         Nov 3, 2026 10:22:11 AM or as epoch milliseconds"
                    )
                })
            })
            .collect::<Result<Vec<i64>, String>>()?;
        Ok(Filter::Date {
            field,
            op: condition.op,
            values,
        })
    }

    pub fn matches(&self, stored: &StoredTicket) -> bool {
        match self {
            Filter::Text { field, op, values } => match text_of(field, stored) {
                Some(text) => holds(
                    *op,
                    text,
                    values,
                    |a, b| a.cmp(b.as_str()),
                    |a, b| like(a, b),
                ),
                // As in SQL, a missing value satisfies no condition.
                None => false,
            },
            Filter::Date { field, op, values } => {
                let date = date_of(field, stored);
                holds(*op, &date, values, |a, b| a.cmp(b), |_, _| false)
            }
        }
    }
}

pub(super) fn holds<T: ?Sized, V>(
    op: QueryOp,
    value: &T,
    values: &[V],
    compare: impl Fn(&T, &V) -> Ordering,
    like: impl Fn(&T, &V) -> bool,
) -> bool {
    let first = &values[0];
    match op {
        QueryOp::Eq => compare(value, first).is_eq(),
        QueryOp::NotEq => compare(value, first).is_ne(),
        QueryOp::Gt => compare(value, first).is_gt(),
        QueryOp::Lt => compare(value, first).is_lt(),
        QueryOp::Ge => compare(value, first).is_ge(),
        QueryOp::Le => compare(value, first).is_le(),
        QueryOp::In => values.iter().any(|v| compare(value, v).is_eq()),
        QueryOp::NotIn => values.iter().all(|v| compare(value, v).is_ne()),
        QueryOp::Like => like(value, first),
        QueryOp::NotLike => !like(value, first),
    }
}

/// SQL `like`: `%` any run, `_` one character; case-insensitive like MySQL's default
/// collation.
pub(super) fn like(text: &str, pattern: &str) -> bool {
    let text: Vec<char> = text.to_lowercase().chars().collect();
    let pattern: Vec<char> = pattern.to_lowercase().chars().collect();
    // Greedy matching with backtracking to the last `%`: linear in practice.
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '_' || pattern[p] == text[t]) {
            t += 1;
            p += 1;
        } else if p < pattern.len() && pattern[p] == '%' {
            star = Some((p, t));
            p += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '%')
}

/// The matching tickets of a query, sorted and paged, with the number that matched.
pub fn run<'a>(
    tickets: &'a [StoredTicket],
    query: &TicketQuery,
    uuid: Option<&str>,
) -> Result<(Vec<&'a StoredTicket>, u64), String> {
    let filters = query
        .conditions
        .iter()
        .map(Filter::compile)
        .collect::<Result<Vec<_>, _>>()?;
    let sort_by = match query.sort_by.as_deref() {
        Some(field) => Some(
            SORT_FIELDS
                .into_iter()
                .find(|known| *known == field)
                .ok_or_else(|| {
                    format!(
                        "sortBy[{field}] is not a sortable field; use one of {}",
                        SORT_FIELDS.join(", ")
                    )
                })?,
        ),
        None => None,
    };
    let mut matched: Vec<&StoredTicket> = tickets
        .iter()
        .filter(|stored| uuid.is_none_or(|uuid| stored.ticket.uuid == uuid))
        .filter(|stored| filters.iter().all(|filter| filter.matches(stored)))
        .collect();
    if let Some(field) = sort_by {
        // Stable, so equal keys keep creation order.
        matched.sort_by(|a, b| match field {
            "name" => a.ticket.name.cmp(&b.ticket.name),
            _ => date_of(field, a).cmp(&date_of(field, b)),
        });
        if query.sort_direction == Some(SortDirection::Desc) {
            matched.reverse();
        }
    }
    let total = matched.len() as u64;
    let start = query.start.unwrap_or(0).min(total) as usize;
    let limit = query.limit_or_default() as usize;
    let page = matched.into_iter().skip(start).take(limit).collect();
    Ok((page, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns() {
        assert!(like("Create vm for web-01", "%vm%"));
        assert!(like("Create vm", "create%"));
        assert!(like("abc", "a_c"));
        assert!(!like("abc", "a_"));
        assert!(like("a%b", "a%b"));
        assert!(!like("Create vm", "%volume%"));
        assert!(like("", "%"));
    }
}

//! QueryTicket: `GET /zstack/v1/tickets[/{uuid}]` with repeatable `q=field<op>value`
//! conditions, paging and sorting; plus the parser back from query pairs (the simulator's).

use crate::call::Problem;
use crate::tr;
use crate::validate::{Problems, MAX_PAGE_SIZE};
use serde::{Deserialize, Serialize};

/// ZStack's default `limit`.
pub const DEFAULT_LIMIT: u64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QueryOp {
    Eq,
    NotEq,
    Gt,
    Lt,
    Ge,
    Le,
    /// `?=`: the value is a comma-separated list.
    In,
    NotIn,
    /// `~=`: SQL `like`, `%` as the wildcard.
    Like,
    NotLike,
}

impl QueryOp {
    /// Longest first, so parsing picks `>=` over `>`.
    const BY_LENGTH: [QueryOp; 10] = [
        QueryOp::NotIn,
        QueryOp::NotLike,
        QueryOp::Ge,
        QueryOp::Le,
        QueryOp::NotEq,
        QueryOp::In,
        QueryOp::Like,
        QueryOp::Eq,
        QueryOp::Gt,
        QueryOp::Lt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueryOp::Eq => "=",
            QueryOp::NotEq => "!=",
            QueryOp::Gt => ">",
            QueryOp::Lt => "<",
            QueryOp::Ge => ">=",
            QueryOp::Le => "<=",
            QueryOp::In => "?=",
            QueryOp::NotIn => "!?=",
            QueryOp::Like => "~=",
            QueryOp::NotLike => "!~=",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    pub op: QueryOp,
    pub value: String,
}

impl Condition {
    pub fn new(field: impl Into<String>, op: QueryOp, value: impl Into<String>) -> Self {
        Condition {
            field: field.into(),
            op,
            value: value.into(),
        }
    }

    /// The `q` parameter's text, e.g. `status=Pending`.
    pub fn to_q(&self) -> String {
        format!("{}{}{}", self.field, self.op.as_str(), self.value)
    }

    /// Parses `field<op>value`; the field is everything before the first operator character.
    pub fn parse(text: &str) -> Result<Condition, String> {
        let start = text.find(['=', '!', '<', '>', '?', '~']).ok_or_else(|| {
            tr!(
                "\"{text}\" has no operator such as = or ~=",
                "“{text}”中没有 = 或 ~= 这样的运算符"
            )
        })?;
        let (field, rest) = text.split_at(start);
        if field.trim().is_empty() {
            return Err(tr!(
                "\"{text}\" names no field before its operator",
                "“{text}”的运算符前没有字段名"
            ));
        }
        let op = QueryOp::BY_LENGTH
            .into_iter()
            .find(|op| rest.starts_with(op.as_str()))
            .ok_or_else(|| {
                tr!(
                    "\"{text}\" has an unknown operator",
                    "“{text}”的运算符无法识别"
                )
            })?;
        Ok(Condition::new(field.trim(), op, &rest[op.as_str().len()..]))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortDirection {
    Asc,
    Desc,
}

impl SortDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            SortDirection::Asc => "asc",
            SortDirection::Desc => "desc",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TicketQuery {
    /// One ticket: `GET /zstack/v1/tickets/{uuid}`.
    pub uuid: Option<String>,
    pub conditions: Vec<Condition>,
    pub limit: Option<u64>,
    pub start: Option<u64>,
    /// Asks for `total` in the answer.
    pub reply_with_count: bool,
    pub sort_by: Option<String>,
    pub sort_direction: Option<SortDirection>,
}

impl TicketQuery {
    pub fn path(&self) -> String {
        match &self.uuid {
            Some(uuid) => format!("/zstack/v1/tickets/{uuid}"),
            None => "/zstack/v1/tickets".to_string(),
        }
    }

    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut query: Vec<(String, String)> = self
            .conditions
            .iter()
            .map(|condition| ("q".to_string(), condition.to_q()))
            .collect();
        if let Some(limit) = self.limit {
            query.push(("limit".into(), limit.to_string()));
        }
        if let Some(start) = self.start {
            query.push(("start".into(), start.to_string()));
        }
        if self.reply_with_count {
            query.push(("replyWithCount".into(), "true".into()));
        }
        if let Some(sort_by) = &self.sort_by {
            query.push(("sortBy".into(), sort_by.clone()));
        }
        if let Some(direction) = self.sort_direction {
            query.push(("sortDirection".into(), direction.as_str().into()));
        }
        query
    }

    /// The inverse of [`to_query`](Self::to_query), validated. `uuid` comes from the path,
    /// so it is left `None`. Unknown parameters are ignored.
    pub fn from_query(pairs: &[(String, String)]) -> Result<TicketQuery, Vec<Problem>> {
        let mut problems = Problems::new();
        let mut query = TicketQuery::default();
        let mut condition_index = 0;
        for (key, value) in pairs {
            match key.as_str() {
                "q" => {
                    match Condition::parse(value) {
                        Ok(condition) => query.conditions.push(condition),
                        Err(reason) => problems.push(
                            format!("q[{condition_index}]"),
                            tr!("The condition {reason}.", "条件{reason}。"),
                        ),
                    }
                    condition_index += 1;
                }
                "limit" => query.limit = count(&mut problems, "limit", &limit_label(), value),
                "start" => {
                    let label = tr!("Start", "起始位置");
                    query.start = count(&mut problems, "start", &label, value);
                }
                "replyWithCount" => query.reply_with_count = value.eq_ignore_ascii_case("true"),
                "sortBy" => query.sort_by = Some(value.clone()).filter(|text| !text.is_empty()),
                "sortDirection" => {
                    query.sort_direction = match value.to_ascii_lowercase().as_str() {
                        "asc" => Some(SortDirection::Asc),
                        "desc" => Some(SortDirection::Desc),
                        _ => {
                            problems.one_of(
                                "sortDirection",
                                &tr!("Sort direction", "排序方向"),
                                value,
                                &["asc", "desc"],
                            );
                            None
                        }
                    }
                }
                _ => {}
            }
        }
        problems.extend(query.validate().err().unwrap_or_default());
        problems.finish(query)
    }

    /// limit 1..=10000, conditions with a field, uuid 32 hex digits.
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        if let Some(limit) = self.limit {
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let label = limit_label();
            problems.in_range("limit", &label, limit, Some(1), Some(MAX_PAGE_SIZE));
        }
        for (index, condition) in self.conditions.iter().enumerate() {
            problems.require(
                &format!("q[{index}]"),
                &tr!("The condition's field", "条件的字段"),
                &condition.field,
            );
        }
        if let Some(uuid) = &self.uuid {
            let label = super::labels::TICKET_UUID.get();
            super::check_uuid(&mut problems, "uuid", label, uuid);
        }
        problems.into_result()
    }

    pub fn limit_or_default(&self) -> u64 {
        self.limit.unwrap_or(DEFAULT_LIMIT)
    }
}

fn limit_label() -> String {
    tr!("Limit", "数量上限")
}

fn count(problems: &mut Problems, path: &str, label: &str, text: &str) -> Option<u64> {
    problems
        .integer(path, label, text, Some(0), None)
        .and_then(|number| u64::try_from(number).ok())
}

//! ZStack tickets through the REST API `/zstack/v1/...`: calls, decoding of synchronous (200)
//! and asynchronous (202 + job polling) answers, sessions, validation and list mapping; a
//! ticket's workflow (history, flows, ChangeTicketStatus) and its detail page.

mod detail;
mod form;
mod query;
mod types;
mod workflow;

pub use detail::{allowed_decisions, current_flow, ordered_flows, requester, ticket_detail};
pub use form::{create_form, create_from_form, API_NAMES};
pub use query::{Condition, QueryOp, SortDirection, TicketQuery, DEFAULT_LIMIT};
pub use types::*;
pub use workflow::*;

use crate::call::{HttpCall, Method, Problem, VendorError};
use crate::kind::Kind;
use crate::response::{http_failure, is_success, parse_json, shape, text_of, CODE_BAD_RESPONSE};
use crate::summary::{Page, TicketSummary};
use crate::tone::{Status, Tone};
use crate::validate::Problems;
use crate::{text, tr};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha512};

pub const TICKETS_PATH: &str = "/zstack/v1/tickets";
pub const ACCOUNT_LOGIN_PATH: &str = "/zstack/v1/accounts/login";
pub const VIRTUAL_ID_LOGIN_PATH: &str = "/zstack/v1/iam2/virtual-ids/login";
/// `DELETE {SESSIONS_PATH}/{session uuid}` ends a session (LogOut).
pub const SESSIONS_PATH: &str = "/zstack/v1/accounts/sessions";
/// `GET {API_JOBS_PATH}/{job uuid}` polls an asynchronous call.
pub const API_JOBS_PATH: &str = "/zstack/v1/api-jobs";
const JOBS_MARKER: &str = "/v1/api-jobs/";

/// The code ZStack answers for an invalid or expired session (unverified: keep it in one place).
pub const SESSION_ERROR_CODE: &str = "ID.1001";

/// Whether the caller must log in again before retrying.
pub fn is_session_error(error: &VendorError) -> bool {
    error.code == SESSION_ERROR_CODE || error.status == 401
}

/// A ZStack answer: done now, or accepted with a job to poll.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Reply<T> {
    Done(T),
    /// Poll `job_path` (relative to the proxy base, `/zstack/v1/api-jobs/<uuid>`) with
    /// [`poll_job_call`].
    Pending {
        job_path: String,
    },
}

fn authorized(mut call: HttpCall, session: Option<&str>) -> HttpCall {
    if let Some(session) = session.map(str::trim).filter(|session| !session.is_empty()) {
        call.headers
            .push(("Authorization".into(), format!("OAuth {session}"))); // wire
    }
    call
}

fn with_body<T: Serialize>(mut call: HttpCall, body: &T) -> HttpCall {
    // The request types have string keys and no failing `Serialize`, so this cannot fail.
    call.body = Some(serde_json::to_value(body).unwrap_or_else(|error| unreachable!("{error}")));
    call
}

/// The proxy-relative job path of a 202's `location` (an absolute URL on the ZStack host).
pub fn job_path_from_location(location: &str) -> Option<String> {
    let start = location.find(JOBS_MARKER)? + JOBS_MARKER.len();
    let uuid = location[start..]
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    let safe = !uuid.is_empty() && uuid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    safe.then(|| format!("/zstack{JOBS_MARKER}{uuid}"))
}

/// Decodes the answer to a call that may run asynchronously: 200 -> `Done`, 202 with a
/// `location` -> `Pending`, `{error: {code, description, details}}` -> `Err`.
pub fn decode_reply<T: DeserializeOwned>(status: u16, body: &str) -> Result<Reply<T>, VendorError> {
    let value = parse_json(status, body)?;
    if status == 202 {
        let location = value.get("location").and_then(text_of).unwrap_or_default();
        return job_path_from_location(&location)
            .map(|job_path| Reply::Pending { job_path })
            .ok_or_else(|| {
                VendorError::new(
                    status,
                    CODE_BAD_RESPONSE,
                    tr!(
                        "the job was accepted, but its location \"{location}\" is not a ZStack job address",
                        "任务已受理，但它的地址“{location}”不是 ZStack 的任务地址"
                    ),
                )
            });
    }
    if !is_success(status) {
        return Err(http_failure(status, &value));
    }
    shape(status, value).map(Reply::Done)
}

/// GET the job; its answer decodes with [`decode_poll_job`].
pub fn poll_job_call(job_path: &str, session: Option<&str>) -> HttpCall {
    authorized(HttpCall::new(Method::Get, job_path), session)
}

/// 202 -> still `Pending` at the same path; 200 -> the call's result; an error body
/// (ZStack answers 503 for a failed job) or any other status -> `Err`.
pub fn decode_poll_job<T: DeserializeOwned>(
    job_path: &str,
    status: u16,
    body: &str,
) -> Result<Reply<T>, VendorError> {
    let value = parse_json(status, body)?;
    if status == 202 {
        return Ok(Reply::Pending {
            job_path: job_path.to_string(),
        });
    }
    if !is_success(status) {
        return Err(http_failure(status, &value));
    }
    shape(status, value).map(Reply::Done)
}

pub fn create_ticket_call(request: &CreateTicket, session: Option<&str>) -> HttpCall {
    authorized(
        with_body(HttpCall::new(Method::Post, TICKETS_PATH), request),
        session,
    )
}

pub fn decode_create_ticket(status: u16, body: &str) -> Result<Reply<TicketCreated>, VendorError> {
    decode_reply(status, body)
}

pub fn query_tickets_call(query: &TicketQuery, session: Option<&str>) -> HttpCall {
    let mut call = HttpCall::new(Method::Get, query.path());
    call.query = query.to_query();
    authorized(call, session)
}

/// The total of a successful ticket query sent with `replyWithCount`, and nothing else of it: a
/// count needs no rows. `None` for any other answer (a job, an error, no total).
pub fn decode_ticket_count(status: u16, body: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Count {
        #[serde(default, deserialize_with = "crate::lenient::opt_uint")]
        total: Option<u64>,
        #[serde(default)]
        inventories: Vec<serde::de::IgnoredAny>,
    }
    let count: Count = serde_json::from_str(body).ok()?;
    // 202 is a job, not an answer; without a total, the rows shown (as `page_from` counts).
    (is_success(status) && status != 202)
        .then(|| count.total.unwrap_or(count.inventories.len() as u64))
}

/// `#[inline]`: generated where it is called, so the app's list pages get it compiled for speed
/// (crate `list-decode`).
#[inline]
pub fn decode_query_tickets(status: u16, body: &str) -> Result<TicketInventories, VendorError> {
    match decode_reply(status, body)? {
        Reply::Done(inventories) => Ok(inventories),
        Reply::Pending { .. } => Err(query_answered_with_job(status)),
    }
}

/// The error for a query answered with a job: queries are synchronous.
pub(crate) fn query_answered_with_job(status: u16) -> VendorError {
    VendorError::new(
        status,
        CODE_BAD_RESPONSE,
        tr!(
            "a query answered with a job to poll, which queries never do",
            "查询返回了需要轮询的任务，而查询从不这样返回"
        ),
    )
}

/// SHA-512 hex of the plain password: the form ZStack's login calls expect.
pub fn hash_password(plain: &str) -> String {
    hex::encode(Sha512::digest(plain.as_bytes()))
}

pub fn login_by_account_call(account_name: &str, plain_password: &str) -> HttpCall {
    let body = AccountLoginBody {
        log_in_by_account: AccountLogin {
            account_name: account_name.to_string(),
            password: hash_password(plain_password),
        },
    };
    with_body(HttpCall::new(Method::Put, ACCOUNT_LOGIN_PATH), &body)
}

pub fn login_virtual_id_call(name: &str, plain_password: &str) -> HttpCall {
    let body = VirtualIdLoginBody {
        login_iam2_virtual_id: VirtualIdLogin {
            name: name.to_string(),
            password: hash_password(plain_password),
        },
    };
    with_body(HttpCall::new(Method::Put, VIRTUAL_ID_LOGIN_PATH), &body)
}

/// Ends `session` on the server (ZStack's LogOut).
pub fn logout_call(session: &str) -> HttpCall {
    let path = format!(
        "{SESSIONS_PATH}/{}",
        crate::call::encode_component(session.trim())
    );
    authorized(HttpCall::new(Method::Delete, path), Some(session))
}

/// Logging out of a session that has already expired is as good as a success.
pub fn decode_logout(status: u16, body: &str) -> Result<(), VendorError> {
    match decode_reply::<serde_json::Value>(status, body) {
        Ok(_) => Ok(()),
        Err(error) if is_session_error(&error) => Ok(()),
        Err(error) => Err(error),
    }
}

/// Decodes either login answer into the session.
pub fn decode_login(status: u16, body: &str) -> Result<Session, VendorError> {
    match decode_reply::<SessionReply>(status, body)? {
        Reply::Done(reply) if !reply.inventory.uuid.is_empty() => Ok(reply.inventory),
        _ => Err(VendorError::new(
            status,
            CODE_BAD_RESPONSE,
            tr!(
                "the login answer carried no session",
                "登录的返回中没有会话"
            ),
        )),
    }
}

impl CreateTicket {
    /// name, at least one request with name, API, executeTimes >= 1 and an object body,
    /// uuids of 32 hex digits.
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        let params = &self.params;
        problems.require("params.name", labels::NAME.get(), &params.name);
        if params.requests.is_empty() {
            problems.push(
                "params.requests",
                tr!("At least one request is required.", "至少需要一个请求。"),
            );
        }
        for (index, request) in params.requests.iter().enumerate() {
            let path = |child: &str| format!("params.requests[{index}].{child}");
            problems.require(
                &path("requestName"),
                labels::REQUEST_NAME.get(),
                &request.request_name,
            );
            problems.require(
                &path("apiName"),
                text!("API name", "API 名称").get(),
                &request.api_name,
            );
            let times = request.execute_times;
            if !(times.is_finite() && times >= 1.0 && times.fract() == 0.0) {
                let times = crate::lenient::number_text(times);
                problems.push(
                    path("executeTimes"),
                    tr!(
                        "Execute times must be a whole number of at least 1, not {times}.",
                        "执行次数必须是不小于 1 的整数，不能是 {times}。"
                    ),
                );
            }
            let api_body = text!("API body", "API 参数").get();
            problems.json_object(&path("apiBody"), api_body, &request.api_body);
        }
        let uuids = [
            (
                "params.flowCollectionUuid",
                text!("Flow collection uuid", "流程集合 UUID"),
                &params.flow_collection_uuid,
            ),
            (
                "params.resourceUuid",
                labels::RESOURCE_UUID,
                &params.resource_uuid,
            ),
        ];
        let context = params.account_system_context.clone().unwrap_or_default();
        let context_uuids = [
            (
                "params.accountSystemContext.projectUuid",
                labels::PROJECT_UUID,
                &context.project_uuid,
            ),
            (
                "params.accountSystemContext.virtualIDUuid",
                labels::VIRTUAL_ID_UUID,
                &context.virtual_id_uuid,
            ),
        ];
        for (path, label, uuid) in uuids.into_iter().chain(context_uuids) {
            if let Some(uuid) = uuid {
                check_uuid(&mut problems, path, label.get(), uuid);
            }
        }
        for (name, tags) in [
            ("systemTags", &self.system_tags),
            ("userTags", &self.user_tags),
        ] {
            for (index, tag) in tags.iter().flatten().enumerate() {
                problems.require(
                    &format!("{name}[{index}]"),
                    text!("A tag", "标签").get(),
                    tag,
                );
            }
        }
        problems.into_result()
    }
}

/// The unified list row of a ZStack ticket; `creator` is the virtual id uuid, `service` the
/// number of requests.
/// Takes the ticket: a page moves its texts into the rows instead of copying them.
pub fn ticket_summary(ticket: Ticket) -> TicketSummary {
    let creator = ticket
        .account_system_context
        .and_then(|context| context.virtual_id_uuid)
        .unwrap_or_default();
    let service = ticket
        .requests
        .as_ref()
        .map(|requests| match requests.len() {
            1 => tr!("1 request", "1 个请求"),
            count => tr!("{count} requests", "{count} 个请求"),
        });
    TicketSummary {
        kind: Kind::Zstack,
        id: ticket.uuid,
        title: ticket.name,
        status: ticket.status,
        status_label: None,
        creator,
        created: ticket.create_date,
        updated: Some(ticket.last_op_date).filter(|text| !text.is_empty()),
        service,
        link: None,
    }
}

/// One page of the list; ZStack pages by `start`/`limit`, counted here from page 1.
pub fn page_from(query: &TicketQuery, inventories: TicketInventories) -> Page {
    let page_size = query.limit_or_default().max(1);
    let start = query.start.unwrap_or(0);
    let shown = inventories.inventories.len() as u64;
    Page {
        items: inventories
            .inventories
            .into_iter()
            .map(ticket_summary)
            .collect(),
        page: start / page_size + 1,
        page_size,
        total: inventories.total.unwrap_or(start + shown),
    }
}

/// The labels the form and the request's checks share, so a field reads the same in both.
pub(crate) mod labels {
    use crate::i18n::Text;
    use crate::text;

    pub const NAME: Text = text!("Name", "名称");
    pub const DESCRIPTION: Text = text!("Description", "描述");
    pub const REQUEST_NAME: Text = text!("Request name", "请求名称");
    pub const ACCOUNT_SYSTEM: Text = text!("Account system", "账号体系");
    pub const PROJECT_UUID: Text = text!("Project uuid", "项目 UUID");
    pub const VIRTUAL_ID_UUID: Text = text!("Virtual id uuid", "虚拟 ID UUID");
    pub const RESOURCE_UUID: Text = text!("Resource uuid", "资源 UUID");
    pub const TICKET_UUID: Text = text!("Ticket uuid", "工单 UUID");
}

/// The statuses ZStack documents, with their badge and their name: the status itself in
/// English (as ZStack shows it), its name in Chinese. Others still display, as sent.
pub const STATUSES: [Status; 8] = [
    Status::named("Pending", Tone::Warning, "待审批"), // wire
    Status::named("IntermediateApproved", Tone::Active, "审批中"),
    Status::named("FinalApproved", Tone::Success, "已通过"),
    Status::named("Rejected", Tone::Danger, "已拒绝"), // wire
    Status::named("Cancelled", Tone::Neutral, "已撤回"), // wire
    Status::named("Canceled", Tone::Neutral, "已撤回"), // wire
    Status::named("Done", Tone::Success, "已完成"),    // wire
    Status::named("Failed", Tone::Danger, "失败"),     // wire
];

/// ZStack's uuids: 32 hexadecimal digits without dashes.
pub fn is_uuid(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Records a problem at `path` unless `text` is a ZStack uuid.
pub fn check_uuid(problems: &mut Problems, path: &str, label: &str, text: &str) -> bool {
    let ok = is_uuid(text.trim());
    if !ok {
        problems.push(
            path,
            tr!(
                "{label} must be a ZStack uuid: 32 hexadecimal digits without dashes.",
                "{label}必须是 ZStack UUID：32 位十六进制数字，不带短横线。"
            ),
        );
    }
    ok
}

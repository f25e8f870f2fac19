//! The ZStack CreateTicket form: ticket fields and one repeated row per API request.

use super::labels;
use super::types::{AccountSystemContext, CreateTicket, CreateTicketParams, TicketRequest};
use crate::call::Problem;
use crate::form::{
    self, merge_problems, row_count, row_path, split_list, value, value_opt, FieldKind, FieldSpec,
    FormValues,
};
use crate::tr;
use serde_json::Value;

/// Common API messages offered as suggestions for `apiName` (any other name is accepted).
pub const API_NAMES: [&str; 12] = [
    "org.zstack.header.vm.APICreateVmInstanceMsg",
    "org.zstack.header.vm.APIStartVmInstanceMsg",
    "org.zstack.header.vm.APIStopVmInstanceMsg",
    "org.zstack.header.vm.APIRebootVmInstanceMsg",
    "org.zstack.header.vm.APIDestroyVmInstanceMsg",
    "org.zstack.header.vm.APIChangeInstanceOfferingMsg",
    "org.zstack.header.volume.APICreateDataVolumeMsg",
    "org.zstack.header.volume.APIAttachDataVolumeToVmMsg",
    "org.zstack.header.volume.APIDetachDataVolumeFromVmMsg",
    "org.zstack.header.volume.APIDeleteDataVolumeMsg",
    "org.zstack.header.volume.APIResizeDataVolumeMsg",
    "org.zstack.header.image.APIAddImageMsg",
];

const REQUESTS: &str = "params.requests";

pub fn create_form() -> Vec<FieldSpec> {
    let request_fields = vec![
        FieldSpec::new("requestName", labels::REQUEST_NAME.get(), FieldKind::Text).required(),
        FieldSpec::new(
            "apiName",
            tr!("API message", "API 消息"),
            FieldKind::Suggest(API_NAMES.iter().map(|name| name.to_string()).collect()),
        )
        .required()
        .help(tr!(
            "The ZStack API message to run once the ticket is approved.",
            "工单通过后要执行的 ZStack API 消息。"
        )),
        FieldSpec::new(
            "executeTimes",
            tr!("Execute times", "执行次数"),
            FieldKind::Integer {
                min: Some(1),
                max: None,
            },
        )
        .required()
        .default_value("1"),
        FieldSpec::new(
            "apiBody",
            tr!("API body (JSON)", "API 参数（JSON）"),
            FieldKind::Json,
        )
        .required()
        .default_value("{}")
        .help(tr!(
            "The message's parameters as a JSON object.",
            "消息的参数，写成一个 JSON 对象。"
        )),
    ];
    vec![
        FieldSpec::new("params.name", labels::NAME.get(), FieldKind::Text).required(),
        FieldSpec::new(
            "params.description",
            labels::DESCRIPTION.get(),
            FieldKind::MultiLine,
        ),
        FieldSpec::new(
            REQUESTS,
            tr!("Requests", "请求"),
            FieldKind::Repeated {
                fields: request_fields,
                min: 1,
            },
        )
        .required(),
        FieldSpec::new(
            "params.flowCollectionUuid",
            tr!("Approval flow uuid", "审批流程 UUID"),
            FieldKind::Text,
        )
        .help(tr!(
            "Leave empty for the project's default approval flow.",
            "留空则使用项目的默认审批流程。"
        )),
        FieldSpec::new(
            "params.accountSystemType",
            labels::ACCOUNT_SYSTEM.get(),
            FieldKind::Text,
        )
        .default_value("iam2"),
        FieldSpec::new(
            "params.accountSystemContext.projectUuid",
            labels::PROJECT_UUID.get(),
            FieldKind::Text,
        ),
        FieldSpec::new(
            "params.accountSystemContext.virtualIDUuid",
            labels::VIRTUAL_ID_UUID.get(),
            FieldKind::Text,
        ),
        FieldSpec::new(
            "params.resourceUuid",
            labels::RESOURCE_UUID.get(),
            FieldKind::Text,
        ),
        FieldSpec::new(
            "systemTags",
            tr!("System tags", "系统标签"),
            FieldKind::TagList,
        ),
        FieldSpec::new("userTags", tr!("User tags", "用户标签"), FieldKind::TagList),
    ]
}

/// Builds a CreateTicket from form values, reporting every problem by its input's name.
pub fn create_from_form(values: &FormValues) -> Result<CreateTicket, Vec<Problem>> {
    let specs = create_form();
    let values = form::with_defaults(&specs, values);
    let form_problems = form::check(&specs, &values);

    let requests = (0..row_count(&values, REQUESTS))
        .map(|index| {
            let field = |child: &str| value(&values, &row_path(REQUESTS, index, child)).to_string();
            TicketRequest {
                request_name: field("requestName"),
                api_name: field("apiName"),
                execute_times: field("executeTimes")
                    .parse::<i64>()
                    .map_or(1.0, |n| n as f64),
                api_body: serde_json::from_str(&field("apiBody")).unwrap_or(Value::Null),
            }
        })
        .collect();
    let context = AccountSystemContext {
        project_uuid: value_opt(&values, "params.accountSystemContext.projectUuid"),
        virtual_id_uuid: value_opt(&values, "params.accountSystemContext.virtualIDUuid"),
    };
    let tags = |path: &str| Some(split_list(value(&values, path))).filter(|tags| !tags.is_empty());
    let request = CreateTicket {
        params: CreateTicketParams {
            name: value(&values, "params.name").to_string(),
            description: value_opt(&values, "params.description"),
            requests,
            flow_collection_uuid: value_opt(&values, "params.flowCollectionUuid"),
            account_system_type: value_opt(&values, "params.accountSystemType"),
            account_system_context: (context != AccountSystemContext::default()).then_some(context),
            resource_uuid: value_opt(&values, "params.resourceUuid"),
        },
        system_tags: tags("systemTags"),
        user_tags: tags("userTags"),
    };
    let request_problems = request.validate().err().unwrap_or_default();
    merge_problems(form_problems, request_problems).map(|()| request)
}

//! Approval flows: each flow collection is two steps, each step with one approver. The IAM2
//! user `demo` approves the first step of two collections and the second of a third; the last
//! collection (the default for new tickets) never waits for `demo`, so a ticket `demo` files
//! is one they can withdraw but not approve.

use vendors::zstack::{FlowContext, TicketFlow};

use crate::demo::rng::SeedRng;

/// A flow collection's steps in order; the first has no parent.
#[derive(Debug, Clone)]
pub struct Collection {
    pub uuid: String,
    pub flows: Vec<TicketFlow>,
}

impl Collection {
    pub fn first(&self) -> &TicketFlow {
        &self.flows[0]
    }

    /// The step after `flow_uuid`, if any.
    pub fn after(&self, flow_uuid: &str) -> Option<&TicketFlow> {
        let index = self.flows.iter().position(|flow| flow.uuid == flow_uuid)?;
        self.flows.get(index + 1)
    }
}

/// Who approves: the demo user, the demo account, and two approvers no one logs in as.
pub struct Approvers<'a> {
    pub demo: &'a str,
    pub admin: &'a str,
    pub lead: &'a str,
    pub ops: &'a str,
}

/// The collections; the last is the default one CreateTicket uses.
pub fn collections(rng: &mut SeedRng, who: &Approvers<'_>) -> Vec<Collection> {
    let plans: [[(&str, &str); 2]; 4] = [
        [
            ("Project owner approval", who.demo),
            ("Operations approval", who.ops),
        ],
        [
            ("Team lead approval", who.lead),
            ("Capacity approval", who.demo),
        ],
        [
            ("Storage owner approval", who.demo),
            ("Platform admin approval", who.admin),
        ],
        [
            ("Platform admin approval", who.admin),
            ("Operations approval", who.ops),
        ],
    ];
    plans
        .iter()
        .map(|steps| {
            let uuid = rng.hex32();
            let mut flows: Vec<TicketFlow> = Vec::new();
            for (name, approver) in steps {
                let parent = flows.last().map(|flow| flow.uuid.clone());
                flows.push(TicketFlow {
                    uuid: rng.hex32(),
                    collection_uuid: Some(uuid.clone()),
                    parent_flow_uuid: parent,
                    name: name.to_string(),
                    flow_context: Some(FlowContext {
                        approver_uuid: Some(approver.to_string()),
                    }),
                });
            }
            Collection { uuid, flows }
        })
        .collect()
}

/// The collection holding `flow_uuid`, with the flow.
pub fn find_flow<'a>(
    collections: &'a [Collection],
    flow_uuid: &str,
) -> Option<(&'a Collection, &'a TicketFlow)> {
    collections.iter().find_map(|collection| {
        collection
            .flows
            .iter()
            .find(|flow| flow.uuid == flow_uuid)
            .map(|flow| (collection, flow))
    })
}

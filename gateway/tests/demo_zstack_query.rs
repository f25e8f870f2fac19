//! `--demo` ZStack QueryTicket: the seed, `q` conditions with every operator, sorting and
//! paging with `total`, through the proxy.

mod common;

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use common::demo::*;
use ticket_gateway::kinds::zstack::sim::{self as zstack, StoredTicket, ZstackSim};
use ticket_gateway::kinds::zstack::sim::{
    ACCOUNT as ZSTACK_ACCOUNT, IAM2_USER as ZSTACK_IAM2_USER,
};

fn seed() -> ZstackSim {
    ZstackSim::new(ZSTACK_ACCOUNT, ZSTACK_IAM2_USER)
}

fn count_where(sim: &ZstackSim, keep: impl Fn(&StoredTicket) -> bool) -> usize {
    sim.tickets().iter().filter(|t| keep(t)).count()
}

#[test]
fn seed_is_varied_and_the_same_every_time() {
    let (sim, again) = (seed(), seed());
    let tickets = sim.tickets();
    assert_eq!(tickets.len(), zstack::SEED_TICKETS);
    assert!(tickets.len() >= 500);
    assert!(tickets
        .iter()
        .zip(again.tickets())
        .all(|(a, b)| a.ticket == b.ticket));
    let statuses: HashSet<&str> = tickets.iter().map(|t| t.ticket.status.as_str()).collect();
    for status in [
        "Pending",
        "IntermediateApproved",
        "FinalApproved",
        "Rejected",
        "Cancelled",
        zstack::UNKNOWN_STATUS,
    ] {
        assert!(statuses.contains(status), "no {status} ticket");
    }
    let uuids: HashSet<&str> = tickets.iter().map(|t| t.ticket.uuid.as_str()).collect();
    assert_eq!(uuids.len(), tickets.len());
    for stored in tickets {
        let ticket = &stored.ticket;
        let requests = ticket.requests.as_ref().unwrap();
        assert!((1..=3).contains(&requests.len()));
        assert!(requests
            .iter()
            .all(|r| r.api_name.starts_with("org.zstack.") && r.api_body.is_object()));
        assert_eq!(ticket.account_system_type.as_deref(), Some("iam2"));
        let context = ticket.account_system_context.as_ref().unwrap();
        for uuid in [&context.project_uuid, &context.virtual_id_uuid] {
            assert!(vendors::zstack::is_uuid(uuid.as_deref().unwrap()));
        }
        assert!(vendors::zstack::is_uuid(&ticket.uuid));
        assert_eq!(
            zstack::parse_date(&ticket.create_date),
            Some(stored.created)
        );
        assert!(ticket.create_date.ends_with(" AM") || ticket.create_date.ends_with(" PM"));
        assert!(stored.last_op >= stored.created);
    }
}

#[tokio::test]
async fn query_operators() {
    let (app, _) = demo_app().await;
    let session = zstack_login(&app).await;
    let sim = seed();
    let total = |q: &'static str| {
        let (app, session) = (app.clone(), session.clone());
        async move {
            zstack_query(
                &app,
                &session,
                &format!("{q}&replyWithCount=true&limit=10000"),
            )
            .await["total"]
                .as_u64()
                .unwrap() as usize
        }
    };
    let pending = count_where(&sim, |t| t.ticket.status == "Pending");
    assert_eq!(total("q=status=Pending").await, pending);
    assert_eq!(
        total("q=status!=Pending").await,
        sim.tickets().len() - pending
    );
    let decided = count_where(&sim, |t| {
        ["Rejected", "Cancelled"].contains(&t.ticket.status.as_str())
    });
    assert_eq!(total("q=status?=Rejected,Cancelled").await, decided);
    assert_eq!(
        total("q=status!?=Rejected,Cancelled").await,
        sim.tickets().len() - decided
    );
    let vms = count_where(&sim, |t| {
        t.ticket.name.to_lowercase().contains("vm instance")
    });
    assert!(vms > 0);
    assert_eq!(total("q=name~=%vm instance%").await, vms);
    assert_eq!(
        total("q=name!~=%vm instance%").await,
        sim.tickets().len() - vms
    );

    let cut = zstack::parse_date("2025-06-01 00:00:00").unwrap();
    let after = count_where(&sim, |t| t.created > cut);
    assert_eq!(total("q=createDate>2025-06-01 00:00:00").await, after);
    assert_eq!(
        total("q=createDate<=2025-06-01 00:00:00").await,
        sim.tickets().len() - after
    );
    let day = (cut, cut + 86_400 * 30);
    let june = count_where(&sim, |t| t.created >= day.0 && t.created < day.1);
    assert_eq!(
        total("q=createDate>=Jun 1, 2025 12:00:00 AM&q=createDate<2025-07-01").await,
        june
    );
    let touched = count_where(&sim, |t| t.last_op >= cut);
    assert_eq!(total("q=lastOpDate>=2025-06-01").await, touched);
    let uuid = &sim.tickets()[3].ticket.uuid;
    let one = zstack_query(&app, &session, &format!("q=uuid={uuid}")).await;
    assert_eq!(one["inventories"][0]["uuid"], uuid.as_str());
    assert_eq!(
        total("q=accountSystemType=iam2&q=status=Expired").await,
        count_where(&sim, |t| t.ticket.status == "Expired")
    );

    for bad in [
        "q=owner=me",
        "q=createDate>soon",
        "q=createDate~=2025%",
        "q=status",
        "limit=0",
        "limit=20000",
        "sortBy=status",
        "sortDirection=up",
    ] {
        let reply = zstack(
            &app,
            Method::GET,
            &format!("/zstack/v1/tickets?{}", encoded(bad)),
            Some(&session),
            None,
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            reply.text()
        );
        assert_eq!(reply.json()["error"]["code"], "SYS.1007", "{bad}");
        assert!(!reply.json()["error"]["details"]
            .as_str()
            .unwrap()
            .is_empty());
    }
}

#[tokio::test]
async fn sorting_and_paging_with_total() {
    let (app, _) = demo_app().await;
    let session = zstack_login(&app).await;
    let sim = seed();
    let by_name =
        names(&zstack_query(&app, &session, "sortBy=name&sortDirection=asc&limit=10000").await);
    let mut expected: Vec<String> = sim
        .tickets()
        .iter()
        .map(|t| t.ticket.name.clone())
        .collect();
    expected.sort();
    assert_eq!(by_name, expected);

    let newest = zstack_query(
        &app,
        &session,
        "sortBy=createDate&sortDirection=desc&limit=3",
    )
    .await;
    let last = &sim.tickets()[sim.tickets().len() - 1].ticket;
    assert_eq!(newest["inventories"][0]["uuid"], last.uuid.as_str());
    assert!(
        newest.get("total").is_none(),
        "total only with replyWithCount"
    );
    let by_op = names(&zstack_query(&app, &session, "sortBy=lastOpDate&limit=5").await);
    let mut ops: Vec<&StoredTicket> = sim.tickets().iter().collect();
    ops.sort_by_key(|t| t.last_op);
    assert_eq!(
        by_op,
        ops[..5]
            .iter()
            .map(|t| t.ticket.name.clone())
            .collect::<Vec<_>>()
    );

    let page = zstack_query(&app, &session, "start=100&limit=50&replyWithCount=true").await;
    assert_eq!(page["total"], zstack::SEED_TICKETS as u64);
    let uuids: Vec<&str> = page["inventories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["uuid"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = sim.tickets()[100..150]
        .iter()
        .map(|t| t.ticket.uuid.as_str())
        .collect();
    assert_eq!(uuids, expected);
    // The default limit is 1000: all 600 fit.
    assert_eq!(
        zstack_query(&app, &session, "").await["inventories"]
            .as_array()
            .map(Vec::len),
        Some(zstack::SEED_TICKETS)
    );
    let beyond = zstack_query(&app, &session, "start=5000&replyWithCount=true").await;
    assert_eq!(
        (
            beyond["inventories"].as_array().map(Vec::len),
            beyond["total"].as_u64()
        ),
        (Some(0), Some(600))
    );
}

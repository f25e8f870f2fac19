//! Forms are data: the generic per-kind checks and the row helpers.

mod common;

use common::{paths, values};

use vendors::form::{
    check, initial_values, insert_row, remove_row, row_count, swap_rows, with_defaults,
};
use vendors::{Choice, FieldKind, FieldSpec, FormValues, Problem};

fn one(kind: FieldKind) -> Vec<FieldSpec> {
    vec![FieldSpec::new("f", "Field", kind)]
}

fn problems_for(kind: FieldKind, text: &str) -> Vec<Problem> {
    check(&one(kind), &values(&[("f", text)]))
}

#[test]
fn required_fields_are_reported_all_at_once() {
    let specs = vec![
        FieldSpec::new("a", "A", FieldKind::Text).required(),
        FieldSpec::new("b", "B", FieldKind::MemberList).required(),
        FieldSpec::new("c", "C", FieldKind::Text),
    ];
    let problems = check(&specs, &values(&[("b", " , ")]));
    assert_eq!(paths(&problems), ["a", "b"]);
    assert_eq!(problems[0].message, "A is required.");
}

#[test]
fn integer_kind_checks_number_and_range() {
    let kind = || FieldKind::Integer {
        min: Some(1),
        max: Some(5),
    };
    assert!(problems_for(kind(), "3").is_empty());
    assert_eq!(
        problems_for(kind(), "6")[0].message,
        "Field must be between 1 and 5; 6 is not."
    );
    assert_eq!(problems_for(kind(), "1.5").len(), 1);
}

#[test]
fn boolean_choice_and_multi_choice_kinds() {
    assert!(problems_for(FieldKind::Boolean, "true").is_empty());
    assert_eq!(problems_for(FieldKind::Boolean, "yes").len(), 1);
    let choices = || vec![Choice::new("A", "Alpha"), Choice::new("B", "Beta")];
    assert!(problems_for(FieldKind::Choice(choices()), "B").is_empty());
    assert_eq!(problems_for(FieldKind::Choice(choices()), "C").len(), 1);
    assert!(problems_for(FieldKind::MultiChoice(choices()), "A, B").is_empty());
    let bad = problems_for(FieldKind::MultiChoice(choices()), "A,Z");
    assert_eq!(bad.len(), 1);
    assert!(bad[0].message.contains("\"Z\""));
}

#[test]
fn date_url_and_json_kinds() {
    assert!(problems_for(FieldKind::Date, "2024-05-31").is_empty());
    assert_eq!(problems_for(FieldKind::Date, "31.05.2024").len(), 1);
    assert!(problems_for(FieldKind::DateTime, "2024-05-31 08:00:00").is_empty());
    assert_eq!(problems_for(FieldKind::DateTime, "2024-05-31").len(), 1);
    assert!(problems_for(FieldKind::Url, "https://a.example").is_empty());
    assert_eq!(problems_for(FieldKind::Url, "a.example").len(), 1);
    assert!(problems_for(FieldKind::Json, "{\"a\": [1]}").is_empty());
    let broken = problems_for(FieldKind::Json, "{\"a\": }");
    assert!(
        broken[0].message.contains("line 1, column 7"),
        "{}",
        broken[0].message
    );
}

#[test]
fn pattern_applies_to_text_kinds() {
    let specs = vec![FieldSpec::new("f", "Code", FieldKind::Text).pattern("^[A-Z]{3}$")];
    assert!(check(&specs, &values(&[("f", "ABC")])).is_empty());
    assert_eq!(check(&specs, &values(&[("f", "abcd")])).len(), 1);
    // An empty optional field is not matched against the pattern.
    assert!(check(&specs, &values(&[])).is_empty());
}

fn requests_spec() -> Vec<FieldSpec> {
    vec![FieldSpec::new(
        "params.requests",
        "Requests",
        FieldKind::Repeated {
            fields: vec![
                FieldSpec::new("requestName", "Request name", FieldKind::Text).required(),
                FieldSpec::new(
                    "executeTimes",
                    "Execute times",
                    FieldKind::Integer {
                        min: Some(1),
                        max: None,
                    },
                )
                .default_value("1"),
            ],
            min: 1,
        },
    )]
}

#[test]
fn repeated_rows_are_checked_row_by_row_with_a_minimum() {
    let specs = requests_spec();
    let none = check(&specs, &values(&[]));
    assert_eq!(paths(&none), ["params.requests"]);
    assert_eq!(none[0].message, "Requests needs at least 1 row.");
    let rows = values(&[
        ("params.requests[0].requestName", "a"),
        ("params.requests[0].executeTimes", "1"),
        ("params.requests[1].requestName", ""),
        ("params.requests[1].executeTimes", "0"),
    ]);
    assert_eq!(
        paths(&check(&specs, &rows)),
        [
            "params.requests[1].requestName",
            "params.requests[1].executeTimes"
        ]
    );
}

#[test]
fn key_value_rows_need_keys_and_unique_keys() {
    let specs = vec![FieldSpec::new("fields", "Fields", FieldKind::KeyValue).required()];
    let empty = check(&specs, &values(&[]));
    assert_eq!(empty[0].message, "Fields needs at least one entry.");
    let rows = values(&[
        ("fields[0].key", "title"),
        ("fields[0].value", "x"),
        ("fields[1].key", ""),
        ("fields[1].value", "orphan"),
        ("fields[2].key", "title"),
        ("fields[2].value", "y"),
    ]);
    let problems = check(&specs, &rows);
    assert_eq!(paths(&problems), ["fields[1].key", "fields[2].key"]);
    assert!(problems[1].message.contains("appears twice"));
}

#[test]
fn initial_values_fill_defaults_and_minimum_rows() {
    let initial = initial_values(&requests_spec());
    assert_eq!(row_count(&initial, "params.requests"), 1);
    assert_eq!(initial["params.requests[0].executeTimes"], "1");
    assert_eq!(initial["params.requests[0].requestName"], "");
    // Values already typed are kept.
    let typed = values(&[("params.requests[0].executeTimes", "4")]);
    assert_eq!(
        with_defaults(&requests_spec(), &typed)["params.requests[0].executeTimes"],
        "4"
    );
}

#[test]
fn row_count_reads_the_highest_index() {
    let rows = values(&[
        ("fields[0].key", "a"),
        ("fields[10].key", "b"),
        ("fieldsX[20].key", "other"),
        ("fields", "not a row"),
    ]);
    assert_eq!(row_count(&rows, "fields"), 11);
    assert_eq!(row_count(&rows, "missing"), 0);
}

#[test]
fn rows_insert_remove_and_swap_renumber_keys() {
    let kind = FieldKind::KeyValue;
    let mut rows = values(&[
        ("fields[0].key", "a"),
        ("fields[0].value", "1"),
        ("fields[1].key", "b"),
        ("fields[1].value", "2"),
        ("other", "kept"),
    ]);
    insert_row(&mut rows, "fields", 1, &kind);
    assert_eq!(row_count(&rows, "fields"), 3);
    assert_eq!(rows["fields[1].key"], "");
    assert_eq!(rows["fields[2].key"], "b");

    swap_rows(&mut rows, "fields", 0, 2);
    assert_eq!(rows["fields[0].key"], "b");
    assert_eq!(rows["fields[2].value"], "1");

    remove_row(&mut rows, "fields", 1);
    assert_eq!(row_count(&rows, "fields"), 2);
    assert_eq!(rows["fields[1].key"], "a");
    assert!(!rows.contains_key("fields[2].key"));
    assert_eq!(rows["other"], "kept");

    // Past the end appends; a repeated group's blank row carries its defaults.
    let mut requests = FormValues::new();
    insert_row(
        &mut requests,
        "params.requests",
        99,
        &requests_spec()[0].kind,
    );
    assert_eq!(requests["params.requests[0].executeTimes"], "1");
}

use super::*;

fn vector_query() -> Vec<(String, String)> {
    vec![
        (
            "ImageId".to_string(),
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd".to_string(),
        ),
        ("RegionId".to_string(), "cn-shanghai".to_string()),
    ]
}

fn vector_input(query: &[(String, String)]) -> SigningInput<'_> {
    SigningInput {
        method: "POST",
        path: "/",
        query,
        host: "ecs.cn-shanghai.aliyuncs.com",
        action: "RunInstances",
        version: "2014-05-26",
        date: "2023-10-26T10:22:32Z",
        nonce: "3156853299f313e23d1673dc12e1703d",
        body: b"",
        access_key_id: "YourAccessKeyId",
        access_key_secret: "YourAccessKeySecret",
    }
}

/// Alibaba's published example (signature guide, V3).
#[test]
fn published_test_vector() {
    let query = vector_query();
    let signed = sign(&vector_input(&query));
    assert!(signed
        .canonical_request
        .ends_with("\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assert_eq!(
        signed.string_to_sign,
        "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    );
    assert_eq!(
        signed.signature,
        "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    );
    let authorization = signed
        .headers
        .iter()
        .find(|(name, _)| name == "authorization")
        .map(|(_, value)| value.as_str());
    assert_eq!(
        authorization,
        Some(
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
             x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
             Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        )
    );
}

fn header_lookup(signed: &Signed) -> impl Fn(&str) -> Option<String> + '_ {
    move |name| {
        signed
            .headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    }
}

fn demo_secret(id: &str) -> Option<String> {
    (id == "YourAccessKeyId").then(|| "YourAccessKeySecret".to_string())
}

#[test]
fn sign_then_verify_round_trip() {
    let query = vec![
        (
            "PluginParam".to_string(),
            r#"{"dbId": 1, "a b": "ü"}"#.to_string(),
        ),
        ("Comment".to_string(), "x+y z~".to_string()),
    ];
    let mut input = vector_input(&query);
    input.body = b"{\"k\":1}";
    let signed = sign(&input);
    let ok = verify(
        "POST",
        "/",
        &query,
        header_lookup(&signed),
        input.body,
        demo_secret,
    );
    assert_eq!(
        ok.map(|auth| auth.access_key_id).as_deref(),
        Ok("YourAccessKeyId")
    );

    let tampered = vec![
        query[0].clone(),
        ("Comment".to_string(), "other".to_string()),
    ];
    let bad = verify(
        "POST",
        "/",
        &tampered,
        header_lookup(&signed),
        input.body,
        demo_secret,
    );
    assert_eq!(bad, Err(VerifyError::SignatureMismatch));

    let bad_body = verify(
        "POST",
        "/",
        &query,
        header_lookup(&signed),
        b"{}",
        demo_secret,
    );
    assert_eq!(bad_body, Err(VerifyError::ContentHashMismatch));

    let wrong_key = verify(
        "POST",
        "/",
        &query,
        header_lookup(&signed),
        input.body,
        |_| Some("not-the-secret".to_string()),
    );
    assert_eq!(wrong_key, Err(VerifyError::SignatureMismatch));
}

#[test]
fn malformed_authorization_is_refused() {
    assert_eq!(parse_authorization("Bearer x"), Err(VerifyError::Malformed));
    assert_eq!(
        parse_authorization("ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=ab"),
        Err(VerifyError::Malformed)
    );
}

#[test]
fn canonical_query_sorts_and_encodes() {
    let query = vec![
        ("b".to_string(), "x y".to_string()),
        ("a".to_string(), "1+2/3*~".to_string()),
    ];
    assert_eq!(canonical_query(&query), "a=1%2B2%2F3%2A~&b=x%20y");
}

#[test]
fn debug_leaves_the_access_key_out() {
    let query = vector_query();
    let input = vector_input(&query);
    let printed = format!("{input:?}");
    assert!(printed.contains("SigningInput"), "{printed}");
    assert!(!printed.contains(input.access_key_secret), "{printed}");
    assert!(!printed.contains(input.access_key_id), "{printed}");
}

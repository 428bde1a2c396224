//! The fake's searches: `organizations.search` and `organizations.members.search` answer the
//! fake's directory a page at a time with cursors, which the SDK's pagination follows, and
//! filter it by the SDK's typed queries.

use std::future::poll_fn;
use std::pin::Pin;

use crate::support::*;
use serde_json::Value;
use stytch_b2b_otp_sms::organizations::{
    OrganizationFilter, OrganizationQuery, SearchQuery, SearchRequest,
};
use stytch_b2b_otp_sms::organizations_members::{
    MemberFilter, MemberQuery, SearchRequest as MemberSearchRequest,
};

async fn items<S: futures_core::Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    let mut out = Vec::new();
    while let Some(item) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        out.push(item);
    }
    out
}

#[tokio::test]
async fn searches_page_through_the_directory() {
    let env = env(MfaPolicy::Optional).await;
    for i in 0..6 {
        env.fake
            .create_organization(NewOrganization::new(format!("Org {i}"), format!("org-{i}")))
            .unwrap();
    }
    let organizations = env.client.organizations();
    // Seven organizations, three a page: 3 + 3 + 1, and each exactly once.
    let first = organizations
        .search(SearchRequest::new().limit(3))
        .await
        .unwrap();
    assert_eq!(first.organizations.len(), 3);
    assert_eq!(first.results_metadata.total, 7);
    let all = items(
        organizations
            .search_pages(SearchRequest::new().limit(3))
            .items(),
    )
    .await;
    let mut ids: Vec<String> = all
        .into_iter()
        .map(|o| o.unwrap().organization_id)
        .collect();
    assert_eq!(ids.len(), 7);
    ids.dedup();
    assert_eq!(ids.len(), 7);

    let members = items(
        env.client
            .organizations()
            .members()
            .search_pages(MemberSearchRequest::new(vec!["acme-corp".to_owned()]).limit(1))
            .items(),
    )
    .await;
    let mut emails: Vec<String> = members
        .into_iter()
        .map(|m| m.unwrap().email_address)
        .collect();
    emails.sort();
    assert_eq!(emails, ["ada@acme.test", "grace@acme.test"]);
}

/// A directory to search: three organizations with domains, members with roles and phones.
async fn directory() -> (Env, String) {
    let env = env(MfaPolicy::Optional).await;
    let fake = &env.fake;
    let globex = fake
        .create_organization(
            NewOrganization::new("Globex Corporation", "globex")
                .email_allowed_domains(["globex.test", "Globex-Labs.test"]),
        )
        .unwrap();
    fake.create_organization(
        NewOrganization::new("Initech", "initech").email_allowed_domains(["initech.test"]),
    )
    .unwrap();
    fake.create_member(
        &globex.organization_id,
        NewMember::new("hank@globex.test")
            .verified_phone_number("+15555550177")
            .roles(["billing_admin"]),
    )
    .unwrap();
    let globex = globex.organization_id;
    (env, globex)
}

async fn organization_slugs(env: &Env, query: OrganizationQuery) -> Vec<String> {
    let found = items(
        env.client
            .organizations()
            .search_pages(SearchRequest::new().limit(1).matching(query))
            .items(),
    )
    .await;
    let mut slugs: Vec<String> = found
        .into_iter()
        .map(|o| o.unwrap().organization_slug)
        .collect();
    slugs.sort();
    slugs
}

async fn member_emails(env: &Env, organizations: &[&str], query: MemberQuery) -> Vec<String> {
    let ids: Vec<String> = organizations.iter().map(|s| (*s).to_owned()).collect();
    let found = env
        .client
        .organizations()
        .members()
        .search(MemberSearchRequest::new(ids).matching(query))
        .await
        .unwrap();
    let mut emails: Vec<String> = found.members.into_iter().map(|m| m.email_address).collect();
    emails.sort();
    emails
}

#[tokio::test]
async fn typed_organization_filters_select_through_the_fake() {
    use OrganizationFilter as F;
    let (env, _) = directory().await;
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let cases: Vec<(OrganizationQuery, &[&str])> = vec![
        (
            OrganizationQuery::all([]),
            &["acme-corp", "globex", "initech"],
        ),
        (
            OrganizationQuery::any([F::Slugs(strings(&["initech", "nope"]))]),
            &["initech"],
        ),
        (
            OrganizationQuery::any([F::Ids(vec![env.org_id().to_owned()])]),
            &["acme-corp"],
        ),
        (
            OrganizationQuery::any([F::NameFuzzy("CORP".into())]),
            &["acme-corp", "globex"],
        ),
        (
            OrganizationQuery::any([F::SlugFuzzy("tech".into())]),
            &["initech"],
        ),
        (
            OrganizationQuery::any([F::MemberEmails(strings(&["GRACE@acme.test"]))]),
            &["acme-corp"],
        ),
        (
            OrganizationQuery::any([F::MemberEmailFuzzy("hank@".into())]),
            &["globex"],
        ),
        (
            OrganizationQuery::any([F::AllowedDomains(strings(&["globex-labs.test"]))]),
            &["globex"],
        ),
        (
            OrganizationQuery::any([F::AllowedDomainFuzzy(".test".into())]),
            &["globex", "initech"],
        ),
        // OR is a union, AND an intersection.
        (
            OrganizationQuery::any([F::SlugFuzzy("glob".into()), F::SlugFuzzy("init".into())]),
            &["globex", "initech"],
        ),
        (
            OrganizationQuery::all([F::NameFuzzy("corp".into()), F::SlugFuzzy("acme".into())]),
            &["acme-corp"],
        ),
        (
            OrganizationQuery::all([F::NameFuzzy("corp".into()), F::SlugFuzzy("init".into())]),
            &[],
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(
            organization_slugs(&env, query.clone()).await,
            expected,
            "{query:?}"
        );
    }
}

#[tokio::test]
async fn typed_member_filters_select_through_the_fake() {
    use MemberFilter as F;
    let (env, globex) = directory().await;
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let both = [env.org_id(), globex.as_str()];
    let all = ["ada@acme.test", "grace@acme.test", "hank@globex.test"];
    let cases: Vec<(MemberQuery, &[&str])> = vec![
        (MemberQuery::any([]), &all),
        (
            MemberQuery::any([F::Ids(vec![env.ada.member_id.clone()])]),
            &["ada@acme.test"],
        ),
        (
            MemberQuery::any([F::Emails(strings(&["Hank@Globex.test"]))]),
            &["hank@globex.test"],
        ),
        (
            MemberQuery::any([F::EmailFuzzy("acme".into())]),
            &["ada@acme.test", "grace@acme.test"],
        ),
        (MemberQuery::any([F::IsBreakglass(true)]), &[]),
        (MemberQuery::any([F::IsBreakglass(false)]), &all),
        (MemberQuery::any([F::Statuses(strings(&["active"]))]), &all),
        (
            MemberQuery::any([F::MfaPhoneNumbers(strings(&["+15555550177"]))]),
            &["hank@globex.test"],
        ),
        (
            MemberQuery::any([F::MfaPhoneNumberFuzzy("550177".into())]),
            &["hank@globex.test"],
        ),
        (MemberQuery::any([F::PasswordExists(true)]), &[]),
        (
            MemberQuery::any([F::Roles(strings(&["billing_admin"]))]),
            &["hank@globex.test"],
        ),
        (
            MemberQuery::all([
                F::EmailFuzzy("acme".into()),
                F::Ids(vec![env.grace.member_id.clone()]),
            ]),
            &["grace@acme.test"],
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(
            member_emails(&env, &both, query.clone()).await,
            expected,
            "{query:?}"
        );
    }
}

#[tokio::test]
async fn bad_queries_are_refused_as_stytch_refuses_them() {
    let (env, _) = directory().await;
    let organizations = env.client.organizations();
    let raw =
        |operand: Value| SearchQuery::new("AND", vec![serde_json::from_value(operand).unwrap()]);
    let refused: Vec<(Value, &str)> = vec![
        (
            json!({"filter_value": ["x"]}),
            "organization_search_missing_filter_name",
        ),
        (
            json!({"filter_name": "member_roles", "filter_value": ["x"]}),
            "organization_search_filter_name_not_recognized",
        ),
        (
            json!({"filter_name": "organization_ids"}),
            "organization_search_missing_filter_value",
        ),
        (
            json!({"filter_name": "organization_ids", "filter_value": "x"}),
            "organization_search_expected_array_of_strings",
        ),
        (
            json!({"filter_name": "organization_name_fuzzy", "filter_value": ["acme"]}),
            "organization_search_expected_string",
        ),
    ];
    for (operand, error_type) in refused {
        expect_error(
            organizations
                .search(SearchRequest::new().query(raw(operand)))
                .await,
            400,
            error_type,
        );
    }
    // The typed filters can still say what Stytch refuses: a fuzzy filter shorter than three.
    expect_error(
        organizations
            .search(SearchRequest::new().matching(OrganizationQuery::any([
                OrganizationFilter::NameFuzzy("ac".into()),
            ])))
            .await,
        400,
        "organization_search_organization_name_fuzzy_too_short",
    );
    expect_error(
        env.client
            .organizations()
            .members()
            .search(
                MemberSearchRequest::new(vec![env.org_id().to_owned()]).matching(MemberQuery::all(
                    [MemberFilter::Other {
                        filter_name: "member_is_breakglass".into(),
                        filter_value: json!("yes"),
                    }],
                )),
            )
            .await,
        400,
        "member_search_expected_boolean",
    );
    expect_error(
        organizations
            .search(SearchRequest::new().query(SearchQuery::new("XOR", vec![])))
            .await,
        400,
        "user_search_invalid_operator",
    );
    expect_error(
        organizations
            .search(SearchRequest::new().cursor("nope"))
            .await,
        400,
        "invalid_cursor",
    );
    expect_error(
        organizations.search(SearchRequest::new().limit(0)).await,
        400,
        "invalid_limit",
    );
}

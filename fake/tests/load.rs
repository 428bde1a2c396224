//! Many flows at once keep their state apart.
//!
//! A test binary of its own rather than a module of `integration/`: with 256 requests on the
//! wire at once, client and server sockets take about half of a default limit of 1,024 open
//! files. The other tests' fakes and clients, in the same process, would eat into what is
//! left, and a "too many open files" failure here would say nothing about the fake.

mod support;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_flows_keep_their_state_apart() {
    const N: usize = 1000;
    let fake = Arc::new(FakeStytch::start().await.unwrap());
    let org = fake
        .create_organization(
            NewOrganization::new("Big", "big").mfa_policy(MfaPolicy::RequiredForAll),
        )
        .unwrap();
    struct Case {
        member: Member,
        phone: String,
        ist: String,
        /// Used by the neighbour's cross-check; never consumed.
        spare_ist: String,
    }
    let cases: Arc<Vec<Case>> = Arc::new(
        (0..N)
            .map(|i| {
                let phone = format!("+1555{i:07}");
                let member = fake
                    .create_member(
                        &org.organization_id,
                        NewMember::new(format!("m{i}@big.test")).phone_number(&phone),
                    )
                    .unwrap();
                let ist = fake
                    .mint_intermediate_session_token(&org.organization_id, &member.member_id)
                    .unwrap();
                let spare_ist = fake
                    .mint_intermediate_session_token(&org.organization_id, &member.member_id)
                    .unwrap();
                Case {
                    member,
                    phone,
                    ist,
                    spare_ist,
                }
            })
            .collect(),
    );
    let client = fake.client();
    // All flows run at once, but at most this many requests are on the wire together, so
    // client and server sockets fit in a default limit of 1024 open files.
    let in_flight = Arc::new(tokio::sync::Semaphore::new(256));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..N {
        let (client, fake, cases, org_id, in_flight) = (
            client.clone(),
            Arc::clone(&fake),
            Arc::clone(&cases),
            org.organization_id.clone(),
            Arc::clone(&in_flight),
        );
        tasks.spawn(async move {
            let case = &cases[i];
            let member_id = &case.member.member_id;
            let sms = client.otps().sms();
            let permit = in_flight.acquire().await.unwrap();
            let sent = sms
                .send(SendRequest::new(&org_id, member_id))
                .await
                .unwrap();
            drop(permit);
            assert_eq!(&sent.member_id, member_id);
            let code = fake.last_code(member_id).unwrap();

            // This member's code does not authenticate the next member (unless, by a
            // one-in-a-million chance, the next member's live code is the same).
            let next = &cases[(i + 1) % N];
            if fake.last_code(&next.member.member_id).as_deref() != Some(code.as_str()) {
                let _permit = in_flight.acquire().await.unwrap();
                let crossed = sms
                    .authenticate(
                        AuthenticateRequest::new(&org_id, &next.member.member_id, &code)
                            .intermediate_session_token(&next.spare_ist),
                    )
                    .await;
                expect_error(crossed, 404, "otp_code_not_found");
            }

            let permit = in_flight.acquire().await.unwrap();
            let authed = sms
                .authenticate(
                    AuthenticateRequest::new(&org_id, member_id, &code)
                        .intermediate_session_token(&case.ist),
                )
                .await
                .unwrap();
            drop(permit);
            assert_eq!(&authed.member_id, member_id);
            assert_eq!(&authed.member.member_id, member_id);
            let session = authed.member_session.unwrap();
            assert_eq!(&session.member_id, member_id);
            let phone = session
                .authentication_factors
                .iter()
                .find_map(|f| f.phone_number_factor.as_ref())
                .unwrap();
            assert_eq!(phone.phone_number, case.phone);
            (
                member_id.clone(),
                authed.session_token,
                session.member_session_id,
            )
        });
    }
    let mut sessions = HashSet::new();
    let mut tokens = HashSet::new();
    let mut members = HashSet::new();
    while let Some(done) = tasks.join_next().await {
        let (member_id, token, session_id) = done.expect("flow task");
        assert!(members.insert(member_id));
        assert!(tokens.insert(token));
        assert!(sessions.insert(session_id));
    }
    assert_eq!(members.len(), N);

    let outbox = fake.outbox();
    assert_eq!(outbox.len(), N);
    let by_member: HashMap<&str, &SentSms> =
        outbox.iter().map(|s| (s.member_id.as_str(), s)).collect();
    assert_eq!(by_member.len(), N);
    for case in cases.iter() {
        assert_eq!(
            by_member[case.member.member_id.as_str()].phone_number,
            case.phone
        );
        assert!(fake.member(&case.member.member_id).unwrap().mfa_enrolled);
    }
}

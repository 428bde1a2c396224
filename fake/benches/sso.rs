//! SSO logins per second: organizations with an active SAML connection each (a group mapped
//! to a role), then whole SSO logins through the SDK client, each the identity provider's
//! login (`FakeStytch::sso_login`, what `POST /__fake/sso/{connection_id}/login` does, in
//! process) and `sso.authenticate` with its token, which provisions the member just in time
//! on first sight, maps the IdP's attributes and groups, and signs a session JWT.
//!
//! ```sh
//! cargo bench -p stytch-b2b-otp-sms-fake --bench sso                    # 1,000 × 10 users
//! cargo bench -p stytch-b2b-otp-sms-fake --bench sso -- 100 10 5000 64 2 # ORGS USERS LOGINS IN_FLIGHT WORKERS
//! ```
//!
//! One process: the fake on its own runtime (two worker threads unless WORKERS says
//! otherwise), the client on another, IN_FLIGHT logins at once over recycled users (the first
//! login of each creates its member). RSS is read from `/proc/self/statm` (fake and client
//! together). Last, the whole state is exported and imported back, timed, as a state file.

mod common;

use std::sync::Arc;
use std::time::Instant;

use stytch_b2b_otp_sms::Client;
use stytch_b2b_otp_sms::sso::AuthenticateRequest as SsoAuthenticate;
use stytch_b2b_otp_sms::sso_saml::{
    CreateConnectionRequest, SAMLGroupImplicitRoleAssignment, UpdateConnectionRequest,
};
use stytch_b2b_otp_sms_fake::{FakeStytch, NewOrganization, SsoUser};

use common::{BoxError, rss_or_nan as rss_mb, run_in_flight};

const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIBbench\n-----END CERTIFICATE-----";

/// ORGS USERS LOGINS IN_FLIGHT WORKERS, with their defaults.
fn args() -> Result<[usize; 5], BoxError> {
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(|a| a.parse())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("arguments are ORGS USERS LOGINS IN_FLIGHT WORKERS: {e}"))?;
    let defaults = [1_000, 10, 20_000, 64, 2];
    Ok(std::array::from_fn(|i| {
        numbers.get(i).copied().unwrap_or(defaults[i]).max(1)
    }))
}

/// An organization with an active SAML connection mapping the `engineers` group to
/// `stytch_admin`; answers the connection id.
async fn organization(fake: &FakeStytch, client: &Client, o: usize) -> Result<String, BoxError> {
    let org =
        fake.create_organization(NewOrganization::new(format!("Org {o}"), format!("org-{o}")))?;
    let connections = client.sso().saml().connections();
    let created = connections
        .create(CreateConnectionRequest::new(&org.organization_id))
        .await?
        .connection
        .ok_or("no connection created")?;
    let update = UpdateConnectionRequest::new(&org.organization_id, &created.connection_id)
        .idp_sso_url("https://idp.test/sso")
        .idp_entity_id(format!("https://idp.test/{o}"))
        .x509_certificate(CERT)
        .saml_group_implicit_role_assignments(vec![SAMLGroupImplicitRoleAssignment::new(
            "stytch_admin",
            "engineers",
        )]);
    connections.update(update).await?;
    Ok(created.connection_id)
}

/// One SSO login: the IdP's login, then `sso.authenticate`.
async fn login(
    fake: &FakeStytch,
    client: &Client,
    connection: &str,
    email: String,
) -> Result<(), BoxError> {
    let user = SsoUser::new(&email)
        .attribute("first_name", "Bench")
        .group("engineers");
    let token = fake.sso_login(connection, user)?.sso_token;
    let authed = client
        .sso()
        .authenticate(SsoAuthenticate::new(token))
        .await?;
    if authed.session_jwt.split('.').count() != 3 || authed.member.email_address != email {
        return Err("the SSO login gave no session for the IdP's user".into());
    }
    Ok(())
}

fn main() -> Result<(), BoxError> {
    let [organizations, users, logins, in_flight, workers] = args()?;
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()?;
    let fake = Arc::new(server.block_on(FakeStytch::start())?);
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = fake.client();
    let rss_start = rss_mb();
    let connections = client_rt.block_on(async {
        let mut ids = Vec::with_capacity(organizations);
        for o in 0..organizations {
            ids.push(organization(&fake, &client, o).await?);
        }
        Ok::<_, BoxError>(Arc::new(ids))
    })?;
    println!(
        "{organizations} organizations with an active SAML connection; RSS {rss_start:.1} MB before, {:.1} MB after",
        rss_mb()
    );
    let started = Instant::now();
    client_rt.block_on(run_in_flight(logins, in_flight, |i| {
        let pick = (i * 7_919) % (organizations * users);
        let (o, u) = (pick / users, pick % users);
        let (fake, client, connections) = (fake.clone(), client.clone(), connections.clone());
        async move { login(&fake, &client, &connections[o], format!("u{u}@org{o}.test")).await }
    }))?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{logins} SSO logins (IdP login + sso.authenticate) in {seconds:.1} s: {:.0} logins/s, {in_flight} in flight, fake on {workers} worker threads; RSS after {:.1} MB ({} members provisioned just in time)",
        logins as f64 / seconds,
        rss_mb(),
        (organizations * users).min(logins)
    );
    state_file(&fake)
}

/// What a state file of everything above costs: export (`GET /__fake/state`'s work), its
/// size as JSON text, and the import of it back (`PUT`'s work).
fn state_file(fake: &FakeStytch) -> Result<(), BoxError> {
    let started = Instant::now();
    let snapshot = fake.export_state()?;
    let text = serde_json::to_string(&snapshot)?;
    let exported = started.elapsed().as_secs_f64();
    let started = Instant::now();
    fake.import_state(serde_json::from_str(&text)?)?;
    let imported = started.elapsed().as_secs_f64();
    println!(
        "state file: exported in {exported:.2} s as {:.1} MB of JSON, imported back in {imported:.2} s",
        text.len() as f64 / 1e6
    );
    Ok(())
}

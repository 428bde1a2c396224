//! The two searches (`organizations.search`, `organizations.members.search`): Stytch's query
//! operands read from the JSON the client sent, and cursors over the fake's directory.
//!
//! The operands are read here from their JSON (`filter_name`, `filter_value`), not through
//! the SDK's typed filters. Which filters a search has and the operand each takes come from
//! the server glue (`server::ORGANIZATIONS_SEARCH_FILTERS`, …), generated from the same table
//! as the SDK's `OrganizationFilter` and `MemberFilter` (`x-search-filters` in
//! `schema/overlay.json`); what each filter matches is written here. Errors use Stytch's error types
//! (`organization_search_filter_name_not_recognized`, `member_search_expected_boolean`, …).

use serde_json::{Map, Value};
use stytch_b2b_otp_sms::organizations::{Member, Organization, SearchQuery, SearchQueryOperator};
use stytch_b2b_otp_sms::server::{
    FilterOperand, ORGANIZATIONS_MEMBERS_SEARCH_FILTERS, ORGANIZATIONS_SEARCH_FILTERS,
};

use crate::FakeError;

/// The default and largest page of the fake's searches (Stytch's documented limits).
const SEARCH_DEFAULT_LIMIT: usize = 100;
const SEARCH_MAX_LIMIT: usize = 1_000;
/// The fake's cursors: the position of the next result, behind a prefix.
const CURSOR_PREFIX: &str = "fake-cursor-";
/// Stytch's shortest fuzzy filter.
const FUZZY_MIN_CHARS: usize = 3;

/// One page of results and the `results_metadata` that goes with it.
pub(crate) struct Paged<T> {
    pub(crate) page: Vec<T>,
    pub(crate) total: usize,
    pub(crate) next_cursor: String,
}

/// Cuts the page the request's cursor and limit select out of every result.
pub(crate) fn paginate<T>(
    results: Vec<T>,
    cursor: &Option<String>,
    limit: Option<i32>,
) -> Result<Paged<T>, FakeError> {
    let start = match cursor.as_deref().filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => c
            .strip_prefix(CURSOR_PREFIX)
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| {
                FakeError::new(400, "invalid_cursor", format!("Unknown cursor {c:?}."))
            })?,
    };
    let size = match limit {
        None => SEARCH_DEFAULT_LIMIT,
        Some(n) if n >= 1 && n as usize <= SEARCH_MAX_LIMIT => n as usize,
        Some(n) => {
            return Err(FakeError::new(
                400,
                "invalid_limit",
                format!("limit must be between 1 and {SEARCH_MAX_LIMIT} (got {n})."),
            ));
        }
    };
    let total = results.len();
    let page: Vec<T> = results.into_iter().skip(start).take(size).collect();
    let next_cursor = if start + page.len() < total {
        format!("{CURSOR_PREFIX}{}", start + page.len())
    } else {
        String::new()
    };
    Ok(Paged {
        page,
        total,
        next_cursor,
    })
}

/// A filter's value, checked against its kind.
enum Operand {
    Strings(Vec<String>),
    Text(String),
    Flag(bool),
}

/// A query read from the request: `AND` (all) or `OR` (any) over named operands.
pub(crate) struct Query {
    all: bool,
    operands: Vec<(String, Operand)>,
}

impl Query {
    fn matches(&self, mut test: impl FnMut(&str, &Operand) -> bool) -> bool {
        if self.operands.is_empty() {
            return true;
        }
        let mut each = self.operands.iter().map(|(name, op)| test(name, op));
        if self.all {
            each.all(|m| m)
        } else {
            each.any(|m| m)
        }
    }
}

/// Reads a query of one search (`prefix` is `organization_search` or `member_search`, as in
/// Stytch's error types); no query matches everything.
fn read_query(
    query: &Option<SearchQuery>,
    prefix: &str,
    filters: &[(&str, FilterOperand)],
) -> Result<Query, FakeError> {
    let Some(query) = query else {
        return Ok(Query {
            all: true,
            operands: Vec::new(),
        });
    };
    let all = match &query.operator {
        SearchQueryOperator::And => true,
        SearchQueryOperator::Or => false,
        other => {
            return Err(FakeError::new(
                400,
                "user_search_invalid_operator",
                format!("operator must be AND or OR (got {:?}).", other.as_str()),
            ));
        }
    };
    let operands = query
        .operands
        .iter()
        .map(|operand| read_operand(operand, prefix, filters))
        .collect::<Result<_, _>>()?;
    Ok(Query { all, operands })
}

fn read_operand(
    operand: &Map<String, Value>,
    prefix: &str,
    filters: &[(&str, FilterOperand)],
) -> Result<(String, Operand), FakeError> {
    let refuse =
        |suffix: &str, message: String| FakeError::new(400, &format!("{prefix}_{suffix}"), message);
    let name = match operand.get("filter_name") {
        None => {
            return Err(refuse(
                "missing_filter_name",
                "Each operand needs a filter_name.".into(),
            ));
        }
        Some(Value::String(name)) => name,
        Some(other) => {
            return Err(refuse(
                "filter_name_must_be_string",
                format!("filter_name must be a string (got {other})."),
            ));
        }
    };
    let Some(&(_, kind)) = filters.iter().find(|(known, _)| known == name) else {
        return Err(refuse(
            "filter_name_not_recognized",
            format!("The filter {name:?} is not one of this search's."),
        ));
    };
    let Some(value) = operand.get("filter_value") else {
        return Err(refuse(
            "missing_filter_value",
            format!("The filter {name:?} needs a filter_value."),
        ));
    };
    let read = match (kind, value) {
        (FilterOperand::Strings, Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<Vec<String>>>()
            .map(Operand::Strings),
        (FilterOperand::Fuzzy, Value::String(text)) => {
            if text.chars().count() < FUZZY_MIN_CHARS {
                return Err(refuse(
                    &format!("{name}_too_short"),
                    format!("{name} needs at least {FUZZY_MIN_CHARS} characters."),
                ));
            }
            Some(Operand::Text(text.clone()))
        }
        (FilterOperand::Flag, Value::Bool(flag)) => Some(Operand::Flag(*flag)),
        _ => None,
    };
    let expected = match kind {
        FilterOperand::Strings => "array_of_strings",
        FilterOperand::Fuzzy => "string",
        FilterOperand::Flag => "boolean",
    };
    read.map(|operand| (name.clone(), operand)).ok_or_else(|| {
        refuse(
            &format!("expected_{expected}"),
            format!(
                "The filter {name:?} takes a {}.",
                expected.replace('_', " ")
            ),
        )
    })
}

/// Whether `list` holds `value`, ignoring ASCII case (emails and domains).
fn holds(list: &[String], value: &str) -> bool {
    list.iter().any(|v| v.eq_ignore_ascii_case(value))
}

/// Whether `haystack` contains `needle`, ignoring case (fuzzy filters).
fn contains(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// The organizations `query` selects; `members` are every organization's members (for the
/// `member_*` filters).
///
/// `member_emails(organization_id)` answers the email addresses of an organization's live
/// members; it is called only for the member filters, organization by organization.
pub(crate) fn organizations<'a>(
    all: Vec<&'a Organization>,
    member_emails: impl Fn(&str) -> Vec<String>,
    query: &Option<SearchQuery>,
) -> Result<Vec<&'a Organization>, FakeError> {
    let query = read_query(query, "organization_search", ORGANIZATIONS_SEARCH_FILTERS)?;
    Ok(all
        .into_iter()
        .filter(|org| {
            query.matches(|name, operand| match (name, operand) {
                ("organization_ids", Operand::Strings(ids)) => ids.contains(&org.organization_id),
                ("organization_slugs", Operand::Strings(slugs)) => {
                    slugs.contains(&org.organization_slug)
                }
                ("organization_name_fuzzy", Operand::Text(t)) => {
                    contains(&org.organization_name, t)
                }
                ("organization_slug_fuzzy", Operand::Text(t)) => {
                    contains(&org.organization_slug, t)
                }
                ("member_emails", Operand::Strings(emails)) => member_emails(&org.organization_id)
                    .iter()
                    .any(|e| holds(emails, e)),
                ("member_email_fuzzy", Operand::Text(t)) => member_emails(&org.organization_id)
                    .iter()
                    .any(|e| contains(e, t)),
                ("allowed_domains", Operand::Strings(domains)) => {
                    org.email_allowed_domains.iter().any(|d| holds(domains, d))
                }
                ("allowed_domain_fuzzy", Operand::Text(t)) => {
                    org.email_allowed_domains.iter().any(|d| contains(d, t))
                }
                _ => false,
            })
        })
        .collect())
}

/// The members `query` selects.
pub(crate) fn members<'a>(
    all: Vec<&'a Member>,
    query: &Option<SearchQuery>,
) -> Result<Vec<&'a Member>, FakeError> {
    let query = read_query(query, "member_search", ORGANIZATIONS_MEMBERS_SEARCH_FILTERS)?;
    Ok(all
        .into_iter()
        .filter(|m| {
            query.matches(|name, operand| match (name, operand) {
                ("member_ids", Operand::Strings(ids)) => ids.contains(&m.member_id),
                ("member_emails", Operand::Strings(emails)) => holds(emails, &m.email_address),
                ("member_email_fuzzy", Operand::Text(t)) => contains(&m.email_address, t),
                ("member_is_breakglass", Operand::Flag(f)) => m.is_breakglass == *f,
                ("statuses", Operand::Strings(statuses)) => statuses.contains(&m.status),
                ("member_mfa_phone_numbers", Operand::Strings(phones)) => {
                    !m.mfa_phone_number.is_empty() && phones.contains(&m.mfa_phone_number)
                }
                ("member_mfa_phone_number_fuzzy", Operand::Text(t)) => {
                    !m.mfa_phone_number.is_empty() && m.mfa_phone_number.contains(t.as_str())
                }
                ("member_password_exists", Operand::Flag(f)) => {
                    m.member_password_id.is_empty() != *f
                }
                ("member_roles", Operand::Strings(roles)) => {
                    m.roles.iter().any(|r| roles.contains(&r.role_id))
                }
                _ => false,
            })
        })
        .collect())
}

//! Typed search queries (`organizations` feature) for `organizations.search` and
//! `organizations.members.search`.
//!
//! Stytch's document gives a search's operands as free-form JSON objects
//! (`{"filter_name": …, "filter_value": …}`), so the generated `SearchQuery` takes maps. Here
//! each filter Stytch documents is a variant whose value has the type Stytch expects: a list of
//! ids is a `Vec<String>`, a fuzzy match one `String`, a flag a `bool`. A filter of one search
//! cannot be given to the other, and a value of the wrong shape does not compile:
//!
//! ```compile_fail,E0308
//! use stytch_b2b_otp_sms::organizations::{OrganizationFilter, OrganizationQuery};
//! use stytch_b2b_otp_sms::organizations_members::SearchRequest;
//!
//! // A member search takes a `MemberQuery`, not an organization one.
//! let request = SearchRequest::new(vec!["organization-1".to_owned()])
//!     .matching(OrganizationQuery::any([OrganizationFilter::AllowedDomains(vec![])]));
//! ```
//!
//! ```compile_fail,E0308
//! use stytch_b2b_otp_sms::organizations::OrganizationFilter;
//!
//! // `organization_slugs` is a list.
//! let filter = OrganizationFilter::Slugs("acme".to_owned());
//! ```
//!
//! The filter enums (`OrganizationFilter`, `MemberFilter`), their `SearchFilter` impls, the
//! query aliases and the requests' `matching` setters are generated from one table per search,
//! `x-search-filters` in `schema/overlay.json`: each filter's wire name, Rust variant and operand
//! type. The wire names are written there one by one (`MfaPhoneNumberFuzzy` is
//! `member_mfa_phone_number_fuzzy`), never derived from the Rust names, and the fake evaluates
//! queries by the same table (`server::ORGANIZATIONS_SEARCH_FILTERS`, …). A filter Stytch adds
//! after this version is reachable through `Other`, which sends its name and value as given.
//! This module holds what is the same for every search: the trait and the query type.
//!
//! ```
//! use stytch_b2b_otp_sms::organizations::{OrganizationFilter, OrganizationQuery, SearchRequest};
//! use stytch_b2b_otp_sms::organizations_members::{self, MemberFilter, MemberQuery};
//!
//! let request = SearchRequest::new().matching(OrganizationQuery::any([
//!     OrganizationFilter::AllowedDomains(vec!["example.com".to_owned()]),
//!     OrganizationFilter::NameFuzzy("example".to_owned()),
//! ]));
//! let query = request.query.unwrap();
//! assert_eq!(query.operands[0]["filter_name"], "allowed_domains");
//! assert_eq!(query.operands[1]["filter_value"], "example");
//!
//! let request = organizations_members::SearchRequest::new(vec!["organization-1".to_owned()])
//!     .matching(MemberQuery::all([
//!         MemberFilter::Roles(vec!["stytch_admin".to_owned()]),
//!         MemberFilter::IsBreakglass(false),
//!     ]));
//! assert_eq!(request.query.unwrap().operands[1]["filter_value"], false);
//! ```

use serde_json::{Map, Value};

use crate::organizations::{SearchQuery, SearchQueryOperator};

/// Implemented by the generated filter enums only.
pub(crate) mod sealed {
    pub trait Sealed {}
}

/// A filter of one of the searches: [`OrganizationFilter`](crate::organizations::OrganizationFilter)
/// or [`MemberFilter`](crate::organizations_members::MemberFilter). Sealed: the SDK generates
/// them.
pub trait SearchFilter: sealed::Sealed + Clone {
    /// The operand's `filter_name` on the wire.
    fn filter_name(&self) -> &str;
    /// The operand's `filter_value` on the wire.
    fn filter_value(&self) -> Value;
}

/// A typed query: an operator and the filters of one search. Used as
/// [`OrganizationQuery`](crate::organizations::OrganizationQuery) and
/// [`MemberQuery`](crate::organizations_members::MemberQuery).
#[derive(Debug, Clone, PartialEq)]
pub struct TypedSearchQuery<F> {
    operator: SearchQueryOperator,
    filters: Vec<F>,
}

impl<F: SearchFilter> TypedSearchQuery<F> {
    /// Results matching every filter (`AND`); no filters match everything.
    #[must_use]
    pub fn all(filters: impl IntoIterator<Item = F>) -> Self {
        Self {
            operator: SearchQueryOperator::And,
            filters: filters.into_iter().collect(),
        }
    }

    /// Results matching at least one filter (`OR`); no filters match everything.
    #[must_use]
    pub fn any(filters: impl IntoIterator<Item = F>) -> Self {
        Self {
            operator: SearchQueryOperator::Or,
            filters: filters.into_iter().collect(),
        }
    }

    /// How the filters combine.
    pub fn operator(&self) -> &SearchQueryOperator {
        &self.operator
    }

    /// The filters, in the order they are sent.
    pub fn filters(&self) -> &[F] {
        &self.filters
    }

    /// The generated, untyped form of the query, as sent: each filter an operand
    /// `{"filter_name": …, "filter_value": …}`.
    pub fn to_search_query(&self) -> SearchQuery {
        let operands: Vec<Map<String, Value>> = self
            .filters
            .iter()
            .map(|filter| {
                let mut operand = Map::with_capacity(2);
                operand.insert(
                    "filter_name".to_owned(),
                    Value::String(filter.filter_name().to_owned()),
                );
                operand.insert("filter_value".to_owned(), filter.filter_value());
                operand
            })
            .collect();
        SearchQuery::new(self.operator.clone(), operands)
    }
}

/// Re-exported in `crate::organizations`, next to the generated filters and queries.
pub mod organizations {
    pub use super::{SearchFilter, TypedSearchQuery};
}

#[cfg(test)]
mod tests {
    use crate::organizations::{OrganizationFilter, OrganizationQuery};
    use crate::organizations_members::{MemberFilter, MemberQuery};
    use serde_json::json;

    #[test]
    fn the_reference_example_body_is_what_the_typed_query_sends() {
        // The request body of Stytch's "Search Organizations" example.
        let expected = json!({
            "limit": 200,
            "query": {
                "operator": "OR",
                "operands": [
                    {"filter_name": "allowed_domains", "filter_value": ["stytch.com"]},
                    {"filter_name": "organization_name_fuzzy", "filter_value": "example org"}
                ]
            }
        });
        let request = crate::organizations::SearchRequest::new()
            .limit(200)
            .matching(OrganizationQuery::any([
                OrganizationFilter::AllowedDomains(vec!["stytch.com".to_owned()]),
                OrganizationFilter::NameFuzzy("example org".to_owned()),
            ]));
        assert_eq!(serde_json::to_value(&request).unwrap(), expected);
    }

    #[test]
    fn every_member_filter_has_its_wire_name_and_value_shape() {
        let s = || vec!["x".to_owned()];
        let query = MemberQuery::all([
            MemberFilter::Ids(s()),
            MemberFilter::Emails(s()),
            MemberFilter::EmailFuzzy("abc".to_owned()),
            MemberFilter::IsBreakglass(true),
            MemberFilter::Statuses(s()),
            MemberFilter::MfaPhoneNumbers(s()),
            MemberFilter::MfaPhoneNumberFuzzy("555".to_owned()),
            MemberFilter::PasswordExists(false),
            MemberFilter::Roles(s()),
        ]);
        let sent = serde_json::to_value(query.to_search_query()).unwrap();
        assert_eq!(
            sent,
            json!({"operator": "AND", "operands": [
                {"filter_name": "member_ids", "filter_value": ["x"]},
                {"filter_name": "member_emails", "filter_value": ["x"]},
                {"filter_name": "member_email_fuzzy", "filter_value": "abc"},
                {"filter_name": "member_is_breakglass", "filter_value": true},
                {"filter_name": "statuses", "filter_value": ["x"]},
                {"filter_name": "member_mfa_phone_numbers", "filter_value": ["x"]},
                {"filter_name": "member_mfa_phone_number_fuzzy", "filter_value": "555"},
                {"filter_name": "member_password_exists", "filter_value": false},
                {"filter_name": "member_roles", "filter_value": ["x"]}
            ]})
        );
    }
}

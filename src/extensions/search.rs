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
//! The wire names are written out one by one (`MfaPhoneNumberFuzzy` is
//! `member_mfa_phone_number_fuzzy`), never derived from the Rust names. A filter Stytch adds
//! after this version is reachable through `Other`, which sends its name and value as given.

use serde_json::{Map, Value, json};

use crate::organizations::{SearchQuery, SearchQueryOperator};

mod sealed {
    pub trait Sealed {}
}

/// A filter of one of the two searches: [`OrganizationFilter`](organizations::OrganizationFilter)
/// or [`MemberFilter`](members::MemberFilter). Sealed: the SDK defines them.
pub trait SearchFilter: sealed::Sealed + Clone {
    /// The operand's `filter_name` on the wire.
    fn filter_name(&self) -> &str;
    /// The operand's `filter_value` on the wire.
    fn filter_value(&self) -> Value;
}

/// A typed query: an operator and the filters of one search. Used as
/// [`OrganizationQuery`](organizations::OrganizationQuery) and
/// [`MemberQuery`](members::MemberQuery).
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

/// Typed queries of `organizations.search`, re-exported in `crate::organizations`.
pub mod organizations {
    use super::*;
    pub use super::{SearchFilter, TypedSearchQuery};

    /// One condition of an organization search (`organizations.search`).
    ///
    /// Stytch requires at least three characters in a fuzzy filter; a shorter one is refused
    /// by the API (`organization_search_*_fuzzy_too_short`).
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub enum OrganizationFilter {
        /// `organization_ids`: the Organization's id is one of these.
        Ids(Vec<String>),
        /// `organization_slugs`: the Organization's slug is one of these.
        Slugs(Vec<String>),
        /// `organization_name_fuzzy`: the Organization's name contains this text.
        NameFuzzy(String),
        /// `organization_slug_fuzzy`: the Organization's slug contains this text.
        SlugFuzzy(String),
        /// `member_emails`: the Organization has a Member with one of these email addresses.
        MemberEmails(Vec<String>),
        /// `member_email_fuzzy`: the Organization has a Member whose email address contains
        /// this text.
        MemberEmailFuzzy(String),
        /// `allowed_domains`: one of these domains is in the Organization's
        /// `email_allowed_domains`.
        AllowedDomains(Vec<String>),
        /// `allowed_domain_fuzzy`: one of the Organization's allowed email domains contains
        /// this text.
        AllowedDomainFuzzy(String),
        /// A filter this version of the SDK does not type, sent as given.
        Other {
            /// The operand's `filter_name`.
            filter_name: String,
            /// The operand's `filter_value`.
            filter_value: Value,
        },
    }

    /// The query of an organization search: filters that must all match
    /// ([`all`](TypedSearchQuery::all)) or of which one must ([`any`](TypedSearchQuery::any)). Set it with
    /// [`SearchRequest::matching`](crate::organizations::SearchRequest::matching).
    ///
    /// ```
    /// use stytch_b2b_otp_sms::organizations::{OrganizationFilter, OrganizationQuery, SearchRequest};
    ///
    /// let request = SearchRequest::new().matching(OrganizationQuery::any([
    ///     OrganizationFilter::AllowedDomains(vec!["example.com".to_owned()]),
    ///     OrganizationFilter::NameFuzzy("example".to_owned()),
    /// ]));
    /// let query = request.query.unwrap();
    /// assert_eq!(query.operands[0]["filter_name"], "allowed_domains");
    /// assert_eq!(query.operands[1]["filter_value"], "example");
    /// ```
    pub type OrganizationQuery = TypedSearchQuery<OrganizationFilter>;

    impl sealed::Sealed for OrganizationFilter {}

    impl SearchFilter for OrganizationFilter {
        fn filter_name(&self) -> &str {
            match self {
                Self::Ids(_) => "organization_ids",
                Self::Slugs(_) => "organization_slugs",
                Self::NameFuzzy(_) => "organization_name_fuzzy",
                Self::SlugFuzzy(_) => "organization_slug_fuzzy",
                Self::MemberEmails(_) => "member_emails",
                Self::MemberEmailFuzzy(_) => "member_email_fuzzy",
                Self::AllowedDomains(_) => "allowed_domains",
                Self::AllowedDomainFuzzy(_) => "allowed_domain_fuzzy",
                Self::Other { filter_name, .. } => filter_name,
            }
        }

        fn filter_value(&self) -> Value {
            match self {
                Self::Ids(v) | Self::Slugs(v) | Self::MemberEmails(v) | Self::AllowedDomains(v) => {
                    json!(v)
                }
                Self::NameFuzzy(v)
                | Self::SlugFuzzy(v)
                | Self::MemberEmailFuzzy(v)
                | Self::AllowedDomainFuzzy(v) => json!(v),
                Self::Other { filter_value, .. } => filter_value.clone(),
            }
        }
    }

    impl crate::organizations::SearchRequest {
        /// Sets the request's `query` from a typed [`OrganizationQuery`].
        #[must_use]
        pub fn matching(mut self, query: OrganizationQuery) -> Self {
            self.query = Some(query.to_search_query());
            self
        }
    }
}

/// Typed queries of `organizations.members.search`, re-exported in
/// `crate::organizations_members`.
pub mod members {
    use super::*;

    /// One condition of a member search (`organizations.members.search`), within the
    /// request's `organization_ids`.
    ///
    /// Stytch requires at least three characters in a fuzzy filter; a shorter one is refused
    /// by the API (`member_search_*_fuzzy_too_short`).
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub enum MemberFilter {
        /// `member_ids`: the Member's id is one of these.
        Ids(Vec<String>),
        /// `member_emails`: the Member's email address is one of these.
        Emails(Vec<String>),
        /// `member_email_fuzzy`: the Member's email address contains this text.
        EmailFuzzy(String),
        /// `member_is_breakglass`: the Member is (or is not) a break-glass account.
        IsBreakglass(bool),
        /// `statuses`: the Member's status is one of these (`active`, `pending`, `invited`,
        /// `deleted`).
        Statuses(Vec<String>),
        /// `member_mfa_phone_numbers`: the Member's MFA phone number is one of these.
        MfaPhoneNumbers(Vec<String>),
        /// `member_mfa_phone_number_fuzzy`: the Member's MFA phone number contains this text.
        MfaPhoneNumberFuzzy(String),
        /// `member_password_exists`: the Member has (or has not) a password.
        PasswordExists(bool),
        /// `member_roles`: the Member holds one of these roles.
        Roles(Vec<String>),
        /// A filter this version of the SDK does not type, sent as given.
        Other {
            /// The operand's `filter_name`.
            filter_name: String,
            /// The operand's `filter_value`.
            filter_value: Value,
        },
    }

    /// The query of a member search: filters that must all match
    /// ([`all`](crate::organizations::TypedSearchQuery::all)) or of which one must
    /// ([`any`](crate::organizations::TypedSearchQuery::any)). Set it with
    /// [`SearchRequest::matching`](crate::organizations_members::SearchRequest::matching).
    ///
    /// ```
    /// use stytch_b2b_otp_sms::organizations_members::{MemberFilter, MemberQuery, SearchRequest};
    ///
    /// let request = SearchRequest::new(vec!["organization-1".to_owned()]).matching(
    ///     MemberQuery::all([
    ///         MemberFilter::Roles(vec!["stytch_admin".to_owned()]),
    ///         MemberFilter::IsBreakglass(false),
    ///     ]),
    /// );
    /// assert_eq!(request.query.unwrap().operands[1]["filter_value"], false);
    /// ```
    pub type MemberQuery = TypedSearchQuery<MemberFilter>;

    impl sealed::Sealed for MemberFilter {}

    impl SearchFilter for MemberFilter {
        fn filter_name(&self) -> &str {
            match self {
                Self::Ids(_) => "member_ids",
                Self::Emails(_) => "member_emails",
                Self::EmailFuzzy(_) => "member_email_fuzzy",
                Self::IsBreakglass(_) => "member_is_breakglass",
                Self::Statuses(_) => "statuses",
                Self::MfaPhoneNumbers(_) => "member_mfa_phone_numbers",
                Self::MfaPhoneNumberFuzzy(_) => "member_mfa_phone_number_fuzzy",
                Self::PasswordExists(_) => "member_password_exists",
                Self::Roles(_) => "member_roles",
                Self::Other { filter_name, .. } => filter_name,
            }
        }

        fn filter_value(&self) -> Value {
            match self {
                Self::Ids(v)
                | Self::Emails(v)
                | Self::Statuses(v)
                | Self::MfaPhoneNumbers(v)
                | Self::Roles(v) => json!(v),
                Self::EmailFuzzy(v) | Self::MfaPhoneNumberFuzzy(v) => json!(v),
                Self::IsBreakglass(v) | Self::PasswordExists(v) => json!(v),
                Self::Other { filter_value, .. } => filter_value.clone(),
            }
        }
    }

    impl crate::organizations_members::SearchRequest {
        /// Sets the request's `query` from a typed [`MemberQuery`].
        #[must_use]
        pub fn matching(mut self, query: MemberQuery) -> Self {
            self.query = Some(query.to_search_query());
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::members::{MemberFilter, MemberQuery};
    use super::organizations::{OrganizationFilter, OrganizationQuery};
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

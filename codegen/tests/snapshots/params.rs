// @generated from the OpenAPI document in schema/. Do not edit: change the schema and rebuild (UPDATE_GENERATED=1 cargo test refreshes generated/).

/// Types of the `gadgets` area of Stytch's API. Generated from the schemas of Stytch's `gadget`
/// API package.
pub mod gadgets {
    /// The `api_gadget_v1_gadgets_UpdateRequest` object.
    ///
    /// Sent by [`Gadgets::update`](crate::resources::Gadgets::update):
    /// `client.gadgets().update(request)`.
    #[cfg_attr(
        feature = "blocking",
        doc = " On the blocking client: [`Gadgets::update`](crate::blocking::resources::Gadgets::update)."
    )]
    #[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct UpdateRequest {
        /// The `gadget_id` field.
        ///
        /// Sent as a path segment (percent-encoded) `gadget_id`, not in the JSON body.
        #[serde(skip)]
        pub gadget_id: String,
        /// Its size.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub size: Option<UpdateRequestSize>,
        /// The `api_key` field.
        ///
        /// Sensitive: printed as `[redacted]` by `Debug`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub api_key: Option<String>,
    }

    impl std::fmt::Debug for UpdateRequest {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("UpdateRequest")
                .field("gadget_id", &self.gadget_id)
                .field("size", &self.size)
                .field(
                    "api_key",
                    &self.api_key.as_ref().map(|_| crate::__support::Redacted),
                )
                .finish()
        }
    }

    impl UpdateRequest {
        /// Creates `UpdateRequest` from its required fields (`gadget_id`); set optional fields with the
        /// chainable setters.
        pub fn new(gadget_id: impl Into<String>) -> Self {
            Self {
                gadget_id: gadget_id.into(),
                size: Default::default(),
                api_key: Default::default(),
            }
        }

        /// Sets [`size`](#structfield.size), which is optional. Its size.
        #[must_use]
        pub fn size(mut self, value: impl Into<UpdateRequestSize>) -> Self {
            self.size = Some(value.into());
            self
        }

        /// Sets [`api_key`](#structfield.api_key), which is optional.
        #[must_use]
        pub fn api_key(mut self, value: impl Into<String>) -> Self {
            self.api_key = Some(value.into());
            self
        }
    }

    /// Its size.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct UpdateRequestSize {
        /// The `width` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub width: Option<i64>,
        /// The `unit` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub unit: Option<UpdateRequestSizeUnit>,
    }

    impl UpdateRequestSize {
        /// Creates `UpdateRequestSize` from its required fields (no required fields); set optional
        /// fields with the chainable setters.
        pub fn new() -> Self {
            Self {
                width: Default::default(),
                unit: Default::default(),
            }
        }

        /// Sets [`width`](#structfield.width), which is optional.
        #[must_use]
        pub fn width(mut self, value: impl Into<i64>) -> Self {
            self.width = Some(value.into());
            self
        }

        /// Sets [`unit`](#structfield.unit), which is optional.
        #[must_use]
        pub fn unit(mut self, value: impl Into<UpdateRequestSizeUnit>) -> Self {
            self.unit = Some(value.into());
            self
        }
    }

    /// Values of `api_gadget_v1_gadgets_UpdateRequestSizeUnit`.
    ///
    /// This enum is open: a value this version of the SDK does not know is kept, exactly as sent,
    /// in [`UpdateRequestSizeUnit::Unknown`].
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum UpdateRequestSizeUnit {
        /// `mm`
        Mm,
        /// `in`
        In,
        /// A value this version of the SDK does not know, kept exactly as sent.
        Unknown(crate::UnknownValue),
    }

    impl UpdateRequestSizeUnit {
        /// Every value this version of the SDK knows, as sent on the wire.
        pub const KNOWN_VALUES: &'static [&'static str] = &["mm", "in"];
        /// The value as sent on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                Self::Mm => "mm",
                Self::In => "in",
                Self::Unknown(value) => value.as_str(),
            }
        }
    }

    impl From<&str> for UpdateRequestSizeUnit {
        fn from(value: &str) -> Self {
            match value {
                "mm" => Self::Mm,
                "in" => Self::In,
                other => Self::Unknown(crate::UnknownValue(other.to_owned())),
            }
        }
    }

    crate::__support::open_enum_traits!(UpdateRequestSizeUnit);
    /// Values of `api_gadget_v1_gadgets_GetRequestSort`.
    ///
    /// This enum is open: a value this version of the SDK does not know is kept, exactly as sent,
    /// in [`GetRequestSort::Unknown`].
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum GetRequestSort {
        /// `asc`
        Asc,
        /// `desc`
        Desc,
        /// A value this version of the SDK does not know, kept exactly as sent.
        Unknown(crate::UnknownValue),
    }

    impl GetRequestSort {
        /// Every value this version of the SDK knows, as sent on the wire.
        pub const KNOWN_VALUES: &'static [&'static str] = &["asc", "desc"];
        /// The value as sent on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                Self::Asc => "asc",
                Self::Desc => "desc",
                Self::Unknown(value) => value.as_str(),
            }
        }
    }

    impl From<&str> for GetRequestSort {
        fn from(value: &str) -> Self {
            match value {
                "asc" => Self::Asc,
                "desc" => Self::Desc,
                other => Self::Unknown(crate::UnknownValue(other.to_owned())),
            }
        }
    }

    crate::__support::open_enum_traits!(GetRequestSort);
    /// The parameters of `GET /v1/b2b/gadgets/{gadget_id}`.
    ///
    /// Sent by [`Gadgets::get`](crate::resources::Gadgets::get): `client.gadgets().get(request)`.
    #[cfg_attr(
        feature = "blocking",
        doc = " On the blocking client: [`Gadgets::get`](crate::blocking::resources::Gadgets::get)."
    )]
    #[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct GetRequest {
        /// The gadget.
        ///
        /// Sent as a path segment (percent-encoded) `gadget_id`, not in the JSON body.
        #[serde(skip)]
        pub gadget_id: String,
        /// The `limit` field.
        ///
        /// Sent as a query parameter `limit`, not in the JSON body.
        #[serde(skip)]
        pub limit: Option<i32>,
        /// The `include_parts` field.
        ///
        /// Sent as a query parameter `include_parts`, not in the JSON body.
        #[serde(skip)]
        pub include_parts: bool,
        /// The `sort` field.
        ///
        /// Sent as a query parameter `sort`, not in the JSON body.
        #[serde(skip)]
        pub sort: Option<GetRequestSort>,
        /// The `X-Stytch-Member-SessionJWT` field.
        ///
        /// Sent as a request header `X-Stytch-Member-SessionJWT`, not in the JSON body.
        ///
        /// Sensitive: printed as `[redacted]` by `Debug`.
        #[serde(skip)]
        pub x_stytch_member_session_jwt: Option<String>,
    }

    impl std::fmt::Debug for GetRequest {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("GetRequest")
                .field("gadget_id", &self.gadget_id)
                .field("limit", &self.limit)
                .field("include_parts", &self.include_parts)
                .field("sort", &self.sort)
                .field(
                    "x_stytch_member_session_jwt",
                    &self
                        .x_stytch_member_session_jwt
                        .as_ref()
                        .map(|_| crate::__support::Redacted),
                )
                .finish()
        }
    }

    impl GetRequest {
        /// Creates `GetRequest` from its required fields (`gadget_id`, `include_parts`); set optional
        /// fields with the chainable setters.
        pub fn new(
            gadget_id: impl Into<String>,
            include_parts: impl Into<bool>,
        ) -> Self {
            Self {
                gadget_id: gadget_id.into(),
                limit: Default::default(),
                include_parts: include_parts.into(),
                sort: Default::default(),
                x_stytch_member_session_jwt: Default::default(),
            }
        }

        /// Sets [`limit`](#structfield.limit), which is optional.
        #[must_use]
        pub fn limit(mut self, value: impl Into<i32>) -> Self {
            self.limit = Some(value.into());
            self
        }

        /// Sets [`sort`](#structfield.sort), which is optional.
        #[must_use]
        pub fn sort(mut self, value: impl Into<GetRequestSort>) -> Self {
            self.sort = Some(value.into());
            self
        }

        /// Sets [`x_stytch_member_session_jwt`](#structfield.x_stytch_member_session_jwt), which is
        /// optional.
        #[must_use]
        pub fn x_stytch_member_session_jwt(mut self, value: impl Into<String>) -> Self {
            self.x_stytch_member_session_jwt = Some(value.into());
            self
        }
    }

    /// The parameters of `DELETE /v1/b2b/gadgets/{gadget_id}`.
    ///
    /// Sent by [`Gadgets::delete`](crate::resources::Gadgets::delete):
    /// `client.gadgets().delete(request)`.
    #[cfg_attr(
        feature = "blocking",
        doc = " On the blocking client: [`Gadgets::delete`](crate::blocking::resources::Gadgets::delete)."
    )]
    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct DeleteRequest {
        /// The `gadget_id` field.
        ///
        /// Sent as a path segment (percent-encoded) `gadget_id`, not in the JSON body.
        #[serde(skip)]
        pub gadget_id: String,
    }

    impl DeleteRequest {
        /// Creates `DeleteRequest` from its required fields (`gadget_id`); set optional fields with the
        /// chainable setters.
        pub fn new(gadget_id: impl Into<String>) -> Self {
            Self {
                gadget_id: gadget_id.into(),
            }
        }
    }
}

/// Types of the `gadget` area of Stytch's API. Generated from the schemas of Stytch's `gadget`
/// API package.
pub mod gadget {
    /// The `api_gadget_v1_Gadget` object.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct Gadget {
        /// The `gadget_id` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub gadget_id: String,
        /// The `parts` field.
        #[serde(
            default,
            deserialize_with = "crate::__support::null_as_default",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub parts: Vec<GadgetPartsItem>,
    }

    /// The `api_gadget_v1_GadgetPartsItem` object.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct GadgetPartsItem {
        /// The `name` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
    }
}

/// Types shared by all endpoints, such as Stytch's error body.
pub mod common {
    /// The error body of every non-2XX answer.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct ErrorResponse {
        /// The `status_code` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub status_code: u16,
        /// The `request_id` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub request_id: String,
        /// The `error_type` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub error_type: String,
        /// The `error_message` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub error_message: String,
        /// The `error_url` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub error_url: String,
        /// The `error_details` field.
        #[serde(
            default,
            deserialize_with = "crate::__support::null_as_default",
            skip_serializing_if = "serde_json::Map::is_empty"
        )]
        pub error_details: serde_json::Map<String, serde_json::Value>,
    }
}

impl crate::Client {
    /// Endpoints under `/v1/b2b/gadgets`.
    pub fn gadgets(&self) -> resources::Gadgets<'_> {
        resources::Gadgets { client: self }
    }
}

/// Handles that group the client's methods by resource, mirroring the API's paths:
/// `client.gadgets().get(..)` calls `GET /v1/b2b/gadgets/{gadget_id}`.
pub mod resources {
    /// Endpoints under `/v1/b2b/gadgets`.
    ///
    /// Get one from [`Client`](crate::Client); it borrows the client and is cheap to copy.
    #[derive(Clone, Copy, Debug)]
    pub struct Gadgets<'a> {
        pub(crate) client: &'a crate::Client,
    }

    impl<'a> Gadgets<'a> {
        /// `GET /v1/b2b/gadgets/{gadget_id}` ([Stytch API reference](https://stytch.com/docs/b2b/api))
        ///
        /// # Request
        ///
        /// [`GetRequest::new`](crate::gadgets::GetRequest::new) takes the required fields:
        ///
        /// - `gadget_id`: The gadget.
        /// - `include_parts`:
        ///
        /// The optional fields are chainable setters on [`GetRequest`](crate::gadgets::GetRequest).
        ///
        /// Resolves to [`Gadget`](crate::gadget::Gadget). The request is sent when the returned
        /// [`Pending`](crate::Pending) is first awaited; it does not borrow the client.
        ///
        /// # Errors
        ///
        /// [`Error::Api`](crate::Error::Api) when Stytch answers with an error body; its `error_type()`
        /// says which.
        ///
        /// [`Error::Argument`](crate::Error::Argument), before anything is sent, when `gadget_id` is
        /// empty (a path parameter also when it is `.` or `..`).
        ///
        /// [`Error::Timeout`](crate::Error::Timeout), [`Error::Transport`](crate::Error::Transport) and
        /// the other [`Error`](crate::Error) variants when Stytch cannot be reached, does not answer in
        /// time, or sends a body that does not decode.
        pub fn get(
            self,
            request: crate::gadgets::GetRequest,
        ) -> crate::Pending<crate::gadget::Gadget> {
            static OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                name: "gadgets.get",
                method: "GET",
                path: "/v1/b2b/gadgets/{gadget_id}",
            };

            let mut params = crate::runtime::Params::none();
            params.path("gadget_id", &request.gadget_id);
            params.query("limit", request.limit.as_ref());
            params.query("include_parts", Some(&request.include_parts));
            params.query("sort", request.sort.as_ref());
            params
                .header(
                    "X-Stytch-Member-SessionJWT",
                    request.x_stytch_member_session_jwt.as_ref(),
                );
            self.client.call(&OPERATION, params, None::<&()>)
        }

        /// `PUT /v1/b2b/gadgets/{gadget_id}` ([Stytch API reference](https://stytch.com/docs/b2b/api))
        ///
        /// # Request
        ///
        /// [`UpdateRequest::new`](crate::gadgets::UpdateRequest::new) takes the required fields:
        ///
        /// - `gadget_id`:
        ///
        /// The optional fields are chainable setters on
        /// [`UpdateRequest`](crate::gadgets::UpdateRequest).
        ///
        /// Resolves to [`Gadget`](crate::gadget::Gadget). The request is sent when the returned
        /// [`Pending`](crate::Pending) is first awaited; it does not borrow the client.
        ///
        /// # Errors
        ///
        /// [`Error::Api`](crate::Error::Api) when Stytch answers with an error body; its `error_type()`
        /// says which.
        ///
        /// [`Error::Argument`](crate::Error::Argument), before anything is sent, when `gadget_id` is
        /// empty (a path parameter also when it is `.` or `..`).
        ///
        /// [`Error::Timeout`](crate::Error::Timeout), [`Error::Transport`](crate::Error::Transport) and
        /// the other [`Error`](crate::Error) variants when Stytch cannot be reached, does not answer in
        /// time, or sends a body that does not decode.
        pub fn update(
            self,
            request: crate::gadgets::UpdateRequest,
        ) -> crate::Pending<crate::gadget::Gadget> {
            static OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                name: "gadgets.update",
                method: "PUT",
                path: "/v1/b2b/gadgets/{gadget_id}",
            };

            let mut params = crate::runtime::Params::none();
            params.path("gadget_id", &request.gadget_id);
            self.client.call(&OPERATION, params, Some(&request))
        }

        /// `DELETE /v1/b2b/gadgets/{gadget_id}` ([Stytch API
        /// reference](https://stytch.com/docs/b2b/api))
        ///
        /// # Request
        ///
        /// [`DeleteRequest::new`](crate::gadgets::DeleteRequest::new) takes the required fields:
        ///
        /// - `gadget_id`:
        ///
        /// The optional fields are chainable setters on
        /// [`DeleteRequest`](crate::gadgets::DeleteRequest).
        ///
        /// Resolves to [`Gadget`](crate::gadget::Gadget). The request is sent when the returned
        /// [`Pending`](crate::Pending) is first awaited; it does not borrow the client.
        ///
        /// # Errors
        ///
        /// [`Error::Api`](crate::Error::Api) when Stytch answers with an error body; its `error_type()`
        /// says which.
        ///
        /// [`Error::Argument`](crate::Error::Argument), before anything is sent, when `gadget_id` is
        /// empty (a path parameter also when it is `.` or `..`).
        ///
        /// [`Error::Timeout`](crate::Error::Timeout), [`Error::Transport`](crate::Error::Transport) and
        /// the other [`Error`](crate::Error) variants when Stytch cannot be reached, does not answer in
        /// time, or sends a body that does not decode.
        pub fn delete(
            self,
            request: crate::gadgets::DeleteRequest,
        ) -> crate::Pending<crate::gadget::Gadget> {
            static OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                name: "gadgets.delete",
                method: "DELETE",
                path: "/v1/b2b/gadgets/{gadget_id}",
            };

            let mut params = crate::runtime::Params::none();
            params.path("gadget_id", &request.gadget_id);
            self.client.call(&OPERATION, params, None::<&()>)
        }
    }
}

/// Property, parameter and header names whose values are secrets: marked
/// `x-sensitive` by the overlay or named so by the secret-name rule.
const SENSITIVE_FIELDS: &[&str] = &["X-Stytch-Member-SessionJWT", "api_key"];
/// Names the secret-name rule matches that are not secrets (`x-sensitive: false`).
const PUBLIC_FIELDS: &[&str] = &["status_code"];
/// The secret-name rule: a name whose last word is one of these holds a secret.
const SECRET_LAST_WORDS: &[&str] = &[
    "token",
    "tokens",
    "jwt",
    "secret",
    "password",
    "passcode",
    "code",
    "codes",
    "verifier",
    "key",
    "hash",
];
/// The secret-name rule: these whole names hold secrets.
const SECRET_NAMES: &[&str] = &["X-Stytch-Member-Session"];
/// The generated side of the contract with the runtime (`src/runtime.rs`): what the
/// runtime takes from the schema.
mod __contract {
    /// The error body: the type of the document's `ErrorResponse` schema.
    pub(crate) type ErrorBody = crate::common::ErrorResponse;
    impl crate::runtime::ErrorBody for ErrorBody {
        fn from_parts(parts: crate::runtime::ErrorParts) -> Self {
            Self {
                status_code: parts.status_code,
                request_id: parts.request_id,
                error_type: parts.error_type,
                error_message: parts.error_message,
                error_url: parts.error_url,
                error_details: parts.error_details,
            }
        }

        fn status_code(&self) -> u16 {
            self.status_code
        }

        fn request_id(&self) -> &str {
            &self.request_id
        }

        fn error_type(&self) -> &str {
            &self.error_type
        }

        fn error_message(&self) -> &str {
            &self.error_message
        }

        fn error_url(&self) -> &str {
            &self.error_url
        }

        fn error_details(&self) -> &serde_json::Map<String, serde_json::Value> {
            &self.error_details
        }
    }

    pub(crate) use crate::__support::is_secret_name;
}

/// A value of an open enum that this version of the SDK does not know.
///
/// Enums in this crate are open so that a value the API adds later does not break decoding:
/// it arrives as the enum's `Unknown` variant, holding this wrapper with the exact string
/// the server sent. Build enum values from strings with `From<&str>`, which maps known values to
/// their variants.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownValue(pub(crate) String);

impl UnknownValue {
    /// The value exactly as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Helpers the generated types use. This part of the generated file is the same for every
/// schema (it is `codegen/src/templates/support.rs`).
mod __support {
    /// Whether the JSON key or header `name` holds a secret: a name the schema marks, or one
    /// the secret-name rule matches (so a token field the API adds later is caught before the
    /// SDK is regenerated), unless the schema opts it out.
    pub(crate) fn is_secret_name(name: &str) -> bool {
        let eq = |known: &&str| known.eq_ignore_ascii_case(name);
        if crate::SENSITIVE_FIELDS.iter().any(eq) || crate::SECRET_NAMES.iter().any(eq) {
            return true;
        }
        if crate::PUBLIC_FIELDS.iter().any(eq) {
            return false;
        }
        let last = crate::secret_name_last_word(name);
        crate::SECRET_LAST_WORDS
            .iter()
            .any(|word| word.eq_ignore_ascii_case(last))
    }

    /// Prints `[redacted]` in place of a sensitive value.
    pub(crate) struct Redacted;

    impl std::fmt::Debug for Redacted {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("[redacted]")
        }
    }

    /// Reads `null` as the type's default: an empty list, map or string, `false`, zero, or an
    /// enum's empty `Unknown` value. A server may send `null` for an empty list.
    pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: serde::Deserializer<'de>,
        T: Default + serde::Deserialize<'de>,
    {
        let value: Option<T> = serde::Deserialize::deserialize(deserializer)?;
        Ok(value.unwrap_or_default())
    }

    /// Reads an open enum from a string without allocating for known values.
    pub(crate) fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: serde::Deserializer<'de>,
        T: for<'a> From<&'a str> + From<String>,
    {
        struct Visitor<T>(std::marker::PhantomData<T>);

        impl<T> serde::de::Visitor<'_> for Visitor<T>
        where
            T: for<'a> From<&'a str> + From<String>,
        {
            type Value = T;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
                Ok(T::from(value))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
                Ok(T::from(value))
            }
        }

        deserializer.deserialize_str(Visitor(std::marker::PhantomData))
    }

    /// The trait impls every open enum shares: `From<String>`, `Default` (the empty `Unknown`
    /// value, what `null` decodes to in a response), `FromStr`, `Display`, and serde as the
    /// wire string. Each enum supplies `as_str` and `From<&str>`.
    macro_rules! open_enum_traits {
        ($name:ident) => {
            impl From<String> for $name {
                fn from(value: String) -> Self {
                    match Self::from(value.as_str()) {
                        Self::Unknown(_) => Self::Unknown(crate::UnknownValue(value)),
                        known => known,
                    }
                }
            }

            impl Default for $name {
                fn default() -> Self {
                    Self::Unknown(crate::UnknownValue(String::new()))
                }
            }

            impl std::str::FromStr for $name {
                type Err = std::convert::Infallible;

                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::__support::deserialize_open_enum(deserializer)
                }
            }
        };
    }

    pub(crate) use open_enum_traits;
}

/// The last word of a snake_case, kebab-case or camelCase name, which the secret-name rule
/// looks at (`intermediate_session_token` → `token`, `X-Member-SessionJWT` → `JWT`).
/// One implementation for the generator and the generated runtime: the generator includes
/// this file, and every generated file ends with it (`codegen/src/templates/`).
fn secret_name_last_word(name: &str) -> &str {
    let start = name
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            c == '_'
                || c == '-'
                || (c.is_ascii_uppercase() && i > 0 && {
                    let before = name.as_bytes()[i - 1];
                    before.is_ascii_lowercase() || before.is_ascii_digit()
                })
        })
        .map_or(0, |(i, c)| if c == '_' || c == '-' { i + 1 } else { i });
    &name[start..]
}

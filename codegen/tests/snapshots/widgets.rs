// @generated from the OpenAPI document in schema/. Do not edit: change the schema and rebuild (UPDATE_GENERATED=1 cargo test refreshes generated/).

/// Types of the `widget` area of Widgets Inc.'s API. Generated from the schemas of Widgets
/// Inc.'s `widget` API package.
pub mod widget {
    /// Values of `api_widget_v1_Color`.
    ///
    /// This enum is open: a value this version of the SDK does not know is kept, exactly as sent,
    /// in [`Color::Unknown`].
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum Color {
        /// `red`
        Red,
        /// `dark-blue`
        DarkBlue,
        /// `ultra_violet`
        UltraViolet,
        /// `9lives`
        Value9lives,
        /// A value this version of the SDK does not know, kept exactly as sent.
        Unknown(crate::UnknownValue),
    }

    impl Color {
        /// Every value this version of the SDK knows, as sent on the wire.
        pub const KNOWN_VALUES: &'static [&'static str] = &[
            "red",
            "dark-blue",
            "ultra_violet",
            "9lives",
        ];
        /// The value as sent on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                Self::Red => "red",
                Self::DarkBlue => "dark-blue",
                Self::UltraViolet => "ultra_violet",
                Self::Value9lives => "9lives",
                Self::Unknown(value) => value.as_str(),
            }
        }
    }

    impl From<&str> for Color {
        fn from(value: &str) -> Self {
            match value {
                "red" => Self::Red,
                "dark-blue" => Self::DarkBlue,
                "ultra_violet" => Self::UltraViolet,
                "9lives" => Self::Value9lives,
                other => Self::Unknown(crate::UnknownValue(other.to_owned())),
            }
        }
    }

    crate::__support::open_enum_traits!(Color);
    /// Spin request.
    ///
    /// Sent by [`Widgets::spin`](crate::resources::Widgets::spin):
    /// `client.widgets().spin(request)`.
    #[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct SpinRequest {
        /// The widget.
        pub widget_id: String,
        /// A secret.
        ///
        /// Sensitive: printed as `[redacted]` by `Debug`.
        pub secret_word: String,
        /// The `speed` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub speed: Option<i32>,
        /// The `big_number` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub big_number: Option<i64>,
        /// The color to spin in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub color: Option<Color>,
        /// The `extras` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub extras: Option<serde_json::Map<String, serde_json::Value>>,
        /// The `tags` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tags: Option<Vec<String>>,
        /// A keyword-named field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub r#type: Option<String>,
    }

    impl std::fmt::Debug for SpinRequest {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("SpinRequest")
                .field("widget_id", &self.widget_id)
                .field("secret_word", &crate::__support::Redacted)
                .field("speed", &self.speed)
                .field("big_number", &self.big_number)
                .field("color", &self.color)
                .field("extras", &self.extras)
                .field("tags", &self.tags)
                .field("type", &self.r#type)
                .finish()
        }
    }

    impl SpinRequest {
        /// Creates `SpinRequest` from its required fields (`widget_id`, `secret_word`); set optional
        /// fields with the chainable setters.
        pub fn new(
            widget_id: impl Into<String>,
            secret_word: impl Into<String>,
        ) -> Self {
            Self {
                widget_id: widget_id.into(),
                secret_word: secret_word.into(),
                speed: Default::default(),
                big_number: Default::default(),
                color: Default::default(),
                extras: Default::default(),
                tags: Default::default(),
                r#type: Default::default(),
            }
        }

        /// Sets [`speed`](#structfield.speed), which is optional.
        #[must_use]
        pub fn speed(mut self, value: impl Into<i32>) -> Self {
            self.speed = Some(value.into());
            self
        }

        /// Sets [`big_number`](#structfield.big_number), which is optional.
        #[must_use]
        pub fn big_number(mut self, value: impl Into<i64>) -> Self {
            self.big_number = Some(value.into());
            self
        }

        /// Sets [`color`](#structfield.color), which is optional. The color to spin in.
        #[must_use]
        pub fn color(mut self, value: impl Into<Color>) -> Self {
            self.color = Some(value.into());
            self
        }

        /// Sets [`extras`](#structfield.extras), which is optional.
        #[must_use]
        pub fn extras(
            mut self,
            value: impl Into<serde_json::Map<String, serde_json::Value>>,
        ) -> Self {
            self.extras = Some(value.into());
            self
        }

        /// Sets [`tags`](#structfield.tags), which is optional.
        #[must_use]
        pub fn tags(mut self, value: impl Into<Vec<String>>) -> Self {
            self.tags = Some(value.into());
            self
        }

        /// Sets [`type`](#structfield.type), which is optional. A keyword-named field.
        #[must_use]
        pub fn r#type(mut self, value: impl Into<String>) -> Self {
            self.r#type = Some(value.into());
            self
        }
    }

    /// The answer of *Spin a widget* (`POST /v1/b2b/widgets/spin`) on success.
    #[derive(Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct SpinResponse {
        /// The `request_id` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub request_id: String,
        /// The `spins` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub spins: Vec<crate::thing::Spin>,
        /// The `ratio` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub ratio: f64,
        /// Who owns it.
        pub owner: crate::thing::Owner,
        /// The `labels` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub labels: serde_json::Map<String, serde_json::Value>,
        /// The `nickname` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub nickname: Option<String>,
        /// The `token` field.
        ///
        /// Sensitive: printed as `[redacted]` by `Debug`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub token: Option<String>,
    }

    impl std::fmt::Debug for SpinResponse {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("SpinResponse")
                .field("request_id", &self.request_id)
                .field("spins", &self.spins)
                .field("ratio", &self.ratio)
                .field("owner", &self.owner)
                .field("labels", &self.labels)
                .field("nickname", &self.nickname)
                .field("token", &self.token.as_ref().map(|_| crate::__support::Redacted))
                .finish()
        }
    }
}

/// Types of the `gear` area of Widgets Inc.'s API. Generated from the schemas of Widgets Inc.'s
/// `widget` API package.
pub mod gear {
    /// The `api_widget_v1_gear_TurnRequest` object.
    ///
    /// Sent by [`WidgetsGears::turn`](crate::resources::WidgetsGears::turn):
    /// `client.widgets().gears().turn(request)`.
    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct TurnRequest {
        /// The `gear_id` field.
        pub gear_id: String,
        /// The `color` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub color: Option<crate::widget::Color>,
    }

    impl TurnRequest {
        /// Creates `TurnRequest` from its required fields (`gear_id`); set optional fields with the
        /// chainable setters.
        pub fn new(gear_id: impl Into<String>) -> Self {
            Self {
                gear_id: gear_id.into(),
                color: Default::default(),
            }
        }

        /// Sets [`color`](#structfield.color), which is optional.
        #[must_use]
        pub fn color(mut self, value: impl Into<crate::widget::Color>) -> Self {
            self.color = Some(value.into());
            self
        }
    }

    /// The `api_widget_v1_gear_TurnResponse` object.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct TurnResponse {
        /// The `turned` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub turned: Option<bool>,
    }

    pub use crate::widget::Color;
}

/// Types of the `thing` area of Widgets Inc.'s API. Generated from the schemas of Widgets
/// Inc.'s `thing` API package.
pub mod thing {
    /// The `api_thing_v1_Spin` object.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct Spin {
        /// The `at` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub at: String,
        /// The `color` field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub color: Option<crate::widget::Color>,
    }

    /// The `api_thing_v1_Owner` object.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub struct Owner {
        /// The `name` field.
        #[serde(default, deserialize_with = "crate::__support::null_as_default")]
        pub name: String,
    }
}

/// Types every widget endpoint shares.
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
    /// Endpoints under `/v1/b2b/widgets`.
    pub fn widgets(&self) -> resources::Widgets<'_> {
        resources::Widgets { client: self }
    }
}

/// Handles that group the client's methods by resource, mirroring the API's paths:
/// `client.widgets().spin(..)` calls `POST /v1/b2b/widgets/spin`.
pub mod resources {
    /// Endpoints under `/v1/b2b/widgets`.
    ///
    /// Get one from [`Client`](crate::Client); it borrows the client and is cheap to copy.
    #[derive(Clone, Copy, Debug)]
    pub struct Widgets<'a> {
        pub(crate) client: &'a crate::Client,
    }

    impl<'a> Widgets<'a> {
        /// Endpoints under `/v1/b2b/widgets/gears`.
        pub fn gears(&self) -> WidgetsGears<'a> {
            WidgetsGears {
                client: self.client,
            }
        }

        /// Spin a widget.
        ///
        /// `POST /v1/b2b/widgets/spin` ([Widgets Inc. API reference](https://widgets.example/docs/api))
        ///
        /// Spins it.
        ///
        /// An indented line that must not become a code block.
        /// See <https://example.com/docs> for &lt;details&gt;, [a link](https://example.com/a) and
        /// \[not a link\].
        ///
        /// # Request
        ///
        /// [`SpinRequest::new`](crate::widget::SpinRequest::new) takes the required fields:
        ///
        /// - `widget_id`: The widget.
        /// - `secret_word`: A secret.
        ///
        /// The optional fields are chainable setters on [`SpinRequest`](crate::widget::SpinRequest).
        ///
        /// Resolves to [`SpinResponse`](crate::widget::SpinResponse). The request is sent when the
        /// returned [`Pending`](crate::Pending) is first awaited; it does not borrow the client.
        ///
        /// # Errors
        ///
        /// [`Error::Api`](crate::Error::Api) when Widgets Inc. answers with an error body; its
        /// `error_type()` says which.
        ///
        /// [`Error::Timeout`](crate::Error::Timeout), [`Error::Transport`](crate::Error::Transport) and
        /// the other [`Error`](crate::Error) variants when Widgets Inc. cannot be reached, does not
        /// answer in time, or sends a body that does not decode.
        pub fn spin(
            self,
            request: crate::widget::SpinRequest,
        ) -> crate::Pending<crate::widget::SpinResponse> {
            static OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                name: "widgets.spin",
                method: "POST",
                path: "/v1/b2b/widgets/spin",
            };

            let params = crate::runtime::Params::none();
            self.client.call(&OPERATION, params, Some(&request))
        }
    }

    /// Endpoints under `/v1/b2b/widgets/gears`.
    ///
    /// Get one from [`Client`](crate::Client); it borrows the client and is cheap to copy.
    #[derive(Clone, Copy, Debug)]
    pub struct WidgetsGears<'a> {
        pub(crate) client: &'a crate::Client,
    }

    impl<'a> WidgetsGears<'a> {
        /// `POST /v1/b2b/widgets/gears/turn` ([Widgets Inc. API
        /// reference](https://widgets.example/docs/api))
        ///
        /// # Request
        ///
        /// [`TurnRequest::new`](crate::gear::TurnRequest::new) takes the required fields:
        ///
        /// - `gear_id`:
        ///
        /// The optional fields are chainable setters on [`TurnRequest`](crate::gear::TurnRequest).
        ///
        /// Resolves to [`TurnResponse`](crate::gear::TurnResponse). The request is sent when the
        /// returned [`Pending`](crate::Pending) is first awaited; it does not borrow the client.
        ///
        /// # Errors
        ///
        /// [`Error::Api`](crate::Error::Api) when Widgets Inc. answers with an error body; its
        /// `error_type()` says which.
        ///
        /// [`Error::Timeout`](crate::Error::Timeout), [`Error::Transport`](crate::Error::Transport) and
        /// the other [`Error`](crate::Error) variants when Widgets Inc. cannot be reached, does not
        /// answer in time, or sends a body that does not decode.
        pub fn turn(
            self,
            request: crate::gear::TurnRequest,
        ) -> crate::Pending<crate::gear::TurnResponse> {
            static OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                name: "widgets.gears.turn",
                method: "POST",
                path: "/v1/b2b/widgets/gears/turn",
            };

            let params = crate::runtime::Params::none();
            self.client.call(&OPERATION, params, Some(&request))
        }
    }
}

/// The server side of this API, generated from the same schema as the client (needs the
/// `server` feature).
///
/// Implement [`Service`](crate::server::Service) and pass each HTTP request to
/// [`route`](crate::server::route) to serve these endpoints with the crate's own types.
#[cfg(feature = "server")]
#[cfg_attr(docsrs, doc(cfg(feature = "server")))]
pub mod server {
    /// One method per operation. Return [`Failure`] to answer with an error body.
    pub trait Service {
        /// `POST /v1/b2b/widgets/spin`: Spin a widget.
        fn widgets_spin(
            &self,
            request: crate::widget::SpinRequest,
        ) -> Result<crate::widget::SpinResponse, Failure>;
        /// `POST /v1/b2b/widgets/gears/turn`: api_widget_v1_gear_Turn.
        fn widgets_gears_turn(
            &self,
            request: crate::gear::TurnRequest,
        ) -> Result<crate::gear::TurnResponse, Failure>;
    }

    /// An error answer: the HTTP status and the error body.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Failure {
        /// HTTP status code, e.g. 404.
        pub status: u16,
        /// The error body (boxed to keep `Result`s small).
        pub body: Box<crate::common::ErrorResponse>,
    }

    impl Failure {
        /// An error answer with `status` and `body`.
        pub fn new(status: u16, body: crate::common::ErrorResponse) -> Self {
            Self {
                status,
                body: Box::new(body),
            }
        }
    }

    /// Every operation of the document, served or not: HTTP method, path template and
    /// name.
    pub const DOCUMENT_OPERATIONS: &[(&str, &str, &str)] = &[
        ("POST", "/v1/b2b/widgets/spin", "widgets.spin"),
        ("POST", "/v1/b2b/widgets/gears/turn", "widgets.gears.turn"),
    ];
    /// Every operation's HTTP method, path and name (the name [`Routed::BadBody`]
    /// gives, e.g. `otps.sms.send`).
    pub const ROUTES: &[(&str, &str, &str)] = &[
        ("POST", "/v1/b2b/widgets/spin", "widgets.spin"),
        ("POST", "/v1/b2b/widgets/gears/turn", "widgets.gears.turn"),
    ];
    /// Routes one request to `service`: decodes `body` as the operation's request
    /// type, calls the service and encodes its answer. Returns
    /// [`Routed::NotModelled`] for an operation of the document the service does not
    /// serve, and `None` when no operation has this path.
    ///
    /// `path` is the path as received, still percent-encoded, with or without its
    /// query string: a `{parameter}` segment matches any non-empty segment and is
    /// percent-decoded exactly once into its field ([`Routed::BadParameter`] when the
    /// result is not UTF-8). A query parameter is the first pair of its name, form-
    /// decoded (`+` is a space), read as a string or else as a JSON literal (`true`,
    /// `10`); others are ignored. `headers` are the request's headers (names in any
    /// case); a header parameter is the first of its name. A bodiless operation reads
    /// an empty body as `{}`.
    pub fn route<S: Service + ?Sized>(
        service: &S,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Option<Routed> {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let Some((operation, template)) = document_match(method, path) else {
            {
                if template_parameters("/v1/b2b/widgets/spin", path).is_some() {
                    return Some(Routed::MethodNotAllowed);
                }
            }

            {
                if template_parameters("/v1/b2b/widgets/gears/turn", path).is_some() {
                    return Some(Routed::MethodNotAllowed);
                }
            }

            return None;
        };

        let body: &[u8] = if body.is_empty() { b"{}" } else { body };
        let raw = template_parameters(template, path).unwrap_or_default();
        let _ = (&raw, headers, query);
        Some(
            match operation {
                "widgets.spin" => {
                    let request: crate::widget::SpinRequest = match decode(body) {
                        Ok(request) => request,
                        Err((path, message)) => {
                            return Some(Routed::BadBody {
                                operation: "widgets.spin",
                                path,
                                message,
                            });
                        }
                    };

                    encode(service.widgets_spin(request))
                }

                "widgets.gears.turn" => {
                    let request: crate::gear::TurnRequest = match decode(body) {
                        Ok(request) => request,
                        Err((path, message)) => {
                            return Some(Routed::BadBody {
                                operation: "widgets.gears.turn",
                                path,
                                message,
                            });
                        }
                    };

                    encode(service.widgets_gears_turn(request))
                }

                _ => Routed::NotModelled { operation },
            },
        )
    }

    /// What [`route`] made of a request.
    #[derive(Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub enum Routed {
        /// The service answered: send this status and JSON body.
        Reply {
            /// HTTP status code.
            status: u16,
            /// JSON body.
            body: Vec<u8>,
        },
        /// The request body did not decode into the operation's request type.
        BadBody {
            /// Name of the operation, e.g. `otps.sms.send`.
            operation: &'static str,
            /// Path of the offending field (`.` for the whole body).
            path: String,
            /// What was wrong.
            message: String,
        },
        /// A path or query parameter did not decode: its percent-encoded bytes are not
        /// UTF-8, or a query value is not of the parameter's type.
        BadParameter {
            /// Name of the operation, e.g. `organizations.get`.
            operation: &'static str,
            /// The parameter, e.g. `organization_id`.
            parameter: &'static str,
            /// What was wrong.
            message: String,
        },
        /// The path exists, but not with this HTTP method.
        MethodNotAllowed,
        /// The document has this operation, but the service does not serve it.
        NotModelled {
            /// Name of the operation, e.g. `sessions.revoke`.
            operation: &'static str,
        },
    }

    /// The document's operation for this method and concrete path (a `{parameter}`
    /// segment matches any non-empty segment; the template with the most fixed segments
    /// wins).
    pub fn document_operation(method: &str, path: &str) -> Option<&'static str> {
        document_match(method, path).map(|(name, _)| name)
    }

    /// The served operations ([`ROUTES`]) whose path template `path` fills, whatever the method.
    pub fn served_at(
        path: &str,
    ) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> + '_ {
        ROUTES
            .iter()
            .filter(move |(_, template, _)| {
                template_parameters(template, path).is_some()
            })
    }

    /// The name and path template of the document's operation for this method and path.
    fn document_match(method: &str, path: &str) -> Option<(&'static str, &'static str)> {
        DOCUMENT_OPERATIONS
            .iter()
            .filter(|(m, _, _)| m.eq_ignore_ascii_case(method))
            .filter_map(|(_, template, name)| {
                template_parameters(template, path)?;
                let fixed = template.split('/').filter(|s| !s.starts_with('{')).count();
                Some((fixed, (*name, *template)))
            })
            .max_by_key(|(fixed, _)| *fixed)
            .map(|(_, found)| found)
    }

    /// The segments of `path` that fill `template`'s `{parameter}` segments, still encoded, or
    /// `None` when `path` does not have the template's shape.
    fn template_parameters<'p>(template: &str, path: &'p str) -> Option<Vec<&'p str>> {
        let mut parts = template.split('/');
        let mut segments = path.split('/');
        let mut out = Vec::new();
        loop {
            match (parts.next(), segments.next()) {
                (None, None) => return Some(out),
                (Some(part), Some(segment)) if part.starts_with('{') => {
                    if segment.is_empty() {
                        return None;
                    }

                    out.push(segment);
                }

                (Some(part), Some(segment)) if part == segment => {}
                _ => return None,
            }
        }
    }

    /// The value of the `position`th path parameter: its segment percent-decoded once, as UTF-8.
    /// (Unused when no operation with path parameters is served in this build.)
    #[allow(dead_code)]
    fn path_parameter(raw: &[&str], position: usize) -> Option<Result<String, String>> {
        let raw = raw.get(position)?;
        Some(
            percent_encoding::percent_decode_str(raw)
                .decode_utf8()
                .map(|value| value.into_owned())
                .map_err(|e| {
                    format!("the segment `{raw}` is not UTF-8 once percent-decoded: {e}")
                }),
        )
    }

    /// The first header named `name` (in any case). (Unused when no operation with header
    /// parameters is served in this build.)
    #[allow(dead_code)]
    fn header<'h>(headers: &[(&str, &'h str)], name: &str) -> Option<&'h str> {
        headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }

    /// The first value of query parameter `name` in `query` (form-encoded pairs), decoded.
    /// (Unused when no operation with query parameters is served in this build.)
    #[allow(dead_code)]
    fn query_parameter(query: &str, name: &str) -> Option<Result<String, String>> {
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .find_map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decoded(key).ok()? == name).then(|| form_decoded(value))
            })
    }

    /// One form-encoded query key or value: `+` is a space, then percent-decoded once as UTF-8.
    #[allow(dead_code)]
    fn form_decoded(raw: &str) -> Result<String, String> {
        let spaced = raw.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8()
            .map(|value| value.into_owned())
            .map_err(|e| {
                format!("the query value `{raw}` is not UTF-8 once percent-decoded: {e}")
            })
    }

    /// A query value as the parameter's type: a string (or string enum) as it is, else the
    /// text read as a JSON literal (`true`, `25`).
    #[allow(dead_code)]
    fn query_value<T: serde::de::DeserializeOwned>(value: &str) -> Result<T, String> {
        serde_json::from_value(serde_json::Value::String(value.to_owned()))
            .or_else(|_| serde_json::from_str(value))
            .map_err(|e| format!("`{value}` is not a valid value: {e}"))
    }

    fn decode<T: serde::de::DeserializeOwned>(
        body: &[u8],
    ) -> Result<T, (String, String)> {
        serde_json::from_slice(body)
            .map_err(|e| (crate::runtime::path_of_error(body, &e), e.to_string()))
    }

    fn encode<T: serde::Serialize>(answer: Result<T, Failure>) -> Routed {
        let (status, body) = match answer {
            Ok(value) => (200, serde_json::to_vec(&value)),
            Err(failure) => (failure.status, serde_json::to_vec(&failure.body)),
        };

        match body {
            Ok(body) => Routed::Reply { status, body },
            Err(e) => {
                Routed::Reply {
                    status: 500,
                    body: e.to_string().into_bytes(),
                }
            }
        }
    }
}

/// Property, parameter and header names whose values are secrets: marked
/// `x-sensitive` by the overlay or named so by the secret-name rule.
const SENSITIVE_FIELDS: &[&str] = &["secret_word", "token"];
/// Names the secret-name rule matches that are not secrets (`x-sensitive: false`).
const PUBLIC_FIELDS: &[&str] = &[];
/// The secret-name rule: a name whose last word is one of these holds a secret.
const SECRET_LAST_WORDS: &[&str] = &["word", "secret", "jwt"];
/// The secret-name rule: these whole names hold secrets.
const SECRET_NAMES: &[&str] = &["X-Widget-Key"];
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

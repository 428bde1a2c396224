//! What one call sends: the operation, its parameters, the URL with the path parameters
//! percent-encoded, and the header parameters.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};

use super::Inner;
use crate::error::{Error, argument_error, config_error};

/// Describes one HTTP operation; generated code creates `static`s of it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// Operation name, e.g. `otps.sms.send`.
    pub name: &'static str,
    /// HTTP method, e.g. `POST`.
    pub method: &'static str,
    /// Path below the base URL, e.g. `/v1/b2b/otps/sms/send`.
    pub path: &'static str,
}

/// The path, query and header parameters of one call; generated code fills it from the
/// request's non-body fields.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Params {
    pub(super) path: Vec<(&'static str, String)>,
    pub(super) query: Vec<(&'static str, String)>,
    pub(super) headers: Vec<(&'static str, String)>,
    /// The first body field that must not be empty and is (`Params::non_empty`).
    pub(super) empty_body_field: Option<&'static str>,
}

// `path`, `query`, `header` and `non_empty` are called by generated code only when the
// selected operations have such parameters or fields.
#[allow(dead_code)]
impl Params {
    /// No parameters.
    pub fn none() -> Self {
        Self::default()
    }

    /// The value of the `{name}` path segment (percent-encoded when sent).
    pub fn path(&mut self, name: &'static str, value: &(impl fmt::Display + ?Sized)) {
        self.path.push((name, value.to_string()));
    }

    /// A query parameter, when set.
    pub fn query(&mut self, name: &'static str, value: Option<&(impl fmt::Display + ?Sized)>) {
        if let Some(value) = value {
            self.query.push((name, value.to_string()));
        }
    }

    /// A body field the overlay marks as one Stytch refuses empty (`x-non-empty`): if `value` is
    /// empty, the call is refused before sending with an [`Error::Argument`] naming it.
    pub fn non_empty(&mut self, name: &'static str, value: &str) {
        if value.is_empty() && self.empty_body_field.is_none() {
            self.empty_body_field = Some(name);
        }
    }

    /// A header, when set (always marked sensitive).
    pub fn header(&mut self, name: &'static str, value: Option<&(impl fmt::Display + ?Sized)>) {
        if let Some(value) = value {
            self.headers.push((name, value.to_string()));
        }
    }
}

impl Inner {
    /// The method and URL of one call: `op`'s path with the path parameters filled in, and
    /// the query parameters appended.
    ///
    /// A path parameter is data, never path syntax: every byte outside RFC 3986's unreserved
    /// set (`A-Z a-z 0-9 - . _ ~`) is percent-encoded, control characters, `/`, `?`, `#`,
    /// `%` and `,` included, so a value fills exactly one segment. A value that is empty,
    /// `.` or `..` would change the path's shape (a missing segment, or a dot segment a
    /// server resolves) and is refused with an [`Error::Argument`] naming the parameter, as is
    /// an empty body field the schema requires to be non-empty ([`Params::non_empty`]).
    pub(super) fn url_for(
        &self,
        op: &Operation,
        params: &Params,
    ) -> Result<(reqwest::Method, reqwest::Url), Error> {
        if let Some(field) = params.empty_body_field {
            return Err(argument_error(
                op.name,
                field,
                "is empty; Stytch requires a non-empty value",
            ));
        }
        let (method, mut url) = self.prepare(op)?;
        if !params.path.is_empty() {
            let path = fill_path(op, url.path(), params)?;
            url.set_path(&path);
        }
        if !params.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(params.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        Ok((method, url))
    }

    /// The parsed method and URL of `op`'s path template, from the cache or parsed now.
    fn prepare(&self, op: &Operation) -> Result<(reqwest::Method, reqwest::Url), Error> {
        let cached = self
            .prepared
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .find(|(known, ..)| known.method == op.method && known.path == op.path)
            .map(|(_, method, url)| (method.clone(), url.clone()));
        if let Some(prepared) = cached {
            return Ok(prepared);
        }
        let method = reqwest::Method::from_bytes(op.method.as_bytes()).map_err(|_| {
            config_error(format!("operation {} has an invalid HTTP method", op.name))
        })?;
        let url = reqwest::Url::parse(&format!("{}{}", self.base_url, op.path))
            .map_err(|e| config_error(format!("operation {} has an invalid path: {e}", op.name)))?;
        self.prepared
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((*op, method.clone(), url.clone()));
        Ok((method, url))
    }
}

/// What a path parameter keeps as it is: RFC 3986's unreserved characters. Everything else
/// (every other ASCII byte, control characters included, and every byte of a non-ASCII
/// character) is percent-encoded, as OpenAPI's `simple` style and JavaScript's
/// `encodeURIComponent` (Stytch's Node SDK) do.
const PATH_PARAMETER: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `template_path` (the path of `op`'s template as parsed below the base URL, still holding
/// its `{name}` segments, which the parser wrote `%7Bname%7D`) with each replaced by its
/// parameter, percent-encoded.
fn fill_path(op: &Operation, template_path: &str, params: &Params) -> Result<String, Error> {
    let mut path = String::with_capacity(template_path.len() + 32);
    for (i, segment) in template_path.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        // The URL parser encodes the template's braces (`{` is in its path encode set).
        let name = segment
            .strip_prefix("%7B")
            .and_then(|s| s.strip_suffix("%7D"));
        let Some(name) = name else {
            path.push_str(segment);
            continue;
        };
        // Generated methods fill every parameter of their template; a missing one is reported
        // against the template, the one name at hand.
        let Some(&(parameter, ref value)) = params.path.iter().find(|(n, _)| *n == name) else {
            return Err(argument_error(
                op.name,
                "path",
                format!("has no value for `{{{name}}}`"),
            ));
        };
        if value.is_empty() || value == "." || value == ".." {
            return Err(argument_error(
                op.name,
                parameter,
                format!(
                    "is {value:?}; a path parameter must not be empty, `.` or `..` (that would \
                     change the request's path)"
                ),
            ));
        }
        path.extend(percent_encoding::utf8_percent_encode(value, PATH_PARAMETER));
    }
    Ok(path)
}

/// The header parameters of one call, each value marked sensitive (never logged).
pub(super) fn header_params(
    op: &Operation,
    params: &Params,
) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
    params
        .headers
        .iter()
        .map(|(name, value)| {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| argument_error(op.name, name, "is not a valid header name"))?;
            // A server trims spaces and tabs around a header's value, so a value with them
            // would arrive changed: refused, like the characters a header cannot carry.
            let padded = value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']);
            let mut value = HeaderValue::from_str(value)
                .ok()
                .filter(|_| !padded)
                .ok_or_else(|| {
                    argument_error(
                        op.name,
                        name,
                        "has characters a header cannot carry (control characters, or spaces \
                         or tabs at either end)",
                    )
                })?;
            value.set_sensitive(true);
            Ok((header, value))
        })
        .collect()
}

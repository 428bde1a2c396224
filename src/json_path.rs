//! Where in a JSON body a decoding error happened, as a field path (`member.roles[0].role_id`).
//!
//! The client decodes with plain `serde_json`. When that fails, serde_json's error says only
//! where, as a line and column; this module turns that position into the path of the JSON value
//! there, by scanning the body once. It is not generic, so it is compiled once for every
//! response type, where a path-tracking deserializer (`serde_path_to_error`) would compile every
//! type's `Deserialize` code a second time. The notation is serde_path_to_error's: keys joined by
//! `.`, array indexes as `[i]`, `.` for the whole body; `tests/decode_paths.rs` checks that both
//! name the same path for every field of the full response fixtures.
//!
//! The value meant is, in order: the one that ends where the error points (serde_json reports a
//! wrong scalar, or a missing field of an object, just after reading it), the one that starts
//! there (a wrong object or array, which serde_json reports before reading it), or else the
//! innermost object or array around the position (syntax errors, truncated bodies).

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// An object or array being scanned.
#[derive(Debug)]
struct Frame {
    /// The segment of this container in its parent (`None` for the root).
    segment: Option<Segment>,
    /// An object's current key, or an array's next index.
    child: Child,
}

#[derive(Debug)]
enum Child {
    Object(Option<String>),
    Array(usize),
}

/// The byte offset of serde_json's `line` (1-based) and `column` (bytes since the line's
/// start), clamped to the body.
fn offset_of(body: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match body[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => return body.len(),
        }
    }
    (start + column).min(body.len())
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The end (exclusive) of the string whose opening quote is at `start`, or `None` if the body
/// ends first. Also what `error.rs` reads strings with when it redacts text that is not JSON.
pub(crate) fn string_end(body: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < body.len() {
        match body[i] {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
}

/// The end (exclusive) of the scalar (number, `true`, `false`, `null`, or anything else up to
/// a delimiter) starting at `start`.
fn scalar_end(body: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < body.len() && !is_space(body[i]) && !matches!(body[i], b',' | b']' | b'}' | b':') {
        i += 1;
    }
    i.max(start + 1).min(body.len())
}

/// A key as written (quotes and escapes included), unescaped; one that does not unescape (cut
/// off, a bad escape) as it stands, without its quotes.
pub(crate) fn unquote(quoted: &[u8]) -> String {
    serde_json::from_slice(quoted)
        .unwrap_or_else(|_| String::from_utf8_lossy(quoted).trim_matches('"').to_owned())
}

fn render(path: &[Segment]) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let mut out = String::new();
    for (i, segment) in path.iter().enumerate() {
        match segment {
            Segment::Index(index) => out.push_str(&format!("[{index}]")),
            Segment::Key(key) => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(key);
            }
        }
    }
    out
}

/// The path of the value `error` (from decoding `body`) is about.
pub(crate) fn path_of_error(body: &[u8], error: &serde_json::Error) -> String {
    path_at(body, error.line(), error.column(), error.is_data())
}

/// The path of the value at serde_json's error position `line`/`column` in `body`.
///
/// One pass up to the position, linear in its offset (paths are only built for the answer).
/// `data` is whether the error is about the data (a wrong type or value, a missing field)
/// rather than the syntax (or an early end): only then does a value that ends or starts there
/// count.
fn path_at(body: &[u8], line: usize, column: usize, data: bool) -> String {
    let offset = offset_of(body, line, column);
    // Where a value would end or start to be the one meant (never, for a syntax error).
    let (mut end, mut start) = (usize::MAX, usize::MAX);
    if data {
        end = offset;
        while end > 0 && is_space(body[end - 1]) {
            end -= 1;
        }
        start = offset;
        while start < body.len() && is_space(body[start]) {
            start += 1;
        }
    }
    // The first index not to scan: past the value that starts at `start`, or the position.
    let stop = if data { start + 1 } else { offset };

    let mut stack: Vec<Frame> = Vec::new();
    // The path of the value about to be read (the one after a `:`, a `,` or a `[`).
    let child_path = |stack: &[Frame]| -> Vec<Segment> {
        let mut path = container_path(stack);
        path.extend(child_segment(stack));
        path
    };

    let mut i = 0;
    // Whether the next token is a key (after `{`, or `,` in an object), or a value (after
    // `:`, `[`, or `,` in an array).
    let (mut expect_key, mut expect_value) = (false, true);
    while i < body.len() {
        let b = body[i];
        if is_space(b) {
            i += 1;
            continue;
        }
        if i >= stop {
            break;
        }
        match b {
            b'{' | b'[' => {
                if i == start {
                    return render(&child_path(&stack));
                }
                stack.push(Frame {
                    segment: child_segment(&stack),
                    child: if b == b'{' {
                        Child::Object(None)
                    } else {
                        Child::Array(0)
                    },
                });
                (expect_key, expect_value) = (b == b'{', b == b'[');
                i += 1;
            }
            b'}' | b']' => {
                let Some(frame) = stack.pop() else {
                    break;
                };
                i += 1;
                if i == end {
                    let mut path = container_path(&stack);
                    path.extend(frame.segment);
                    return render(&path);
                }
                (expect_key, expect_value) = (false, false);
            }
            b',' => {
                match stack.last_mut().map(|f| &mut f.child) {
                    Some(Child::Array(index)) => {
                        *index += 1;
                        (expect_key, expect_value) = (false, true);
                    }
                    Some(Child::Object(key)) => {
                        *key = None;
                        (expect_key, expect_value) = (true, false);
                    }
                    None => break,
                }
                i += 1;
            }
            b':' => {
                (expect_key, expect_value) = (false, true);
                i += 1;
            }
            b'"' if expect_key => {
                let Some(close) = string_end(body, i) else {
                    break;
                };
                let key = unquote(&body[i..close]);
                if let Some(Frame {
                    child: Child::Object(slot),
                    ..
                }) = stack.last_mut()
                {
                    *slot = Some(key);
                }
                expect_key = false;
                i = close;
            }
            _ => {
                let close = if b == b'"' {
                    match string_end(body, i) {
                        Some(close) => close,
                        None => break,
                    }
                } else {
                    scalar_end(body, i)
                };
                // This value starts or ends at the position, or holds it (a bad escape or
                // number, say).
                if i == start || close == end || (i < offset && offset < close) {
                    return render(&child_path(&stack));
                }
                expect_value = false;
                i = close;
            }
        }
    }
    // No value starts or ends at the position: the innermost container around it, and the
    // member in it being read, if any.
    if expect_value {
        render(&child_path(&stack))
    } else {
        render(&container_path(&stack))
    }
}

/// The segment of the value about to be read in the innermost container.
fn child_segment(stack: &[Frame]) -> Option<Segment> {
    match stack.last().map(|f| &f.child) {
        Some(Child::Object(Some(key))) => Some(Segment::Key(key.clone())),
        Some(Child::Array(index)) => Some(Segment::Index(*index)),
        _ => None,
    }
}

fn container_path(stack: &[Frame]) -> Vec<Segment> {
    stack.iter().filter_map(|f| f.segment.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path serde_json's own error for `T` at this body points at.
    fn path_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(body: &str) -> String {
        let e = serde_json::from_str::<T>(body).expect_err("the body must not decode");
        path_at(body.as_bytes(), e.line(), e.column(), e.is_data())
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Outer {
        member: Member,
        #[serde(default)]
        list: Vec<Vec<u8>>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Member {
        id: String,
        roles: Vec<Role>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Role {
        role_id: String,
    }

    #[test]
    fn wrong_scalars_objects_and_arrays_are_named_by_their_path() {
        let cases = [
            (r#"{"member":{"id":"a","roles":null}}"#, "member.roles"),
            (
                r#"{"member":{"id":"a","roles":[{"role_id":5}]}}"#,
                "member.roles[0].role_id",
            ),
            (
                r#"{"member":{"id":"a","roles":[{"role_id":"x"},{"role_id":{}}]}}"#,
                "member.roles[1].role_id",
            ),
            (r#"{"member":{"id":[1,2],"roles":[]}}"#, "member.id"),
            (r#"{"member":"x"}"#, "member"),
            (
                r#"{"member":{"id":"a","roles":[]},"list":[[1],[2,"x"]]}"#,
                "list[1][1]",
            ),
            (
                r#"{"member":{"id":"a","roles":[]},"list":[[1],[2,300]]}"#,
                "list[1][1]",
            ),
            // A missing field: the object that lacks it.
            (r#"{"member":{"roles":[]}}"#, "member"),
            (r#"{"list":[]}"#, "."),
            ("[]", "."),
            // Whitespace and newlines anywhere.
            (
                "{\n  \"member\" : {\n    \"id\" : \"a\",\n    \"roles\" : [ { \"role_id\" : true } ]\n  }\n}\n",
                "member.roles[0].role_id",
            ),
            ("{\n  \"member\" : {\n    \"roles\" : [ ]\n  }\n}", "member"),
            // Escaped keys are unescaped.
            (
                r#"{"mem\u0062er":{"id":"a","roles":false}}"#,
                "member.roles",
            ),
        ];
        for (body, path) in cases {
            assert_eq!(path_of::<Outer>(body), path, "{body}");
        }
    }

    #[test]
    fn syntax_errors_name_the_container_they_are_in() {
        for (body, path) in [
            (
                r#"{"member":{"id":"a","roles":[{"role_id":"x"}"#,
                "member.roles",
            ),
            (r#"{"member":{"id":"a","#, "member"),
            (r#"{"member":{"id":"a"} x"#, "member"), // missing `roles` comes first
            (r#"{"member":{"id":"a","roles":[]} x"#, "."),
            (r#"{"member":{"id":"a","roles":[]}} trailing"#, "."),
            ("", "."),
            ("   ", "."),
        ] {
            assert_eq!(path_of::<Outer>(body), path, "{body}");
        }
    }

    #[test]
    fn any_position_in_any_input_gives_a_path_without_panicking() {
        let inputs: [&[u8]; 8] = [
            b"",
            b"}}}]]]",
            b"{\"a\":[1,2,{\"b\":\"\\\"\\\\\"}]}",
            b"\"unterminated",
            b"{\"k\":\"\\",
            b"[[[[[[[[[[",
            b"{\"\xff\xfe\":1}",
            b",,,::: \n\n\n",
        ];
        for input in inputs {
            for line in 0..5 {
                for column in 0..input.len() + 3 {
                    for data in [true, false] {
                        assert!(!path_at(input, line, column, data).is_empty());
                    }
                }
            }
        }
    }
}

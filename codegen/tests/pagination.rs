//! The `x-pagination` mark: on an operation it generates the response's `Page` impl and the
//! `<method>_pages` methods of both clients; a mark naming a field the types lack is an error
//! that names it.

use serde_json::{Value, json};
use stytch_b2b_otp_sms_codegen::generate;

/// The widgets fixture with a `cursor` on the spin request and `mark` on the spin operation
/// (none for `null`).
fn widgets_with(mark: Value) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/widgets.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc.pointer_mut("/components/schemas/api_widget_v1_widget_SpinRequest/properties")
        .unwrap()["cursor"] = json!({"type": "string"});
    if !mark.is_null() {
        doc.pointer_mut("/paths/~1v1~1b2b~1widgets~1spin/post")
            .unwrap()["x-pagination"] = mark;
    }
    doc.to_string()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn a_marked_operation_gets_a_pager_on_both_clients() {
    // The next cursor is the `name` of the `owner` (both required); the items are `spins`.
    let out = generate(&widgets_with(json!({
        "request_cursor": "cursor",
        "response_cursor": "owner.name",
        "items": "spins",
    })))
    .unwrap_or_else(|e| panic!("{e}"));
    let rust = squash(&out.rust);
    for needle in [
        "impl crate::Page for crate::widget::SpinResponse {",
        "type Request = crate::widget::SpinRequest;",
        "type Item = crate::thing::Spin;",
        "client.widgets().spin(request)",
        "request.cursor = Some(cursor);",
        "fn next_cursor(&self) -> Option<&str> { Some(self.owner.name.as_str()) }",
        "self.spins.len()",
        "pub fn spin_pages(self, request: crate::widget::SpinRequest",
        "-> crate::Pages<crate::widget::SpinResponse> { crate::Pages::new(self.client, request) }",
    ] {
        assert!(rust.contains(&squash(needle)), "missing `{needle}`");
    }
    assert!(
        squash(&out.blocking).contains(&squash(
            "-> crate::BlockingPages<crate::widget::SpinResponse> \
             { crate::BlockingPages::new(self.client, request) }"
        )),
        "the blocking client has no pager"
    );

    // Unmarked, there is no pager.
    let plain = generate(&widgets_with(Value::Null)).unwrap_or_else(|e| panic!("{e}"));
    assert!(!plain.rust.contains("crate::Page for"));
    assert!(!plain.rust.contains("spin_pages"));
}

#[test]
fn a_mark_naming_a_missing_or_mistyped_field_is_an_error_naming_it() {
    let mark = |request: &str, response: &str, items: &str| json!({"request_cursor": request, "response_cursor": response, "items": items});
    for (mark, names) in [
        (mark("cursor", "owner.name", "spinz"), "`spinz`"),
        (mark("kursor", "owner.name", "spins"), "`kursor`"),
        (mark("cursor", "owner.nmae", "spins"), "`nmae`"),
        (mark("cursor", "ratio", "spins"), "`ratio`"),
        (mark("cursor", "owner.name", "owner"), "`owner`"),
        (
            json!({"request_cursor": "cursor", "items": "spins"}),
            "`response_cursor`",
        ),
    ] {
        let err = generate(&widgets_with(mark.clone()))
            .expect_err(&mark.to_string())
            .to_string();
        assert!(
            err.contains(names)
                && err.contains("x-pagination")
                && err.contains("api_widget_v1_Spin"),
            "{mark}: {err}"
        );
    }
}

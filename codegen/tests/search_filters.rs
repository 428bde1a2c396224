//! The `x-search-filters` table: on a search operation it generates the typed filter enum, its
//! wire names, the query alias and `matching`, and the server glue's table the fake reads; a
//! table naming a missing field or an unknown operand type is an error that names it.

use serde_json::{Value, json};
use stytch_b2b_otp_sms_codegen::{Feature, Generated, Generator, Settings};

/// The widgets fixture with a `query` object on the spin request and `table` on the spin
/// operation, generated with server glue for both operations.
fn widgets_with(table: Value) -> Result<Generated, String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/widgets.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["components"]["schemas"]["api_widget_v1_Query"] =
        json!({"type": "object", "properties": {"operator": {"type": "string"}}});
    doc.pointer_mut("/components/schemas/api_widget_v1_widget_SpinRequest/properties")
        .unwrap()["query"] = json!({"$ref": "#/components/schemas/api_widget_v1_Query"});
    doc.pointer_mut("/paths/~1v1~1b2b~1widgets~1spin/post")
        .unwrap()["x-search-filters"] = table;
    Generator::new(Settings {
        server_operations: &["api_widget_v1_Spin", "api_widget_v1_gear_Turn"],
        feature_of: |_| Some(Feature::Always),
        ..Settings::stytch()
    })
    .allow_undocumented()
    .generate(&doc.to_string())
    .map_err(|e| e.to_string())
}

fn table(request_query: &str, operand: &str) -> Value {
    json!({
        "request_query": request_query, "filter": "WidgetFilter", "query": "WidgetQuery",
        "filters": [
            {"name": "widget_ids", "variant": "Ids", "operand": "strings", "doc": "one of these."},
            {"name": "widget_name_fuzzy", "variant": "NameFuzzy", "operand": operand,
             "doc": "contains this."},
            {"name": "widget_is_spinning", "variant": "IsSpinning", "operand": "flag",
             "doc": "spinning or not."}
        ]
    })
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn a_table_generates_the_filter_enum_and_the_servers_table() {
    let out = widgets_with(table("query", "fuzzy")).unwrap_or_else(|e| panic!("{e}"));
    let rust = squash(&out.rust);
    for needle in [
        "pub enum WidgetFilter { /// `widget_ids`: one of these. Ids(Vec<String>),",
        "NameFuzzy(String),",
        "IsSpinning(bool),",
        "Self::NameFuzzy(_) => \"widget_name_fuzzy\",",
        "Self::IsSpinning(value) => serde_json::json!(value),",
        "pub type WidgetQuery = crate::extensions::search::TypedSearchQuery<WidgetFilter>;",
        "pub fn matching(mut self, query: WidgetQuery) -> Self { \
         self.query = Some(query.to_search_query()); self }",
        "pub const WIDGETS_SPIN_FILTERS: &[(&str, FilterOperand)] = &[\
         (\"widget_ids\", FilterOperand::Strings), \
         (\"widget_name_fuzzy\", FilterOperand::Fuzzy), \
         (\"widget_is_spinning\", FilterOperand::Flag),];",
    ] {
        assert!(rust.contains(&squash(needle)), "missing `{needle}`");
    }
}

#[test]
fn a_table_naming_a_missing_field_or_operand_is_an_error_naming_it() {
    for (table, names) in [
        (table("qurey", "fuzzy"), "`qurey`"),
        (table("widget_id", "fuzzy"), "`widget_id`"),
        (table("query", "text"), "`text`"),
    ] {
        let err = widgets_with(table.clone()).expect_err(&table.to_string());
        assert!(
            err.contains(names) && err.contains("x-search-filters"),
            "{table}: {err}"
        );
    }
}

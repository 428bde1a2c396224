//! The Markdown API reference: one section per operation with its method,
//! path, and request and response field tables.

use std::fmt::Write;

use crate::client::Layout;
use crate::docs;
use crate::navigation;
use crate::openapi::SchemaKind;
use crate::types::{Ty, Types};

/// Renders the reference for every operation, with how the client calls it.
pub(crate) fn render(types: &Types<'_>, (placed, _): &Layout<'_>) -> String {
    let api = types.api;
    let mut out = String::new();
    let _ = writeln!(out, "<!-- {} -->\n", crate::HEADER);
    let _ = writeln!(out, "# {}: API reference\n", api.title);
    let _ = writeln!(
        out,
        "Generated from `schema/`. Types are Rust paths in the `{}` crate.\n",
        types.settings.crate_name
    );
    for p in placed {
        let op = p.op;
        let title = op.summary.clone().unwrap_or_else(|| op.id.clone());
        let _ = writeln!(out, "## {title}\n");
        let _ = writeln!(out, "`{} {}`\n", op.method, op.path);
        out.push_str(&navigation::reference_lines(
            p,
            types.settings.blocking_feature,
        ));
        if let Some(d) = &op.description {
            let _ = writeln!(out, "{}\n", docs::first_paragraph(d));
        }
        for (label, key) in [("Request", &op.request), ("Response", &op.response)] {
            if let Some(index) = api.schemas.iter().position(|s| &s.key == key) {
                let name = &types.names[index];
                let _ = writeln!(out, "### {label}: `{}::{}`\n", name.module, name.name);
                table(&mut out, types, index);
            }
        }
        out.push_str(&crate::errors::markdown(api, op));
    }
    out
}

fn table(out: &mut String, types: &Types<'_>, index: usize) {
    let SchemaKind::Object(props) = &types.api.schemas[index].kind else {
        return;
    };
    let _ = writeln!(out, "| Field | Type | Required | Description |");
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    for (p, ty) in props.iter().zip(&types.fields[index]) {
        let description = p
            .description
            .as_deref()
            .map(docs::table_cell)
            .unwrap_or_default();
        let sensitive = if p.sensitive { " (sensitive)" } else { "" };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {}{} |",
            p.wire_name,
            type_name(types, ty),
            if p.required { "yes" } else { "no" },
            description,
            sensitive
        );
    }
    out.push('\n');
}

fn type_name(types: &Types<'_>, ty: &Ty) -> String {
    match ty {
        Ty::String => "string".into(),
        Ty::Scalar(s) => s.clone(),
        Ty::Json => "JSON value".into(),
        Ty::Named(i) => format!("`{}::{}`", types.names[*i].module, types.names[*i].name),
        Ty::Vec(t) => format!("list of {}", type_name(types, t)),
        Ty::Map(t) => format!("map of {}", type_name(types, t)),
        Ty::Option(t) => format!("{} or null", type_name(types, t)),
        Ty::Boxed(t) => type_name(types, t),
    }
}

//! Schema prose → rustdoc: Markdown that renders cleanly and passes
//! `RUSTDOCFLAGS="-D warnings"`.
//!
//! Schema descriptions are written for Stytch's website, not for rustdoc. This
//! module removes the ways they break in rustdoc: indented lines that would
//! become code blocks, bare URLs, `<...>` read as HTML tags, and `[text]` read
//! as intra-doc links.

use proc_macro2::TokenStream;
use quote::quote;

/// Cleans a description into doc-comment lines.
pub fn clean(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    // Width of the marker of the list item the current paragraph belongs to, if any: its
    // continuation lines are indented by that much so they stay in the item.
    let mut item_indent: Option<usize> = None;
    for raw in text.replace("\r\n", "\n").split('\n') {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            out.push(trimmed.to_string());
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_string());
            continue;
        }
        // Leading whitespace would turn prose into an indented code block.
        let line = escape_line(trimmed);
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue; // no leading or doubled blank lines
        }
        if line.is_empty() || line.starts_with('#') || line.starts_with('|') {
            item_indent = None;
        } else if let Some(width) = list_marker_width(&line) {
            item_indent = Some(width);
        } else if let Some(width) = item_indent {
            let mut indented = " ".repeat(width);
            indented.push_str(&line);
            wrap_into(&indented, &mut out);
            continue;
        }
        wrap_into(&line, &mut out);
    }
    if in_fence {
        while out.last().is_some_and(|l| l.is_empty()) {
            out.pop();
        }
        out.push("```".to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// The width of a list item's marker and the space after it (`- ` is 2, `10. ` is 4).
fn list_marker_width(line: &str) -> Option<usize> {
    let (marker, _) = line.split_once(' ')?;
    let bullet = matches!(marker, "-" | "*" | "+");
    let numbered = marker.len() > 1
        && marker.ends_with(['.', ')'])
        && marker[..marker.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit());
    (bullet || numbered).then_some(marker.len() + 1)
}

/// Width of doc-comment text (after `/// `).
const WIDTH: usize = 92;

/// Wraps a prose line at spaces; list-item continuations are indented so they
/// stay in the item. Tables and headings are left alone.
fn wrap_into(line: &str, out: &mut Vec<String>) {
    if line.len() <= WIDTH || line.starts_with('|') || line.starts_with('#') {
        out.push(line.to_string());
        return;
    }
    // An indented line (a list item's continuation) keeps its indent on every line; a list
    // item's own lines continue under its text.
    let lead = line.len() - line.trim_start().len();
    let body = line.trim_start();
    let indent = if lead > 0 {
        " ".repeat(lead)
    } else {
        " ".repeat(list_marker_width(body).unwrap_or(0))
    };
    let mut current = " ".repeat(lead);
    for word in body.split(' ').filter(|w| !w.is_empty()) {
        if !current.trim().is_empty() && current.len() + 1 + word.len() > WIDTH {
            out.push(std::mem::take(&mut current));
            current.push_str(&indent);
        } else if !current.is_empty() && !current.ends_with(' ') {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
}

/// The first sentence of a description, cleaned, for one-line summaries.
pub fn first_sentence(text: &str) -> String {
    let paragraph = first_paragraph(text);
    match paragraph.find(". ") {
        Some(end) => paragraph[..=end].to_string(),
        None => paragraph,
    }
}

/// The first paragraph of a description, cleaned, for short summaries.
pub fn first_paragraph(text: &str) -> String {
    split_first_paragraph(&clean(text)).0
}

/// The first paragraph of cleaned lines on one line, and the index of the line after it.
fn split_first_paragraph(lines: &[String]) -> (String, usize) {
    let end = lines
        .iter()
        .position(|l| l.is_empty())
        .unwrap_or(lines.len());
    let paragraph = lines[..end]
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    (paragraph, end)
}

/// A description for one Markdown table cell (one line): the first paragraph and, when it
/// introduces a list (ends with `:`), that list as `<br>• item` lines, so that a cell never
/// ends at "The options are:". `|` is escaped.
pub fn table_cell(text: &str) -> String {
    let lines = clean(text);
    let (mut cell, end) = split_first_paragraph(&lines);
    if cell.ends_with(':') {
        let list = lines[end..]
            .iter()
            .skip_while(|l| l.is_empty())
            .take_while(|l| !l.is_empty());
        let mut items: Vec<String> = Vec::new();
        for line in list {
            let trimmed = line.trim();
            match list_marker(trimmed) {
                Some(rest) => items.push(rest.to_owned()),
                None => match items.last_mut() {
                    Some(item) => {
                        item.push(' ');
                        item.push_str(trimmed);
                    }
                    // Not a list after all: leave the paragraph as it is.
                    None => break,
                },
            }
        }
        for item in items {
            cell.push_str("<br>• ");
            cell.push_str(&item);
        }
    }
    cell.replace('|', "\\|")
}

/// The text of a list item line (`- x`, `* x`, `+ x`, `1. x`, `1) x`) after its marker.
fn list_marker(line: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(rest.trim_start());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    line[digits..]
        .strip_prefix(". ")
        .or_else(|| line[digits..].strip_prefix(") "))
        .map(str::trim_start)
}

/// `#[doc = "..."]` attributes for cleaned lines (prettyplease prints them as
/// `///` comments).
pub fn attrs(lines: &[String]) -> TokenStream {
    let docs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#docs)*)
}

/// Doc attributes for lines written by the generator itself (they may hold
/// intra-doc links, so they are wrapped but not escaped).
pub fn trusted(lines: &[String]) -> TokenStream {
    attrs(&wrapped(lines))
}

/// Lines written by the generator itself, wrapped as doc comments are (not escaped).
pub fn wrapped(lines: &[String]) -> Vec<String> {
    let mut wrapped = Vec::new();
    for line in lines {
        wrap_into(line, &mut wrapped);
    }
    wrapped
}

/// Shorthand: clean `text` and turn it into doc attributes.
pub fn doc(text: &str) -> TokenStream {
    attrs(&clean(text))
}

/// Escapes one line of prose outside code spans.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        // Copy code spans verbatim.
        if rest.starts_with('`') {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(fence) {
                let span_end = ticks + end + ticks;
                out.push_str(&rest[..span_end]);
                rest = &rest[span_end..];
                continue;
            }
            out.push_str(fence);
            rest = &rest[ticks..];
            continue;
        }
        // Markdown links: keep `[text](url)`, escape other brackets.
        if rest.starts_with('[') {
            if let Some(len) = link_len(rest) {
                let (text_part, url_part) =
                    rest[..len].split_at(rest[..len].find("](").unwrap_or(0));
                out.push('[');
                out.push_str(&escape_line(&text_part[1..]));
                out.push_str(url_part);
                rest = &rest[len..];
                continue;
            }
            out.push_str("\\[");
            rest = &rest[1..];
            continue;
        }
        if rest.starts_with(']') {
            out.push_str("\\]");
            rest = &rest[1..];
            continue;
        }
        if rest.starts_with('<') {
            // Keep autolinks such as <https://stytch.com>.
            if let Some(end) = rest.find('>') {
                let inner = &rest[1..end];
                if (inner.starts_with("https://") || inner.starts_with("http://"))
                    && !inner.contains(char::is_whitespace)
                {
                    out.push_str(&rest[..=end]);
                    rest = &rest[end + 1..];
                    continue;
                }
            }
            out.push_str("&lt;");
            rest = &rest[1..];
            continue;
        }
        if rest.starts_with('>') && !out.trim().is_empty() {
            out.push_str("&gt;");
            rest = &rest[1..];
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '"')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let ch = rest.chars().next().unwrap_or(' ');
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out.trim_end().to_string()
}

/// Length of a well-formed `[text](url)` link at the start of `s`.
fn link_len(s: &str) -> Option<usize> {
    let close = matching(s, '[', ']')?;
    let after = &s[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let paren = matching(after, '(', ')')?;
    let url = &after[1..paren];
    if url.is_empty() || url.contains(char::is_whitespace) || url.contains('"') {
        return None;
    }
    Some(close + 1 + paren + 1)
}

/// Index of the bracket closing the one `s` starts with.
fn matching(s: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_cells_keep_the_list_a_paragraph_introduces() {
        let text = "Sets enrollment. The options are:\n\n- `enroll` – sets it to `true`.\n  More on enroll.\n- `unenroll` – sets it | to `false`.\n\nA later paragraph.";
        assert_eq!(
            table_cell(text),
            "Sets enrollment. The options are:<br>• `enroll` – sets it to `true`. More on enroll.<br>• `unenroll` – sets it \\| to `false`."
        );
        assert_eq!(table_cell("One.\n\nTwo."), "One.");
        assert_eq!(
            table_cell("Pick:\n\n1. one\n2) two"),
            "Pick:<br>• one<br>• two"
        );
        assert_eq!(table_cell("Colon:\n\nnot a list"), "Colon:");
    }

    #[test]
    fn indented_lines_do_not_become_code_blocks() {
        let got = clean("First line.\n\n    indented prose\n  * item");
        assert_eq!(got, ["First line.", "", "indented prose", "* item"]);
    }

    #[test]
    fn links_are_kept_and_bare_urls_wrapped() {
        assert_eq!(
            escape_line("See [the docs](https://stytch.com/docs) or https://stytch.com."),
            "See [the docs](https://stytch.com/docs) or <https://stytch.com>."
        );
    }

    #[test]
    fn malformed_links_do_not_survive_as_broken_links() {
        let got = escape_line("Request [here](https://example.com/form?x=1\")!");
        assert!(!got.contains("[here]("), "{got}");
        assert!(got.contains("<https://example.com/form?x=1>"), "{got}");
    }

    #[test]
    fn html_and_brackets_are_escaped_outside_code() {
        assert_eq!(
            escape_line("a Record<string, any> in `Vec<T>` and [not a link]"),
            "a Record&lt;string, any&gt; in `Vec<T>` and \\[not a link\\]"
        );
    }

    #[test]
    fn fences_are_kept_and_closed() {
        let got = clean("Example:\n```json\n  {\"a\": 1}\n");
        assert_eq!(got, ["Example:", "```json", "  {\"a\": 1}", "```"]);
    }

    #[test]
    fn long_lines_wrap_and_list_items_stay_items() {
        let long = format!("- {}", "word ".repeat(40));
        let got = clean(&long);
        assert!(got.len() > 1);
        assert!(got.iter().all(|l| l.len() <= WIDTH));
        assert!(got[1..].iter().all(|l| l.starts_with("  word")), "{got:?}");
        assert_eq!(first_sentence("One. Two. Three"), "One.");
    }

    #[test]
    fn first_paragraph_joins_lines() {
        assert_eq!(first_paragraph("One\ntwo.\n\nThree."), "One two.");
    }
}

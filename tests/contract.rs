//! The whole-API contract test (see `tests/whole_document/mod.rs`): every operation of
//! Stytch's document, a few seeds each, judged by the document alone. A longer run:
//! `cargo run --release --example contract --features full -- 200`.
//!
//! Needs `--features full` (CI runs it so).
#![cfg(feature = "full")]

mod whole_document;

#[test]
fn every_operation_keeps_the_documents_contract() {
    let seeds: u64 = std::env::var("CONTRACT_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4);
    let report = whole_document::run(0..seeds);
    assert!(
        report.failures.is_empty(),
        "{} of {} calls broke the contract:\n{}",
        report.failures.len(),
        report.calls,
        report.failures.join("\n")
    );
    assert!(report.operations >= 97, "{report:?}");
    assert_eq!(report.calls, report.operations * seeds as usize);
}

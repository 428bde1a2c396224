//! Runs the generator over the SDK's own schema.

#[test]
fn generates_the_sdk_schema() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../schema/b2b_otp_sms.json"
    ))
    .unwrap();
    let out = stytch_b2b_otp_sms_codegen::generate(&text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write("/tmp/gen_out.rs", &out.rust).unwrap();
    std::fs::write("/tmp/gen_out.md", &out.reference).unwrap();
}

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

//! Password strength, as Stytch judges it by default: Dropbox's zxcvbn estimator (valid at a
//! score of 3 or more) plus a breach check. `passwords.strength_check` reports it, and every
//! password set (reset flows) is refused with `weak_password` when it fails.
//!
//! Breach detection: Stytch checks HaveIBeenPwned's corpus, which the fake does not have. It
//! models it with [`BREACHED`], a short list of passwords famous from public breaches
//! (including ones zxcvbn scores as strong), so that a test can see the rule.

use serde_json::{Value, json};

use crate::FakeError;

/// The lowest zxcvbn score Stytch's default policy accepts.
pub(crate) const MIN_SCORE: u8 = 3;
/// The LUDS report's assumed policy (Stytch documents no default): length and classes.
const LUDS_MIN_LENGTH: usize = 8;
const LUDS_MIN_COMPLEXITY: i32 = 3;

/// Passwords the fake treats as found in breaches: the most common passwords of public breach
/// compilations, and famous passphrases that estimators rate highly but that every breach
/// corpus contains.
pub(crate) const BREACHED: &[&str] = &[
    "123456",
    "123456789",
    "12345678",
    "12345",
    "1234567",
    "1234567890",
    "111111",
    "000000",
    "password",
    "password1",
    "Password1",
    "Password1!",
    "P@ssw0rd",
    "passw0rd",
    "qwerty",
    "qwerty123",
    "qwertyuiop",
    "1q2w3e4r",
    "1qaz2wsx",
    "abc123",
    "iloveyou",
    "admin",
    "welcome",
    "letmein",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "trustno1",
    "superman",
    "starwars",
    "master",
    "shadow",
    "michael",
    "correcthorsebatterystaple",
    "correct horse battery staple",
    "Tr0ub4dor&3",
    "ncc1701",
    "thequickbrownfox",
    "iloveyou123",
];

/// How strong a password is.
#[derive(Debug, Clone)]
pub(crate) struct Strength {
    /// zxcvbn's score, 0 to 4.
    pub(crate) score: u8,
    /// Whether it is in [`BREACHED`].
    pub(crate) breached: bool,
    pub(crate) warning: String,
    pub(crate) suggestions: Vec<String>,
    luds: Value,
}

impl Strength {
    /// Whether Stytch's default policy accepts it.
    pub(crate) fn valid(&self) -> bool {
        self.score >= MIN_SCORE && !self.breached
    }

    /// The fields of a `passwords.strength_check` answer.
    pub(crate) fn fields(&self) -> Value {
        json!({
            "valid_password": self.valid(),
            "score": self.score,
            "breached_password": self.breached,
            "strength_policy": "zxcvbn",
            "breach_detection_on_create": true,
            "luds_feedback": self.luds,
            "zxcvbn_feedback": {
                "warning": self.warning,
                "suggestions": self.suggestions,
            },
        })
    }

    /// Refuses a password to be set that fails the policy: Stytch's `weak_password` (400).
    pub(crate) fn require_valid(&self) -> Result<(), FakeError> {
        if self.valid() {
            return Ok(());
        }
        let why = if self.breached {
            "it appears in a list of breached passwords".to_owned()
        } else {
            format!(
                "its zxcvbn score is {} (at least {MIN_SCORE} is needed)",
                self.score
            )
        };
        Err(FakeError::new(
            400,
            "weak_password",
            format!("The password doesn't meet our strength requirements: {why}."),
        ))
    }
}

/// Judges `password`; the email address (and its local part), when given, counts as a guess
/// zxcvbn knows, as Stytch passes the user's inputs.
pub(crate) fn strength(password: &str, email_address: Option<&str>) -> Strength {
    let mut inputs: Vec<&str> = Vec::new();
    if let Some(email) = email_address.filter(|e| !e.is_empty()) {
        inputs.push(email);
        if let Some((local, _)) = email.split_once('@') {
            inputs.push(local);
        }
    }
    let entropy = zxcvbn::zxcvbn(password, &inputs);
    let score = u8::from(entropy.score());
    let breached = BREACHED.contains(&password);
    let (mut warning, suggestions) = match entropy.feedback() {
        Some(f) => (
            f.warning().map(|w| w.to_string()).unwrap_or_default(),
            f.suggestions().iter().map(ToString::to_string).collect(),
        ),
        None => (String::new(), Vec::new()),
    };
    if breached && warning.is_empty() {
        warning = "This password appears in a list of breached passwords.".into();
    }
    Strength {
        score,
        breached,
        warning,
        suggestions,
        luds: luds(password),
    }
}

/// The LUDS report (lower case, upper case, digits, symbols): any character outside a-z,
/// A-Z and 0-9 counts as a symbol.
fn luds(password: &str) -> Value {
    let lower = password.chars().any(|c| c.is_ascii_lowercase());
    let upper = password.chars().any(|c| c.is_ascii_uppercase());
    let digit = password.chars().any(|c| c.is_ascii_digit());
    let symbol = password.chars().any(|c| !c.is_ascii_alphanumeric());
    let classes = [lower, upper, digit, symbol].iter().filter(|c| **c).count();
    let length = password.chars().count();
    json!({
        "has_lower_case": lower,
        "has_upper_case": upper,
        "has_digit": digit,
        "has_symbol": symbol,
        "missing_complexity": (LUDS_MIN_COMPLEXITY - i32::try_from(classes).unwrap_or(4)).max(0),
        "missing_characters": LUDS_MIN_LENGTH.saturating_sub(length),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zxcvbn_scores_decide_and_breached_passwords_fail() {
        let weak = strength("password", None);
        assert!(!weak.valid() && weak.breached && weak.score < MIN_SCORE);
        let strong = strength("violet-anchor-maple-91-quartz", None);
        assert!(strong.valid(), "{strong:?}");
        let famous = strength("correcthorsebatterystaple", None);
        assert!(famous.score >= MIN_SCORE && famous.breached && !famous.valid());
        assert_eq!(strength("", None).score, 0);
    }

    #[test]
    fn luds_counts_classes_and_length() {
        let report = luds("abC1");
        assert_eq!(report["has_symbol"], false);
        assert_eq!(report["missing_complexity"], 0);
        assert_eq!(report["missing_characters"], 4);
        assert_eq!(luds("é")["has_symbol"], true);
    }
}

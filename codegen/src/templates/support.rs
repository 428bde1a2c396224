/// A value of an open enum that this version of the SDK does not know.
///
/// Enums in this crate are open so that a value the API adds later does not break decoding:
/// it arrives as the enum's `Unknown` variant, holding this wrapper with the exact string
/// the server sent. Build enum values from strings with `From<&str>`, which maps known values to
/// their variants.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownValue(pub(crate) String);

impl UnknownValue {
    /// The value exactly as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Helpers the generated types use. This part of the generated file is the same for every
/// schema (it is `codegen/src/templates/support.rs`).
mod __support {
    /// Whether the JSON key or header `name` holds a secret: a name the schema marks, or one
    /// the secret-name rule matches (so a token field the API adds later is caught before the
    /// SDK is regenerated), unless the schema opts it out.
    pub(crate) fn is_secret_name(name: &str) -> bool {
        let eq = |known: &&str| known.eq_ignore_ascii_case(name);
        if crate::SENSITIVE_FIELDS.iter().any(eq) || crate::SECRET_NAMES.iter().any(eq) {
            return true;
        }
        if crate::PUBLIC_FIELDS.iter().any(eq) {
            return false;
        }
        let last = crate::secret_name_last_word(name);
        crate::SECRET_LAST_WORDS
            .iter()
            .any(|word| word.eq_ignore_ascii_case(last))
    }

    /// Prints `[redacted]` in place of a sensitive value.
    pub(crate) struct Redacted;

    impl std::fmt::Debug for Redacted {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("[redacted]")
        }
    }

    /// Reads `null` as the type's default: an empty list, map or string, `false`, zero, or an
    /// enum's empty `Unknown` value. A server may send `null` for an empty list.
    pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: serde::Deserializer<'de>,
        T: Default + serde::Deserialize<'de>,
    {
        let value: Option<T> = serde::Deserialize::deserialize(deserializer)?;
        Ok(value.unwrap_or_default())
    }

    /// Reads an open enum from a string without allocating for known values.
    pub(crate) fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: serde::Deserializer<'de>,
        T: for<'a> From<&'a str> + From<String>,
    {
        struct Visitor<T>(std::marker::PhantomData<T>);

        impl<T> serde::de::Visitor<'_> for Visitor<T>
        where
            T: for<'a> From<&'a str> + From<String>,
        {
            type Value = T;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
                Ok(T::from(value))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
                Ok(T::from(value))
            }
        }

        deserializer.deserialize_str(Visitor(std::marker::PhantomData))
    }

    /// The trait impls every open enum shares: `From<String>`, `Default` (the empty `Unknown`
    /// value, what `null` decodes to in a response), `FromStr`, `Display`, and serde as the
    /// wire string. Each enum supplies `as_str` and `From<&str>`.
    macro_rules! open_enum_traits {
        ($name:ident) => {
            impl From<String> for $name {
                fn from(value: String) -> Self {
                    match Self::from(value.as_str()) {
                        Self::Unknown(_) => Self::Unknown(crate::UnknownValue(value)),
                        known => known,
                    }
                }
            }

            impl Default for $name {
                fn default() -> Self {
                    Self::Unknown(crate::UnknownValue(String::new()))
                }
            }

            impl std::str::FromStr for $name {
                type Err = std::convert::Infallible;

                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::__support::deserialize_open_enum(deserializer)
                }
            }
        };
    }

    pub(crate) use open_enum_traits;
}

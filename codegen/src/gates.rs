//! Which cargo feature each generated item needs.
//!
//! Every operation belongs to a feature by its path ([`Settings::feature_of`]); a schema needs
//! the features of the operations that reach it (any of them), and none when an always-on
//! operation or the error body reaches it. The generator emits every item of the document,
//! each behind `#[cfg]` of its gate, so an item's path and definition are the same whatever
//! features a build turns on: features choose what is compiled, never what it is called.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::quote;

use crate::Error;
use crate::openapi::{Api, SCHEMA_REF_PREFIX, collect_refs};
use crate::settings::{Feature, Settings};

/// The features an item needs: any one of them (empty: always compiled).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gate(pub BTreeSet<String>);

impl Gate {
    /// Always compiled.
    pub fn always() -> Self {
        Gate(BTreeSet::new())
    }

    /// Whether the item is compiled in every build.
    pub fn is_always(&self) -> bool {
        self.0.is_empty()
    }

    /// Compiled when either is: the union of the two (always, if either is).
    pub fn or(&self, other: &Gate) -> Gate {
        if self.is_always() || other.is_always() {
            return Gate::always();
        }
        Gate(self.0.union(&other.0).cloned().collect())
    }

    /// The union of several gates; always for none.
    pub fn any<'g>(gates: impl IntoIterator<Item = &'g Gate>) -> Gate {
        let mut gates = gates.into_iter();
        let Some(first) = gates.next() else {
            return Gate::always();
        };
        gates.fold(first.clone(), |acc, g| acc.or(g))
    }

    /// Whether a build with these features compiles the item.
    pub fn is_on(&self, features: &[&str]) -> bool {
        self.is_always() || self.0.iter().any(|f| features.contains(&f.as_str()))
    }

    /// The `cfg` predicate of the gate (`feature = "sessions"`, `any(..)`); `None` when
    /// always compiled.
    pub fn predicate(&self) -> Option<TokenStream> {
        if self.is_always() {
            return None;
        }
        let features = self.0.iter();
        Some(if self.0.len() == 1 {
            quote!(#(feature = #features)*)
        } else {
            quote!(any(#(feature = #features),*))
        })
    }

    /// `#[cfg(..)]` and the docs.rs badge, or nothing when always compiled.
    pub fn attrs(&self) -> TokenStream {
        let Some(predicate) = self.predicate() else {
            return quote!();
        };
        quote! {
            #[cfg(#predicate)]
            #[cfg_attr(docsrs, doc(cfg(#predicate)))]
        }
    }

    /// The features in Markdown, e.g. "`sessions` or `organizations`"; empty when always.
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

/// The gates of every operation and schema of a document.
#[derive(Debug, Clone)]
pub struct Gates {
    /// By index into [`Api::operations`].
    pub operations: Vec<Gate>,
    /// By index into [`Api::schemas`].
    pub schemas: Vec<Gate>,
}

impl Gates {
    /// Gates of `api`'s items under the settings' feature rule. A schema that neither an
    /// operation nor the error body reaches (the selection stage drops those) is always on.
    pub fn compute(api: &Api, settings: &Settings) -> Result<Self, Error> {
        let index: HashMap<&str, usize> = api
            .schemas
            .iter()
            .enumerate()
            .map(|(i, s)| (s.key.as_str(), i))
            .collect();
        let mut operations = Vec::with_capacity(api.operations.len());
        for op in &api.operations {
            let gate = match (settings.feature_of)(&op.path) {
                Some(Feature::Always) => Gate::always(),
                Some(Feature::Named(f)) => Gate([f].into_iter().collect()),
                None => {
                    return Err(Error::new(format!(
                        "operation `{}`: path `{}` belongs to no feature of the settings' feature rule",
                        op.id, op.path
                    )));
                }
            };
            operations.push(gate);
        }

        let mut schemas: Vec<Option<Gate>> = vec![None; api.schemas.len()];
        let reach = |root: &str, gate: &Gate, schemas: &mut Vec<Option<Gate>>| {
            let mut stack: Vec<usize> = index.get(root).copied().into_iter().collect();
            while let Some(i) = stack.pop() {
                let widened = match &schemas[i] {
                    None => gate.clone(),
                    Some(old) => {
                        let new = old.or(gate);
                        if &new == old {
                            continue;
                        }
                        new
                    }
                };
                schemas[i] = Some(widened);
                collect_refs(&api.schemas[i].raw, &mut |r| {
                    if let Some(&j) = r.strip_prefix(SCHEMA_REF_PREFIX).and_then(|k| index.get(k)) {
                        stack.push(j);
                    }
                });
            }
        };
        reach(settings.error_schema, &Gate::always(), &mut schemas);
        for (op, gate) in api.operations.iter().zip(&operations) {
            for key in [Some(&op.request), Some(&op.response), op.error.as_ref()]
                .into_iter()
                .flatten()
            {
                reach(key, gate, &mut schemas);
            }
        }
        let schemas = schemas.into_iter().map(Option::unwrap_or_default).collect();
        Ok(Gates {
            operations,
            schemas,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(features: &[&str]) -> Gate {
        Gate(features.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn unions_and_attributes() {
        let a = gate(&["sessions"]);
        let b = gate(&["organizations"]);
        assert_eq!(a.or(&b), gate(&["organizations", "sessions"]));
        assert!(a.or(&Gate::always()).is_always());
        assert!(Gate::any([]).is_always());
        assert!(a.is_on(&["sessions", "sso"]));
        assert!(!a.is_on(&["sso"]));
        assert_eq!(
            a.attrs().to_string(),
            quote!(#[cfg(feature = "sessions")] #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]).to_string()
        );
        assert_eq!(
            a.or(&b).attrs().to_string(),
            quote!(
                #[cfg(any(feature = "organizations", feature = "sessions"))]
                #[cfg_attr(docsrs, doc(cfg(any(feature = "organizations", feature = "sessions"))))]
            )
            .to_string()
        );
        assert!(Gate::always().attrs().is_empty());
        assert_eq!(a.or(&b).describe(), "`organizations` or `sessions`");
    }
}

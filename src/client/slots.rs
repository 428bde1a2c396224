//! [`Slots`]: the one place a client keeps what the hand-written layer (`src/extensions/`)
//! needs per client, without the runtime knowing what that is.
//!
//! A slot is keyed by its value's type, so each extension owns its slots by owning their
//! types: it puts configuration in through its own [`ClientBuilder`](crate::ClientBuilder)
//! methods ([`Slots::insert`]) and finds its state again on every call
//! ([`Slots::get_or_insert_with`]), made on first use. The builder's slots become the
//! client's, and the client's clones share them.

use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex, PoisonError};

/// One value per type, each behind an [`Arc`].
#[derive(Default)]
pub(crate) struct Slots {
    values: Mutex<Vec<(TypeId, Arc<dyn Any + Send + Sync>)>>,
}

impl Slots {
    /// Puts `value` in its type's slot, replacing what was there.
    #[allow(dead_code)] // Only the extensions of some features keep state.
    pub(crate) fn insert<T: Any + Send + Sync>(&mut self, value: T) {
        let values = self
            .values
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        values.retain(|(id, _)| *id != TypeId::of::<T>());
        values.push((TypeId::of::<T>(), Arc::new(value)));
    }

    /// The value of type `T`, made by `init` (and kept) if there is none yet. Concurrent
    /// first uses make it once: `init` runs under the slots' lock, so it must not use the
    /// slots itself.
    #[allow(dead_code)] // Only the extensions of some features keep state.
    pub(crate) fn get_or_insert_with<T: Any + Send + Sync>(
        &self,
        init: impl FnOnce() -> T,
    ) -> Arc<T> {
        let mut values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        let found = values
            .iter()
            .find(|(id, _)| *id == TypeId::of::<T>())
            .and_then(|(_, value)| Arc::clone(value).downcast::<T>().ok());
        if let Some(found) = found {
            return found;
        }
        let value = Arc::new(init());
        values.push((
            TypeId::of::<T>(),
            Arc::clone(&value) as Arc<dyn Any + Send + Sync>,
        ));
        value
    }

    /// How many slots are filled, for `Debug`.
    pub(crate) fn len(&self) -> usize {
        self.values
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Ttl(u32);

    #[test]
    fn one_value_per_type_made_once_and_replaced_by_insert() {
        let mut slots = Slots::default();
        assert_eq!(*slots.get_or_insert_with(|| Ttl(1)), Ttl(1));
        // Already there: `init` is not run.
        assert_eq!(
            *slots.get_or_insert_with(|| -> Ttl { panic!("made twice") }),
            Ttl(1)
        );
        slots.insert(Ttl(2));
        slots.insert(7_u8);
        assert_eq!(*slots.get_or_insert_with(|| Ttl(3)), Ttl(2));
        assert_eq!(*slots.get_or_insert_with(|| 0_u8), 7);
        assert_eq!(slots.len(), 2);
    }
}

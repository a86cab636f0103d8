//! Lists with constraints checked while parsing.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A list without repeated items (JSON Schema `uniqueItems`), in the order given. Used for
/// multi-select values, where a repeated value would be counted twice.
///
/// ```
/// use ctip_exchange::types::UniqueList;
/// let ok: UniqueList<u8> = serde_json::from_str("[1, 2]").unwrap();
/// assert_eq!(ok.len(), 2);
/// assert!(serde_json::from_str::<UniqueList<u8>>("[1, 1]").is_err());
/// ```
///
/// Checking for repeats hashes each item once: the cost is linear in the length of the list
/// (a list read from an untrusted document can be long).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UniqueList<T>(Vec<T>);

impl<T> Default for UniqueList<T> {
    fn default() -> Self {
        UniqueList(Vec::new())
    }
}

impl<T: Eq + Hash> UniqueList<T> {
    /// Builds a list, or returns `None` when an item repeats.
    pub fn new(items: Vec<T>) -> Option<Self> {
        first_repeat(&items).is_none().then_some(UniqueList(items))
    }

    /// Adds an item unless it is already present; returns whether it was added. This compares
    /// with every item (linear in the length of the list); to build a long list, collect it
    /// with [`FromIterator`], which hashes.
    pub fn insert(&mut self, item: T) -> bool {
        if self.0.contains(&item) {
            false
        } else {
            self.0.push(item);
            true
        }
    }
}

impl<T: Eq + Hash> FromIterator<T> for UniqueList<T> {
    /// Collects, dropping repeated items (the first of equal items is kept, in order).
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let items: Vec<T> = iter.into_iter().collect();
        let keep: Vec<bool> = {
            let mut seen = HashSet::with_capacity(items.len());
            items.iter().map(|item| seen.insert(item)).collect()
        };
        UniqueList(
            items
                .into_iter()
                .zip(keep)
                .filter_map(|(item, keep)| keep.then_some(item))
                .collect(),
        )
    }
}

impl<T> UniqueList<T> {
    /// True when the list has no items.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The items.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// The items, consuming the list.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

/// The index of the first item equal to an earlier one, in one hashing pass.
fn first_repeat<T: Eq + Hash>(items: &[T]) -> Option<usize> {
    // short lists (nearly all of them) are compared item by item, without allocating; the
    // cost stays linear: at most SHORT comparisons per item
    const SHORT: usize = 12;
    if items.len() <= SHORT {
        return (1..items.len()).find(|&i| items[..i].contains(&items[i]));
    }
    let mut seen = HashSet::with_capacity(items.len());
    items.iter().position(|item| !seen.insert(item))
}

/// The message of a repeated item; it names the index (chosen by position, never a value).
fn repeat_message(index: usize) -> String {
    format!("list: expected items without repeats (item {index} repeats an earlier item)")
}

impl<T> Deref for UniqueList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<'a, T> IntoIterator for &'a UniqueList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for UniqueList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Serialize> Serialize for UniqueList<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: Deserialize<'de> + Eq + Hash> Deserialize<'de> for UniqueList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = Vec::<T>::deserialize(d)?;
        match first_repeat(&items) {
            None => Ok(UniqueList(items)),
            Some(index) => Err(serde::de::Error::custom(repeat_message(index))),
        }
    }
}

impl<T: JsonSchema> JsonSchema for UniqueList<T> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("UniqueList_of_{}", T::schema_name()))
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let items = generator.subschema_for::<T>();
        json_schema!({"type": "array", "items": items, "uniqueItems": true})
    }
}

/// A [`UniqueList`] with at least one item (JSON Schema `minItems: 1`).
///
/// ```
/// use ctip_exchange::types::NonEmptyList;
/// assert!(serde_json::from_str::<NonEmptyList<u8>>("[]").is_err());
/// assert!(serde_json::from_str::<NonEmptyList<u8>>("[3]").is_ok());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NonEmptyList<T>(UniqueList<T>);

impl<T: Eq + Hash> NonEmptyList<T> {
    /// Builds a list, or returns `None` when it is empty or an item repeats.
    pub fn new(items: Vec<T>) -> Option<Self> {
        if items.is_empty() {
            None
        } else {
            UniqueList::new(items).map(NonEmptyList)
        }
    }

    /// A list of one item.
    pub fn one(item: T) -> Self {
        NonEmptyList(UniqueList(vec![item]))
    }

    /// Adds an item unless it is already present; returns whether it was added.
    pub fn insert(&mut self, item: T) -> bool {
        self.0.insert(item)
    }
}

impl<T> NonEmptyList<T> {
    /// The first item.
    pub fn first(&self) -> &T {
        &self.0.0[0]
    }
}

impl<T> Deref for NonEmptyList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0.0
    }
}

impl<'a, T> IntoIterator for &'a NonEmptyList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.0.iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for NonEmptyList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Serialize> Serialize for NonEmptyList<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: Deserialize<'de> + Eq + Hash> Deserialize<'de> for NonEmptyList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = UniqueList::<T>::deserialize(d)?;
        if list.is_empty() {
            Err(serde::de::Error::custom("list: expected at least one item"))
        } else {
            Ok(NonEmptyList(list))
        }
    }
}

impl<T: JsonSchema> JsonSchema for NonEmptyList<T> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("NonEmptyList_of_{}", T::schema_name()))
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let items = generator.subschema_for::<T>();
        json_schema!({"type": "array", "items": items, "uniqueItems": true, "minItems": 1})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quadratic check this module used before, as an independent reference.
    fn first_repeat_pairwise<T: PartialEq>(items: &[T]) -> Option<usize> {
        (0..items.len()).find(|&i| items[..i].contains(&items[i]))
    }

    #[test]
    fn first_repeat_agrees_with_pairwise_reference() {
        // every list of length 0..=6 over an alphabet of 4 items
        for len in 0..=6u32 {
            for code in 0..4u32.pow(len) {
                let items: Vec<u32> = (0..len).map(|k| code / 4u32.pow(k) % 4).collect();
                assert_eq!(
                    first_repeat(&items),
                    first_repeat_pairwise(&items),
                    "{items:?}"
                );
            }
        }
    }

    #[test]
    fn error_names_the_first_repeated_item() {
        let e = serde_json::from_str::<UniqueList<u8>>("[1, 2, 3, 2, 1]").unwrap_err();
        assert!(e.to_string().contains("item 3 repeats"), "{e}");
        let e = serde_json::from_str::<NonEmptyList<u8>>("[7, 7]").unwrap_err();
        assert!(e.to_string().contains("item 1 repeats"), "{e}");
    }

    #[test]
    fn collecting_keeps_the_first_of_equal_items_in_order() {
        let list: UniqueList<u8> = [3, 1, 3, 2, 1, 4].into_iter().collect();
        assert_eq!(list.as_slice(), [3, 1, 2, 4]);
        assert!(UniqueList::new(vec![1u8, 2, 1]).is_none());
        assert!(NonEmptyList::new(vec![1u8, 2]).is_some());
    }
}

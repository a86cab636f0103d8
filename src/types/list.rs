//! Lists with constraints checked while parsing.

use std::borrow::Cow;
use std::fmt;
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
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UniqueList<T>(Vec<T>);

impl<T> Default for UniqueList<T> {
    fn default() -> Self {
        UniqueList(Vec::new())
    }
}

impl<T: PartialEq> UniqueList<T> {
    /// Builds a list, or returns `None` when an item repeats.
    pub fn new(items: Vec<T>) -> Option<Self> {
        has_no_repeats(&items).then_some(UniqueList(items))
    }

    /// Adds an item unless it is already present; returns whether it was added.
    pub fn insert(&mut self, item: T) -> bool {
        if self.0.contains(&item) {
            false
        } else {
            self.0.push(item);
            true
        }
    }
}

impl<T: PartialEq> FromIterator<T> for UniqueList<T> {
    /// Collects, dropping repeated items.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut list = UniqueList::default();
        for item in iter {
            list.insert(item);
        }
        list
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

fn has_no_repeats<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .all(|(i, a)| !items[..i].contains(a))
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

impl<'de, T: Deserialize<'de> + PartialEq> Deserialize<'de> for UniqueList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = Vec::<T>::deserialize(d)?;
        UniqueList::new(items)
            .ok_or_else(|| serde::de::Error::custom("list: expected items without repeats"))
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

impl<T: PartialEq> NonEmptyList<T> {
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

impl<'de, T: Deserialize<'de> + PartialEq> Deserialize<'de> for NonEmptyList<T> {
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

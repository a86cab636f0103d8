//! Deserialization of free-form JSON (extension values) that refuses duplicate keys and
//! nesting deeper than the reader's limit, so that typed parsing enforces the same input
//! limits as the full scan of the reading layer (`crate::read`).

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The default nesting limit of the reader (`Limits::max_depth`).
pub(crate) const DEFAULT_MAX_DEPTH: usize = 64;

/// The message of the error for a repeated key (recognized by the reader).
pub(crate) const DUPLICATE_KEY: &str = "duplicate key in an object";
/// The message of the error for nesting beyond the limit (recognized by the reader).
pub(crate) const TOO_DEEP: &str = "nesting deeper than the depth limit";

thread_local! {
    /// The depth limit of the read in progress on this thread.
    static MAX_DEPTH: Cell<usize> = const { Cell::new(DEFAULT_MAX_DEPTH) };
}

/// Sets the depth limit for reads on this thread until dropped.
pub(crate) struct DepthLimit(usize);

impl DepthLimit {
    pub(crate) fn set(limit: usize) -> DepthLimit {
        DepthLimit(MAX_DEPTH.with(|d| d.replace(limit)))
    }
}

impl Drop for DepthLimit {
    fn drop(&mut self) {
        MAX_DEPTH.with(|d| d.set(self.0));
    }
}

/// A JSON value at `depth` (the number of objects and arrays around it, the document's
/// root object counting 1).
pub(crate) struct Guarded {
    pub(crate) depth: usize,
}

impl<'de> DeserializeSeed<'de> for Guarded {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Guarded {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number: expected a finite number"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let depth = enter::<A::Error>(self.depth)?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Guarded { depth })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        let depth = enter::<A::Error>(self.depth)?;
        guarded_map(map, depth, |_| Ok(())).map(Value::Object)
    }
}

fn enter<E: serde::de::Error>(depth: usize) -> Result<usize, E> {
    let depth = depth + 1;
    if depth > MAX_DEPTH.with(Cell::get) {
        Err(E::custom(TOO_DEEP))
    } else {
        Ok(depth)
    }
}

/// Reads the entries of an object whose members are at `depth`, refusing repeated keys and
/// checking each key with `check_key`.
pub(crate) fn guarded_map<'de, A: MapAccess<'de>>(
    mut map: A,
    depth: usize,
    check_key: impl Fn(&str) -> Result<(), String>,
) -> Result<Map<String, Value>, A::Error> {
    let mut out = Map::new();
    while let Some(key) = map.next_key::<String>()? {
        check_key(&key).map_err(A::Error::custom)?;
        if out.contains_key(&key) {
            return Err(A::Error::custom(DUPLICATE_KEY));
        }
        let value = map.next_value_seed(Guarded { depth })?;
        out.insert(key, value);
    }
    Ok(out)
}

/// Deserializes a map, refusing repeated keys (serde's own maps keep the last value).
pub(crate) fn unique_map<'de, D, K, V>(d: D) -> Result<std::collections::BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: serde::Deserialize<'de> + Ord,
    V: serde::Deserialize<'de>,
{
    struct MapVisitor<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K: serde::Deserialize<'de> + Ord, V: serde::Deserialize<'de>> Visitor<'de>
        for MapVisitor<K, V>
    {
        type Value = std::collections::BTreeMap<K, V>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = std::collections::BTreeMap::new();
            while let Some((k, v)) = map.next_entry::<K, V>()? {
                if out.insert(k, v).is_some() {
                    return Err(A::Error::custom(DUPLICATE_KEY));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(MapVisitor(std::marker::PhantomData))
}

//! A deserializer wrapper that reads structs only from JSON objects.
//!
//! serde's derived `Deserialize` for a struct calls `deserialize_struct`, and `serde_json`
//! answers it with either an object or an array of the fields in order
//! (`"from": ["tt.gov.ctu", "ngo"]`). The published JSON Schemas accept only objects, so a
//! reader that took the array form would accept documents the schema refuses. [`Strict`]
//! forwards everything to the deserializer it wraps, wrapping every nested access (sequences,
//! maps, enums, variants, seeds, `Option` and newtype contents) in turn, and reads every
//! struct (and every struct variant) with `deserialize_map`: an array where a struct is
//! expected fails with serde's "invalid type: sequence, expected struct ..." error, which
//! never quotes the document.
//!
//! [`Record::from_slice`](crate::Record::from_slice) parses through this wrapper; a plain
//! `serde_json::from_str::<Case>` does not.
//!
//! The wrapper is meant for self-describing formats (JSON): struct variants are read as the
//! value of the variant, like a newtype variant.

use std::fmt;

use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// A deserializer that reads structs only from maps (JSON objects); see the
/// [module documentation](self).
pub(crate) struct Strict<D>(pub(crate) D);

/// Forwards `deserialize_*` methods that take only a visitor.
macro_rules! forward {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.$method(Wrap(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string
        deserialize_bytes deserialize_byte_buf deserialize_option deserialize_unit
        deserialize_seq deserialize_map deserialize_identifier
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        // nothing is read into a value: no struct can be built from it
        self.0.deserialize_ignored_any(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    /// The point of the wrapper: a struct is read from a map only.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A visitor whose nested accesses are wrapped.
struct Wrap<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.0.visit_bool(v)
    }
    fn visit_i8<E: serde::de::Error>(self, v: i8) -> Result<V::Value, E> {
        self.0.visit_i8(v)
    }
    fn visit_i16<E: serde::de::Error>(self, v: i16) -> Result<V::Value, E> {
        self.0.visit_i16(v)
    }
    fn visit_i32<E: serde::de::Error>(self, v: i32) -> Result<V::Value, E> {
        self.0.visit_i32(v)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.0.visit_i64(v)
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<V::Value, E> {
        self.0.visit_i128(v)
    }
    fn visit_u8<E: serde::de::Error>(self, v: u8) -> Result<V::Value, E> {
        self.0.visit_u8(v)
    }
    fn visit_u16<E: serde::de::Error>(self, v: u16) -> Result<V::Value, E> {
        self.0.visit_u16(v)
    }
    fn visit_u32<E: serde::de::Error>(self, v: u32) -> Result<V::Value, E> {
        self.0.visit_u32(v)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.0.visit_u64(v)
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<V::Value, E> {
        self.0.visit_u128(v)
    }
    fn visit_f32<E: serde::de::Error>(self, v: f32) -> Result<V::Value, E> {
        self.0.visit_f32(v)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.0.visit_f64(v)
    }
    fn visit_char<E: serde::de::Error>(self, v: char) -> Result<V::Value, E> {
        self.0.visit_char(v)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.0.visit_str(v)
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.0.visit_borrowed_str(v)
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<V::Value, E> {
        self.0.visit_string(v)
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.0.visit_bytes(v)
    }
    fn visit_borrowed_bytes<E: serde::de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        self.0.visit_borrowed_bytes(v)
    }
    fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        self.0.visit_byte_buf(v)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Strict(d))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Strict(d))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Strict(seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Strict(map))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Strict(data))
    }
}

/// A seed that deserializes through [`Strict`].
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Strict<A> {
    type Error = A::Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Strict<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Strict<A> {
    type Error = A::Error;
    type Variant = Strict<A::Variant>;
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Strict<A::Variant>), A::Error> {
        self.0
            .variant_seed(Seed(seed))
            .map(|(value, variant)| (value, Strict(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Strict<A> {
    type Error = A::Error;
    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }
    /// A struct variant is read like a struct: from a map only.
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.newtype_variant_seed(StructSeed(visitor))
    }
}

/// Reads the value of a struct variant as a map.
struct StructSeed<V>(V);

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for StructSeed<V> {
    type Value = V::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        d.deserialize_map(Wrap(self.0))
    }
}

/// Parses `text` as one JSON value of type `T` through [`Strict`], with nothing after it
/// (what `serde_json::from_str` does, structs read from objects only).
pub(crate) fn from_str<'de, T: serde::Deserialize<'de>>(
    text: &'de str,
) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Strict(&mut de))?;
    de.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Point {
        x: u8,
        y: u8,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Shape {
        Unit,
        Newtype(Point),
        Tuple(u8, u8),
        Struct { x: u8, y: u8 },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Wrapper(Point);

    #[derive(Debug, PartialEq, Deserialize)]
    struct Outer {
        point: Point,
        #[serde(default)]
        maybe: Option<Point>,
        #[serde(default)]
        list: Vec<Point>,
        #[serde(default)]
        map: BTreeMap<String, Point>,
        #[serde(default)]
        shape: Option<Shape>,
        #[serde(default)]
        wrapped: Option<Wrapper>,
        #[serde(default)]
        pair: Option<(u8, Point)>,
    }

    fn strict<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T, serde_json::Error> {
        from_str(s)
    }

    #[test]
    fn plain_serde_json_takes_arrays_for_structs() {
        // what the wrapper is for
        assert_eq!(
            serde_json::from_str::<Point>("[1,2]").unwrap(),
            Point { x: 1, y: 2 }
        );
    }

    #[test]
    fn objects_are_read_as_before() {
        let text = r#"{"point":{"x":1,"y":2},"maybe":{"x":3,"y":4},"list":[{"x":5,"y":6}],
            "map":{"k":{"x":7,"y":8}},"shape":{"struct":{"x":9,"y":10}},
            "wrapped":{"x":11,"y":12},"pair":[13,{"x":14,"y":15}]}"#;
        let read: Outer = strict(text).unwrap();
        let plain: Outer = serde_json::from_str(text).unwrap();
        assert_eq!(read, plain);
        assert_eq!(read.point, Point { x: 1, y: 2 });
        assert_eq!(read.shape, Some(Shape::Struct { x: 9, y: 10 }));
        for shape in [
            r#""unit""#,
            r#"{"newtype":{"x":1,"y":2}}"#,
            r#"{"tuple":[1,2]}"#,
        ] {
            assert_eq!(
                strict::<Shape>(shape).unwrap(),
                serde_json::from_str::<Shape>(shape).unwrap(),
                "{shape}"
            );
        }
    }

    #[test]
    fn arrays_for_structs_are_refused_everywhere() {
        for text in [
            r#"[1,2]"#,
            r#"{"point":[1,2]}"#,
            r#"{"point":{"x":1,"y":2},"maybe":[3,4]}"#,
            r#"{"point":{"x":1,"y":2},"list":[{"x":5,"y":6},[7,8]]}"#,
            r#"{"point":{"x":1,"y":2},"map":{"k":[7,8]}}"#,
            r#"{"point":{"x":1,"y":2},"shape":{"struct":[9,10]}}"#,
            r#"{"point":{"x":1,"y":2},"shape":{"newtype":[9,10]}}"#,
            r#"{"point":{"x":1,"y":2},"wrapped":[11,12]}"#,
            r#"{"point":{"x":1,"y":2},"pair":[13,[14,15]]}"#,
        ] {
            let any = serde_json::from_str::<serde_json::Value>(text).unwrap();
            let err = if any.is_array() {
                strict::<Point>(text).unwrap_err()
            } else {
                strict::<Outer>(text).unwrap_err()
            };
            let message = err.to_string();
            assert!(
                message.starts_with("invalid type: sequence, expected "),
                "{text}: {message}"
            );
        }
        // an array where a tuple is expected is still right
        assert!(strict::<Shape>(r#"{"tuple":[1,2]}"#).is_ok());
    }

    #[test]
    fn trailing_data_is_refused() {
        assert!(strict::<Point>(r#"{"x":1,"y":2} x"#).is_err());
        assert!(strict::<Point>(r#"{"x":1,"y":2}  "#).is_ok());
    }
}

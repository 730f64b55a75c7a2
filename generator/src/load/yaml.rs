//! YAML text to a `serde_yaml::Value`, reading integers that do not fit 64 bits.
//!
//! `serde_yaml::Value` refuses an integer such as `-9223372036854776000` (a published spec
//! has it as a `minimum`), which would stop the whole document at the parser. Such a
//! number is read as the nearest float instead; the schema pass (`bounds.rs`) then decides
//! what the keyword holding it means.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};
use serde_yaml::{Mapping, Number, Value};

pub(super) fn from_str(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Lenient>(text).map(|lenient| lenient.0)
}

struct Lenient(Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Lenient, D::Error> {
        deserializer.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

impl<'de> de::Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    // The only lossy step: 128-bit integers become the nearest `f64`.
    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(i as f64)))
    }

    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(u as f64)))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Lenient::deserialize(deserializer).map(|lenient| lenient.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Lenient(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some((Lenient(key), Lenient(value))) = map.next_entry()? {
            if mapping.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate entry with key {key:?}"
                )));
            }
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    // A YAML tag (`!Thing value`) means nothing in an OpenAPI document: keep the value.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, contents) = data.variant::<String>()?;
        contents
            .newtype_variant::<Lenient>()
            .map(|lenient| lenient.0)
    }
}

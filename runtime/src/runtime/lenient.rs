//! Numbers in responses that arrive as strings: Heron's `Money.amount` is declared
//! `type: number` and sent as `"1234.56"`, as many payment APIs send amounts. A number or
//! integer field (alone, in an `Option`, a `Vec` or a map) is read with [`number`], which
//! takes a JSON number as serde does, or a string holding one, strictly: the JSON number
//! grammar and nothing else (no blanks, `+`, hex, `NaN`, `inf` or trailing text); an
//! integer must be integral (`"12"`, `"12.0"`, not `"12.5"`) and in its type's range.
//! Models read such a field with `Fields::number` (`object.rs`).
//! Serializing is untouched, so requests send numbers.
//!
//! The field types stay `f64`/`i64`/`i32`. A JSON number goes through `deserialize_any`,
//! which for serde_json parses it exactly as `deserialize_f64` would.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};

/// Reads one `T` leniently, as a map value (a model's field), an element or an entry.
pub(crate) fn seed<T>() -> Seed<T> {
    Seed(PhantomData)
}

/// A value that holds numbers and reads each leniently.
pub(crate) trait Lenient<'de>: Sized {
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// The numeric types a field can have, and how each takes a number in every JSON form.
trait Numeric: Sized {
    const EXPECTING: &'static str;
    fn from_i64(value: i64) -> Option<Self>;
    fn from_u64(value: u64) -> Option<Self>;
    fn from_f64(value: f64) -> Option<Self>;
    fn from_text(text: &str) -> Option<Self>;
}

impl Numeric for f64 {
    const EXPECTING: &'static str = "a number, or a string holding one";
    fn from_i64(value: i64) -> Option<f64> {
        Some(value as f64)
    }
    fn from_u64(value: u64) -> Option<f64> {
        Some(value as f64)
    }
    fn from_f64(value: f64) -> Option<f64> {
        Some(value)
    }
    fn from_text(text: &str) -> Option<f64> {
        is_json_number(text)
            .then(|| text.parse::<f64>().ok())
            .flatten()
            .filter(|value| value.is_finite())
    }
}

macro_rules! integer {
    ($ty:ty) => {
        impl Numeric for $ty {
            const EXPECTING: &'static str = concat!(
                "an integer in the range of ",
                stringify!($ty),
                ", or a string holding one"
            );
            fn from_i64(value: i64) -> Option<$ty> {
                <$ty>::try_from(value).ok()
            }
            fn from_u64(value: u64) -> Option<$ty> {
                <$ty>::try_from(value).ok()
            }
            fn from_f64(_: f64) -> Option<$ty> {
                // serde's own reading of an integer field refuses `12.0` too.
                None
            }
            fn from_text(text: &str) -> Option<$ty> {
                if !is_json_number(text) || text.contains(['e', 'E']) {
                    return None;
                }
                let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
                fraction
                    .bytes()
                    .all(|digit| digit == b'0')
                    .then(|| whole.parse::<$ty>().ok())
                    .flatten()
            }
        }
    };
}

integer!(i64);
integer!(i32);

/// JSON's number grammar (RFC 8259 section 6): `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)?
/// ([eE] [+-]? [0-9]+)?.
fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = usize::from(bytes.first() == Some(&b'-'));
    let digits = |at: &mut usize| {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - start
    };
    let leading_zero = bytes.get(at) == Some(&b'0');
    let whole = digits(&mut at);
    if whole == 0 || (leading_zero && whole > 1) {
        return false;
    }
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        if digits(&mut at) == 0 {
            return false;
        }
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if digits(&mut at) == 0 {
            return false;
        }
    }
    at == bytes.len()
}

struct NumberVisitor<T>(PhantomData<T>);

impl<T: Numeric> NumberVisitor<T> {
    fn or_invalid<E: de::Error>(value: Option<T>, found: Unexpected<'_>) -> Result<T, E> {
        value.ok_or_else(|| E::invalid_value(found, &T::EXPECTING))
    }
}

impl<T: Numeric> Visitor<'_> for NumberVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        Self::or_invalid(T::from_i64(value), Unexpected::Signed(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        Self::or_invalid(T::from_u64(value), Unexpected::Unsigned(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        Self::or_invalid(T::from_f64(value), Unexpected::Float(value))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        Self::or_invalid(T::from_text(text), Unexpected::Str(text))
    }
}

impl<'de, T: Numeric> Lenient<'de> for T {
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(NumberVisitor(PhantomData))
    }
}

/// Reads one `T` leniently where serde hands out seeds (fields, elements, map values).
pub(crate) struct Seed<T>(PhantomData<T>);

impl<'de, T: Lenient<'de>> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::lenient(deserializer)
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for Option<T> {
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);

        impl<'de, T: Lenient<'de>> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null or a number")
            }

            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Option<T>, D::Error> {
                T::lenient(inner).map(Some)
            }
        }

        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for Vec<T> {
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        struct VecVisitor<T>(PhantomData<T>);

        impl<'de, T: Lenient<'de>> Visitor<'de> for VecVisitor<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Vec<T>, A::Error> {
                let mut values = Vec::with_capacity(items.size_hint().unwrap_or(0).min(4096));
                while let Some(value) = items.next_element_seed(Seed(PhantomData))? {
                    values.push(value);
                }
                Ok(values)
            }
        }

        deserializer.deserialize_seq(VecVisitor(PhantomData))
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for BTreeMap<String, T> {
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<String, T>, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);

        impl<'de, T: Lenient<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = BTreeMap<String, T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut entries: A,
            ) -> Result<BTreeMap<String, T>, A::Error> {
                let mut map = BTreeMap::new();
                while let Some(key) = entries.next_key::<String>()? {
                    let value = entries.next_value_seed(Seed(PhantomData))?;
                    map.insert(key, value);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

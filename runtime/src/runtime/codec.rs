//! What the models need to be read and written: the impls every string enum shares, the
//! explicit `null`s of request values, and lenient numbers. None of it needs the HTTP
//! client, so a crate built without the `client` feature (its models alone) has all of it.

/// What models name as `crate::codec::...` to read themselves (`object.rs`).
#[allow(unused_imports)] // used only where the spec has object schemas
pub(crate) use super::object::{read_object, Fields, ReadObject};

/// The impls of a string enum of the API, from its variants and their wire values:
/// `as_str`, `From<&str>` (a value this version does not know lands in the catch-all
/// variant), `Display`, and serde as the plain string.
///
/// `string_enum! { Name, CatchAll; Variant => "wire value"; ... }`
#[allow(unused_macros)] // used only where the spec has string enums
macro_rules! string_enum {
    ($name:ident, $catch_all:ident; $($variant:ident => $value:literal;)*) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$catch_all(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$catch_all(other.to_owned()),
                }
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
                let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    };
}
#[allow(unused_imports)] // used only where the spec has string enums
pub(crate) use string_enum;

/// The optional fields of one value that a request sends as an explicit `null` (set by
/// the generated `with_<field>_null` methods; every other absent field is left out).
#[allow(dead_code)] // used only where the spec has optional nullable fields
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ExplicitNulls(Vec<&'static str>);

#[allow(dead_code)] // used only where the spec has optional nullable fields
impl ExplicitNulls {
    pub(crate) fn insert(&mut self, wire_name: &'static str) {
        if !self.0.contains(&wire_name) {
            self.0.push(wire_name);
        }
    }

    pub(crate) fn remove(&mut self, wire_name: &'static str) {
        self.0.retain(|name| *name != wire_name);
    }
}

/// Writes a struct as a JSON object the way its fields ask: an optional field is left out
/// when absent, unless it is one of the [`ExplicitNulls`].
#[allow(dead_code)] // used only where the spec has optional nullable fields
pub(crate) struct ObjectWriter<'a, M> {
    map: M,
    nulls: &'a ExplicitNulls,
}

#[allow(dead_code)] // used only where the spec has optional nullable fields
impl<'a, M: serde::ser::SerializeMap> ObjectWriter<'a, M> {
    pub(crate) fn new<S>(serializer: S, nulls: &'a ExplicitNulls) -> Result<Self, S::Error>
    where
        S: serde::Serializer<SerializeMap = M, Error = M::Error>,
    {
        Ok(ObjectWriter {
            map: serializer.serialize_map(None)?,
            nulls,
        })
    }

    pub(crate) fn field<T: serde::Serialize + ?Sized>(
        &mut self,
        wire_name: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.map.serialize_entry(wire_name, value)
    }

    pub(crate) fn optional<T: serde::Serialize>(
        &mut self,
        wire_name: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.map.serialize_entry(wire_name, value),
            None if self.nulls.0.contains(&wire_name) => self.map.serialize_entry(wire_name, &()),
            None => Ok(()),
        }
    }

    pub(crate) fn end(self) -> Result<M::Ok, M::Error> {
        self.map.end()
    }
}

/// A parameter value that is not a scalar (an object, a map), as compact JSON text.
#[allow(dead_code)] // used only where the spec has such parameters
pub(crate) fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serializing generated types cannot fail: their maps have string keys.
    serde_json::to_string(value).unwrap_or_default()
}

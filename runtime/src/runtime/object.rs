//! How model structs read a JSON object. Each struct implements [`ReadObject`]: one loop
//! that matches each key against its fields' wire names, reads a known field into a slot
//! of its own and skips the rest ([`Fields`]). Its `Deserialize` hands that to the
//! deserializer through [`read_object`].
//!
//! serde's derive does the same job with a generated field enum, a key visitor per type
//! that also accepts field indices and bytes, and a `visit_seq` for structs written as
//! arrays; for the full Heron crate that was 56% of the macro-expanded code and most of the
//! time rustc spent on it (the closing note of issue 16 has the numbers). Here reading a
//! key is one function shared by every struct, the match on it is plain string matching,
//! and an array is refused as JSON objects should be. Reading is unchanged: unknown keys are
//! skipped, an absent optional field is `None`, an absent required one is serde's `missing
//! field` error; a key that appears twice keeps its last value, as `serde_json::Value` does.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::lenient::{self, Lenient};

/// A model struct read from a JSON object.
pub(crate) trait ReadObject: Sized {
    /// The type's name, for "expected" in error messages.
    const NAME: &'static str;

    /// Reads the object's entries.
    fn read<'de, A: MapAccess<'de>>(map: Fields<A>) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a [`ReadObject`] type.
#[allow(dead_code)] // used only where the spec has object schemas
pub(crate) fn read_object<'de, T: ReadObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: ReadObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting_object(formatter, T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(Fields(map))
    }
}

// Not generic, so that its formatting is compiled once, not once per model.
fn expecting_object(formatter: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(formatter, "a JSON object ({name})")
}

/// The entries of one object, as a model reads them.
pub(crate) struct Fields<A>(A);

#[allow(dead_code)] // which methods are used depends on the spec
impl<'de, A: MapAccess<'de>> Fields<A> {
    /// The next key; `None` after the last entry. Borrowed from the input where it can
    /// be (serde_json borrows every key without escapes), so reading one allocates nothing.
    pub(crate) fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, A::Error> {
        self.0.next_key_seed(Key)
    }

    /// The value of the key [`Self::next_key`] returned.
    pub(crate) fn value<T: Deserialize<'de>>(&mut self) -> Result<T, A::Error> {
        self.0.next_value()
    }

    /// The value of the key [`Self::next_key`] returned, a field that holds numbers: each
    /// may arrive as a string (`lenient.rs`).
    pub(crate) fn number<T: Lenient<'de>>(&mut self) -> Result<T, A::Error> {
        self.0.next_value_seed(lenient::seed())
    }

    /// Skips the value of a key the type does not know.
    pub(crate) fn skip(&mut self) -> Result<(), A::Error> {
        self.0.next_value::<IgnoredAny>().map(drop)
    }

    /// The value read for a required field, or serde's `missing field` error.
    pub(crate) fn required<T>(
        &self,
        slot: Option<T>,
        wire_name: &'static str,
    ) -> Result<T, A::Error> {
        slot.ok_or_else(|| de::Error::missing_field(wire_name))
    }
}

/// Reads an object key, borrowing it from the input when the deserializer allows.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(key.to_owned()))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(key))
    }
}

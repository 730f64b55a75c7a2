use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::error::DecodeError;
use crate::Error;

/// Percent-encodes `value` as exactly one path segment: everything but RFC 3986's
/// unreserved characters is encoded, so `/`, `?` and `#` cannot change the path and a
/// space is `%20`. `.` and `..` are refused: URL parsers resolve them (even
/// percent-encoded) as "this" and "parent" directory, which would call another endpoint.
#[allow(dead_code)] // used only where the spec has path parameters
pub(crate) fn path_segment(name: &'static str, value: &str) -> Result<String, Error> {
    match value {
        "" => {
            return Err(Error::InvalidPathParameter {
                name,
                reason: "is empty",
            })
        }
        "." | ".." => {
            return Err(Error::InvalidPathParameter {
                name,
                reason: "is `.` or `..`, which would change the path",
            })
        }
        _ => {}
    }
    Ok(encode(value))
}

/// Percent-encodes everything but RFC 3986's unreserved characters, for path segments
/// and query components alike (a space is `%20`, never `+`).
pub(crate) fn encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Decodes a 2xx JSON body; on failure the error names the JSON path of the bad value.
///
/// One pass, with path tracking, even though tracking costs a little on every value: a
/// fast pass first and a tracking pass only on failure would compile every response
/// type's deserializer twice, and the crate's release build took half as long again.
#[allow(dead_code)] // used only where the spec has operations with a JSON response
pub(crate) fn decode_json<T: DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
) -> Result<T, Error> {
    let decode_error = |path: String, message: String| {
        Error::Decode(Box::new(DecodeError {
            status,
            path,
            message,
            body: String::from_utf8_lossy(body).into_owned(),
        }))
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|err| decode_error(err.path().to_string(), err.into_inner().to_string()))?;
    deserializer
        .end()
        .map_err(|err| decode_error(".".to_owned(), err.to_string()))?;
    Ok(value)
}

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

/// For optional nullable request fields typed `Option<Option<T>>`: a present `null`
/// becomes `Some(None)`, so "send null" and "leave out" stay distinct on a round trip.
#[allow(dead_code)] // used only where the spec has optional nullable fields
pub(crate) fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// For operations that declare no JSON response body.
#[allow(dead_code)] // used only where the spec has such operations
pub(crate) fn ignore_body(_status: StatusCode, _body: &[u8]) -> Result<(), Error> {
    Ok(())
}

/// A parameter value that is not a scalar (an object, a map), as compact JSON text.
#[allow(dead_code)] // used only where the spec has such parameters
pub(crate) fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serializing generated types cannot fail: their maps have string keys.
    serde_json::to_string(value).unwrap_or_default()
}

/// For downloads: the body as received.
#[allow(dead_code)] // used only where the spec has binary responses
pub(crate) fn decode_bytes(_status: StatusCode, body: &[u8]) -> Result<Vec<u8>, Error> {
    Ok(body.to_vec())
}

/// For text responses; invalid UTF-8 is a decode error, not a silent replacement.
#[allow(dead_code)] // used only where the spec has text responses
pub(crate) fn decode_text(status: StatusCode, body: &[u8]) -> Result<String, Error> {
    String::from_utf8(body.to_vec()).map_err(|err| {
        Error::Decode(Box::new(DecodeError {
            status,
            path: ".".to_owned(),
            message: format!("the body is not UTF-8: {err}"),
            body: String::from_utf8_lossy(body).into_owned(),
        }))
    })
}

/// A random number from the standard library's OS-seeded hasher keys: enough to spread
/// retries and make multipart boundaries unguessable, without another crate.
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    hasher.write_u128(now.as_nanos());
    hasher.finish()
}

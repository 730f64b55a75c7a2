//! What travels over HTTP: percent-encoding of paths and queries, and the decoding of
//! response bodies into values or located errors. Only the client needs it: a crate built
//! without the `client` feature has no copy of it (`mod.rs`).

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;

use super::error::DecodeError;
use super::Error;

/// RFC 3986's unreserved characters are the only ones sent as they are, in path segments
/// and query components alike: `/`, `?` and `#` cannot change the path, and a space is
/// `%20`, never `+`.
///
/// The `percent-encoding` crate (already built for reqwest's `url`) does the encoding. It
/// is no slower where it matters: per value, in instructions (valgrind's callgrind, a
/// release loop of 1,000,000 encodes, the loop's own cost subtracted), the seed's 37-byte
/// item id costs 515 against 727 for the former hand-written loop, `item-1` 146 against
/// 136, and `a b c?é` 527 against 298; a whole call costs about 120,000.
const UNRESERVED_ONLY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `value` to `path` percent-encoded as exactly one path segment. `.` and `..` are
/// refused: URL parsers resolve them (even percent-encoded) as "this" and "parent"
/// directory, which would call another endpoint.
#[allow(dead_code)] // used only where the spec has path parameters
pub(crate) fn push_path_segment(
    path: &mut String,
    name: &'static str,
    value: &str,
) -> Result<(), Error> {
    let reason = match value {
        "" => "is empty",
        "." | ".." => "is `.` or `..`, which would change the path",
        _ => {
            path.extend(utf8_percent_encode(value, UNRESERVED_ONLY));
            return Ok(());
        }
    };
    Err(Error::InvalidPathParameter { name, reason })
}

/// The URL of `path` under `base_url` with the query `pairs`, all three percent-encoded
/// already: written into one string of the exact length and parsed, as reqwest parses a
/// URL handed to it as a string.
///
/// Allocating once matters more than the instructions parsing takes. glibc's allocator
/// takes a lock shared by every thread for each `realloc`, and with many calls in flight
/// tokio's workers waited on it: copying a base URL parsed once and setting its path and
/// query grew the copy twice per call, and the generated call took 1.12x the time of the
/// same call by hand, 64 in flight (`cargo xtask bench overhead`), though within 2% of it
/// in instructions.
pub(crate) fn url<'a>(
    base_url: &str,
    path: &str,
    pairs: impl Iterator<Item = &'a String> + Clone,
) -> Result<Url, Error> {
    let length =
        base_url.len() + path.len() + pairs.clone().map(|pair| pair.len() + 1).sum::<usize>();
    let mut url = String::with_capacity(length);
    url.push_str(base_url);
    url.push_str(path);
    for (index, pair) in pairs.enumerate() {
        url.push(if index == 0 { '?' } else { '&' });
        url.push_str(pair);
    }
    // The query is left out of the message: it may hold the API key.
    Url::parse(&url).map_err(|err| Error::InvalidUrl(format!("{base_url}{path}: {err}")))
}

/// `value` percent-encoded for a query component.
pub(crate) fn encode(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED_ONLY).to_string()
}

/// Decodes a 2xx JSON body; on failure the error names the JSON path of the bad value.
///
/// Decoding runs at serde_json's full speed. Only when it fails is the path worked out,
/// by re-reading the body up to where serde_json stopped ([`json_path_at`]). Tracking the
/// path while decoding, with `serde_path_to_error`, cost every call: 124.7k instead of
/// 120.2k instructions for the seed's operation (valgrind's callgrind on the
/// `generated-client` overhead example), and a tracking deserializer alongside the plain
/// one would compile every response type's decoding twice.
#[allow(dead_code)] // used only where the spec has operations with a JSON response
pub(crate) fn decode_json<T: DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|err| {
        Error::Decode(Box::new(DecodeError {
            status,
            path: json_path_at(body, err.line(), err.column()),
            message: err.to_string(),
            body: String::from_utf8_lossy(body).into_owned(),
        }))
    })
}

/// One level of nesting while re-reading a body: an object with the key whose value is
/// being read, or an array with the index of the element being read.
#[allow(dead_code)] // used only where the spec has operations with a JSON response
enum Level {
    Object(Option<String>),
    Array(usize),
}

/// The path (`items[1].id`; `.` for the body itself) of the value serde_json was reading
/// at `line:column` (1-based; columns count bytes). serde_json reports a missing field
/// at the object's closing brace, so the path is the object's, as it should be.
#[allow(dead_code)] // used only where the spec has operations with a JSON response
fn json_path_at(body: &[u8], line: usize, column: usize) -> String {
    let line_start = match line {
        0 | 1 => 0,
        _ => body
            .iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map_or(body.len(), |(index, _)| index + 1),
    };
    let end = (line_start + column).min(body.len());
    let mut levels: Vec<Level> = Vec::new();
    let mut index = 0;
    while index < end {
        match body[index] {
            b'{' => levels.push(Level::Object(None)),
            b'[' => levels.push(Level::Array(0)),
            b'}' | b']' => {
                levels.pop();
            }
            b',' => match levels.last_mut() {
                Some(Level::Array(element)) => *element += 1,
                Some(Level::Object(key)) => *key = None,
                None => {}
            },
            b'"' => {
                let (text, after) = json_string(body, index + 1);
                // Inside an object, the first string after `{` or `,` is a key.
                if let Some(Level::Object(key @ None)) = levels.last_mut() {
                    *key = Some(text);
                }
                index = after;
                continue;
            }
            _ => {}
        }
        index += 1;
    }
    let mut path = String::new();
    for level in &levels {
        match level {
            Level::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Level::Object(None) => {}
            Level::Array(element) => path.push_str(&format!("[{element}]")),
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The string starting at `start` (just after its opening quote), unescaped, and the
/// index just after its closing quote.
#[allow(dead_code)] // used only where the spec has operations with a JSON response
fn json_string(body: &[u8], start: usize) -> (String, usize) {
    let mut bytes = Vec::new();
    let mut index = start;
    while let Some(&byte) = body.get(index) {
        index += 1;
        match byte {
            b'"' => break,
            b'\\' => {
                let escaped = body.get(index).copied().unwrap_or(b'\\');
                index += 1;
                match escaped {
                    b'n' => bytes.push(b'\n'),
                    b't' => bytes.push(b'\t'),
                    b'r' => bytes.push(b'\r'),
                    b'b' => bytes.push(0x08),
                    b'f' => bytes.push(0x0c),
                    b'u' => {
                        let code = body
                            .get(index..index + 4)
                            .and_then(|hex| std::str::from_utf8(hex).ok())
                            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                            .and_then(char::from_u32)
                            .unwrap_or(char::REPLACEMENT_CHARACTER);
                        index += 4;
                        bytes.extend_from_slice(code.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                    other => bytes.push(other),
                }
            }
            other => bytes.push(other),
        }
    }
    (String::from_utf8_lossy(&bytes).into_owned(), index)
}

/// The whole body of `response`.
///
/// Read chunk by chunk rather than with `Response::bytes`, whose future is 400 bytes larger
/// and would sit in every call's (see `Call::future` for why that matters). A body that
/// arrives in one chunk, as most do, is not copied.
pub(crate) async fn read_body(response: &mut reqwest::Response) -> Result<Bytes, Error> {
    let Some(first) = response.chunk().await.map_err(Error::from_transport)? else {
        return Ok(Bytes::new());
    };
    let Some(second) = response.chunk().await.map_err(Error::from_transport)? else {
        return Ok(first);
    };
    let mut joined = [first, second].concat();
    while let Some(chunk) = response.chunk().await.map_err(Error::from_transport)? {
        joined.extend_from_slice(&chunk);
    }
    Ok(joined.into())
}

/// For operations that declare no JSON response body.
#[allow(dead_code)] // used only where the spec has such operations
pub(crate) fn ignore_body(_status: StatusCode, _body: &[u8]) -> Result<(), Error> {
    Ok(())
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
/// retries and make multipart boundaries unguessable. `fastrand` would be one crate and
/// 0.2 s of build, `rand` 0.9 eight crates (`cargo tree -e normal` and `cargo build
/// --timings` on a crate depending on each), for what these eight lines do.
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    hasher.write_u128(now.as_nanos());
    hasher.finish()
}

//! `multipart/form-data` bodies (RFC 7578), encoded here rather than by reqwest.
//!
//! reqwest's `multipart` feature would add three crates (mime, mime_guess, unicase: 96 to
//! 99 packages in `cargo tree -p heron-runtime -e normal --prefix none --features
//! reqwest/multipart`), but its `Form` is sent as a streaming body, which reqwest cannot
//! clone: a retry would have to rebuild the form from the caller's values. Encoded once
//! into bytes, a form is sent by every attempt from the same shared buffer, like a JSON
//! body; the encoding is the hundred lines below. A file part from a path or a stream is
//! not read here: the form becomes segments (the encoded text around it, and the file)
//! that each attempt reads while sending (`upload.rs`).

use std::fmt::Display;

use std::sync::Arc;

use bytes::Bytes;

use super::file::Source;
use super::upload::{Payload, Segment};
use super::wire::random_u64;
use super::File;

/// A `multipart/form-data` body (RFC 7578), encoded up front so that a retried request
/// sends the same bytes.
#[allow(dead_code)] // each generated crate uses the parts its spec needs
pub(crate) struct Multipart {
    boundary: String,
    body: Vec<u8>,
    /// What comes before `body` when a file part is read while sending; empty otherwise.
    segments: Vec<Segment>,
}

#[allow(dead_code)] // each generated crate uses the parts its spec needs
impl Multipart {
    pub(crate) fn new() -> Multipart {
        // Random enough that no part's contents contain it by accident.
        let boundary = format!("heron-codegen-{:016x}{:016x}", random_u64(), random_u64());
        Multipart {
            boundary,
            body: Vec::new(),
            segments: Vec::new(),
        }
    }

    pub(crate) fn text(mut self, name: &str, value: impl Display) -> Multipart {
        self.part_header(name, None, None);
        self.body.extend_from_slice(value.to_string().as_bytes());
        self.body.extend_from_slice(b"\r\n");
        self
    }

    pub(crate) fn text_opt<T: Display + ?Sized>(self, name: &str, value: Option<&T>) -> Multipart {
        match value {
            Some(value) => self.text(name, value),
            None => self,
        }
    }

    /// One part per element, all with the same name.
    pub(crate) fn texts<T: Display>(self, name: &str, values: &[T]) -> Multipart {
        values
            .iter()
            .fold(self, |form, value| form.text(name, value))
    }

    pub(crate) fn texts_opt<T: Display>(self, name: &str, values: Option<&[T]>) -> Multipart {
        match values {
            Some(values) => self.texts(name, values),
            None => self,
        }
    }

    pub(crate) fn file(mut self, name: &str, file: &File) -> Multipart {
        let file_name = file.file_name.as_deref().unwrap_or(name);
        let content_type = file
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream");
        self.part_header(name, Some(file_name), Some(content_type));
        let read_while_sending = match file.source() {
            Source::Bytes => {
                self.body.extend_from_slice(&file.bytes);
                None
            }
            Source::Path(path) => Some(Segment::Path(path.clone())),
            Source::Stream(stream) => Some(Segment::Stream(stream.clone())),
        };
        if let Some(segment) = read_while_sending {
            let before = std::mem::take(&mut self.body);
            self.segments.push(Segment::Bytes(Bytes::from(before)));
            self.segments.push(segment);
        }
        self.body.extend_from_slice(b"\r\n");
        self
    }

    pub(crate) fn file_opt(self, name: &str, file: Option<&File>) -> Multipart {
        match file {
            Some(file) => self.file(name, file),
            None => self,
        }
    }

    pub(crate) fn files(self, name: &str, files: &[File]) -> Multipart {
        files.iter().fold(self, |form, file| form.file(name, file))
    }

    pub(crate) fn files_opt(self, name: &str, files: Option<&[File]>) -> Multipart {
        match files {
            Some(files) => self.files(name, files),
            None => self,
        }
    }

    /// A structured value as one JSON part.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(self, name: &str, value: &T) -> Multipart {
        let text = serde_json::to_string(value).unwrap_or_default();
        self.text(name, text)
    }

    pub(crate) fn json_opt<T: serde::Serialize + ?Sized>(
        self,
        name: &str,
        value: Option<&T>,
    ) -> Multipart {
        match value {
            Some(value) => self.json(name, value),
            None => self,
        }
    }

    /// Every property of a JSON object as its own part: strings as they are, everything
    /// else as JSON text. For bodies the spec gives no properties for.
    pub(crate) fn fields<T: serde::Serialize + ?Sized>(self, value: &T) -> Multipart {
        let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(value) else {
            return self;
        };
        fields
            .into_iter()
            .fold(self, |form, (name, value)| match value {
                serde_json::Value::String(text) => form.text(&name, text),
                serde_json::Value::Null => form,
                other => form.text(&name, other),
            })
    }

    /// The `Content-Type` header value and the body: encoded, or segments to read while
    /// sending when a file part comes from a path or a stream.
    pub(crate) fn finish(mut self) -> (String, Payload) {
        self.body
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        let content_type = format!("multipart/form-data; boundary={}", self.boundary);
        let last = Bytes::from(self.body);
        if self.segments.is_empty() {
            return (content_type, Payload::Bytes(last));
        }
        self.segments.push(Segment::Bytes(last));
        (content_type, Payload::Segments(Arc::from(self.segments)))
    }

    fn part_header(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>) {
        let mut header = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"",
            self.boundary,
            quote(name)
        );
        if let Some(file_name) = file_name {
            header.push_str(&format!("; filename=\"{}\"", quote(file_name)));
        }
        header.push_str("\r\n");
        if let Some(content_type) = content_type {
            header.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        header.push_str("\r\n");
        self.body.extend_from_slice(header.as_bytes());
    }
}

/// Quotes and line breaks cannot appear raw inside a quoted header parameter.
fn quote(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\r', '\n'], " ")
}

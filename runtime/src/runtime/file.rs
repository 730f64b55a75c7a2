use std::fmt;

use serde::{Deserialize, Serialize};

/// File contents, for `format: binary` properties of multipart bodies.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct File {
    /// Sent as the part's `filename`; servers often use its extension.
    pub file_name: Option<String>,
    /// Sent as the part's `Content-Type`; `application/octet-stream` when `None`.
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl File {
    pub fn new(bytes: impl Into<Vec<u8>>) -> File {
        File {
            file_name: None,
            content_type: None,
            bytes: bytes.into(),
        }
    }

    pub fn with_file_name(mut self, file_name: impl Into<String>) -> File {
        self.file_name = Some(file_name.into());
        self
    }

    pub fn with_content_type(mut self, content_type: impl Into<String>) -> File {
        self.content_type = Some(content_type.into());
        self
    }
}

/// Prints the size, not the contents: files can be large, and private.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .finish()
    }
}

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// File contents, for `format: binary` properties of multipart bodies: bytes in memory
/// ([`File::new`]), a file on disk read as it is sent ([`File::from_path`]), or a stream
/// read once ([`File::from_stream`]).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct File {
    /// Sent as the part's `filename`; servers often use its extension.
    pub file_name: Option<String>,
    /// Sent as the part's `Content-Type`; `application/octet-stream` when `None`.
    pub content_type: Option<String>,
    /// The contents, for a file built from bytes (empty for the other sources).
    pub bytes: Vec<u8>,
    /// Where the contents come from when they are not `bytes`.
    #[serde(skip)]
    source: Source,
}

/// Where a file part's contents come from.
#[derive(Clone, Default)]
pub(crate) enum Source {
    #[default]
    Bytes,
    /// Opened and read by each attempt, so a retry sends it again from the start.
    Path(PathBuf),
    /// Read by the first attempt only; the call is then not retried.
    #[cfg(feature = "client")]
    Stream(super::upload::OneShot),
}

impl File {
    pub fn new(bytes: impl Into<Vec<u8>>) -> File {
        File {
            bytes: bytes.into(),
            ..File::default()
        }
    }

    /// The file at `path`, read while the request is sent, in chunks, never whole: each
    /// attempt opens it again, so a retried call sends it again. Its length is taken
    /// when an attempt starts and sent as the body's `Content-Length`. The part's
    /// `filename` is the path's last component until [`File::with_file_name`] sets
    /// another; a file that cannot be read fails the call with `Error::Io`.
    pub fn from_path(path: impl AsRef<Path>) -> File {
        let path = path.as_ref();
        File {
            file_name: path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned()),
            source: Source::Path(path.to_owned()),
            ..File::default()
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

    #[cfg(feature = "client")]
    pub(crate) fn source(&self) -> &Source {
        &self.source
    }

    #[cfg(feature = "client")]
    pub(crate) fn with_source(mut self, source: Source) -> File {
        self.source = source;
        self
    }
}

impl PartialEq for Source {
    /// Paths are equal by path; a stream only to itself (its clones).
    fn eq(&self, other: &Source) -> bool {
        match (self, other) {
            (Source::Bytes, Source::Bytes) => true,
            (Source::Path(a), Source::Path(b)) => a == b,
            #[cfg(feature = "client")]
            (Source::Stream(a), Source::Stream(b)) => a.same(b),
            _ => false,
        }
    }
}

impl Eq for Source {}

/// Prints the size or the source, not the contents: files can be large, and private.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("File");
        debug
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type);
        match &self.source {
            Source::Bytes => debug.field("bytes", &format_args!("<{} bytes>", self.bytes.len())),
            Source::Path(path) => debug.field("path", path),
            #[cfg(feature = "client")]
            Source::Stream(stream) => debug.field("stream", stream),
        };
        debug.finish()
    }
}

//! Request bodies read while they are sent: a multipart form whose file parts come from a
//! path or a stream ([`File::from_path`], [`File::from_stream`]) is a list of
//! [`Segment`]s (the encoded text around the files, and the files), and each attempt
//! turns it into a fresh body that reads one chunk at a time, never the whole file.
//!
//! A path is opened again by every attempt, so a retried call sends the file again from
//! its start. A stream can be read once: the first attempt takes it, and a call with one
//! is not retried ([`Payload::replayable`]). The body's `Content-Length` is sent when
//! every part's length is known (a path's is read when the attempt starts; a stream's is
//! what the caller gave), otherwise the body is sent chunked.
//!
//! The body is given to reqwest as an `http_body::Body` (`reqwest::Body::wrap`), which
//! needs neither reqwest's `stream` nor its `multipart` feature (`multipart.rs` says why
//! the form is encoded here).

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::{Frame, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};

use super::file::Source;
use super::{Error, File};

/// What a stream's chunks can fail with.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// How much of a file one chunk reads.
const CHUNK: usize = 128 * 1024;

impl File {
    /// A part read from `stream` while the request is sent, with its length in bytes when
    /// known (then sent as the body's `Content-Length`, and checked: a stream that ends
    /// early or runs long fails the call). A stream can be read once: a call with one is
    /// sent once, never retried, even where its method and `max_retries` would allow it.
    /// Clones of the `File` share the stream.
    pub fn from_stream<S, B, E>(stream: S, length: Option<u64>) -> File
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        let chunks: Chunks = Box::pin(IntoChunks(Box::pin(stream)));
        File::default().with_source(Source::Stream(OneShot {
            stream: Arc::new(Mutex::new(Some(chunks))),
            length,
        }))
    }
}

/// A caller's stream, read by the first attempt that takes it.
#[derive(Clone)]
pub(crate) struct OneShot {
    stream: Arc<Mutex<Option<Chunks>>>,
    length: Option<u64>,
}

impl OneShot {
    pub(crate) fn same(&self, other: &OneShot) -> bool {
        Arc::ptr_eq(&self.stream, &other.stream)
    }

    fn take(&self) -> Option<Chunks> {
        self.stream
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

impl fmt::Debug for OneShot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.length {
            Some(length) => write!(f, "<stream of {length} bytes>"),
            None => f.write_str("<stream>"),
        }
    }
}

/// A piece of a body: bytes already encoded, or a file part's contents.
#[derive(Clone, Debug)]
pub(crate) enum Segment {
    Bytes(Bytes),
    Path(PathBuf),
    Stream(OneShot),
}

/// A request body as a call keeps it, for every attempt.
#[derive(Clone, Debug)]
pub(crate) enum Payload {
    /// Encoded up front: every attempt sends the same shared bytes.
    Bytes(Bytes),
    /// Read while sent (`Segment`s), anew by each attempt.
    Segments(Arc<[Segment]>),
}

impl Payload {
    /// Whether a second attempt can send the body again: not once a stream is in it.
    pub(crate) fn replayable(&self) -> bool {
        match self {
            Payload::Bytes(_) => true,
            Payload::Segments(segments) => !segments
                .iter()
                .any(|segment| matches!(segment, Segment::Stream(_))),
        }
    }

    /// The body of one attempt. Fails when a file's length cannot be read or a stream
    /// was taken by an earlier attempt.
    pub(crate) fn for_attempt(&self) -> Result<reqwest::Body, Error> {
        let segments = match self {
            Payload::Bytes(bytes) => return Ok(reqwest::Body::from(bytes.clone())),
            Payload::Segments(segments) => segments,
        };
        let mut length = Some(0u64);
        let mut parts = VecDeque::with_capacity(segments.len());
        for segment in segments.iter() {
            let (part, part_length) = match segment {
                Segment::Bytes(bytes) => (Part::Bytes(bytes.clone()), Some(bytes.len() as u64)),
                Segment::Path(path) => {
                    let metadata = std::fs::metadata(path).map_err(|error| {
                        Error::Io(io::Error::new(
                            error.kind(),
                            format!("{}: {error}", path.display()),
                        ))
                    })?;
                    (Part::Path(path.clone()), Some(metadata.len()))
                }
                Segment::Stream(one_shot) => {
                    let stream = one_shot.take().ok_or_else(|| {
                        Error::Encode(
                            "a file part from a stream can be sent once, and was sent already"
                                .to_owned(),
                        )
                    })?;
                    (Part::Stream(stream), one_shot.length)
                }
            };
            parts.push_back(part);
            length = length.zip(part_length).map(|(total, part)| total + part);
        }
        Ok(reqwest::Body::wrap(StreamedBody {
            state: Mutex::new(State {
                parts,
                reading: Reading::Next,
                remaining: length,
            }),
        }))
    }
}

enum Part {
    Bytes(Bytes),
    Path(PathBuf),
    Stream(Chunks),
}

type Opening = Pin<Box<dyn Future<Output = io::Result<tokio::fs::File>> + Send>>;

enum Reading {
    /// Between parts.
    Next,
    Opening(Opening),
    File(tokio::fs::File),
    Stream(Chunks),
}

/// One attempt's body. The state sits in a `Mutex` only because reqwest wants a `Sync`
/// body: it is only ever reached through `&mut`, so the lock is never taken.
struct StreamedBody {
    state: Mutex<State>,
}

struct State {
    parts: VecDeque<Part>,
    reading: Reading,
    /// What is left to send, when every part's length is known.
    remaining: Option<u64>,
}

impl http_body::Body for StreamedBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let state = self.state.get_mut().unwrap_or_else(PoisonError::into_inner);
        let chunk = match state.poll_chunk(cx) {
            Poll::Ready(Ok(Some(chunk))) => chunk,
            Poll::Ready(Ok(None)) => match state.remaining {
                Some(0) | None => return Poll::Ready(None),
                Some(missing) => {
                    return Poll::Ready(Some(Err(format!(
                        "a file part ended {missing} bytes short of its length"
                    )
                    .into())))
                }
            },
            Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
            Poll::Pending => return Poll::Pending,
        };
        if let Some(remaining) = &mut state.remaining {
            let Some(left) = remaining.checked_sub(chunk.len() as u64) else {
                return Poll::Ready(Some(Err("a file part is longer than its length".into())));
            };
            *remaining = left;
        }
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }

    fn size_hint(&self) -> SizeHint {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        match state.remaining {
            Some(length) => SizeHint::with_exact(length),
            None => SizeHint::default(),
        }
    }
}

impl State {
    /// The next non-empty chunk of the body; `None` after the last part.
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<Bytes>, BoxError>> {
        loop {
            match &mut self.reading {
                Reading::Next => match self.parts.pop_front() {
                    None => return Poll::Ready(Ok(None)),
                    Some(Part::Bytes(bytes)) if bytes.is_empty() => {}
                    Some(Part::Bytes(bytes)) => return Poll::Ready(Ok(Some(bytes))),
                    Some(Part::Path(path)) => {
                        self.reading = Reading::Opening(Box::pin(async move {
                            tokio::fs::File::open(&path).await.map_err(|error| {
                                io::Error::new(error.kind(), format!("{}: {error}", path.display()))
                            })
                        }));
                    }
                    Some(Part::Stream(stream)) => self.reading = Reading::Stream(stream),
                },
                Reading::Opening(opening) => match opening.as_mut().poll(cx) {
                    Poll::Ready(Ok(file)) => self.reading = Reading::File(file),
                    Poll::Ready(Err(error)) => return Poll::Ready(Err(error.into())),
                    Poll::Pending => return Poll::Pending,
                },
                Reading::File(file) => {
                    let mut buffer = vec![0; CHUNK];
                    let mut read = ReadBuf::new(&mut buffer);
                    match Pin::new(file).poll_read(cx, &mut read) {
                        Poll::Ready(Ok(())) if read.filled().is_empty() => {
                            self.reading = Reading::Next;
                        }
                        Poll::Ready(Ok(())) => {
                            let filled = read.filled().len();
                            buffer.truncate(filled);
                            return Poll::Ready(Ok(Some(Bytes::from(buffer))));
                        }
                        Poll::Ready(Err(error)) => return Poll::Ready(Err(error.into())),
                        Poll::Pending => return Poll::Pending,
                    }
                }
                Reading::Stream(stream) => match stream.as_mut().poll_next(cx) {
                    Poll::Ready(Some(Ok(chunk))) if chunk.is_empty() => {}
                    Poll::Ready(Some(Ok(chunk))) => return Poll::Ready(Ok(Some(chunk))),
                    Poll::Ready(Some(Err(error))) => return Poll::Ready(Err(error)),
                    Poll::Ready(None) => self.reading = Reading::Next,
                    Poll::Pending => return Poll::Pending,
                },
            }
        }
    }
}

/// A caller's stream with its items made `Bytes` and boxed errors.
struct IntoChunks<S>(Pin<Box<S>>);

impl<S, B, E> Stream for IntoChunks<S>
where
    S: Stream<Item = Result<B, E>>,
    B: Into<Bytes>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|chunk| chunk.map(Into::into).map_err(Into::into)))
    }
}

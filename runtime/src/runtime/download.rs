//! Downloads as they arrive: [`Call::stream`] hands over the body of a binary response
//! chunk by chunk ([`Download`], a `Stream` of [`Bytes`]) instead of holding it whole, and
//! writes it to a file or any `AsyncWrite` in constant memory.
//!
//! The call is sent like any other (credentials, hooks, span, retries), and `stream`
//! resolves once a 2xx answer's head has arrived: every retry happens before the first
//! byte reaches the caller, and nothing is retried after (a half-read body cannot be
//! resumed without the server's help). The client's `timeout` covers the whole transfer,
//! as it does for a buffered body: give a large download its own (`Call::timeout`).
//!
//! Chunks are read from reqwest's body through `http_body::Body`, so neither reqwest's
//! `stream` feature (tokio-util, futures-util) nor any other crate joins the build; the
//! file is written with tokio's `fs` and `io-util`.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::{HeaderMap, CONTENT_LENGTH, CONTENT_TYPE};
use reqwest::StatusCode;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::request::{send, Call};
use super::{trace, Error};

impl<'a, Op> Call<'a, Vec<u8>, Op> {
    /// Sends the call and returns the body as it arrives, once a 2xx answer's head is
    /// in: retries happen only before that. `.await` on the call instead reads the whole
    /// body into a `Vec<u8>`.
    pub fn stream(self) -> impl Future<Output = Result<Download, Error>> + Send + 'a {
        let (client, mut request, _) = self.into_parts();
        async move {
            let span = trace::call_span(&request);
            let started = Instant::now();
            let result =
                tracing::Instrument::instrument(send(client, &mut request, &span), span.clone())
                    .await;
            trace::finish(&span, started, result.as_ref().err());
            let mut response = result?;
            Ok(Download {
                status: response.status(),
                headers: std::mem::take(response.headers_mut()),
                body: reqwest::Body::from(response),
                received: 0,
            })
        }
    }
}

/// The body of a download, as a [`Stream`] of chunks (`Result<Bytes, Error>`), with the
/// answer's status and headers. Read it, or write it with [`Download::to_file`] or
/// [`Download::write_to`]; a transport failure or timeout midway ends the stream with
/// that error.
#[must_use = "a download does nothing until it is read"]
pub struct Download {
    status: StatusCode,
    headers: HeaderMap,
    body: reqwest::Body,
    received: u64,
}

impl Download {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Content-Type` the server gave, e.g. `application/zip`.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// The body's length in bytes, when the server said (`Content-Length`).
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(CONTENT_LENGTH)?
            .to_str()
            .ok()?
            .parse()
            .ok()
    }

    /// How many bytes have been handed out so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Writes the body to a new file at `path` (replacing one that is there) and returns
    /// its length. On failure the partial file is removed, so that a file at `path` is
    /// always a whole download.
    pub async fn to_file(self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let path = path.as_ref();
        let mut file = tokio::fs::File::create(path).await.map_err(Error::Io)?;
        let written = self.write_to(&mut file).await;
        // tokio writes in the background: flushing waits for the last write to land.
        let written = match written {
            Ok(length) => file.flush().await.map_err(Error::Io).map(|()| length),
            Err(error) => Err(error),
        };
        if written.is_err() {
            drop(file);
            let _ = tokio::fs::remove_file(path).await;
        }
        written
    }

    /// Writes the body to `writer` chunk by chunk and returns its length. The writer is
    /// not flushed.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(
        mut self,
        writer: &mut W,
    ) -> Result<u64, Error> {
        while let Some(chunk) = std::future::poll_fn(|cx| Pin::new(&mut self).poll_next(cx)).await {
            writer.write_all(&chunk?).await.map_err(Error::Io)?;
        }
        Ok(self.received)
    }
}

impl Stream for Download {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let frame = match http_body::Body::poll_frame(Pin::new(&mut self.body), cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => {
                    return Poll::Ready(Some(Err(Error::from_transport(error))))
                }
                Poll::Ready(Some(Ok(frame))) => frame,
            };
            // Trailers carry no bytes of the body.
            if let Ok(chunk) = frame.into_data() {
                self.received += chunk.len() as u64;
                return Poll::Ready(Some(Ok(chunk)));
            }
        }
    }
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .field("received", &self.received)
            .finish_non_exhaustive()
    }
}

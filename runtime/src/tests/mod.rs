//! Unit tests of the runtime's pure pieces: the wire encodings (`wire.rs`), the retry policy, JSON path
//! recovery, timestamps. They live outside `src/runtime/` so that generated crates, which
//! copy that folder, do not carry them. Behaviour over HTTP (retries against a server,
//! timeouts, bodies on the wire) is tested through a generated crate in `runtime-client/tests`.

mod client;
mod lenient;
mod multipart;
mod object;
mod paging;
mod request;
mod retry;
mod timestamp;
mod webhooks;
mod wire;

/// The bytes of a body encoded up front (a test's failure when it is read while sent).
fn encoded(payload: &crate::runtime::upload::Payload) -> &[u8] {
    match payload {
        crate::runtime::upload::Payload::Bytes(bytes) => bytes,
        other => panic!("not encoded up front: {other:?}"),
    }
}

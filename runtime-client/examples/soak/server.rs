//! The soak's loopback server: HTTP/1.1 on 127.0.0.1, on a tokio runtime and threads of
//! its own (so that the client's runtime counts the client's tasks alone), answering each
//! request as the schedule says (`faults.rs`) and recording what it did.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;

use crate::faults::{Action, Call, Operation, Served, PAGES};
use crate::support::{read_request, Recorded};

/// The API key the client is built with; a request without it is answered 400.
pub const API_KEY: &str = "soak-key";
/// The header that carries a call's id.
pub const CALL_HEADER: &str = "x-soak-call";
/// Every `BURST_EVERY`, from `BURST_EVERY / 2` on, every request gets a 503 for
/// `BURST_LENGTH`, whatever its call's fault.
const BURST_EVERY: Duration = Duration::from_secs(20);
const BURST_LENGTH: Duration = Duration::from_millis(1500);
/// How long a hang waits for the client to give up and close.
const HANG_AT_MOST: Duration = Duration::from_secs(30);
const SLOW_PIECES: usize = 4;
const SLOW_PAUSE: Duration = Duration::from_millis(100);

pub struct Server {
    pub base_url: String,
    pub port: u16,
    pub records: Arc<Records>,
    /// Connections the server holds open.
    pub connections: Arc<AtomicUsize>,
    runtime: Runtime,
}

/// What the server did to each call's requests, until the call takes its record.
pub struct Records {
    seed: u64,
    started: Instant,
    calls: Mutex<HashMap<u64, Vec<Served>>>,
}

impl Server {
    pub fn start(seed: u64) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("soak-server")
            .enable_all()
            .build()
            .expect("the server's runtime");
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let records = Arc::new(Records {
            seed,
            started: Instant::now(),
            calls: Mutex::new(HashMap::new()),
        });
        let connections = Arc::new(AtomicUsize::new(0));
        let (shared, open) = (Arc::clone(&records), Arc::clone(&connections));
        runtime.spawn(async move {
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        tokio::spawn(serve(stream, Arc::clone(&shared), Arc::clone(&open)));
                    }
                    // Out of file descriptors, say: the client sees connect errors.
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            }
        });
        Server {
            base_url: format!("http://127.0.0.1:{port}"),
            port,
            records,
            connections,
            runtime,
        }
    }

    /// Stops the server: its tasks are dropped and its sockets closed.
    pub fn stop(self) {
        self.runtime.shutdown_timeout(Duration::from_secs(1));
    }
}

impl Records {
    /// The record of call `id`, taken once the call has returned.
    pub fn take(&self, id: u64) -> Vec<Served> {
        self.lock().remove(&id).unwrap_or_default()
    }

    /// Calls whose record nobody took: requests that arrived after their call returned.
    pub fn left(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Vec<Served>>> {
        self.calls
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Decides what to do to `request`, and records it.
    fn answer(&self, request: &Recorded) -> Answer {
        let Some(id) = request.header(CALL_HEADER).and_then(|id| id.parse().ok()) else {
            return Answer::invalid();
        };
        let call = Call::planned(self.seed, id);
        let page = page_of(&request.target);
        let arrived = Instant::now();
        let burst = (arrived - self.started + BURST_EVERY / 2).as_millis()
            % BURST_EVERY.as_millis()
            < BURST_LENGTH.as_millis();
        let mut calls = self.lock();
        let earlier = calls.entry(id).or_default();
        let action = if !is_the_request_of(&call, page, request) {
            Action::Invalid
        } else if burst {
            Action::Status(503, None)
        } else {
            call.action(page, earlier)
        };
        earlier.push(Served {
            page,
            action,
            burst: burst && action != Action::Invalid,
            arrived,
        });
        Answer::new(&call, page, action)
    }
}

/// The page a request of `/paging/users` asks for (1 without a `page` parameter).
fn page_of(target: &str) -> u32 {
    target
        .split_once("page=")
        .and_then(|(_, page)| page.parse().ok())
        .unwrap_or(1)
}

/// Whether `request` is what `call` sends for `page`: its method, path, API key, body and
/// idempotency key.
fn is_the_request_of(call: &Call, page: u32, request: &Recorded) -> bool {
    if request.header("x-key") != Some(API_KEY) {
        return false;
    }
    match call.operation {
        Operation::List => request.method == "GET" && request.target == "/items",
        Operation::Create { idempotency_key } => {
            let name = serde_json::from_slice::<serde_json::Value>(&request.body)
                .ok()
                .and_then(|body| body["name"].as_str().map(str::to_owned));
            request.method == "POST"
                && request.target == "/items"
                && name.as_deref() == Some(&format!("soak-{}", call.id))
                && request.header("idempotency-key").is_some() == idempotency_key
        }
        Operation::Pages => {
            let target = match page {
                1 => "/paging/users?limit=1".to_owned(),
                _ => format!("/paging/users?limit=1&page={page}"),
            };
            request.method == "GET" && request.target == target
        }
    }
}

/// A response to write, and how.
struct Answer {
    action: Action,
    /// The good answer's status and body.
    status: u16,
    body: String,
}

impl Answer {
    fn new(call: &Call, page: u32, action: Action) -> Answer {
        if action == Action::Invalid {
            return Answer::invalid();
        }
        let id = call.item_id(page);
        let (status, body) = match call.operation {
            Operation::List => (200, format!(r#"[{{"id": {id}, "name": "item"}}]"#)),
            Operation::Create { .. } => (201, format!(r#"{{"id": {id}, "name": "soak-{id}"}}"#)),
            Operation::Pages => {
                let next = match page {
                    PAGES => "null".to_owned(),
                    _ => format!(r#""/paging/users?limit=1&page={}""#, page + 1),
                };
                let meta = format!(r#"{{"page": {page}, "next_url": {next}}}"#);
                (
                    200,
                    format!(r#"{{"users": [{{"id": {id}}}], "_meta": {meta}}}"#),
                )
            }
        };
        let body = match (action, call.operation) {
            (Action::InvalidJson, _) => r#"{"id": 1, "name": "#.to_owned(),
            (Action::WrongShape, Operation::List) => r#"{"items": []}"#.to_owned(),
            (Action::WrongShape, Operation::Create { .. }) => {
                r#"{"id": "7", "name": 7}"#.to_owned()
            }
            (Action::WrongShape, Operation::Pages) => r#"{"users": [{"id": "one"}]}"#.to_owned(),
            (Action::Status(422, _), _) => {
                r#"{"message": "name taken", "field": "name"}"#.to_owned()
            }
            (Action::Status(..), _) => r#"{"message": "not now"}"#.to_owned(),
            _ => body,
        };
        let status = match action {
            Action::Status(status, _) => status,
            _ => status,
        };
        Answer {
            action,
            status,
            body,
        }
    }

    fn invalid() -> Answer {
        Answer {
            action: Action::Invalid,
            status: 400,
            body: r#"{"message": "not the request of this call"}"#.to_owned(),
        }
    }

    fn head(&self, content_length: usize) -> String {
        let retry_after = match self.action {
            Action::Status(_, Some(seconds)) => format!("retry-after: {seconds}\r\n"),
            _ => String::new(),
        };
        format!(
            "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {content_length}\r\n{retry_after}\r\n",
            self.status
        )
    }

    /// Writes the answer; `false` when the connection is done with (closed, reset or
    /// given up on).
    async fn write(self, stream: &mut TcpStream) -> bool {
        let body = self.body.as_bytes();
        match self.action {
            Action::Reset => {
                // An RST rather than a FIN: no lingering on close.
                let _ = stream.set_zero_linger();
                false
            }
            Action::Truncated => {
                let mut response = self.head(body.len() + 64).into_bytes();
                response.extend_from_slice(body);
                let _ = stream.write_all(&response).await;
                let _ = stream.shutdown().await;
                false
            }
            Action::Hang => {
                wait_for_close(stream).await;
                false
            }
            Action::StalledBody => {
                let mut response = self.head(body.len()).into_bytes();
                response.extend_from_slice(&body[..body.len() / 2]);
                let _ = stream.write_all(&response).await;
                wait_for_close(stream).await;
                false
            }
            Action::SlowBody => {
                if stream
                    .write_all(self.head(body.len()).as_bytes())
                    .await
                    .is_err()
                {
                    return false;
                }
                for piece in body.chunks(body.len().div_ceil(SLOW_PIECES)) {
                    tokio::time::sleep(SLOW_PAUSE).await;
                    if stream.write_all(piece).await.is_err() {
                        return false;
                    }
                }
                true
            }
            Action::Good
            | Action::Status(..)
            | Action::InvalidJson
            | Action::WrongShape
            | Action::Invalid => {
                // One write: a head and body written apart meet Nagle's algorithm and the
                // client's delayed ACK.
                let mut response = self.head(body.len()).into_bytes();
                response.extend_from_slice(body);
                stream.write_all(&response).await.is_ok()
            }
        }
    }
}

async fn serve(mut stream: TcpStream, records: Arc<Records>, connections: Arc<AtomicUsize>) {
    connections.fetch_add(1, Ordering::Relaxed);
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buffer).await {
        if !records.answer(&request).write(&mut stream).await {
            break;
        }
    }
    drop(stream);
    connections.fetch_sub(1, Ordering::Relaxed);
}

/// Waits until the client closes the connection (it gave up on the answer), or
/// `HANG_AT_MOST`.
async fn wait_for_close(stream: &mut TcpStream) {
    let mut scratch = [0u8; 256];
    let _ = tokio::time::timeout(HANG_AT_MOST, async {
        while let Ok(read) = stream.read(&mut scratch).await {
            if read == 0 {
                break;
            }
        }
    })
    .await;
}

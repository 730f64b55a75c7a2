//! Files through the generated client against the same transfer written by hand with
//! reqwest's own stream APIs: a download written to disk, and a multipart upload read from
//! a file, each against a loopback server in this process that makes or swallows the
//! bytes as they go. `cargo xtask bench files` runs it, one transfer per process so that
//! each peak resident set is that transfer's:
//!
//! `files MODE MIB FILE`, MODE one of `download`, `download-by-hand`, `upload`,
//! `upload-by-hand`; FILE is where a download is written or an upload read from. It prints
//! one JSON object: the seconds the transfer took, the CPU seconds of the process (the
//! server's included, the same in both forms), and its peak resident set in MB.

use std::path::{Path, PathBuf};
use std::time::Instant;

use futures_util::StreamExt;
use runtime_client::models::UploadFileBody;
use runtime_client::{Client, File};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The server writes (and the upload file is made of) blocks of this size.
const BLOCK: usize = 256 * 1024;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, mib, file] = args.as_slice() else {
        eprintln!("usage: files MODE MIB FILE");
        std::process::exit(2);
    };
    let length = mib.parse::<u64>().expect("MIB is a number") * 1024 * 1024;
    let file = PathBuf::from(file);
    // reqwest is built without a TLS crypto provider (`rustls-no-provider`): a client
    // built by hand needs one installed, though it only speaks plain HTTP here.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let base_url = serve(length).await;
    let started = Instant::now();
    let moved = match mode.as_str() {
        "download" => download(&base_url, &file).await,
        "download-by-hand" => download_by_hand(&base_url, &file).await,
        "upload" => upload(&base_url, &file).await,
        "upload-by-hand" => upload_by_hand(&base_url, &file).await,
        other => panic!("no mode `{other}`"),
    };
    let seconds = started.elapsed().as_secs_f64();
    assert!(moved >= length, "moved {moved} of {length} bytes");
    println!(
        "{}",
        serde_json::json!({
            "mode": mode,
            "bytes": moved,
            "seconds": seconds,
            "cpu_seconds": cpu_seconds(),
            "peak_rss_mb": peak_rss_mb(),
        })
    );
}

async fn download(base_url: &str, file: &Path) -> u64 {
    let client = Client::builder()
        .base_url(base_url)
        .api_key("bench")
        .build()
        .expect("client");
    let download = client
        .download_file("big")
        .timeout(std::time::Duration::from_secs(600))
        .stream()
        .await
        .expect("the download starts");
    download.to_file(file).await.expect("the download lands")
}

async fn download_by_hand(base_url: &str, file: &Path) -> u64 {
    let response = reqwest::Client::new()
        .get(format!("{base_url}/files/big/content"))
        .timeout(std::time::Duration::from_secs(600))
        .header("x-key", "bench")
        .send()
        .await
        .expect("the download starts")
        .error_for_status()
        .expect("a 2xx");
    let mut out = tokio::fs::File::create(file)
        .await
        .expect("create the file");
    let mut chunks = response.bytes_stream();
    let mut written = 0;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.expect("a chunk");
        out.write_all(&chunk).await.expect("write");
        written += chunk.len() as u64;
    }
    out.flush().await.expect("flush");
    written
}

async fn upload(base_url: &str, file: &Path) -> u64 {
    let client = Client::builder()
        .base_url(base_url)
        .api_key("bench")
        .build()
        .expect("client");
    let body = UploadFileBody::new(File::from_path(file).with_content_type("application/zip"));
    let stored = client
        .upload_file(&body)
        .timeout(std::time::Duration::from_secs(600))
        .await
        .expect("the upload lands");
    stored
        .id
        .expect("an id")
        .parse()
        .expect("the bytes received")
}

async fn upload_by_hand(base_url: &str, file: &Path) -> u64 {
    let boundary = "bench-boundary-0123456789";
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/zip\r\n\r\n"
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    let file_length = tokio::fs::metadata(file).await.expect("metadata").len();
    let length = head.len() as u64 + file_length + tail.len() as u64;
    let contents = tokio_util::io::ReaderStream::with_capacity(
        tokio::fs::File::open(file).await.expect("open the file"),
        128 * 1024,
    );
    let body = futures_util::stream::iter([Ok(bytes::Bytes::from(head))])
        .chain(contents)
        .chain(futures_util::stream::iter([Ok(bytes::Bytes::from(tail))]));
    let stored: serde_json::Value = reqwest::Client::new()
        .post(format!("{base_url}/files"))
        .timeout(std::time::Duration::from_secs(600))
        .header("x-key", "bench")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("content-length", length)
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await
        .expect("the upload lands")
        .error_for_status()
        .expect("a 2xx")
        .bytes()
        .await
        .map(|body| serde_json::from_slice(&body).expect("json"))
        .expect("the answer");
    stored["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("the bytes received")
}

/// A server on 127.0.0.1 that answers a GET with `length` bytes made as they are written,
/// and any other request by reading its body and answering with how many bytes came
/// (`{"id": "<count>"}`).
async fn serve(length: u64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer(stream, length));
        }
    });
    format!("http://{address}")
}

async fn answer(mut stream: TcpStream, length: u64) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    if head.starts_with("get ") {
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: {length}\r\n\r\n"
        );
        stream.write_all(reply.as_bytes()).await.expect("head");
        let block: Vec<u8> = (0..BLOCK).map(|i| (i % 251) as u8).collect();
        let mut left = length;
        while left > 0 {
            let part = left.min(BLOCK as u64) as usize;
            if stream.write_all(&block[..part]).await.is_err() {
                return;
            }
            left -= part as u64;
        }
        return;
    }
    let body_length: u64 = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .expect("uploads carry their length");
    let mut buffer = vec![0u8; BLOCK];
    let mut received = 0;
    while received < body_length {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => received += read as u64,
        }
    }
    let body = format!("{{\"id\": \"{received}\"}}");
    let reply = format!(
        "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
}

/// The process's peak resident set (`VmHWM`), in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// User and system CPU time of the process so far (`/proc/self/stat`, in clock ticks of
/// 1/100 s, Linux's `USER_HZ`).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|value| value.parse::<f64>().ok())
            .unwrap_or_default()
    };
    // utime and stime are the 14th and 15th fields; the 3rd is the first after `)`.
    (ticks(11) + ticks(12)) / 100.0
}

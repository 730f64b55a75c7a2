//! What the command's tests share: xtask's test support (inputs from outside the
//! repository, git in a scratch repository, snapshots of a folder), and scratch folders
//! outside the repository, a loopback server and exit codes.

// Each test file uses part of this module.
#![allow(dead_code)]

#[path = "../../../xtask/tests/support/mod.rs"]
mod xtask_support;

#[allow(unused_imports)]
pub use xtask_support::{git, outside_input, snapshot};

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh, empty folder outside the repository (the system's temporary folder), removed
/// when the value is dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("heron-codegen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `command` to its end.
pub fn run(command: &mut Command) -> Output {
    command.output().expect("run the program")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `output` ended with `code`; else fails with both of its streams.
pub fn assert_exit(output: &Output, code: i32, what: &str) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}:\nstdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// A server on 127.0.0.1 answering every request with the current `body` (200), from a
/// background thread that ends with the test process.
pub struct SpecServer {
    pub url: String,
    body: Arc<Mutex<String>>,
}

impl SpecServer {
    pub fn start(body: &str) -> SpecServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!(
            "http://{}/openapi.json",
            listener.local_addr().expect("address")
        );
        let body = Arc::new(Mutex::new(body.to_owned()));
        let serving = Arc::clone(&body);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let body = serving.lock().map(|body| body.clone()).unwrap_or_default();
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body.as_bytes());
            }
        });
        SpecServer { url, body }
    }

    /// Serves `body` from now on.
    pub fn publish(&self, body: &str) {
        *self.body.lock().expect("the server's body") = body.to_owned();
    }
}

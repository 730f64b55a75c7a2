//! Stoplight Prism as a child process: started on a free port of 127.0.0.1 with
//! `mock --errors` (a request that breaks the spec gets an error, not a mock), and killed
//! by its pid when dropped. Shared by the seed's contract test and the full-spec one that
//! `cargo xtask contract` generates.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Prism process; killed by its pid when the test ends, however it ends.
pub struct Prism {
    child: Child,
    pub base_url: String,
    log: PathBuf,
}

impl Prism {
    pub fn start(binary: &Path, spec: &Path) -> Prism {
        Prism::start_with(binary, spec, &[])
    }

    /// With extra `prism mock` arguments, such as `--dynamic`.
    pub fn start_with(binary: &Path, spec: &Path, extra: &[&str]) -> Prism {
        assert!(
            binary.exists(),
            "Prism is not installed at {}: run `npm ci` at the repository root",
            binary.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("bind")
            .local_addr()
            .expect("addr")
            .port();
        let log = std::env::temp_dir().join(format!("prism-{port}.log"));
        let log_file = std::fs::File::create(&log).expect("prism log");
        let child = Command::new(binary)
            .args([
                "mock",
                "--errors",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .args(extra)
            .arg(spec)
            .stdout(log_file.try_clone().expect("log handle"))
            .stderr(log_file)
            .stdin(Stdio::null())
            .spawn()
            .expect("start prism");
        let prism = Prism {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "Prism did not start:\n{}",
                prism.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        prism
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

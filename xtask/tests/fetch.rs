//! `cargo xtask fetch-spec` against a server on 127.0.0.1: the spec is replaced only when
//! the download worked and the generator accepts it.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Serves `status` and `body` to every connection, from a background thread.
fn serve(status: u16, body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    format!("http://{address}/swagger")
}

fn seed() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/heron.yaml"))
        .expect("seed")
}

/// A copy of the seed to be replaced, in a directory of its own.
fn target(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("xtask-fetch")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("dir");
    let spec = dir.join("heron.yaml");
    fs::write(&spec, seed()).expect("write seed");
    spec
}

fn fetch(url: &str, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["fetch-spec", url, "--out"])
        .arg(out)
        .output()
        .expect("run xtask")
}

#[test]
fn a_good_download_replaces_the_spec_as_yaml_and_prints_the_changes() {
    // The server publishes JSON, as Heron's /swagger does; the file stays YAML.
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&seed().replace("            - deleted_in_plaid\n", ""))
            .expect("seed");
    let url = serve(200, serde_json::to_string(&yaml).expect("json"));
    let out = target("good");
    let output = fetch(&url, &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = fs::read_to_string(&out).expect("spec");
    assert!(written.starts_with("openapi: 3.0.0"), "{written}");
    assert!(!written.contains("deleted_in_plaid"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("**1 API change, 1 breaking**")
            && stdout.contains("`deleted_in_plaid` removed"),
        "{stdout}"
    );
}

#[test]
fn a_failed_download_or_a_refused_spec_changes_nothing() {
    for (name, url) in [
        ("server-error", serve(500, "oops".into())),
        ("not-openapi", serve(200, "{\"swagger\": \"2.0\"}".into())),
        ("garbage", serve(200, "{ not json".into())),
        ("refused", {
            let port = TcpListener::bind("127.0.0.1:0")
                .expect("bind")
                .local_addr()
                .expect("addr")
                .port();
            format!("http://127.0.0.1:{port}/swagger")
        }),
    ] {
        let out = target(name);
        let output = fetch(&url, &out);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("is unchanged"),
            "{name}"
        );
        assert_eq!(
            fs::read_to_string(&out).expect("spec"),
            seed(),
            "{name}: the spec must be untouched"
        );
        assert!(
            !out.with_extension("yaml.tmp-fetch").exists(),
            "{name}: no temporary file left"
        );
    }
}

/// A spec kept in several files: the downloaded entry file is checked with the files
/// next to the spec it replaces, which its `$ref`s name; a reference to a file that is not
/// there refuses the download and changes nothing.
#[test]
fn a_downloaded_entry_file_is_checked_with_the_files_next_to_it() {
    let out = target("multi");
    let dir = out.parent().expect("dir");
    fs::create_dir_all(dir.join("models")).expect("models dir");
    fs::write(
        dir.join("models/link.yaml"),
        "type: object\nproperties:\n  id: {type: string}\n",
    )
    .expect("write a sub-file");
    let entry = |model: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: Links, version: '1'}}\npaths:\n  /links:\n    get:\n      operationId: list_links\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '{model}'}}\n"
        )
    };
    let output = fetch(&serve(200, entry("models/link.yaml")), &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(fs::read_to_string(&out)
        .expect("spec")
        .contains("models/link.yaml"));

    let output = fetch(&serve(200, entry("models/gone.yaml")), &out);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`models/gone.yaml`: cannot read it"),
        "{stderr}"
    );
    assert!(
        fs::read_to_string(&out)
            .expect("spec")
            .contains("models/link.yaml"),
        "unchanged"
    );
}

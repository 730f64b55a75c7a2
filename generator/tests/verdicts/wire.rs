//! Old binaries on the new wire: a program built against the old shop client runs against
//! a server on 127.0.0.1 that answers as the new API does. Where the diff says a change
//! breaks only compilation although the type on the wire changed (an enum that became a
//! string, a `()` result that became a model), the old binary must keep working; where it
//! says the wire breaks (a result that became another model), it must fail, or the probe
//! proves nothing.

use std::path::Path;
use std::process::Command;

use generator::diff::{diff, Verdict};
use generator::ir::Api;

use crate::cases::{cases, BASE};
use crate::common::{self, scratch_target};
use crate::workspace::generated;

/// A case, the request the old binary makes (method and path), and the new server's
/// answer to it.
const PROBES: [(&str, &str, &str, &str); 3] = [
    (
        "field-enum-became-string",
        "POST",
        "/orders",
        r#"{"item": "tea", "total": 3, "status": "refunded"}"#,
    ),
    (
        "result-became-a-model",
        "POST",
        "/orders/1/archive",
        r#"{"id": "1", "amount": 2.5}"#,
    ),
    (
        "response-changed",
        "GET",
        "/orders/1",
        r#"{"item": "tea", "total": 3}"#,
    ),
];

/// The old client's method for `method path`.
fn method(api: &Api, method: &str, path: &str) -> String {
    let matches = |pattern: &str| {
        let (pattern, path): (Vec<&str>, Vec<&str>) =
            (pattern.split('/').collect(), path.split('/').collect());
        pattern.len() == path.len()
            && pattern
                .iter()
                .zip(&path)
                .all(|(p, s)| p == s || p.starts_with('{'))
    };
    api.operations
        .iter()
        .find(|op| op.method.as_str().eq_ignore_ascii_case(method) && matches(&op.path))
        .map(|op| op.rust_name.clone())
        .unwrap_or_else(|| panic!("no operation {method} {path}"))
}

/// The probe: a server answering each request with the new API's answer, and the old
/// client's calls, each printed as `case: ok` or `case: failed (error)`.
fn probe_source(api: &Api) -> String {
    let setter = &api.security.schemes[0].setter;
    let place = method(api, "POST", "/orders");
    let archive = method(api, "POST", "/orders/1/archive");
    let get = method(api, "GET", "/orders/1");
    let answers: Vec<String> = PROBES
        .iter()
        .map(|(_, method, path, body)| format!("(\"{method} {path} \", r#\"{body}\"#)"))
        .collect();
    format!(
        r####"use std::io::{{BufRead, BufReader, Read, Write}};

const ANSWERS: [(&str, &str); {count}] = [{answers}];

/// Answers each request with the new API's answer to its request line.
fn serve(listener: std::net::TcpListener) {{
    for stream in listener.incoming() {{
        let Ok(mut stream) = stream else {{ continue }};
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut request_line = String::new();
        let _ = reader.read_line(&mut request_line);
        let mut length = 0;
        loop {{
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {{
                break;
            }}
            if let Some((name, value)) = header.split_once(':') {{
                if name.eq_ignore_ascii_case("content-length") {{
                    length = value.trim().parse().unwrap_or(0);
                }}
            }}
        }}
        let mut body = vec![0; length];
        let _ = reader.read_exact(&mut body);
        let answer = ANSWERS
            .iter()
            .find(|(line, _)| request_line.starts_with(line))
            .map_or("{{}}", |(_, answer)| answer);
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {{}}\r\nconnection: close\r\n\r\n{{answer}}",
            answer.len()
        );
    }}
}}

fn report<T, E: std::fmt::Debug>(case: &str, result: Result<T, E>, check: impl Fn(&T) -> bool) {{
    match result {{
        Ok(value) if check(&value) => println!("{{case}}: ok"),
        Ok(_) => println!("{{case}}: failed (decoded the wrong value)"),
        Err(error) => println!("{{case}}: failed ({{error:?}})"),
    }}
}}

#[tokio::main]
async fn main() -> Result<(), api::Error> {{
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{{}}", listener.local_addr().expect("address"));
    std::thread::spawn(move || serve(listener));
    let client = api::Client::builder().{setter}("key").base_url(url).build()?;
    let order = api::models::Order::new("tea", 3);
    report(
        "field-enum-became-string",
        client.{place}("trace", &order).await,
        |order| !matches!(order.status, None | Some(api::models::Status::Open | api::models::Status::Paid)),
    );
    report("result-became-a-model", client.{archive}("1").await, |_| true);
    report("response-changed", client.{get}("1").await, |_| true);
    Ok(())
}}
"####,
        count = PROBES.len(),
        answers = answers.join(", "),
    )
}

#[test]
fn an_old_binary_keeps_working_on_the_new_wire_exactly_when_the_diff_says_so() {
    let old = common::generate(BASE);
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("verdict-wire");
    let _ = std::fs::remove_dir_all(root.join("crates"));
    let old_crate = generated("shop-wire-old", BASE, &old.names);
    generator::write::write(&root.join("crates/shop-wire-old"), &old_crate.files)
        .expect("write the old client");
    let probe = root.join("crates/wire-probe");
    std::fs::create_dir_all(probe.join("src")).expect("probe dir");
    std::fs::write(
        probe.join("Cargo.toml"),
        "[package]\nname = \"wire-probe\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\napi = { path = \"../shop-wire-old\", package = \"shop-wire-old\" }\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
    )
    .expect("probe manifest");
    std::fs::write(probe.join("src/main.rs"), probe_source(&old.api)).expect("probe source");
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"crates/shop-wire-old\", \"crates/wire-probe\"]\n",
    )
    .expect("workspace manifest");
    if !root.join("Cargo.lock").exists() {
        let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
        std::fs::copy(lock, root.join("Cargo.lock")).expect("lock file");
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["run", "--quiet", "-p", "wire-probe"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", scratch_target())
        .output()
        .expect("run the probe");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the probe failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    for (name, ..) in PROBES {
        let case = cases()
            .into_iter()
            .find(|case| case.name == name)
            .unwrap_or_else(|| panic!("no case {name}"));
        let mut book = old.names.clone();
        (case.names)(&mut book);
        let new = generated("shop-wire-new", &(case.patch)(BASE), &book);
        let changes = diff(&old.api, &new.api);
        let says_wire_works = changes
            .iter()
            .all(|c| !matches!(c.verdict, Verdict::BreaksWire | Verdict::BreaksWireSilently));
        let line = stdout
            .lines()
            .find(|line| line.starts_with(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("the probe did not report {name}:\n{stdout}"));
        assert_eq!(
            line == format!("{name}: ok"),
            says_wire_works,
            "{line}, but the diff says {changes:#?}"
        );
    }
}

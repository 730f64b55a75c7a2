//! The update loop's script (`examples/update-loop/update-spec.sh`, which the example
//! workflow runs on a schedule) against a server on 127.0.0.1 publishing one spec, then
//! another, then a broken one: a commit and a pull request body when the spec changed,
//! nothing at all when it did not, and a loud failure that changes nothing when the new
//! spec is refused. Everything but the CI service's own pull request step.

mod support;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use support::{assert_exit, git, text, Scratch, SpecServer};

fn seed() -> String {
    fs::read_to_string(support::repository().join("spec/heron.yaml")).expect("the seed spec")
}

/// One round of the loop in `repo`: its output, and the body file it may write.
fn round(repo: &Path, body: &Path, github_output: &Path) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_heron-codegen"))
        .parent()
        .expect("the binary's folder")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let _ = fs::remove_file(body);
    Command::new("bash")
        .arg(support::repository().join("examples/update-loop/update-spec.sh"))
        .args(["client".as_ref(), body.as_os_str()])
        .current_dir(repo)
        .env("PATH", path)
        .env("GITHUB_OUTPUT", github_output)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("run the script")
}

fn head(repo: &Path) -> String {
    git(repo, &["rev-parse", "HEAD"]).trim().to_owned()
}

/// The last `changed=` the script reported to GitHub Actions.
fn changed(github_output: &Path) -> String {
    fs::read_to_string(github_output)
        .unwrap_or_default()
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_new_spec_makes_one_commit_and_a_body_an_unchanged_one_nothing_a_broken_one_a_failure() {
    let scratch = Scratch::new("update-loop");
    let repo = scratch.0.join("repo");
    let (body, github_output) = (scratch.0.join("body.md"), scratch.0.join("github-output"));
    fs::create_dir_all(repo.join("vendor")).expect("vendor/");
    fs::create_dir_all(repo.join("client")).expect("client/");
    fs::write(repo.join("vendor/heron.yaml"), seed()).expect("the spec");
    let server = SpecServer::start(&seed());
    fs::write(
        repo.join("client/heron-codegen.toml"),
        format!(
            "spec = \"../vendor/heron.yaml\"\nname = \"heron-client\"\nnames = \"heron.names.toml\"\nurl = \"{}\"\n",
            server.url
        ),
    )
    .expect("the config file");
    let generate = Command::new(env!("CARGO_BIN_EXE_heron-codegen"))
        .args(["-C", "client", "generate"])
        .current_dir(&repo)
        .output()
        .expect("generate");
    assert_exit(&generate, 0, "the first generation");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "the client"]);
    let first = head(&repo);

    // The published spec is the committed one.
    let output = round(&repo, &body, &github_output);
    assert_exit(&output, 0, "a round with nothing new");
    assert!(
        text(&output.stdout).contains("nothing to do"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(head(&repo), first, "no commit");
    assert!(!body.exists(), "no pull request body");
    assert_eq!(changed(&github_output), "changed=false");
    assert_eq!(git(&repo, &["status", "--porcelain"]), "");

    // A new version, published as JSON (as Heron's /swagger is): an enum value is gone.
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&seed().replace("            - deleted_in_plaid\n", ""))
            .expect("the seed");
    server.publish(&serde_json::to_string(&yaml).expect("json"));
    let output = round(&repo, &body, &github_output);
    assert_exit(&output, 0, "a round with a new spec");
    assert_eq!(
        git(&repo, &["rev-list", "--count", &format!("{first}..HEAD")]).trim(),
        "1",
        "one commit"
    );
    let subject = git(&repo, &["log", "-1", "--format=%s"]);
    assert_eq!(
        subject.trim(),
        "Update client from its published spec: 1 API change, 1 breaking"
    );
    let touched = git(&repo, &["show", "--name-only", "--format=", "HEAD"]);
    let touched: Vec<&str> = touched.lines().collect();
    assert!(touched.contains(&"vendor/heron.yaml"), "{touched:?}");
    assert!(
        touched
            .iter()
            .any(|file| file.starts_with("client/src/models/")),
        "{touched:?}"
    );
    let committed_spec = git(&repo, &["show", "HEAD:vendor/heron.yaml"]);
    assert!(
        committed_spec.starts_with("openapi: 3.0.0")
            && !committed_spec.contains("deleted_in_plaid"),
        "the spec is committed as YAML, without the removed value"
    );
    let pull_request = fs::read_to_string(&body).expect("the pull request body");
    assert!(pull_request.contains(&server.url), "{pull_request}");
    assert!(
        pull_request.contains("**1 API change, 1 breaking**")
            && pull_request.contains("`deleted_in_plaid` removed"),
        "{pull_request}"
    );
    assert_eq!(changed(&github_output), "changed=true");
    assert_eq!(
        git(&repo, &["status", "--porcelain"]),
        "",
        "everything is committed"
    );
    let second = head(&repo);

    // The same version again: nothing.
    let output = round(&repo, &body, &github_output);
    assert_exit(&output, 0, "a second round with the same spec");
    assert_eq!(head(&repo), second);
    assert!(!body.exists());

    // A spec the generator refuses: the round fails, loudly, and changes nothing.
    server.publish("openapi: 3.0.0\ninfo: {title: Heron, version: '2'}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Missing'}\n");
    let output = round(&repo, &body, &github_output);
    assert_ne!(output.status.code(), Some(0), "{}", text(&output.stdout));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("#/paths/~1x/get/responses/200") && stderr.contains("is unchanged"),
        "{stderr}"
    );
    assert_eq!(head(&repo), second, "no commit");
    assert_eq!(
        git(&repo, &["status", "--porcelain"]),
        "",
        "nothing changed"
    );
    assert!(!body.exists());
}

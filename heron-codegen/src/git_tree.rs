//! The files of a git revision as a `generator::source::Source`: `diff --base REV` reads
//! each side of a multi-file spec from its own tree. One `git cat-file --batch`
//! answers every read (a spec of thousands of files would otherwise start as many `git`
//! processes).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use generator::source::Source;

pub(crate) struct GitTree {
    revision: String,
    /// The folder of the tree's root, relative to the repository's top (`spec`), or empty.
    folder: String,
    batch: Mutex<Batch>,
}

struct Batch {
    child: Child,
    /// `None` once closed, which ends `git cat-file`.
    input: Option<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl GitTree {
    /// The tree of `folder` (a folder of a git work tree) at `revision`.
    pub(crate) fn open(folder: &Path, revision: &str) -> Result<GitTree, String> {
        let folder = folder.canonicalize().map_err(|err| err.to_string())?;
        let top = git(&folder, &["rev-parse", "--show-toplevel"])?;
        let top = Path::new(top.trim())
            .canonicalize()
            .map_err(|err| err.to_string())?;
        let relative = folder
            .strip_prefix(&top)
            .map_err(|_| "the spec is outside the git work tree")?;
        let folder = relative.to_string_lossy().replace('\\', "/");
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|err| format!("cannot run git: {err}"))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err("cannot talk to git cat-file".to_owned());
        };
        Ok(GitTree {
            revision: revision.to_owned(),
            folder,
            batch: Mutex::new(Batch {
                child,
                input: Some(input),
                output: BufReader::new(output),
            }),
        })
    }
}

impl Source for GitTree {
    fn read(&self, path: &str) -> Result<String, String> {
        let path = match self.folder.as_str() {
            "" => path.to_owned(),
            folder => format!("{folder}/{path}"),
        };
        let mut batch = self.batch.lock().map_err(|_| "git reader poisoned")?;
        let Batch { input, output, .. } = &mut *batch;
        let input = input.as_mut().ok_or("git reader closed")?;
        writeln!(input, "{}:{path}", self.revision).map_err(|err| err.to_string())?;
        input.flush().map_err(|err| err.to_string())?;
        let mut header = String::new();
        output
            .read_line(&mut header)
            .map_err(|err| err.to_string())?;
        // `<object> blob <size>`, or `<name> missing`.
        let size = match header.trim_end().rsplit_once(' ') {
            Some((kind, size)) if kind.ends_with(" blob") => size.parse::<usize>().ok(),
            _ => None,
        };
        let Some(size) = size else {
            return Err(format!("not in {} ({})", self.revision, header.trim_end()));
        };
        let mut bytes = vec![0; size + 1]; // the contents and a newline
        output
            .read_exact(&mut bytes)
            .map_err(|err| err.to_string())?;
        bytes.pop();
        String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())
    }
}

impl Drop for GitTree {
    fn drop(&mut self) {
        if let Ok(batch) = self.batch.get_mut() {
            batch.input = None;
            let _ = batch.child.wait();
        }
    }
}

/// The file at `path` as committed at `revision`.
pub(crate) fn read_at(path: &Path, revision: &str) -> Result<String, String> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or("not a file")?.to_string_lossy();
    GitTree::open(folder, revision)?.read(&name)
}

/// Runs git in `dir`: its output, or its error message.
pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|err| format!("cannot run git: {err}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}

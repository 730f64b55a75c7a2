//! The `heron-codegen` command, and the pieces a wrapper (this repository's `cargo
//! xtask`) runs with its own defaults: [`generate()`], [`check`], [`diff()`] and
//! [`fetch()`], each printing what the command prints and returning its [`Exit`].

mod args;
mod compare;
mod exit;
mod fetch;
mod generate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

pub use compare::{diff, DiffRequest, Sides};
pub use exit::Exit;
pub use fetch::{fetch, FetchRequest};
pub use generate::{check, default_crate_name, generate, regenerate_command, Job};

use crate::config::{Config, CONFIG_FILE};
use crate::generate::Generator;
use args::{Cli, Command, CrateArgs, DiffArgs, FetchArgs, Format, SpecArgs};

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(directory) = &cli.directory {
        if let Err(err) = std::env::set_current_dir(directory) {
            eprintln!("error: {}: {err}", directory.display());
            return Exit::BadInput.into();
        }
    }
    let exit = match &cli.command {
        Command::Generate(args) => {
            crate_job(args, &cli).map_or_else(|exit| exit, |job| generate(&job))
        }
        Command::Check(args) => crate_job(args, &cli).map_or_else(|exit| exit, |job| check(&job)),
        Command::Diff(args) => {
            diff_request(args).map_or_else(|exit| exit, |request| diff(&request))
        }
        Command::Fetch(args) => {
            fetch_request(args).map_or_else(|exit| exit, |request| fetch(&request))
        }
    };
    exit.into()
}

/// A usage error: the message, a pointer to `--help`, exit 2.
fn usage(message: &str, command: &str) -> Exit {
    eprintln!("error: {message}\n\nFor more information, try `heron-codegen {command} --help`.");
    Exit::BadInput
}

/// `generate` and `check`: the crate folder is `--out`, else the current folder when it
/// holds a config file; the config file there gives the defaults, flags win.
fn crate_job(args: &CrateArgs, cli: &Cli) -> Result<Job, Exit> {
    let command = match cli.command {
        Command::Check(_) => "check",
        _ => "generate",
    };
    let folder = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let config = config_in(&folder)?;
    if args.out.is_none() && config.is_none() {
        return Err(usage(
            &format!("no {CONFIG_FILE} here: give --spec and --out, or write {CONFIG_FILE} in the crate's folder"),
            command,
        ));
    }
    let from_flags = config.is_none();
    let spec = spec_from(&args.spec, config, args.name.clone(), command)?;
    let anchor = anchor_for(&folder);
    let regenerate_with = if from_flags {
        let name = args
            .name
            .clone()
            .unwrap_or_else(|| crate::paths::crate_name_for(&folder));
        let mut line = regenerate_command(
            "heron-codegen generate",
            spec.spec_files().spec.as_path(),
            &folder,
            &name,
            &anchor,
        );
        line.push_str(&companion_flags(&args.spec, |path| {
            crate::paths::portable(path, &anchor)
        }));
        line
    } else {
        "heron-codegen generate".to_owned()
    };
    let full_summary = if from_flags {
        let spec_flag = format!(" --spec {}", spec.spec_files().spec.display());
        format!(
            "heron-codegen diff --base HEAD{spec_flag}{}",
            companion_flags(&args.spec, |path| path.display().to_string())
        )
    } else {
        match &args.out {
            Some(out) => format!("heron-codegen -C {} diff --base HEAD", out.display()),
            None => "heron-codegen diff --base HEAD".to_owned(),
        }
    };
    let spec = spec.regenerate_with(regenerate_with).release_since("HEAD");
    Ok(Job::new(spec, folder).with_api_changes(full_summary))
}

/// ` --names FILE --overlay FILE` for the companions given as flags.
fn companion_flags(args: &SpecArgs, shown: impl Fn(&Path) -> String) -> String {
    let mut flags = String::new();
    if let Some(names) = &args.names {
        flags.push_str(&format!(" --names {}", shown(names)));
    }
    if let Some(overlay) = &args.overlay {
        flags.push_str(&format!(" --overlay {}", shown(overlay)));
    }
    flags
}

/// The config file in `folder`, if any; a bad one is reported.
fn config_in(folder: &Path) -> Result<Option<Config>, Exit> {
    Config::in_folder(folder).map_err(|error| exit::reported(&error))
}

/// The spec and its companions: flags first, then the config file.
fn spec_from(
    args: &SpecArgs,
    config: Option<Config>,
    name: Option<String>,
    command: &str,
) -> Result<Generator, Exit> {
    let config = config.unwrap_or_default();
    let merged = Config {
        spec: args.spec.clone().or(config.spec),
        names: args.names.clone().or(config.names),
        overlay: args.overlay.clone().or(config.overlay),
        name: name.or(config.name),
        ..config
    };
    if merged.spec.is_none() {
        return Err(usage(
            &format!("no spec: give --spec, or `spec` in {CONFIG_FILE}"),
            command,
        ));
    }
    Generator::with_config(merged).map_err(|error| exit::reported(&error))
}

fn diff_request(args: &DiffArgs) -> Result<DiffRequest, Exit> {
    let sides = match (&args.base, args.specs.as_slice()) {
        (Some(revision), [spec]) if args.spec.spec.is_none() => {
            let flags = SpecArgs {
                spec: Some(spec.clone()),
                names: args.spec.names.clone(),
                overlay: args.spec.overlay.clone(),
            };
            Sides::Base {
                revision: revision.clone(),
                spec: spec_from(&flags, None, None, "diff")?,
            }
        }
        (Some(revision), []) => Sides::Base {
            revision: revision.clone(),
            spec: spec_from(&args.spec, config_in(Path::new("."))?, None, "diff")?,
        },
        (None, [old, new])
            if args.spec.spec.is_none()
                && args.spec.names.is_none()
                && args.spec.overlay.is_none() =>
        {
            Sides::Specs {
                old: old.clone(),
                new: new.clone(),
            }
        }
        _ => {
            return Err(usage(
                "`diff` takes OLD NEW (two spec files), or --base REV with the spec from \
                 [SPEC], --spec or heron-codegen.toml",
                "diff",
            ))
        }
    };
    Ok(DiffRequest {
        sides,
        json: args.format == Format::Json,
        fail_on_breaking: args.fail_on_breaking,
    })
}

fn fetch_request(args: &FetchArgs) -> Result<FetchRequest, Exit> {
    let config = config_in(Path::new("."))?;
    let url = args
        .url
        .clone()
        .or_else(|| config.as_ref().and_then(|config| config.url.clone()));
    let Some(url) = url else {
        return Err(usage(
            &format!("no URL: give one, or `url` in {CONFIG_FILE}"),
            "fetch",
        ));
    };
    let spec = spec_from(&args.spec, config, None, "fetch")?;
    Ok(FetchRequest { url, spec })
}

/// What paths in generated files are relative to, for output in `folder`: the top of the
/// git work tree it is in (paths then read the same on every clone), else the current
/// folder.
fn anchor_for(folder: &Path) -> PathBuf {
    let mut existing = crate::paths::resolved(folder);
    while !existing.is_dir() {
        if !existing.pop() {
            break;
        }
    }
    crate::git_tree::git(&existing, &["rev-parse", "--show-toplevel"])
        .map(|top| PathBuf::from(top.trim()))
        .unwrap_or_else(|_| std::env::current_dir().unwrap_or_default())
}

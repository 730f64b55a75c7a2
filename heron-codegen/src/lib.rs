#![doc = include_str!("../README.md")]
//!
//! [`Report::warnings`]: crate::Report::warnings

mod config;
mod error;
mod generate;
mod git_tree;
mod out_dir;
mod paths;
mod previous;
mod spec_files;

#[cfg(feature = "cli")]
pub mod cli;

pub use config::{Config, CONFIG_FILE};
pub use error::{Error, Problem};
pub use generate::{Checked, Generator, Report};
pub use generator::{Diagnostic, Location, Severity};

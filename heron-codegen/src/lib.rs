#![doc = include_str!("../README.md")]
//!
//! [`Report::warnings`]: crate::Report::warnings

mod config;
mod error;
mod generate;
mod out_dir;
mod paths;
mod spec_files;

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
mod git_tree;

pub use config::{Config, CONFIG_FILE};
pub use error::{Error, Problem};
pub use generate::{Checked, Generator, Report};
pub use generator::{Diagnostic, Location, Severity};

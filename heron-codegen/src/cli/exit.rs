//! How a command ends: its exit code.

/// The exit codes scripts rely on (`heron-codegen --help` lists them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Success,
    /// 1: a check failed (a stale crate, a breaking change with `--fail-on-breaking`).
    CheckFailed,
    /// 2: bad input or usage; what was wrong is already on stderr.
    BadInput,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::CheckFailed => 1,
            Exit::BadInput => 2,
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> std::process::ExitCode {
        std::process::ExitCode::from(exit.code())
    }
}

/// Prints `error` (every line of it) on stderr: bad input.
pub(crate) fn reported(error: &crate::error::Error) -> Exit {
    eprintln!("{error}");
    Exit::BadInput
}

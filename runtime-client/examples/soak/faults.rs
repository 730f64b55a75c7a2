//! The schedule of faults and the rule that judges each call by what the server did.
//!
//! Every call has an id, sent in the `x-soak-call` header. The id alone decides, for the
//! client and the server alike, which operation the call is and which fault its server
//! answers with ([`Call::planned`]). The server records what it actually did to each
//! request (a fault, a good answer, or a 503 of a burst that struck every request for a
//! moment), and [`check`] holds the call's outcome against that record: the typed error
//! the last answer implies, no retry of what is not retried, none beyond the budget, none
//! sooner than the wait the client owes, and no call that gave up while it could retry.

use std::time::{Duration, Instant};

/// The client's retry settings; the rule below expects exactly these.
pub const MAX_RETRIES: u32 = 3;
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// Per attempt: the hangs and stalled bodies of the server outlast it.
pub const TIMEOUT: Duration = Duration::from_secs(2);
/// What a 429 asks the client to wait.
pub const RETRY_AFTER_SECONDS: u64 = 1;
/// Pages of a paginated call, one item each.
pub const PAGES: u32 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// `GET /items`: retried.
    List,
    /// `POST /items`: retried only with an idempotency key.
    Create { idempotency_key: bool },
    /// `GET /paging/users` through `.items()`: three pages, each retried on its own.
    Pages,
}

/// What the server was scheduled to do to a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    None,
    SlowBody,
    Reset,
    Truncated,
    InvalidJson,
    WrongShape,
    /// A 429 with `Retry-After`, then a good answer.
    Throttled,
    /// This many 503s in a row, then a good answer: one more than the budget fails.
    Unavailable(u32),
    Hang,
    StalledBody,
    /// A 4xx that is not retried: 404 to a GET, 422 (with the spec's error body) to a POST.
    Rejected,
}

/// What the server did to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Good,
    /// The good answer, its body in pieces over about 400 ms (within the timeout).
    SlowBody,
    /// The connection reset (RST) after the request was read.
    Reset,
    /// A `content-length` longer than the body sent, then the connection closed.
    Truncated,
    /// A 200 whose body is not JSON.
    InvalidJson,
    /// A 200 whose JSON is not the declared type.
    WrongShape,
    /// A status with an error body, and `Retry-After` seconds if some.
    Status(u16, Option<u64>),
    /// No answer, until the client gives up and closes.
    Hang,
    /// The head and half the body, then nothing.
    StalledBody,
    /// The request was not the one this call sends (path, key or body): answered 400.
    Invalid,
}

/// How a call ended, reduced to what the server's record can be checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The ids of the items received, in order (a failed paginated call keeps the items
    /// of the pages before the failure).
    pub ids: Vec<i64>,
    pub error: Option<ErrorKind>,
}

/// The `runtime_client::Error` variant a call ended with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorKind {
    Api(u16),
    Decode,
    Timeout,
    Transport,
    /// Any other variant: never expected here.
    Other(&'static str),
}

/// One request as the server saw and answered it.
#[derive(Clone, Copy, Debug)]
pub struct Served {
    pub page: u32,
    pub action: Action,
    /// A 503 of a burst that struck every request, whatever the call's fault.
    pub burst: bool,
    pub arrived: Instant,
}

/// A call's plan: its operation, its fault, and the page the fault strikes.
#[derive(Clone, Copy, Debug)]
pub struct Call {
    pub id: u64,
    pub operation: Operation,
    pub fault: Fault,
    pub faulty_page: u32,
}

/// Parts in 100 of each fault: a little more than half the calls are answered well.
const FAULTS: &[(u64, Fault)] = &[
    (52, Fault::None),
    (6, Fault::SlowBody),
    (5, Fault::Reset),
    (5, Fault::Truncated),
    (4, Fault::InvalidJson),
    (3, Fault::WrongShape),
    (6, Fault::Throttled),
    (10, Fault::Unavailable(0)),
    (3, Fault::Hang),
    (2, Fault::StalledBody),
    (4, Fault::Rejected),
];

impl Fault {
    /// A short name, for the report.
    pub fn name(self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::SlowBody => "slow body",
            Fault::Reset => "reset",
            Fault::Truncated => "truncated body",
            Fault::InvalidJson => "invalid JSON",
            Fault::WrongShape => "JSON of another shape",
            Fault::Throttled => "429 with Retry-After",
            Fault::Unavailable(1) => "503 x1",
            Fault::Unavailable(2) => "503 x2",
            Fault::Unavailable(3) => "503 x3",
            Fault::Unavailable(_) => "503 x4",
            Fault::Hang => "hang",
            Fault::StalledBody => "stalled body",
            Fault::Rejected => "404 or 422",
        }
    }
}

impl Call {
    /// The plan of call `id`: a hash of the seed and the id, so the same seed gives the
    /// same schedule.
    pub fn planned(seed: u64, id: u64) -> Call {
        let mut random = splitmix(seed ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut next = |bound: u64| {
            random = splitmix(random);
            random % bound
        };
        let operation = match next(20) {
            0..=11 => Operation::List,
            12..=16 => Operation::Create {
                idempotency_key: next(2) == 0,
            },
            _ => Operation::Pages,
        };
        let mut pick = next(100);
        let mut fault = Fault::None;
        for (weight, candidate) in FAULTS {
            if pick < *weight {
                fault = *candidate;
                break;
            }
            pick -= weight;
        }
        if fault == Fault::Unavailable(0) {
            fault = Fault::Unavailable(1 + next(u64::from(MAX_RETRIES) + 1) as u32);
        }
        let faulty_page = match operation {
            Operation::Pages => 1 + next(u64::from(PAGES)) as u32,
            _ => 1,
        };
        Call {
            id,
            operation,
            fault,
            faulty_page,
        }
    }

    /// What the server does to a request of this call for `page`, given what it did to
    /// the call's earlier requests (bursts aside: a burst's 503 is decided by the clock).
    pub fn action(&self, page: u32, earlier: &[Served]) -> Action {
        if page != self.faulty_page {
            return Action::Good;
        }
        let nth = earlier
            .iter()
            .filter(|served| served.page == page && !served.burst)
            .count() as u32;
        match self.fault {
            Fault::None => Action::Good,
            Fault::Throttled if nth == 0 => Action::Status(429, Some(RETRY_AFTER_SECONDS)),
            Fault::Unavailable(count) if nth < count => Action::Status(503, None),
            Fault::Throttled | Fault::Unavailable(_) => Action::Good,
            _ if nth > 0 => Action::Good,
            Fault::SlowBody => Action::SlowBody,
            Fault::Reset => Action::Reset,
            Fault::Truncated => Action::Truncated,
            Fault::InvalidJson => Action::InvalidJson,
            Fault::WrongShape => Action::WrongShape,
            Fault::Hang => Action::Hang,
            Fault::StalledBody => Action::StalledBody,
            Fault::Rejected => match self.operation {
                Operation::Create { .. } => Action::Status(422, None),
                _ => Action::Status(404, None),
            },
        }
    }

    /// The id of the item a good answer to `page` carries.
    pub fn item_id(&self, page: u32) -> i64 {
        match self.operation {
            Operation::Pages => self.id as i64 * 10 + i64::from(page),
            _ => self.id as i64,
        }
    }

    fn pages(&self) -> u32 {
        match self.operation {
            Operation::Pages => PAGES,
            _ => 1,
        }
    }

    /// Retries each request of this call may make.
    fn budget(&self) -> u32 {
        match self.operation {
            Operation::List | Operation::Pages => MAX_RETRIES,
            Operation::Create { idempotency_key } if idempotency_key => MAX_RETRIES,
            Operation::Create { .. } => 0,
        }
    }
}

impl Action {
    /// The client retries 408, 429 and 5xx (`docs/using-the-client.md`, "Retries"); a connection reset after
    /// the request was sent is not a failure to connect, and is not retried.
    fn retried(self) -> bool {
        matches!(self, Action::Status(status, _) if status == 408 || status == 429 || status >= 500)
    }

    /// The call's result when this was the last answer.
    fn implies(self) -> Result<(), ErrorKind> {
        match self {
            Action::Good | Action::SlowBody => Ok(()),
            Action::Status(status, _) => Err(ErrorKind::Api(status)),
            Action::Invalid => Err(ErrorKind::Api(400)),
            Action::InvalidJson | Action::WrongShape => Err(ErrorKind::Decode),
            Action::Reset | Action::Truncated => Err(ErrorKind::Transport),
            Action::Hang | Action::StalledBody => Err(ErrorKind::Timeout),
        }
    }

    /// The shortest wait the client owes before retry number `retry + 1` after this
    /// answer: what `Retry-After` asks, or the fixed half of the exponential backoff.
    fn owed_wait(self, retry: u32) -> Duration {
        match self {
            Action::Status(_, Some(seconds)) => Duration::from_secs(seconds).min(MAX_BACKOFF),
            _ => {
                INITIAL_BACKOFF
                    .saturating_mul(2u32.saturating_pow(retry))
                    .min(MAX_BACKOFF)
                    / 2
            }
        }
    }
}

/// What a call that passed [`check`] did.
#[derive(Clone, Copy, Debug, Default)]
pub struct Checked {
    pub requests: u32,
    pub retries: u32,
    /// The most retries of one request (one page of a paginated call).
    pub most_retries: u32,
}

/// The rule a call breaks when it retries more than its budget allows.
pub const BEYOND_BUDGET: &str = "retried beyond the budget";

/// A call that broke a rule: which rule, and the details.
#[derive(Debug)]
pub struct Violation {
    pub rule: &'static str,
    pub detail: String,
}

fn violation(rule: &'static str, detail: String) -> Result<Checked, Violation> {
    Err(Violation { rule, detail })
}

/// Holds the outcome of `call` against what the server did to its requests (`served`,
/// in order of arrival).
pub fn check(call: &Call, served: &[Served], outcome: &Outcome) -> Result<Checked, Violation> {
    let detail = || {
        format!(
            "call {} {call:?}: served {served:?}, got {outcome:?}",
            call.id
        )
    };
    if served.is_empty() {
        return violation("no request reached the server", detail());
    }
    if served.iter().any(|s| s.action == Action::Invalid) {
        return violation("the server refused the request the call sent", detail());
    }
    let mut checked = Checked::default();
    let mut expected = Outcome {
        ids: Vec::new(),
        error: None,
    };
    let mut rest = served;
    let mut page = 0;
    while let Some(first) = rest.first() {
        page += 1;
        if first.page != page || expected.error.is_some() {
            return violation("pages requested out of order or after a failure", detail());
        }
        let length = rest.iter().take_while(|s| s.page == page).count();
        let (requests, after) = rest.split_at(length);
        rest = after;
        let retries = length as u32 - 1;
        if retries > call.budget() {
            return violation(BEYOND_BUDGET, detail());
        }
        for (retry, pair) in requests.windows(2).enumerate() {
            if !pair[0].action.retried() {
                return violation("retried an answer that is not retried", detail());
            }
            let owed = pair[0].action.owed_wait(retry as u32);
            if pair[1].arrived.duration_since(pair[0].arrived) < owed {
                return violation("retried sooner than the wait it owed", detail());
            }
        }
        let last = requests[length - 1].action;
        if last.retried() && retries < call.budget() {
            return violation("gave up with retries left", detail());
        }
        match last.implies() {
            Ok(()) => expected.ids.push(call.item_id(page)),
            Err(kind) => expected.error = Some(kind),
        }
        checked.requests += length as u32;
        checked.retries += retries;
        checked.most_retries = checked.most_retries.max(retries);
    }
    if expected.error.is_none() && page != call.pages() {
        return violation("stopped before the last page", detail());
    }
    if *outcome != expected {
        let rule = if outcome.error == expected.error {
            "a body other than the one the server sent"
        } else {
            "an error of another kind than the answer implies"
        };
        return violation(rule, format!("expected {expected:?}; {}", detail()));
    }
    Ok(checked)
}

/// SplitMix64: a few lines of well-mixed bits for a schedule that is the same every run.
fn splitmix(state: u64) -> u64 {
    let mut z = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

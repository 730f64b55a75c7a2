//! A soak of the generated client under faults: 64 calls in flight, for minutes, against
//! a loopback server that misbehaves on a schedule (`server.rs`: connection resets,
//! truncated, slow and stalled bodies, 429 with `Retry-After`, runs of 503 and bursts of
//! 503 for every request, invalid JSON, hangs past the client's timeout, 4xx answers, and
//! good answers for a little over half the calls). The calls are what an application
//! makes: `GET /items` (retried), `POST /items` (with and without an idempotency key) and
//! a three-page list read through `.items()`.
//!
//! Every call is held against what the server did to its requests (`faults.rs`): it must
//! end as the typed `Error` the last answer implies, never retry beyond its budget, nor
//! sooner than it owes. The soak prints calls, outcomes, retries, latency, resident
//! memory, the sockets and tokio tasks left once the client is dropped, and panics, then
//! one JSON row per figure (which `cargo xtask bench soak` keeps), and exits 1 when a
//! target is missed: a panic, a call that broke a rule, memory at the end more than 10%
//! above its level after the warm-up, a socket or task left after the client is dropped.
//!
//! `cargo run --release -p runtime-client --example soak -- [--minutes M] [--quick]
//! [--in-flight N] [--seed S]` (default: 3 minutes, 64 in flight, seed 1; `--quick`: 40
//! seconds). Linux only: memory and sockets are read from `/proc`.

#[path = "../../../generated-client/tests/support/mod.rs"]
mod support;

mod faults;
mod measure;
mod report;
mod server;

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use runtime_client::models::{ItemRequest, ValidationError};
use runtime_client::{Client, Error};

use faults::{Call, ErrorKind, Fault, Operation, Outcome, Served};
use measure::Histogram;
use report::{Report, Sample};
use server::{Records, Server, API_KEY, CALL_HEADER};

/// Panics anywhere in the process, the client's own tasks and the server's included
/// (tokio catches a task's panic and goes on, so only a hook sees them all).
static PANICS: AtomicU64 = AtomicU64::new(0);

/// How long the soak waits, idle, before counting what is left open.
const IDLE: Duration = Duration::from_secs(2);
/// At most this many calls that broke a rule are quoted in full.
const EXAMPLES: usize = 5;

pub struct Config {
    pub duration: Duration,
    /// Memory is compared from the end of the warm-up on.
    pub warm_up: Duration,
    pub in_flight: usize,
    pub seed: u64,
    pub progress_every: Duration,
}

impl Config {
    fn from_args() -> Result<Config, String> {
        let mut config = Config {
            duration: Duration::from_secs(180),
            warm_up: Duration::ZERO,
            in_flight: 64,
            seed: 1,
            progress_every: Duration::from_secs(30),
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or(format!("{arg} needs a value"));
            match arg.as_str() {
                "--quick" => {
                    config.duration = Duration::from_secs(40);
                    config.progress_every = Duration::from_secs(10);
                }
                "--minutes" => {
                    let minutes: f64 = value()?.parse().map_err(|_| "--minutes: a number")?;
                    if !(minutes > 0.0 && minutes < 100_000.0) {
                        return Err("--minutes: more than 0".to_owned());
                    }
                    config.duration = Duration::from_secs_f64(minutes * 60.0);
                }
                "--in-flight" => {
                    config.in_flight = value()?.parse().map_err(|_| "--in-flight: a count")?;
                }
                "--seed" => config.seed = value()?.parse().map_err(|_| "--seed: a number")?,
                _ => return Err(format!("unknown argument `{arg}`")),
            }
        }
        config.warm_up = (config.duration / 3).min(Duration::from_secs(60));
        Ok(config)
    }
}

fn main() -> ExitCode {
    let config = match Config::from_args() {
        Ok(config) => config,
        Err(message) => {
            eprintln!(
                "soak: {message}\nusage: soak [--minutes M] [--quick] [--in-flight N] [--seed S]"
            );
            return ExitCode::from(2);
        }
    };
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        default_hook(info);
    }));
    let server = Server::start(config.seed);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .thread_name("soak-client")
        .enable_all()
        .build()
        .expect("the client's runtime");
    report::introduce(&config);
    let mut report = runtime.block_on(soak(&config, &server));
    drop(runtime);
    report.server_connections = server.connections.load(Ordering::SeqCst);
    report.stray_requests = server.records.left();
    server.stop();
    report.panics = PANICS.load(Ordering::SeqCst);
    if report.print() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn soak(config: &Config, server: &Server) -> Report {
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key(API_KEY)
        .timeout(faults::TIMEOUT)
        .max_retries(faults::MAX_RETRIES)
        .initial_backoff(faults::INITIAL_BACKOFF)
        .max_backoff(faults::MAX_BACKOFF)
        .build()
        .expect("client");
    let metrics = tokio::runtime::Handle::current().metrics();
    let stop = Arc::new(AtomicBool::new(false));
    let next_id = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..config.in_flight)
        .map(|_| {
            let worker = Worker {
                client: client.clone(),
                records: Arc::clone(&server.records),
                seed: config.seed,
                next_id: Arc::clone(&next_id),
                stop: Arc::clone(&stop),
            };
            tokio::spawn(worker.run())
        })
        .collect();

    let started = Instant::now();
    let mut samples = Vec::with_capacity(config.duration.as_secs() as usize + 8);
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    ticks.tick().await;
    let mut next_progress = config.progress_every;
    loop {
        ticks.tick().await;
        let sample = Sample::take(
            started,
            server.port,
            &metrics,
            next_id.load(Ordering::Relaxed),
        );
        if sample.elapsed >= next_progress {
            sample.print_progress();
            next_progress += config.progress_every;
        }
        samples.push(sample);
        if started.elapsed() >= config.duration {
            break;
        }
    }
    stop.store(true, Ordering::SeqCst);
    let mut tally = Tally::new();
    let mut panicked_workers = 0;
    for worker in workers {
        match worker.await {
            Ok(done) => tally.merge(done),
            Err(_) => panicked_workers += 1,
        }
    }
    let elapsed = started.elapsed();

    // Idle with the client alive: its pool may keep connections for reuse.
    tokio::time::sleep(IDLE).await;
    let idle = Sample::take(started, server.port, &metrics, 0);
    drop(client);
    tokio::time::sleep(IDLE).await;
    let dropped = Sample::take(started, server.port, &metrics, 0);
    Report {
        config_in_flight: config.in_flight,
        warm_up: config.warm_up,
        elapsed,
        samples,
        tally,
        panicked_workers,
        idle,
        dropped,
        peak_rss: measure::memory().map_or(0, |(_, peak)| peak),
        server_connections: 0,
        stray_requests: 0,
        panics: 0,
    }
}

/// One of the calls in flight: makes call after call until told to stop.
struct Worker {
    client: Client,
    records: Arc<Records>,
    seed: u64,
    next_id: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl Worker {
    async fn run(self) -> Tally {
        let mut tally = Tally::new();
        while !self.stop.load(Ordering::Relaxed) {
            let call = Call::planned(self.seed, self.next_id.fetch_add(1, Ordering::Relaxed));
            let started = Instant::now();
            let outcome = perform(&self.client, &call).await;
            let elapsed = started.elapsed();
            let served = self.records.take(call.id);
            tally.add(&call, &served, &outcome, elapsed);
        }
        tally
    }
}

/// Makes `call` as an application would, and reduces its result to an [`Outcome`].
async fn perform(client: &Client, call: &Call) -> Outcome {
    let id = call.id.to_string();
    match call.operation {
        Operation::List => match client.list_items().header(CALL_HEADER, &id).await {
            Ok(items) => Outcome {
                ids: items.iter().map(|item| item.id.unwrap_or(-1)).collect(),
                error: None,
            },
            Err(error) => failed(Vec::new(), &error),
        },
        Operation::Create { idempotency_key } => {
            let name = format!("soak-{id}");
            let mut create = client
                .create_item(&ItemRequest::new(name.clone()))
                .header(CALL_HEADER, &id);
            if idempotency_key {
                create = create.idempotency_key(&format!("create-{id}"));
            }
            match create.await {
                Ok(item) if item.name == name => Outcome {
                    ids: vec![item.id.unwrap_or(-1)],
                    error: None,
                },
                Ok(_) => Outcome {
                    ids: vec![-1],
                    error: None,
                },
                Err(error) => failed(Vec::new(), &error),
            }
        }
        Operation::Pages => {
            let mut items = client
                .list_users()
                .with_limit(1)
                .header(CALL_HEADER, &id)
                .items();
            let mut ids = Vec::new();
            while let Some(item) = items.next().await {
                match item {
                    Ok(entry) => ids.push(entry.id),
                    Err(error) => return failed(ids, &error),
                }
            }
            Outcome { ids, error: None }
        }
    }
}

fn failed(ids: Vec<i64>, error: &Error) -> Outcome {
    let kind = match error {
        // A 422 carries the spec's error schema, as a caller would read it.
        Error::Api(api) if api.status == 422 && api.json::<ValidationError>().is_err() => {
            ErrorKind::Other("a 422 whose body is not a ValidationError")
        }
        Error::Api(api) => ErrorKind::Api(api.status.as_u16()),
        Error::Decode(_) => ErrorKind::Decode,
        Error::Timeout => ErrorKind::Timeout,
        Error::Transport(_) => ErrorKind::Transport,
        Error::InvalidPathParameter { .. } => ErrorKind::Other("invalid path parameter"),
        Error::InvalidHeader(_) => ErrorKind::Other("invalid header"),
        Error::InvalidUrl(_) => ErrorKind::Other("invalid URL"),
        Error::Encode(_) => ErrorKind::Other("encode"),
        Error::Hook(_) => ErrorKind::Other("hook"),
        Error::Pagination(_) => ErrorKind::Other("pagination"),
        _ => ErrorKind::Other("a variant this soak does not know"),
    };
    Outcome {
        ids,
        error: Some(kind),
    }
}

/// What one worker saw, merged into the whole soak's at the end.
pub struct Tally {
    pub calls: u64,
    pub requests: u64,
    pub retries: u64,
    pub most_retries: u32,
    pub outcomes: BTreeMap<Option<ErrorKind>, u64>,
    pub faults: BTreeMap<&'static str, u64>,
    /// Calls at least one of whose requests a burst of 503 struck.
    pub struck_by_bursts: u64,
    pub violations: BTreeMap<&'static str, u64>,
    pub examples: Vec<String>,
    pub latency: Histogram,
    /// Calls with no fault that no burst struck.
    pub clean_latency: Histogram,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            calls: 0,
            requests: 0,
            retries: 0,
            most_retries: 0,
            outcomes: BTreeMap::new(),
            faults: BTreeMap::new(),
            struck_by_bursts: 0,
            violations: BTreeMap::new(),
            examples: Vec::new(),
            latency: Histogram::new(),
            clean_latency: Histogram::new(),
        }
    }

    fn add(&mut self, call: &Call, served: &[Served], outcome: &Outcome, elapsed: Duration) {
        self.calls += 1;
        *self.outcomes.entry(outcome.error).or_default() += 1;
        *self.faults.entry(call.fault.name()).or_default() += 1;
        let struck = served.iter().any(|served| served.burst);
        self.struck_by_bursts += u64::from(struck);
        let micros = elapsed.as_micros() as u64;
        self.latency.record(micros);
        if call.fault == Fault::None && !struck {
            self.clean_latency.record(micros);
        }
        match faults::check(call, served, outcome) {
            Ok(checked) => {
                self.requests += u64::from(checked.requests);
                self.retries += u64::from(checked.retries);
                self.most_retries = self.most_retries.max(checked.most_retries);
            }
            Err(violation) => {
                self.requests += served.len() as u64;
                *self.violations.entry(violation.rule).or_default() += 1;
                if self.examples.len() < EXAMPLES {
                    self.examples
                        .push(format!("{}: {}", violation.rule, violation.detail));
                }
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        self.calls += other.calls;
        self.requests += other.requests;
        self.retries += other.retries;
        self.most_retries = self.most_retries.max(other.most_retries);
        for (outcome, count) in other.outcomes {
            *self.outcomes.entry(outcome).or_default() += count;
        }
        for (fault, count) in other.faults {
            *self.faults.entry(fault).or_default() += count;
        }
        self.struck_by_bursts += other.struck_by_bursts;
        for (rule, count) in other.violations {
            *self.violations.entry(rule).or_default() += count;
        }
        let room = EXAMPLES.saturating_sub(self.examples.len());
        self.examples.extend(other.examples.into_iter().take(room));
        self.latency.merge(&other.latency);
        self.clean_latency.merge(&other.clean_latency);
    }
}

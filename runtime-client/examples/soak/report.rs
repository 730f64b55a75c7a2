//! What the soak prints: a line of progress now and then, the figures at the end with the
//! targets they meet or miss, and one JSON row per figure for `cargo xtask bench`.

use std::time::{Duration, Instant};

use tokio::runtime::RuntimeMetrics;

use crate::faults::{self, ErrorKind};
use crate::measure::{self, Sockets};
use crate::{Config, Tally};

/// Memory may end at most this much above its level after the warm-up.
const MEMORY_GROWTH_ALLOWED: f64 = 0.10;
/// A memory level is the median of the samples over this long (or a sixth of the run).
const LEVEL_WINDOW: Duration = Duration::from_secs(10);

/// The process once a second.
pub struct Sample {
    pub elapsed: Duration,
    pub rss: u64,
    pub sockets: Option<Sockets>,
    pub tasks: usize,
    pub calls: u64,
}

impl Sample {
    pub fn take(started: Instant, port: u16, metrics: &RuntimeMetrics, calls: u64) -> Sample {
        Sample {
            elapsed: started.elapsed(),
            rss: measure::memory().map_or(0, |(rss, _)| rss),
            sockets: measure::sockets(port),
            tasks: metrics.num_alive_tasks(),
            calls,
        }
    }

    pub fn print_progress(&self) {
        println!(
            "  {:>5.0} s: {} calls, RSS {}, sockets to the server {}, tokio tasks {}",
            self.elapsed.as_secs_f64(),
            thousands(self.calls),
            megabytes(self.rss),
            self.sockets
                .map_or("?".to_owned(), |s| s.client.to_string()),
            self.tasks
        );
    }
}

pub fn introduce(config: &Config) {
    println!(
        "soak of runtime-client: {} calls in flight for {:.0} s (memory compared from {:.0} s on), \
         against a loopback server that misbehaves on a schedule (seed {})",
        config.in_flight,
        config.duration.as_secs_f64(),
        config.warm_up.as_secs_f64(),
        config.seed
    );
    println!(
        "  client: timeout {} s per attempt, max_retries {}, backoff from {} ms doubling (at most {} s)",
        faults::TIMEOUT.as_secs(),
        faults::MAX_RETRIES,
        faults::INITIAL_BACKOFF.as_millis(),
        faults::MAX_BACKOFF.as_secs()
    );
}

pub struct Report {
    pub config_in_flight: usize,
    pub warm_up: Duration,
    pub elapsed: Duration,
    pub samples: Vec<Sample>,
    pub tally: Tally,
    pub panicked_workers: usize,
    /// After the calls, idle with the client alive, and idle after it was dropped.
    pub idle: Sample,
    pub dropped: Sample,
    pub peak_rss: u64,
    /// Connections the server still held at the end.
    pub server_connections: usize,
    pub stray_requests: usize,
    pub panics: u64,
}

/// The figures the targets are judged on, worked out of a report once.
struct Figures {
    seconds: f64,
    /// Resident memory after the warm-up and at the end, and the growth between them.
    warm: u64,
    last: u64,
    growth: f64,
    violations: u64,
    idle: Sockets,
    /// Sockets of either side left once the client was dropped (`usize::MAX`: unknown).
    left_open: usize,
}

impl Report {
    /// Prints the figures and the targets; `true` when every target was met.
    pub fn print(&self) -> bool {
        let figures = self.figures();
        self.print_figures(&figures);
        let mut met = true;
        for (ok, target) in self.targets(&figures) {
            println!("{} {target}", if ok { "met:   " } else { "MISSED:" });
            met &= ok;
        }
        for (name, value, unit) in self.rows(&figures) {
            println!(
                "{}",
                serde_json::json!({"name": name, "median": value, "unit": unit})
            );
        }
        met
    }

    fn figures(&self) -> Figures {
        let window = LEVEL_WINDOW.min(self.elapsed / 6);
        let warm = self.level(self.warm_up, self.warm_up + window);
        let last = self.level(self.elapsed.saturating_sub(window), self.elapsed);
        Figures {
            seconds: self.elapsed.as_secs_f64(),
            warm,
            last,
            growth: last as f64 / (warm as f64).max(1.0) - 1.0,
            violations: self.tally.violations.values().sum(),
            idle: self.idle.sockets.unwrap_or_default(),
            left_open: self
                .dropped
                .sockets
                .map_or(usize::MAX, |s| s.client + s.server),
        }
    }

    fn print_figures(&self, figures: &Figures) {
        let tally = &self.tally;
        let line = |name: &str, value: String| println!("{name:<16} {value}");
        line(
            "calls",
            format!(
                "{} ({:.1} a second), {} requests",
                thousands(tally.calls),
                tally.calls as f64 / figures.seconds,
                thousands(tally.requests)
            ),
        );
        let outcomes = tally
            .outcomes
            .iter()
            .map(|(kind, n)| (outcome_name(*kind), *n));
        line("outcomes", list(outcomes));
        let faults = tally.faults.iter().map(|(name, n)| (name.to_string(), *n));
        line("faults planned", list(faults));
        line(
            "503 bursts",
            format!(
                "struck {} calls (every request for 1.5 s in 20 s)",
                thousands(tally.struck_by_bursts)
            ),
        );
        let beyond = tally.violations.get(faults::BEYOND_BUDGET).unwrap_or(&0);
        line(
            "retries",
            format!(
                "{}; most for one request {} (budget {}); beyond the budget {beyond}",
                thousands(tally.retries),
                tally.most_retries,
                faults::MAX_RETRIES
            ),
        );
        let (all, clean) = (&tally.latency, &tally.clean_latency);
        line(
            "latency",
            format!(
                "p50 {:.1} ms, p99 {:.1} ms; calls with no fault: p50 {:.2} ms, p99 {:.2} ms",
                all.quantile_ms(0.5),
                all.quantile_ms(0.99),
                clean.quantile_ms(0.5),
                clean.quantile_ms(0.99)
            ),
        );
        line(
            "memory (RSS)",
            format!(
                "after the warm-up {}, final {} ({:+.1}%), peak {}",
                megabytes(figures.warm),
                megabytes(figures.last),
                figures.growth * 100.0,
                megabytes(self.peak_rss)
            ),
        );
        let dropped = self.dropped.sockets.map_or("?".to_owned(), |s| {
            format!("{} (server side {})", s.client, s.server)
        });
        line(
            "sockets",
            format!(
                "to the server, idle with the client alive {} (server side {}); \
                 after the client was dropped {dropped}; server connections open {}",
                figures.idle.client, figures.idle.server, self.server_connections
            ),
        );
        line(
            "tokio tasks",
            format!(
                "alive, idle with the client alive {}; after the client was dropped {}",
                self.idle.tasks, self.dropped.tasks
            ),
        );
        line(
            "panics",
            format!(
                "{} (workers lost to a panic: {})",
                self.panics, self.panicked_workers
            ),
        );
        let rules = list(
            tally
                .violations
                .iter()
                .map(|(rule, n)| (rule.to_string(), *n)),
        );
        let rules = match rules.is_empty() {
            true => String::new(),
            false => format!(" ({rules})"),
        };
        line(
            "checks",
            format!(
                "{} calls held against what the server did: {} broke a rule{rules}",
                thousands(tally.calls),
                thousands(figures.violations),
            ),
        );
        line(
            "stray requests",
            format!(
                "{} (arrived after their call had returned)",
                self.stray_requests
            ),
        );
        for example in &tally.examples {
            println!("  e.g. {example}");
        }
    }

    fn targets(&self, figures: &Figures) -> [(bool, String); 8] {
        let allowed = MEMORY_GROWTH_ALLOWED * 100.0;
        [
            (self.tally.calls > 0, "calls were made".to_owned()),
            (
                self.panics == 0 && self.panicked_workers == 0,
                "no panic".to_owned(),
            ),
            (
                figures.violations == 0,
                "every call ended as the server's answers imply, within its retry budget"
                    .to_owned(),
            ),
            (
                figures.growth <= MEMORY_GROWTH_ALLOWED,
                format!("memory at the end within {allowed:.0}% of its level after the warm-up"),
            ),
            (
                figures.idle.client <= self.config_in_flight,
                "no more idle connections than calls in flight".to_owned(),
            ),
            (
                figures.left_open == 0 && self.server_connections == 0,
                "no socket left once the client is dropped".to_owned(),
            ),
            (
                self.dropped.tasks == 0,
                "no tokio task left once the client is dropped".to_owned(),
            ),
            (
                self.stray_requests == 0,
                "no request after its call returned".to_owned(),
            ),
        ]
    }

    /// The rows `cargo xtask bench` keeps in `target/bench/summary.json`.
    fn rows(&self, figures: &Figures) -> [(&'static str, f64, &'static str); 13] {
        let tally = &self.tally;
        [
            ("soak: calls", tally.calls as f64, "calls"),
            (
                "soak: calls a second",
                tally.calls as f64 / figures.seconds,
                "1/s",
            ),
            ("soak: retries", tally.retries as f64, "retries"),
            (
                "soak: calls that broke a rule",
                figures.violations as f64,
                "calls",
            ),
            ("soak: p50 latency", tally.latency.quantile_ms(0.5), "ms"),
            ("soak: p99 latency", tally.latency.quantile_ms(0.99), "ms"),
            (
                "soak: RSS after the warm-up",
                figures.warm as f64 / 1e6,
                "MB",
            ),
            ("soak: RSS at the end", figures.last as f64 / 1e6, "MB"),
            (
                "soak: RSS growth after the warm-up",
                figures.growth * 100.0,
                "%",
            ),
            ("soak: peak RSS", self.peak_rss as f64 / 1e6, "MB"),
            (
                "soak: sockets left after the client was dropped",
                figures.left_open as f64,
                "sockets",
            ),
            (
                "soak: tokio tasks left after the client was dropped",
                self.dropped.tasks as f64,
                "tasks",
            ),
            ("soak: panics", self.panics as f64, "panics"),
        ]
    }

    /// The median resident memory of the samples taken between `from` and `to`.
    fn level(&self, from: Duration, to: Duration) -> u64 {
        let mut values: Vec<u64> = self
            .samples
            .iter()
            .filter(|sample| sample.elapsed >= from && sample.elapsed <= to)
            .map(|sample| sample.rss)
            .collect();
        values.sort_unstable();
        values.get(values.len() / 2).copied().unwrap_or_default()
    }
}

fn outcome_name(kind: Option<ErrorKind>) -> String {
    match kind {
        None => "ok".to_owned(),
        Some(ErrorKind::Api(status)) => format!("Api({status})"),
        Some(ErrorKind::Decode) => "Decode".to_owned(),
        Some(ErrorKind::Timeout) => "Timeout".to_owned(),
        Some(ErrorKind::Transport) => "Transport".to_owned(),
        Some(ErrorKind::Other(what)) => format!("other: {what}"),
    }
}

fn list(entries: impl Iterator<Item = (String, u64)>) -> String {
    entries
        .map(|(name, count)| format!("{name} {}", thousands(count)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

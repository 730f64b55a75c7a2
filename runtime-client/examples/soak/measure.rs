//! What the soak reads about its own process (Linux's `/proc`: resident memory, and the
//! TCP sockets it holds to or from the server's port) and the latency histogram its calls
//! fill without allocating.

use std::collections::HashSet;
use std::fs;

/// Resident memory now and at its peak, in bytes (`VmRSS` and `VmHWM`).
pub fn memory() -> Option<(u64, u64)> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|line| line.starts_with(name))?;
        let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kilobytes * 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// The TCP sockets this process holds on the server's port: the client's connections to
/// it and the server's accepted connections (its listener aside).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sockets {
    pub client: usize,
    pub server: usize,
}

pub fn sockets(port: u16) -> Option<Sockets> {
    // Each open descriptor of a socket links to `socket:[INODE]`.
    let inodes: HashSet<u64> = fs::read_dir("/proc/self/fd")
        .ok()?
        .filter_map(|entry| fs::read_link(entry.ok()?.path()).ok())
        .filter_map(|target| {
            let target = target.to_str()?;
            target
                .strip_prefix("socket:[")?
                .strip_suffix(']')?
                .parse()
                .ok()
        })
        .collect();
    let table = fs::read_to_string("/proc/net/tcp").ok()?;
    let mut sockets = Sockets::default();
    // `sl local_address rem_address st ... inode`, addresses as hex `IP:PORT`.
    for line in table.lines().skip(1) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(local), Some(remote), Some(state), Some(inode)) =
            (fields.get(1), fields.get(2), fields.get(3), fields.get(9))
        else {
            continue;
        };
        if !inode
            .parse()
            .is_ok_and(|inode: u64| inodes.contains(&inode))
        {
            continue;
        }
        let port_of = |address: &str| {
            address
                .rsplit_once(':')
                .and_then(|(_, port)| u16::from_str_radix(port, 16).ok())
        };
        const LISTEN: &str = "0A";
        if port_of(remote) == Some(port) {
            sockets.client += 1;
        } else if port_of(local) == Some(port) && *state != LISTEN {
            sockets.server += 1;
        }
    }
    Some(sockets)
}

/// Durations in microseconds, counted in buckets about 1.6% wide (64 to each power of
/// two), allocated once: recording a call allocates nothing, so the histogram does not
/// grow the memory the soak watches.
pub struct Histogram {
    counts: Vec<u64>,
    total: u64,
}

const SUB_BUCKETS: u64 = 64;
const BUCKETS: usize = 40 * SUB_BUCKETS as usize;

impl Histogram {
    pub fn new() -> Histogram {
        Histogram {
            counts: vec![0; BUCKETS],
            total: 0,
        }
    }

    pub fn record(&mut self, micros: u64) {
        let index = Self::bucket(micros).min(BUCKETS - 1);
        self.counts[index] += 1;
        self.total += 1;
    }

    pub fn merge(&mut self, other: &Histogram) {
        for (count, more) in self.counts.iter_mut().zip(&other.counts) {
            *count += more;
        }
        self.total += other.total;
    }

    /// The value under which a fraction `quantile` of the durations fall, in milliseconds
    /// (the lower edge of its bucket).
    pub fn quantile_ms(&self, quantile: f64) -> f64 {
        let wanted = ((self.total as f64) * quantile).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (index, count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= wanted {
                return Self::lower_edge(index) as f64 / 1000.0;
            }
        }
        0.0
    }

    /// Values below 64 have a bucket each; above, a power of two is split in 64.
    fn bucket(micros: u64) -> usize {
        if micros < SUB_BUCKETS {
            return micros as usize;
        }
        let power = 63 - u64::from(micros.leading_zeros());
        let sub = (micros >> (power - 6)) & (SUB_BUCKETS - 1);
        ((power - 5) * SUB_BUCKETS + sub) as usize
    }

    fn lower_edge(index: usize) -> u64 {
        let index = index as u64;
        if index < SUB_BUCKETS {
            return index;
        }
        let power = index / SUB_BUCKETS + 5;
        (SUB_BUCKETS + index % SUB_BUCKETS) << (power - 6)
    }
}

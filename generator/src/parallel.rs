//! Independent pieces of work spread over the machine's cores: the generator's files are
//! emitted and formatted this way, since building and printing their syntax trees is
//! most of its work.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `work` applied to every item, on as many threads as the machine has cores (a shared
/// counter hands out the items, from the last to the first), returned in the items'
/// order: the result does not depend on the number of threads. Starting from the last
/// suits the generator's files, sorted by path: the operations files, a few dozen that
/// are the largest, come after the hundreds of small models, and none of them is left to
/// start when the other threads have run out of work. The calling thread runs `first`
/// before it takes its share of the items: work of its own, such as freeing what it
/// allocated earlier (which another thread would free only by taking this thread's
/// allocator lock each time).
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    first: impl FnOnce(),
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let run = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, Ordering::Relaxed);
            let Some(index) = items.len().checked_sub(taken + 1) else {
                return done;
            };
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, work(item)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(run)).collect();
        first();
        let mut all = run();
        for helper in helpers {
            let done = helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            all.extend(done);
        }
        all
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

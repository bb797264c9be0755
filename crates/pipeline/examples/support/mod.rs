//! What the benchmarks share.

/// CPU seconds (user and system) of `which`: `self` (the process, all its
/// threads) or `thread-self` (the calling thread), from /proc; 0 where
/// there is no /proc.
pub fn cpu_secs(which: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{which}/stat"))
        .ok()
        .and_then(|s| {
            let fields: Vec<u64> =
                s.rsplit_once(')')?.1.split_whitespace().skip(11).take(2).filter_map(|v| v.parse().ok()).collect();
            (fields.len() == 2).then(|| (fields[0] + fields[1]) as f64 / 100.0)
        })
        .unwrap_or(0.0)
}

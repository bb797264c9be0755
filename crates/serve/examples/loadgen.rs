//! A small HTTP/1.1 load generator (keep-alive connections on threads,
//! bounded in time) for `scripts/bench-serve`: prints requests/s and p50/p99
//! latency, and the server's own time from its `Server-Timing` header.
//!
//!     cargo run --release -p consilience-serve --example loadgen -- \
//!         ADDR PATH [--seconds 10] [--conns 8] [--max-id N]
//!
//! `{id}` in PATH is replaced by a random number from 1 to `--max-id`.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str, default: u64| -> u64 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let addr = args.first().cloned().unwrap_or_else(|| "127.0.0.1:8080".into());
    let path = args.get(1).cloned().unwrap_or_else(|| "/".into());
    let seconds = flag("--seconds", 10);
    let conns = flag("--conns", 8) as usize;
    let max_id = flag("--max-id", 100_000);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let handles: Vec<_> = (0..conns)
        .map(|t| {
            let (addr, path) = (addr.clone(), path.clone());
            std::thread::spawn(move || run(&addr, &path, deadline, max_id, 0x1234_5678 + t as u64))
        })
        .collect();
    let mut lat = Vec::new();
    let mut server = Vec::new();
    let mut errors = 0;
    for h in handles {
        let (l, s, e) = h.join().expect("worker")?;
        lat.extend(l);
        server.extend(s);
        errors += e;
    }
    let wall = started.elapsed().as_secs_f64();
    lat.sort_by(f64::total_cmp);
    server.sort_by(f64::total_cmp);
    let pct = |v: &[f64], p: f64| if v.is_empty() { f64::NAN } else { v[((v.len() - 1) as f64 * p).round() as usize] };
    println!(
        "{path:<48} {:>8.0} req/s  latency p50 {:>7.2} ms  p99 {:>7.2} ms  | server p50 {:>6.2} ms  p99 {:>6.2} ms  ({} requests, {errors} errors, {conns} conns, {wall:.1}s)",
        lat.len() as f64 / wall,
        pct(&lat, 0.5),
        pct(&lat, 0.99),
        pct(&server, 0.5),
        pct(&server, 0.99),
        lat.len(),
    );
    Ok(())
}

type Samples = (Vec<f64>, Vec<f64>, usize);

fn run(addr: &str, path: &str, deadline: Instant, max_id: u64, seed: u64) -> anyhow::Result<Samples> {
    let mut rng = seed;
    let mut lat = Vec::new();
    let mut server = Vec::new();
    let mut errors = 0;
    let mut conn = BufReader::new(TcpStream::connect(addr)?);
    conn.get_ref().set_nodelay(true)?;
    while Instant::now() < deadline {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let p = path.replace("{id}", &(1 + rng % max_id).to_string());
        let t = Instant::now();
        write!(conn.get_mut(), "GET {p} HTTP/1.1\r\nHost: {addr}\r\nConnection: keep-alive\r\n\r\n")?;
        let mut line = String::new();
        conn.read_line(&mut line)?;
        let ok = line.split(' ').nth(1) == Some("200");
        let mut len = 0usize;
        let mut dur = None;
        loop {
            line.clear();
            conn.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let lower = l.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                len = v.trim().parse()?;
            } else if let Some(v) = lower.strip_prefix("server-timing:") {
                dur = v.split("dur=").nth(1).and_then(|d| d.trim().parse::<f64>().ok());
            }
        }
        let mut body = vec![0; len];
        conn.read_exact(&mut body)?;
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        if let Some(d) = dur {
            server.push(d);
        }
        if !ok {
            errors += 1;
        }
    }
    Ok((lat, server, errors))
}

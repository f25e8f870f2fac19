//! Load test of the gateway on its own (no browser): `ticket-gateway --demo` on a free
//! loopback port, 200 slow clients holding connections open, then 10,000 proxied ITSM
//! `get_tickets` calls (page size 20) at concurrency 64 shaped like the app's (same-origin
//! `Origin`, the `X-Ticket-Desk` marker), with a static file fetched every 100 ms meanwhile.
//!
//! ```sh
//! cargo build --release -p ticket-gateway        # or `make build`; TICKET_DESK_GATEWAY for another
//! cargo run --release -p e2e --bin bench_gateway
//! ```
//!
//! Prints failures, latency percentiles, the static file latencies and when the slow clients
//! were cut off; exits non-zero if any call failed or a slow client outlived the header
//! timeout. Loopback only, bounded in time.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use e2e::{repo_root, TempDir};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CALLS: usize = 10_000;
const CONCURRENCY: usize = 64;
const SLOW_CLIENTS: usize = 200;
/// The gateway's default `limits.header_read_timeout_secs` (the demo uses the defaults).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const STATIC_EVERY: Duration = Duration::from_millis(100);
const GET_TICKETS: &str = "/proxy/itsm/api/c/compapi/v2/itsm/get_tickets/";

struct Gateway(Child);
impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A dist folder with an index.html and one asset: the app build is not needed here.
fn small_dist() -> TempDir {
    let dist = TempDir::new("bench-dist");
    std::fs::write(
        dist.0.join("index.html"),
        "<!DOCTYPE html><html><head><script type=\"module\">import '/app.js';</script></head></html>",
    )
    .unwrap();
    std::fs::write(dist.0.join("app.js"), "export default 1;\n".repeat(2_000)).unwrap();
    dist
}

fn start_gateway(port: u16, dist: &TempDir) -> Gateway {
    let binary = std::env::var_os("TICKET_DESK_GATEWAY")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/release/ticket-gateway"));
    assert!(
        binary.exists(),
        "{} is missing: run `cargo build --release -p ticket-gateway` first",
        binary.display()
    );
    let child = Command::new(&binary)
        .args(["--demo", "--listen", &format!("127.0.0.1:{port}"), "--dist"])
        .arg(&dist.0)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start ticket-gateway");
    let gateway = Gateway(child);
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "gateway did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    gateway
}

/// Opens a connection and holds it: odd clients send a partial header and trickle a byte a
/// second, even ones send nothing. Returns how long the gateway kept it open.
async fn slow_client(port: u16, index: usize) -> Option<Duration> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let opened = Instant::now();
    let limit = HEADER_TIMEOUT * 3;
    let mut buffer = [0u8; 256];
    if index % 2 == 1 {
        let header = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: ");
        stream.write_all(header.as_bytes()).await.ok()?;
        while opened.elapsed() < limit {
            if stream.write_all(b"a").await.is_err() {
                return Some(opened.elapsed());
            }
            match tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await {
                Ok(Ok(0)) | Ok(Err(_)) => return Some(opened.elapsed()),
                Ok(Ok(_)) | Err(_) => {}
            }
        }
        None
    } else {
        match tokio::time::timeout(limit, stream.read(&mut buffer)).await {
            Ok(_) => Some(opened.elapsed()),
            Err(_) => None,
        }
    }
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let at = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[at]
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let dist = small_dist();
    let port = free_port();
    let gateway = start_gateway(port, &dist);
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .unwrap();

    let slow: Vec<_> = (0..SLOW_CLIENTS)
        .map(|index| tokio::spawn(slow_client(port, index)))
        .collect();
    // Let the slow clients connect before the load starts.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let running = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let statics = {
        let (client, base, running) = (client.clone(), base.clone(), running.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0;
            while running.load(Ordering::Relaxed) {
                let started = Instant::now();
                let fetched = match client.get(format!("{base}/app.js")).send().await {
                    Ok(reply) => reply.status().is_success() && reply.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if fetched {
                    latencies.push(started.elapsed());
                } else {
                    failures += 1;
                }
                tokio::time::sleep(STATIC_EVERY).await;
            }
            (latencies, failures)
        })
    };

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, base, next) = (client.clone(), base.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut failures = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < CALLS {
                    let page = latencies.len() % 50 + 1;
                    let call_started = Instant::now();
                    let reply = client
                        .post(format!("{base}{GET_TICKETS}"))
                        .header("origin", &base)
                        .header("sec-fetch-site", "same-origin")
                        .header("x-ticket-desk", "1")
                        .json(&json!({"page": page, "page_size": 20}))
                        .send()
                        .await;
                    let outcome = match reply {
                        Ok(reply) => {
                            let status = reply.status();
                            match reply.json::<Value>().await {
                                Ok(body) if status.is_success() && body["result"] == true => Ok(()),
                                Ok(body) => Err(format!("{status}: {body}")),
                                Err(error) => Err(format!("{status}: {error}")),
                            }
                        }
                        Err(error) => Err(error.to_string()),
                    };
                    latencies.push(call_started.elapsed());
                    if let Err(why) = outcome {
                        failures.push(why);
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    for worker in workers {
        let (mine, failed) = worker.await.unwrap();
        latencies.extend(mine);
        failures.extend(failed);
    }
    let elapsed = started.elapsed();
    running.store(false, Ordering::Relaxed);
    let (mut static_latencies, static_failures) = statics.await.unwrap();

    let mut held = Vec::new();
    let mut never_closed = 0;
    for client in slow {
        match client.await.unwrap() {
            Some(open_for) => held.push(open_for),
            None => never_closed += 1,
        }
    }

    latencies.sort();
    static_latencies.sort();
    held.sort();
    println!("gateway load test: {CALLS} get_tickets (page_size 20), concurrency {CONCURRENCY}, {SLOW_CLIENTS} slow clients");
    println!(
        "  proxied: {} ok, {} failed in {:.2} s ({:.0} calls/s)",
        latencies.len() - failures.len(),
        failures.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  latency: p50 {}, p90 {}, p99 {}, max {}",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(percentile(&latencies, 1.0))
    );
    println!(
        "  static /app.js every {} ms: {} fetched, {} failed, p50 {}, max {}",
        STATIC_EVERY.as_millis(),
        static_latencies.len(),
        static_failures,
        ms(percentile(&static_latencies, 0.50)),
        ms(percentile(&static_latencies, 1.0))
    );
    println!(
        "  slow clients: {} cut off after {:.1}-{:.1} s (header timeout {} s), {} still open after {} s",
        held.len(),
        percentile(&held, 0.0).as_secs_f64(),
        percentile(&held, 1.0).as_secs_f64(),
        HEADER_TIMEOUT.as_secs(),
        never_closed,
        (HEADER_TIMEOUT * 3).as_secs()
    );
    for why in failures.iter().take(5) {
        println!("  failure: {why}");
    }
    let cut_off_in_time = never_closed == 0
        // The gateway's clock starts at accept, a moment before ours.
        && held.iter().all(|open_for| {
            *open_for + Duration::from_millis(500) >= HEADER_TIMEOUT
                && *open_for < HEADER_TIMEOUT + Duration::from_secs(3)
        });
    let passed = failures.is_empty() && static_failures == 0 && cut_off_in_time;
    println!(
        "  check: {}",
        if passed {
            "PASS (zero failures, slow clients cut off at the header timeout)"
        } else {
            "FAIL"
        }
    );
    // `exit` skips destructors: stop the gateway first.
    drop(gateway);
    if !passed {
        std::process::exit(1);
    }
}

//! What a session starts or creates: its gateway and chromedriver, ended when dropped, and
//! scratch folders, removed when dropped. Where panics abort, a panic hook does both instead:
//! the workspace's release profile has `panic = "abort"`, so a benchmark that stops on a
//! failure drops nothing, and its gateway, driver and browser would keep running (and keep its
//! output pipe open).

use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::{Mutex, Once};

/// Pids of the processes the live guards hold, for the panic hook.
static RUNNING: Mutex<Vec<u32>> = Mutex::new(Vec::new());
/// The live scratch folders, for the panic hook.
static SCRATCH: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the panic hook once, where panics abort.
fn clean_up_on_abort() {
    static HOOK: Once = Once::new();
    if cfg!(panic = "abort") {
        HOOK.call_once(|| {
            let report = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                report(info);
                let running = RUNNING.try_lock().map(|pids| pids.clone());
                for pid in running.unwrap_or_default() {
                    end_children(pid);
                    end(&[pid]);
                }
                let scratch = SCRATCH.try_lock().map(|paths| paths.clone());
                for path in scratch.unwrap_or_default() {
                    // A killed browser may still be closing files in its profile for a moment.
                    for _ in 0..20 {
                        if std::fs::remove_dir_all(&path).is_ok() || !path.exists() {
                            break;
                        }
                        std::thread::sleep(std::time::Duration::from_millis(100));
                    }
                }
            }));
        });
    }
}

pub struct Guard(pub Child);

impl Guard {
    pub fn new(child: Child) -> Guard {
        clean_up_on_abort();
        RUNNING.lock().unwrap().push(child.id());
        Guard(child)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let pid = self.0.id();
        RUNNING.lock().unwrap().retain(|&running| running != pid);
        // A browser outlives its chromedriver when the session was not closed (a failed test).
        end_children(pid);
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A scratch directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        let unique = format!(
            "ticket-desk-{label}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&path).unwrap();
        clean_up_on_abort();
        SCRATCH.lock().unwrap().push(path.clone());
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        SCRATCH.lock().unwrap().retain(|path| path != &self.0);
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Ends every process below `pid`: a browser and its helpers, which write into their profile
/// while they shut down.
fn end_children(pid: u32) {
    end(&descendants(pid));
}

/// The processes below `pid`, started by any of their threads (Linux lists them per thread in
/// /proc; elsewhere none are found).
fn descendants(pid: u32) -> Vec<u32> {
    let threads = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten();
    let children: Vec<u32> = threads
        .flatten()
        .filter_map(|thread| std::fs::read_to_string(thread.path().join("children")).ok())
        .flat_map(|listed| {
            listed
                .split_whitespace()
                .filter_map(|child| child.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect();
    let below = children.iter().flat_map(|&child| descendants(child));
    below.chain(children.iter().copied()).collect()
}

/// Kills `pids` at once, as [`Child::kill`] does.
fn end(pids: &[u32]) {
    if !pids.is_empty() {
        let _ = Command::new("kill")
            .arg("-KILL")
            .args(pids.iter().map(u32::to_string))
            .status();
    }
}

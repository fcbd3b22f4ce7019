//! A fixed pool of read-only connections, each with a per-query time limit.
//!
//! SQLite connections are not shareable across threads, and a read-only
//! workload is CPU bound, so a handful of connections (about two per core)
//! serve every request: a request waits for a free one, runs its queries on
//! tokio's blocking pool, and gives it back. A progress handler stops any
//! statement that runs past the deadline set for the request.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sitrep_corpus::{CorpusError, Store};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// SQLite virtual-machine steps between two deadline checks (a few microseconds).
const CHECK_EVERY: i32 = 4_000;
/// Largest part of the store each connection reads through a memory map.
const MMAP_BYTES: i64 = 1 << 30;

/// One pooled connection and the deadline its progress handler enforces.
struct Conn {
    store: Store,
    /// Nanoseconds since the pool's epoch; `u64::MAX` when idle.
    deadline: Arc<AtomicU64>,
}

/// Read-only connections to one corpus store.
pub struct Pool {
    conns: Mutex<Vec<Conn>>,
    /// One permit per idle connection. A permit travels with its connection
    /// into the blocking task and is released only when the connection is back
    /// in `conns`: a client that hangs up mid-query drops the handler's future,
    /// and a permit released then would let another request find the pool
    /// empty while the abandoned query still runs.
    permits: Arc<Semaphore>,
    epoch: Instant,
    timeout: Duration,
}

/// Gives a connection back to the pool even if the query panicked.
struct Lease<'a> {
    pool: &'a Pool,
    conn: Option<Conn>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            c.deadline.store(u64::MAX, Ordering::Relaxed);
            self.pool.conns.lock().unwrap_or_else(|p| p.into_inner()).push(c);
        }
    }
}

impl Pool {
    /// Opens `size` read-only connections; a statement running longer than `timeout` is interrupted.
    pub fn open(path: &Path, size: usize, timeout: Duration) -> Result<Pool, CorpusError> {
        let epoch = Instant::now();
        let mut conns = Vec::with_capacity(size);
        for _ in 0..size.max(1) {
            let store = Store::open_read_only(path)?;
            let c = store.connection();
            // Belt and braces on top of the read-only open: no statement may write.
            c.pragma_update(None, "query_only", true)?;
            c.pragma_update(None, "cache_size", -16384)?;
            // Pages read through a memory map cost no read() call and no copy;
            // the store is only read, so a map is safe and shared by the connections.
            c.pragma_update(None, "mmap_size", MMAP_BYTES)?;
            let deadline = Arc::new(AtomicU64::new(u64::MAX));
            let d = deadline.clone();
            c.progress_handler(CHECK_EVERY, Some(move || epoch.elapsed().as_nanos() as u64 > d.load(Ordering::Relaxed)));
            conns.push(Conn { store, deadline });
        }
        Ok(Pool { permits: Arc::new(Semaphore::new(conns.len())), conns: Mutex::new(conns), epoch, timeout })
    }

    /// The per-request query time limit.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Runs `f` with a connection on the blocking pool, under the time limit.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit =
            self.permits.clone().acquire_owned().await.map_err(|_| ApiError::unavailable("the server is shutting down"))?;
        let pool = self.clone();
        tokio::task::spawn_blocking(move || {
            let conn = pool.conns.lock().unwrap_or_else(|p| p.into_inner()).pop();
            // Dropped in reverse order: the connection goes back before its permit.
            let _permit = permit;
            let lease = Lease { pool: &pool, conn };
            let conn = lease.conn.as_ref().ok_or_else(|| ApiError::internal("connection pool is empty"))?;
            let until = pool.epoch.elapsed() + pool.timeout;
            conn.deadline.store(until.as_nanos() as u64, Ordering::Relaxed);
            f(&conn.store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?
    }
}

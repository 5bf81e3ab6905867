//! Writes a seeded sample ledger as a Rapport JSON export on standard output: the ledgers
//! the benchmarks load, and a way to try the app at scale.
//!
//! ```text
//! cargo run --example export_sample -- heavy > rapport-heavy.json
//! ```
//!
//! Sizes: `demo` (40 contacts, 400 interactions), `heavy` (5,000 and 50,000) and `capacity`
//! (5,000 and 100,000). The records are dated before 2026-11-22, so every run writes the
//! same file.

use std::io::Write;

use rapport::domain::sample::{generate, SampleSize};
use rapport::domain::Timestamp;
use rapport::storage::json::export_json;

/// 2026-11-22T00:00:00Z: a fixed "now", so the file is the same on every run.
const NOW: Timestamp = Timestamp::from_millis(1_795_305_600_000);

/// The seed every benchmark uses.
const SEED: u64 = 7;

fn main() -> std::process::ExitCode {
    let size = match std::env::args().nth(1).as_deref() {
        Some("demo") => SampleSize::DEMO,
        Some("heavy") | None => SampleSize::HEAVY,
        Some("capacity") => SampleSize::CAPACITY,
        Some(other) => {
            eprintln!("unknown size {other:?}: choose demo, heavy or capacity");
            return std::process::ExitCode::FAILURE;
        }
    };
    let ledger = generate(SEED, size, NOW);
    let text = export_json(&ledger, NOW);
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("could not write the export: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

//! The first sync of the capacity ledger (5,000 contacts, 100,000 interactions), natively,
//! through the core's steps (`rapport_core::sync`) against a server kept in memory: the
//! laptop offers everything it holds in batches of 500, then an empty phone takes the
//! changes feed in pages of 500. Prints the time of each half, the slowest page, and the
//! bytes the documents take as JSON and as the app sends them (AES-256-GCM adds 28 bytes
//! per document, and base64 a third).
//!
//! ```text
//! cargo bench --bench sync
//! ```
//!
//! Nothing asserts on time; the browser's own figures are in BENCHMARKS.md.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rapport::domain::sample::{generate, SampleSize};
use rapport::domain::{Ledger, Timestamp};
use rapport_core::sync::{
    acknowledge, take_page, to_push, writes, Ack, Body, DocId, Fetched, Journal, Pulled,
};

/// 2026-11-22T00:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_795_305_600_000);

/// Documents per batch pushed and per page pulled, as the app's rounds take them.
const PAGE: usize = 500;

/// The server: each document's revision, body and sequence number.
#[derive(Default)]
struct Server {
    docs: BTreeMap<DocId, (u64, Body, u64)>,
    seq: u64,
}

impl Server {
    fn fetch(&self, ids: &[DocId]) -> Vec<Fetched> {
        ids.iter()
            .map(|&id| Fetched {
                id,
                current: self
                    .docs
                    .get(&id)
                    .map(|(rev, body, _)| (rev.to_string(), body.clone())),
            })
            .collect()
    }

    fn write(&mut self, id: DocId, body: Body) {
        self.seq += 1;
        let rev = self.docs.get(&id).map_or(1, |(rev, _, _)| rev + 1);
        self.docs.insert(id, (rev, body, self.seq));
    }

    fn changes(&self, since: u64) -> (Vec<Pulled>, u64) {
        let mut changed: Vec<(u64, DocId, &Body)> = self
            .docs
            .iter()
            .filter(|(_, (_, _, seq))| *seq > since)
            .map(|(&id, (_, body, seq))| (*seq, id, body))
            .collect();
        changed.sort_by_key(|&(seq, ..)| seq);
        changed.truncate(PAGE);
        let last = changed.last().map_or(since, |&(seq, ..)| seq);
        let page = changed
            .into_iter()
            .map(|(_, id, body)| Pulled {
                id,
                body: body.clone(),
            })
            .collect();
        (page, last)
    }
}

fn main() {
    let started = Instant::now();
    let laptop = generate(7, SampleSize::CAPACITY, NOW);
    println!(
        "capacity ledger: {:?}, generated in {:.1?}",
        laptop.counts(),
        started.elapsed()
    );
    let mut server = Server::default();

    // The laptop turns sync on: it offers everything, batch by batch.
    let mut journal = Journal::offering_everything();
    let (mut json_bytes, mut sent_bytes, mut documents) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    let mut batches = 0;
    loop {
        let ids = to_push(&journal, &laptop, None, PAGE);
        if ids.is_empty() {
            break;
        }
        batches += 1;
        let planned = writes(&laptop, &mut journal, server.fetch(&ids));
        let mut acks = Vec::with_capacity(planned.len());
        for write in planned {
            let text = serde_json::to_vec(&write.body).expect("a body is JSON");
            json_bytes += text.len();
            sent_bytes += (text.len() + 28).div_ceil(3) * 4;
            documents += 1;
            server.write(write.id, write.body.clone());
            acks.push((write, Ack::Written));
        }
        acknowledge(&laptop, &mut journal, acks);
    }
    let pushed_in = started.elapsed();
    println!(
        "laptop offers: {documents} documents in {batches} batches, {pushed_in:.1?}; \
         {json_bytes} B of JSON, {sent_bytes} B sealed and base64-encoded"
    );

    // An empty phone turns sync on and takes everything, page by page.
    let mut phone = Ledger::new();
    let mut journal = Journal::offering_everything();
    // It offers its settings first, which the server has already: they wait for the pull.
    let fetched = server.fetch(&to_push(&journal, &phone, None, PAGE));
    let planned = writes(&phone, &mut journal, fetched);
    assert!(
        planned.is_empty() && !journal.is_offering(),
        "an empty phone offers nothing new"
    );
    let started = Instant::now();
    let (mut since, mut pages, mut slowest) = (0, 0, Duration::ZERO);
    loop {
        let (page, last) = server.changes(since);
        let page_started = Instant::now();
        phone = take_page(&phone, &mut journal, page, Some(last.to_string())).expect("placed");
        phone.mark_saved();
        slowest = slowest.max(page_started.elapsed());
        pages += 1;
        if last == since || last == server.seq {
            break;
        }
        since = last;
    }
    let pulled_in = started.elapsed();
    assert_eq!(
        phone.counts(),
        laptop.counts(),
        "the phone holds the laptop's ledger"
    );
    println!(
        "phone takes: {pages} pages in {pulled_in:.1?}, the slowest {slowest:.1?}; \
         {} documents waiting, {} to push",
        serde_json::to_value(&journal).expect("json")["waiting"]
            .as_object()
            .map_or(0, serde_json::Map::len),
        journal.waiting_to_push(&phone)
    );
}

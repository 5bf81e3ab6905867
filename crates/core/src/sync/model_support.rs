//! What the sync model tests share: a model of CouchDB's documents and revisions, the
//! faults of an exchange with it, an interaction's details, and how many runs each model
//! test makes.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use super::{Ack, Body, DocId, Fetched, Pulled, Write};
use crate::domain::interaction::{Channel, Direction, InteractionDetails, InteractionKind};
use crate::domain::time::Timestamp;

/// A CouchDB database as its replication protocol sees it: each document's current
/// revision (its generation) and body, and the sequence of its last change.
#[derive(Default)]
pub(super) struct MemoryCouch {
    /// Each document: its revision's generation, its body, the sequence of its last change.
    pub(super) docs: BTreeMap<DocId, (u64, Body, u64)>,
    /// The sequence of the database's last change.
    pub(super) seq: u64,
}

impl MemoryCouch {
    /// The changes feed after `since`: each changed document once, at its latest change.
    pub(super) fn changes(
        &self,
        since: Option<&str>,
        limit: usize,
    ) -> (Vec<Pulled>, Option<String>) {
        let since: u64 = since.and_then(|text| text.parse().ok()).unwrap_or(0);
        let mut changed: Vec<(u64, DocId, &Body)> = self
            .docs
            .iter()
            .filter(|(_, (_, _, seq))| *seq > since)
            .map(|(&id, (_, body, seq))| (*seq, id, body))
            .collect();
        changed.sort_by_key(|&(seq, ..)| seq);
        changed.truncate(limit);
        let last = changed.last().map_or(since, |&(seq, ..)| seq);
        let page = changed
            .into_iter()
            .map(|(_, id, body)| Pulled {
                id,
                body: body.clone(),
            })
            .collect();
        (page, Some(last.to_string()))
    }

    /// Each document's current revision and body, as `_bulk_get` answers.
    pub(super) fn fetch(&self, ids: &[DocId]) -> Vec<Fetched> {
        ids.iter()
            .map(|&id| Fetched {
                id,
                current: self
                    .docs
                    .get(&id)
                    .map(|(generation, body, _)| (format!("{generation}-m"), body.clone())),
            })
            .collect()
    }

    /// Writes each document whose named revision is still the current one, as
    /// `_bulk_docs` does; the others are refused as conflicts.
    pub(super) fn bulk_docs(&mut self, writes: &[Write]) -> Vec<Ack> {
        writes
            .iter()
            .map(|write| {
                let current = self.docs.get(&write.id).map(|(generation, ..)| *generation);
                let named = write
                    .rev
                    .as_deref()
                    .and_then(|rev| rev.split('-').next())
                    .and_then(|generation| generation.parse::<u64>().ok());
                if current != named {
                    return Ack::Stale;
                }
                self.seq += 1;
                let generation = current.unwrap_or(0) + 1;
                self.docs
                    .insert(write.id, (generation, write.body.clone(), self.seq));
                Ack::Written
            })
            .collect()
    }

    /// The sequence of the last change, as the changes feed's `last_seq` says it.
    pub(super) fn last_seq(&self) -> String {
        self.seq.to_string()
    }
}

/// How many runs: `PROPTEST_CASES`, else 1,000.
pub(super) fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(1_000)
}

/// A runner of [`cases`] runs, failures not kept in files. The test command replays the same
/// runs each time, so it never fails by chance; `RAPPORT_MODEL_RANDOM=1` draws new ones
/// (scripts/model.sh).
pub(super) fn runner() -> TestRunner {
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("RAPPORT_MODEL_RANDOM").is_some() {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    }
}

/// What can go wrong with an exchange with the server (a cut connection, a closed tab).
#[derive(Clone, Copy, Debug)]
pub(super) enum Fault {
    None,
    /// The request never reached the server.
    LostRequest,
    /// The server did what was asked; the answer never came back.
    LostAnswer,
}

/// Mostly no fault, and each kind of fault now and then.
pub(super) fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        3 => Just(Fault::None),
        1 => Just(Fault::LostRequest),
        1 => Just(Fault::LostAnswer),
    ]
}

/// An email sent at `at`, its summary told apart by `summary`.
pub(super) fn details(at: Timestamp, summary: u8) -> InteractionDetails {
    InteractionDetails {
        day: None,
        link: String::new(),
        at,
        channel: Channel::Email,
        kind: InteractionKind::Conversation,
        direction: Direction::Outbound,
        summary: format!("summary {summary}"),
        learned: String::new(),
        pitch: None,
    }
}

//! What a load could not read: the damaged or missing chunks, the records set aside, and
//! where a damaged chunk's text is kept.

use super::*;

/// A stored chunk that could not be read, and what it held according to the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DamagedChunk {
    /// The chunk's key in storage.
    pub key: String,
    /// What is wrong with it, in plain words.
    pub reason: String,
    /// Contacts it held.
    pub contacts: usize,
    /// Interactions it held.
    pub interactions: usize,
    /// Promises it held.
    pub promises: usize,
    /// What is wrong with it.
    pub kind: DamageKind,
}

/// How a stored part failed to load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DamageKind {
    /// A bucket's chunk could not be read: its records are missing.
    Unreadable,
    /// A patch could not be read: the latest changes to its bucket's contacts are missing,
    /// and those contacts load as they were before them.
    UnreadablePatch,
    /// The bucket reads, but some of its records break an invariant of the ledger (a value
    /// of a custom field the settings no longer define, an id twice, …): they are set aside
    /// and the counts are theirs, and the rest of the bucket loads.
    DoesNotFit,
    /// The manifest could not be read, and the ledger was rebuilt from the chunks found
    /// ([`rebuild`]); no counts.
    ManifestRebuilt,
}

impl DamagedChunk {
    /// What is missing, in plain words: "3 contacts, 41 interactions and 2 promises", for
    /// a patch "the latest changes to 1 contact, 12 interactions and 0 promises (…)", for
    /// records set aside "1 contact … that do not fit with the rest".
    pub fn missing(&self) -> String {
        let records = words::records(self.contacts, self.interactions, self.promises);
        match (self.kind, self.contacts) {
            (DamageKind::Unreadable, _) => records,
            (DamageKind::UnreadablePatch, 0) => {
                "a recent deletion (what it deleted shows again)".to_owned()
            }
            (DamageKind::UnreadablePatch, _) => {
                format!(
                    "the latest changes to {records} (those contacts show as they were before \
                 them, and any they added are missing)"
                )
            }
            (DamageKind::DoesNotFit, _) => {
                format!("{records} that do not fit with the rest, set aside")
            }
            (DamageKind::ManifestRebuilt, _) => "its table of contents, so the ledger was \
                 rebuilt from the parts found (a change made in the moments before the damage \
                 may show as it was before it)"
                .to_owned(),
        }
    }
}

/// The key a damaged chunk's text is kept under once the person continues without it, so
/// the app never deletes what it could not read.
pub fn damaged_copy_key(chunk_key: &str) -> String {
    format!(
        "rapport.damaged.{}",
        chunk_key
            .trim_start_matches(CHUNK_PREFIX)
            .trim_start_matches("rapport.")
    )
}

/// A ledger loaded in spite of damaged chunks: everything readable, and what is missing.
#[derive(Debug)]
pub struct Salvaged {
    /// The readable records. People who belonged to an organization in a damaged chunk
    /// are shown without it.
    pub ledger: Ledger,
    /// The chunks that could not be read; empty when everything loaded.
    pub damaged: Vec<DamagedChunk>,
}

/// The records set aside at load, as one part per bucket (named by the bucket's chunk,
/// which holds them with its patches), with the reasons they do not fit.
pub(super) fn parts_set_aside(aside: &[SetAside], committed: &Committed) -> Vec<DamagedChunk> {
    let mut parts: BTreeMap<u32, (DamagedChunk, BTreeSet<String>)> = BTreeMap::new();
    for set in aside {
        let bucket = bucket_of(set.owner(), committed.buckets);
        let (part, reasons) = parts.entry(bucket).or_insert_with(|| {
            let key = committed
                .chunk_of(bucket)
                .map_or_else(|| chunk_key(bucket, committed.generation), ChunkEntry::key);
            let part = DamagedChunk {
                key,
                reason: String::new(),
                contacts: 0,
                interactions: 0,
                promises: 0,
                kind: DamageKind::DoesNotFit,
            };
            (part, BTreeSet::new())
        });
        match set.record {
            SetAsideRecord::Contact(_) => part.contacts += 1,
            SetAsideRecord::Interaction(_) => part.interactions += 1,
            SetAsideRecord::Promise(_) => part.promises += 1,
        }
        reasons.insert(set.reason.to_string());
    }
    parts
        .into_values()
        .map(|(mut part, reasons)| {
            part.reason = reasons.into_iter().collect::<Vec<_>>().join(" ");
            part
        })
        .collect()
}

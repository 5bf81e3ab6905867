//! Which bucket a contact's records go in, which buckets a save rewrites, and which
//! contacts each bucket holds.

use super::*;

/// The bucket a contact's records live in: FNV-1a over the id's bytes, so placement is
/// stable across platforms and releases.
pub fn bucket_of(id: ContactId, buckets: u32) -> u32 {
    let hash = id
        .as_u128()
        .to_le_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    // The remainder is below `buckets`, a u32.
    (hash % u64::from(buckets)) as u32
}

/// The buckets a save must rewrite: those of changed contacts, or every bucket in use
/// (by a contact or a tombstone).
pub(super) fn dirty_buckets(
    committed: &Committed,
    ledger: &Ledger,
    everything: bool,
) -> BTreeSet<u32> {
    let buckets = committed.buckets;
    if everything {
        committed
            .entries()
            .map(|entry| entry.bucket)
            .chain(
                ledger
                    .contacts()
                    .map(|contact| bucket_of(contact.id, buckets)),
            )
            .chain(
                ledger
                    .tombstones()
                    .map(|tombstone| bucket_of(tombstone.contact, buckets)),
            )
            .collect()
    } else {
        ledger
            .pending_changes()
            .contacts
            .iter()
            .map(|&id| bucket_of(id, buckets))
            .collect()
    }
}

/// The contacts of each bucket, in id order (the order a chunk lists them in).
#[derive(Debug)]
pub(super) struct BucketMembers {
    pub(super) buckets: u32,
    pub(super) contacts: HashMap<u32, Vec<ContactId>>,
}

impl BucketMembers {
    /// Every contact of `ledger`, placed in its bucket.
    pub(super) fn of(ledger: &Ledger, buckets: u32) -> Self {
        let mut contacts: HashMap<u32, Vec<ContactId>> = HashMap::new();
        for contact in ledger.contacts() {
            contacts
                .entry(bucket_of(contact.id, buckets))
                .or_default()
                .push(contact.id);
        }
        BucketMembers { buckets, contacts }
    }

    /// Brings the contacts with pending changes up to date: added ones join their bucket,
    /// deleted ones leave it. Every other contact is where it was.
    pub(super) fn follow(&mut self, ledger: &Ledger) {
        for &id in &ledger.pending_changes().contacts {
            let members = self
                .contacts
                .entry(bucket_of(id, self.buckets))
                .or_default();
            match (members.binary_search(&id), ledger.contact(id).is_some()) {
                (Err(at), true) => members.insert(at, id),
                (Ok(at), false) => {
                    members.remove(at);
                }
                _ => {}
            }
        }
    }

    pub(super) fn of_bucket(&self, bucket: u32) -> &[ContactId] {
        self.contacts.get(&bucket).map_or(&[], Vec::as_slice)
    }
}

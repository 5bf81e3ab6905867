//! Revisions a server keeps in conflict: two devices wrote one document through servers that
//! replicate with each other (CouchDB keeps both, names one the winner, and lists the rest
//! in `_conflicts`). A pull resolves each such document by Rapport's rule
//! ([`decide_conflict`]), writes the result over the winner and deletes the other
//! revisions, so the server ends with no conflict open, and takes the result into the
//! ledger.

use serde_json::Value;

use super::couch::{CouchClient, WriteResult};
use super::round::{read, written, Envelope, SyncFailure};
use rapport_core::sync::{decide_conflict, Body};

/// The body decided for document `id`, whose winning revision `winner` (the document as
/// the changes feed gave it) is in conflict with the revisions `conflicts`; the server
/// holds that body in one revision afterwards. When another device writes the document
/// meanwhile, its write stays, the other revisions too, and the next pull decides again.
pub async fn resolve(
    client: &CouchClient,
    envelope: &impl Envelope,
    id: &str,
    winner: &Value,
    conflicts: &[String],
) -> Result<Body, SyncFailure> {
    let winner_body = read(envelope, id, winner).await?;
    let mut revisions = vec![winner_body.clone()];
    for revision in client.get_revs(id, conflicts).await? {
        // A revision CouchDB deleted carries no body: nothing of it to keep.
        if revision.get("_deleted").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        revisions.push(read(envelope, id, &revision).await?);
    }
    let decided = decide_conflict(revisions).unwrap_or(winner_body.clone());
    if decided != winner_body {
        let rev = winner.get("_rev").and_then(Value::as_str);
        let doc = written(envelope, id, &decided, rev).await?;
        match client.bulk_docs(&[doc]).await?.into_iter().next() {
            Some(WriteResult::Written { .. }) => {}
            // Another device wrote it meanwhile: the revisions in conflict stay, and the
            // next pull decides them again with that write, so nothing of them is lost.
            Some(WriteResult::Conflict { .. }) | None => return Ok(decided),
            Some(WriteResult::Refused { reason, .. }) => {
                return Err(SyncFailure::Unreadable(format!("{id}: {reason}")))
            }
        }
    }
    // Only once the decided body is written do the other revisions go.
    let deletions: Vec<Value> = conflicts
        .iter()
        .map(|rev| serde_json::json!({ "_id": id, "_rev": rev, "_deleted": true }))
        .collect();
    for result in client.bulk_docs(&deletions).await? {
        if let WriteResult::Refused { reason, .. } = result {
            return Err(SyncFailure::Unreadable(format!("{id}: {reason}")));
        }
    }
    Ok(decided)
}

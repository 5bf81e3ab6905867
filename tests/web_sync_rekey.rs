//! Changing the sync passphrase (src/sync/rekey.rs) against the real pouchdb-server that
//! scripts/couch.sh starts: every document is sealed again with the new key, the old
//! passphrase opens nothing any more, a change cut short is finished by asking again, and a
//! device that still holds the old key learns why it can no longer read.
#![cfg(target_arch = "wasm32")]

use rapport::sync::couch::{CouchClient, Opened};
use rapport::sync::crypto::{CryptoError, KeyCheck, SyncKey};
use rapport::sync::rekey::{change_passphrase, key_changed, NEXT_KEY_CHECK_ID};
use rapport::sync::round::{Envelope, SyncFailure};
use rapport::sync::sealed::{unlock_or_create, Sealed, KEY_CHECK_ID};
use serde_json::{json, Value};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod couch_server;
use couch_server::{admin, fresh_database, server};

const OLD: &str = "paper lantern under rain";
const NEW: &str = "copper kettle over frost";

/// The documents written (ids and their texts), as a device's push would.
const DOCS: [(&str, &str); 3] = [
    (
        "contact:01KBX0000000000000000000A1",
        "{\"note\":\"Embargoed until Tuesday\"}",
    ),
    (
        "contact:01KBX0000000000000000000A2",
        "{\"note\":\"Prefers Signal\"}",
    ),
    (
        "interaction:01KBX0000000000000000000B1",
        "{\"note\":\"Briefing in Lyon\"}",
    ),
];

/// A fresh database with the key check of `OLD` and the documents sealed with its key.
async fn synced() -> (CouchClient, SyncKey) {
    let client = CouchClient::new(server(), &fresh_database(), admin());
    assert_eq!(client.open().await, Ok(Opened::Created));
    let key = unlock_or_create(&client, OLD).await.expect("a key");
    write(&client, &Sealed(key.clone()), &DOCS.map(|(id, _)| id)).await;
    (client, key)
}

/// Seals the texts of `ids` with `envelope` and writes them over what the server holds.
async fn write(client: &CouchClient, envelope: &Sealed, ids: &[&str]) {
    let ids_owned: Vec<String> = ids.iter().map(|id| (*id).to_owned()).collect();
    let current = client.get_many(&ids_owned).await.expect("read");
    let mut docs = Vec::new();
    for (id, found) in ids.iter().zip(current) {
        let text = DOCS.iter().find(|(doc, _)| doc == id).expect("a doc").1;
        let mut doc = envelope.seal(id, text.as_bytes()).await.expect("sealed");
        doc.insert("_id".to_owned(), json!(id));
        if let Some(found) = found {
            doc.insert("_rev".to_owned(), json!(found.rev));
        }
        docs.push(Value::Object(doc));
    }
    client.bulk_docs(&docs).await.expect("written");
}

/// What each document holds, opened with `key`, or why not.
async fn opened(client: &CouchClient, key: &SyncKey) -> Vec<Result<String, String>> {
    let ids: Vec<String> = DOCS.iter().map(|(id, _)| (*id).to_owned()).collect();
    let mut texts = Vec::new();
    for (id, doc) in ids.iter().zip(client.get_many(&ids).await.expect("read")) {
        let doc = doc.expect("stored");
        texts.push(
            Sealed(key.clone())
                .open(id, &doc.json)
                .await
                .map(|bytes| String::from_utf8(bytes).expect("text"))
                .map_err(|error| error.to_string()),
        );
    }
    texts
}

async fn key_check(client: &CouchClient) -> KeyCheck {
    let found = client
        .get_many(&[KEY_CHECK_ID.to_owned()])
        .await
        .expect("read");
    let doc = found.into_iter().next().flatten().expect("a key check");
    serde_json::from_value(doc.json).expect("a key check")
}

#[wasm_bindgen_test]
async fn a_new_passphrase_seals_everything_again_and_the_old_one_opens_nothing() {
    let (client, old_key) = synced().await;
    assert_eq!(key_changed(&client, &old_key).await.ok(), Some(false));

    let new_key = change_passphrase(&client, &old_key, NEW)
        .await
        .expect("changed");

    let texts: Vec<String> = DOCS.iter().map(|(_, text)| (*text).to_owned()).collect();
    let with_new: Vec<_> = opened(&client, &new_key).await;
    assert_eq!(with_new, texts.into_iter().map(Ok).collect::<Vec<_>>());
    assert!(opened(&client, &old_key).await.iter().all(Result::is_err));
    // A second device needs the new passphrase; the old one is refused before anything.
    assert!(matches!(
        unlock_or_create(&client, OLD).await,
        Err(SyncFailure::Crypto(CryptoError::WrongPassphrase))
    ));
    let second = unlock_or_create(&client, NEW)
        .await
        .expect("the new passphrase");
    assert_eq!(opened(&client, &second).await, with_new);
    // The device that still holds the old key learns why it cannot read.
    assert_eq!(key_changed(&client, &old_key).await.ok(), Some(true));
    assert_eq!(key_changed(&client, &new_key).await.ok(), Some(false));
    let pending = client
        .get_many(&[NEXT_KEY_CHECK_ID.to_owned()])
        .await
        .expect("read");
    assert_eq!(pending, vec![None], "the change is over");
}

#[wasm_bindgen_test]
async fn a_change_cut_short_is_finished_by_asking_again_with_the_same_passphrase() {
    let (client, old_key) = synced().await;
    // The change began elsewhere on this device: its key check waits, and one document was
    // sealed again, before the tab closed.
    let (pending, new_key) = KeyCheck::create(NEW).await.expect("a key");
    let mut doc = match serde_json::to_value(&pending) {
        Ok(Value::Object(doc)) => doc,
        other => panic!("{other:?}"),
    };
    doc.insert("_id".to_owned(), json!(NEXT_KEY_CHECK_ID));
    client
        .bulk_docs(&[Value::Object(doc)])
        .await
        .expect("written");
    write(&client, &Sealed(new_key.clone()), &[DOCS[1].0]).await;

    // Another passphrase cannot take over the change under way.
    assert!(matches!(
        change_passphrase(&client, &old_key, "another passphrase entirely").await,
        Err(SyncFailure::Crypto(CryptoError::WrongPassphrase))
    ));
    let finished = change_passphrase(&client, &old_key, NEW)
        .await
        .expect("finished");
    let with_new = opened(&client, &finished).await;
    assert!(with_new.iter().all(Result::is_ok), "{with_new:?}");
    assert_eq!(opened(&client, &new_key).await, with_new, "the same key");
    assert_eq!(key_check(&client).await, pending);
}

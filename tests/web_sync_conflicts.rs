//! Revisions a server keeps in conflict (two devices that synced through servers replicating
//! with each other) are resolved by Rapport's rule, and the server ends with none open:
//! against the real pouchdb-server that scripts/couch.sh starts. The conflict is made as
//! replication makes one, with `new_edits: false`.
#![cfg(target_arch = "wasm32")]

use rapport::domain::contact::{ContactKind, ContactProfile};
use rapport::domain::id::ContactId;
use rapport::domain::ledger::Ledger;
use rapport::domain::stage::Stage;
use rapport::domain::time::Timestamp;
use rapport::sync::conflicts::resolve;
use rapport::sync::couch::{CouchClient, Opened};
use rapport::sync::crypto::to_base64;
use rapport::sync::round::{pull, Envelope, Kept, SyncFailure, SyncStore};
use rapport::sync::sealed::{unlock_or_create, Sealed};
use rapport_core::sync::{Body, Journal};
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod couch_server;
use couch_server::{admin, fresh_database, server};

/// The contact every revision is a copy of, renamed and dated `at` minutes on.
fn copy(name: &str, at: i64) -> Body {
    let id = ContactId::new(Timestamp::from_millis(1_790_000_000_000), 42);
    let mut ledger = Ledger::new();
    let at = Timestamp::from_millis(1_790_000_000_000).plus_minutes(at);
    ledger
        .add_contact(
            id,
            ContactProfile::named(name, ContactKind::Person),
            Stage::Target,
            at,
        )
        .expect("added");
    Body::Contact(ledger.contact(id).expect("contact").clone())
}

/// Writes `docs` as replication does (`new_edits: false`: the revisions given are kept as
/// they are, side by side when they conflict), as the server's admin.
async fn replicate(database: &str, docs: Vec<Value>) {
    let credentials = admin();
    let authorization = format!(
        "Basic {}",
        to_base64(format!("{}:{}", credentials.user, credentials.password).as_bytes())
    );
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().expect("headers");
    headers
        .set("Authorization", &authorization)
        .expect("header");
    headers
        .set("Content-Type", "application/json")
        .expect("header");
    init.set_headers(&headers);
    let body = json!({ "new_edits": false, "docs": docs }).to_string();
    init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    let url = format!("{}/{database}/_bulk_docs", server());
    let window = web_sys::window().expect("a window");
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .expect("answered")
        .dyn_into()
        .expect("a response");
    assert!(response.ok(), "replicated: {}", response.status());
}

/// A ledger and journal kept in memory, as a device's storage.
struct Memory(Ledger, Journal);

impl SyncStore for Memory {
    fn current(&mut self) -> Result<(Ledger, Journal), SyncFailure> {
        Ok((self.0.clone(), self.1.clone()))
    }

    fn keep(&mut self, ledger: Ledger, journal: Journal) -> Result<Kept, SyncFailure> {
        (self.0, self.1) = (ledger, journal);
        Ok(Kept::Kept)
    }
}

/// A fresh database whose one contact has two revisions in conflict: the laptop renamed it
/// at minute 30, the phone at minute 20, each through its own server; the servers
/// replicated, and CouchDB kept both. CouchDB names the phone's revision the winner (its
/// hash sorts last), though the laptop's edit is later. Returns the client, the envelope
/// and the contact's document id.
async fn conflicted() -> (CouchClient, Sealed, String) {
    let database = fresh_database();
    let client = CouchClient::new(server(), &database, admin());
    assert_eq!(client.open().await, Ok(Opened::Created));
    let key = unlock_or_create(&client, "paper lantern under rain")
        .await
        .expect("a key");
    let sealed = Sealed(key);
    let id = "contact:".to_owned()
        + &ContactId::new(Timestamp::from_millis(1_790_000_000_000), 42).to_string();
    let mut docs = Vec::new();
    for (rev, body) in [
        (
            "1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            copy("Ada Okafor (laptop)", 30),
        ),
        (
            "1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            copy("Ada Okafor (phone)", 20),
        ),
    ] {
        let text = serde_json::to_vec(&body).expect("json");
        let mut doc = sealed.seal(&id, &text).await.expect("sealed");
        doc.insert("_id".to_owned(), json!(id));
        doc.insert("_rev".to_owned(), json!(rev));
        docs.push(Value::Object(doc));
    }
    replicate(&database, docs).await;
    (client, sealed, id)
}

/// The body the server holds for `id`, checked to have no conflict left.
async fn stored_without_conflict(client: &CouchClient, sealed: &Sealed, id: &str) -> Body {
    let stored = client.get_many(&[id.to_owned()]).await.expect("read");
    let stored = stored.into_iter().next().flatten().expect("still there");
    assert!(stored.conflicts.is_empty(), "{:?}", stored.conflicts);
    let text = sealed.open(id, &stored.json).await.expect("opens");
    serde_json::from_slice(&text).expect("a body")
}

#[wasm_bindgen_test]
async fn revisions_in_conflict_are_resolved_by_the_rule_and_none_stays_open() {
    let (client, sealed, id) = conflicted().await;
    let page = client.changes(None, 10).await.expect("the feed");
    let change = page
        .results
        .iter()
        .find(|change| change.id == id)
        .expect("the contact's change");
    assert_eq!(
        change.conflicts.len(),
        1,
        "the server keeps a conflict: {change:?}"
    );
    let winner = change.doc.clone().expect("with its document");
    assert_eq!(
        sealed
            .open(&id, &winner)
            .await
            .ok()
            .and_then(|text| serde_json::from_slice(&text).ok()),
        Some(copy("Ada Okafor (phone)", 20)),
        "CouchDB's winner is the phone's"
    );

    let decided = resolve(&client, &sealed, &id, &winner, &change.conflicts)
        .await
        .expect("resolved");
    assert_eq!(
        decided,
        copy("Ada Okafor (laptop)", 30),
        "the later edit wins whole"
    );
    assert_eq!(
        stored_without_conflict(&client, &sealed, &id).await,
        decided
    );
}

#[wasm_bindgen_test]
async fn a_pull_resolves_what_it_finds_in_conflict() {
    let (client, sealed, id) = conflicted().await;
    let mut device = Memory(Ledger::new(), Journal::default());
    pull(&client, &sealed, &mut device, 10)
        .await
        .expect("pulled");
    let later = copy("Ada Okafor (laptop)", 30);
    let Body::Contact(contact) = &later else {
        panic!("a contact");
    };
    assert_eq!(
        device.0.contact(contact.id),
        Some(contact),
        "the later edit is taken"
    );
    assert_eq!(stored_without_conflict(&client, &sealed, &id).await, later);
}

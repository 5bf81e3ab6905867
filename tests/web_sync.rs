//! Sync rounds between two "devices" (two ledgers with their journals, in one page) through
//! a real CouchDB-compatible server: pouchdb-server, started on loopback by scripts/couch.sh,
//! reached across origins as the app will reach a person's CouchDB. Bodies travel in clear
//! here (a test envelope); the encryption has its own tests. In scripts/test-all.sh in
//! Chromium, Firefox and WebKit; run alone after `source scripts/couch.sh; start_couch
//! /tmp/couch.log`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use rapport::domain::contact::{ContactKind, ContactProfile};
use rapport::domain::id::{ContactId, InteractionId};
use rapport::domain::interaction::{Channel, Direction, InteractionDetails, InteractionKind};
use rapport::domain::ledger::Ledger;
use rapport::domain::stage::Stage;
use rapport::domain::time::Timestamp;
use rapport::sync::couch::{CouchClient, Opened};
use rapport::sync::round::{round, Envelope, Kept, SyncFailure, SyncStore};
use rapport_core::sync::Journal;
use serde_json::{json, Map, Value};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod couch_server;
use couch_server::{admin, fresh_database, server};

/// A client on a database of its own, created.
async fn fresh_client() -> CouchClient {
    let client = CouchClient::new(server(), &fresh_database(), admin());
    assert_eq!(client.open().await, Ok(Opened::Created));
    client
}

/// Bodies in clear, as one text field: the rounds are what is tested here.
struct Clear;

impl Envelope for Clear {
    async fn seal(&self, _id: &str, body: &[u8]) -> Result<Map<String, Value>, SyncFailure> {
        let text = String::from_utf8(body.to_vec())
            .map_err(|error| SyncFailure::Unreadable(error.to_string()))?;
        Ok(Map::from_iter([("clear".to_owned(), Value::String(text))]))
    }

    async fn open(&self, id: &str, doc: &Value) -> Result<Vec<u8>, SyncFailure> {
        doc.get("clear")
            .and_then(Value::as_str)
            .map(|text| text.as_bytes().to_vec())
            .ok_or_else(|| SyncFailure::Unreadable(id.to_owned()))
    }
}

/// One device: its ledger and journal, how many times a round kept them, and the documents
/// rounds said they took and sent.
struct Device {
    ledger: Ledger,
    journal: Journal,
    kept: usize,
    took: usize,
    sent: usize,
}

impl SyncStore for Device {
    fn current(&mut self) -> Result<(Ledger, Journal), SyncFailure> {
        Ok((self.ledger.clone(), self.journal.clone()))
    }

    fn keep(&mut self, ledger: Ledger, journal: Journal) -> Result<Kept, SyncFailure> {
        self.ledger = ledger;
        self.journal = journal;
        self.kept += 1;
        Ok(Kept::Kept)
    }

    fn took(&mut self, documents: usize) {
        self.took += documents;
    }

    fn sent(&mut self, documents: usize) {
        self.sent += documents;
    }
}

impl Device {
    fn new() -> Self {
        let ledger = Ledger::new();
        Device {
            journal: Journal::offering_everything(),
            ledger,
            kept: 0,
            took: 0,
            sent: 0,
        }
    }

    /// A change made here, noted in the journal as the app does.
    fn change(&mut self, change: impl FnOnce(&mut Ledger)) {
        let before = self.ledger.clone();
        change(&mut self.ledger);
        self.journal.note_changes(&before, &self.ledger);
    }

    async fn sync(&mut self, client: &CouchClient) {
        round(client, &Clear, self).await.expect("a round of sync");
    }
}

fn at(minutes: i64) -> Timestamp {
    Timestamp::from_millis(1_790_000_000_000).plus_minutes(minutes)
}

fn add(device: &mut Device, name: &str, minutes: i64) -> ContactId {
    let id = ContactId::new(at(minutes), (js_sys::Math::random() * 1e15) as u128);
    device.change(|ledger| {
        ledger
            .add_contact(
                id,
                ContactProfile::named(name, ContactKind::Person),
                Stage::Target,
                at(minutes),
            )
            .expect("added");
    });
    id
}

fn log(device: &mut Device, contact: ContactId, summary: &str, minutes: i64) {
    let details = InteractionDetails {
        day: None,
        link: String::new(),
        at: at(minutes),
        channel: Channel::Email,
        kind: InteractionKind::Conversation,
        direction: Direction::Outbound,
        summary: summary.to_owned(),
        learned: String::new(),
        pitch: None,
    };
    let id = InteractionId::new(at(minutes), (js_sys::Math::random() * 1e15) as u128);
    device.change(|ledger| {
        ledger
            .log_interaction(id, contact, details, at(minutes))
            .expect("logged");
    });
}

#[wasm_bindgen_test]
async fn a_contact_added_on_one_device_appears_on_the_other_and_its_deletion_travels_back() {
    let client = fresh_client().await;
    let (mut laptop, mut phone) = (Device::new(), Device::new());
    let ada = add(&mut laptop, "Ada Okafor", 0);
    laptop.sync(&client).await;
    phone.sync(&client).await;
    assert_eq!(
        phone
            .ledger
            .contact(ada)
            .map(|contact| contact.profile.name.as_str()),
        Some("Ada Okafor")
    );
    phone.change(|ledger| {
        ledger.delete_contact(ada, at(5)).expect("deleted");
    });
    phone.sync(&client).await;
    laptop.sync(&client).await;
    assert!(
        laptop.ledger.contact(ada).is_none(),
        "deleted on the phone, gone on the laptop"
    );
    assert_eq!(laptop.ledger, phone.ledger);
    assert_eq!(laptop.journal.waiting_to_push(&laptop.ledger), 0);
    assert!(laptop.kept > 0, "each page and batch was kept");
}

#[wasm_bindgen_test]
async fn one_contact_edited_on_both_devices_offline_converges_with_every_interaction() {
    let client = fresh_client().await;
    let (mut laptop, mut phone) = (Device::new(), Device::new());
    let ada = add(&mut laptop, "Ada Okafor", 0);
    laptop.sync(&client).await;
    phone.sync(&client).await;
    // Offline on both: the laptop renames her and logs a call, the phone tags her and logs
    // an email.
    laptop.change(|ledger| {
        let mut profile = ledger.contact(ada).expect("ada").profile.clone();
        profile.name = "Ada Okafor-Lee".to_owned();
        ledger
            .update_profile(ada, profile, at(10))
            .expect("renamed");
    });
    log(&mut laptop, ada, "call about the launch", 11);
    phone.change(|ledger| {
        let mut profile = ledger.contact(ada).expect("ada").profile.clone();
        profile.tags.push("climate".to_owned());
        ledger.update_profile(ada, profile, at(12)).expect("tagged");
    });
    log(&mut phone, ada, "sent the embargoed deck", 13);
    for _ in 0..2 {
        laptop.sync(&client).await;
        phone.sync(&client).await;
    }
    assert_eq!(
        laptop.ledger, phone.ledger,
        "both devices hold the same ledger"
    );
    let contact = laptop.ledger.contact(ada).expect("ada");
    assert_eq!(contact.profile.name, "Ada Okafor-Lee");
    assert_eq!(contact.profile.tags, vec!["climate".to_owned()]);
    let mut summaries: Vec<&str> = laptop
        .ledger
        .interactions()
        .map(|interaction| interaction.details.summary.as_str())
        .collect();
    summaries.sort_unstable();
    assert_eq!(
        summaries,
        vec!["call about the launch", "sent the embargoed deck"]
    );
}

#[wasm_bindgen_test]
async fn a_round_cut_after_its_first_page_resumes_where_it_stopped() {
    let client = fresh_client().await;
    let mut laptop = Device::new();
    for n in 0..7 {
        add(&mut laptop, &format!("Contact {n}"), n);
    }
    laptop.sync(&client).await;
    // The phone pulls pages of 3; the second page's save fails (a closed tab). It offers
    // what it holds first, as every round does after sync is turned on.
    struct Closing(Device, usize);
    impl SyncStore for Closing {
        fn current(&mut self) -> Result<(Ledger, Journal), SyncFailure> {
            self.0.current()
        }
        fn keep(&mut self, ledger: Ledger, journal: Journal) -> Result<Kept, SyncFailure> {
            self.1 += 1;
            if self.1 == 2 {
                Err(SyncFailure::NotKept("the tab closed".to_owned()))
            } else {
                self.0.keep(ledger, journal)
            }
        }
    }
    let mut phone = Device::new();
    rapport::sync::round::push(&client, &Clear, &mut phone, 3)
        .await
        .expect("the phone offers its settings");
    let mut closing = Closing(phone, 0);
    let cut = rapport::sync::round::pull(&client, &Clear, &mut closing, 3).await;
    let mut phone = closing.0;
    assert!(matches!(cut, Err(SyncFailure::NotKept(_))), "{cut:?}");
    // The first page: the settings and two contacts (the laptop wrote them in that order).
    assert_eq!(
        phone.ledger.contacts().count(),
        2,
        "the first page was kept"
    );
    phone.sync(&client).await;
    assert_eq!(phone.ledger.contacts().count(), 7);
    assert_eq!(phone.ledger, laptop.ledger);
}

/// Sync through the sealed envelope: what the server holds, read with plain HTTP, has none
/// of the ledger's words; a second device with the passphrase reads everything; a wrong
/// passphrase is refused before anything is written.
#[wasm_bindgen_test]
async fn sealed_sync_hides_every_word_from_the_server_and_refuses_a_wrong_passphrase() {
    use rapport::sync::round::round as sync_round;
    use rapport::sync::sealed::{unlock_or_create, Sealed};
    let client = fresh_client().await;
    let passphrase = "correct horse battery staple";
    let laptop_key = unlock_or_create(&client, passphrase)
        .await
        .expect("a new key");
    let mut laptop = Device::new();
    let ada = add(&mut laptop, "Ada Okafor", 0);
    log(&mut laptop, ada, "Embargoed launch briefing", 1);
    sync_round(&client, &Sealed(laptop_key), &mut laptop)
        .await
        .expect("the laptop syncs");
    // What the server stores, as anyone with its password reads it.
    let everything = client.changes(None, 1_000).await.expect("the changes feed");
    let stored = serde_json::to_string(
        &everything
            .results
            .iter()
            .map(|change| &change.doc)
            .collect::<Vec<_>>(),
    )
    .expect("as text");
    for secret in [
        "Ada",
        "Okafor",
        "Embargoed",
        "launch",
        "briefing",
        "Target",
        "conversation",
    ] {
        assert!(
            !stored.contains(secret),
            "the server holds “{secret}”: {stored}"
        );
    }
    assert!(stored.contains("sealed"), "the bodies are there, sealed");
    // A wrong passphrase is refused, and nothing is written.
    let before = everything.results.len();
    let wrong = unlock_or_create(&client, "incorrect horse battery staple").await;
    assert!(
        matches!(
            wrong,
            Err(SyncFailure::Crypto(
                rapport::sync::crypto::CryptoError::WrongPassphrase
            ))
        ),
        "{wrong:?}"
    );
    let after = client
        .changes(None, 1_000)
        .await
        .expect("the changes feed")
        .results
        .len();
    assert_eq!(after, before, "nothing was written");
    // The phone, with the passphrase, reads everything.
    let phone_key = unlock_or_create(&client, passphrase)
        .await
        .expect("unlocked");
    let mut phone = Device::new();
    sync_round(&client, &Sealed(phone_key), &mut phone)
        .await
        .expect("the phone syncs");
    assert_eq!(phone.ledger, laptop.ledger);
}

/// A device on which the person edits while the round waits for the server: the edit is
/// made when the round reads the ledger for the `at`-th time (after a request was sent), and
/// the first `refreshes` keeps find that another tab committed first (its contact, "Cy
/// Refresh", is then in storage, so the store holds it).
struct Busy {
    device: Device,
    reads: usize,
    at: usize,
    refreshes: usize,
    other_tab: Option<ContactId>,
}

impl SyncStore for Busy {
    fn current(&mut self) -> Result<(Ledger, Journal), SyncFailure> {
        self.reads += 1;
        if self.reads == self.at {
            add(&mut self.device, "Bea Inflight", 30);
        }
        self.device.current()
    }

    fn keep(&mut self, ledger: Ledger, journal: Journal) -> Result<Kept, SyncFailure> {
        if self.refreshes > 0 {
            self.refreshes -= 1;
            self.other_tab = Some(add(&mut self.device, "Cy Refresh", 40));
            return Ok(Kept::Refreshed);
        }
        self.device.keep(ledger, journal)
    }
}

fn names(ledger: &Ledger) -> Vec<String> {
    let mut names: Vec<String> = ledger
        .contacts()
        .map(|contact| contact.profile.name.clone())
        .collect();
    names.sort_unstable();
    names
}

#[wasm_bindgen_test]
async fn an_edit_made_while_a_request_is_in_flight_is_kept_and_pushed() {
    let client = fresh_client().await;
    let mut laptop = Device::new();
    add(&mut laptop, "Ada Okafor", 0);
    laptop.sync(&client).await;
    // The phone's second read comes after the changes feed answered (the first read gave
    // the checkpoint to ask from): Bea is added while that request was in flight.
    let mut phone = Busy {
        device: Device::new(),
        reads: 0,
        at: 2,
        refreshes: 0,
        other_tab: None,
    };
    round(&client, &Clear, &mut phone).await.expect("a round");
    assert_eq!(
        names(&phone.device.ledger),
        vec!["Ada Okafor", "Bea Inflight"],
        "the page pulled and the edit made meanwhile are both kept"
    );
    assert_eq!(
        phone.device.journal.waiting_to_push(&phone.device.ledger),
        0,
        "Bea was pushed"
    );
    laptop.sync(&client).await;
    assert_eq!(names(&laptop.ledger), vec!["Ada Okafor", "Bea Inflight"]);
    assert_eq!(laptop.ledger, phone.device.ledger);
}

/// Two tabs of one device over one ledger and journal, as storage shares them between tabs.
struct Tab(Rc<RefCell<Device>>);

impl SyncStore for Tab {
    fn current(&mut self) -> Result<(Ledger, Journal), SyncFailure> {
        self.0.borrow_mut().current()
    }

    fn keep(&mut self, ledger: Ledger, journal: Journal) -> Result<Kept, SyncFailure> {
        self.0.borrow_mut().keep(ledger, journal)
    }
}

/// Bodies in clear, and while the first contact is opened (after the changes feed answered
/// with it), the other tab of the device runs a round, renames that contact and runs another.
struct OtherTabMeanwhile {
    other_tab: RefCell<Option<(CouchClient, Tab)>>,
}

impl Envelope for OtherTabMeanwhile {
    async fn seal(&self, id: &str, body: &[u8]) -> Result<Map<String, Value>, SyncFailure> {
        Clear.seal(id, body).await
    }

    async fn open(&self, id: &str, doc: &Value) -> Result<Vec<u8>, SyncFailure> {
        let other_tab = if id.starts_with("contact:") {
            self.other_tab.borrow_mut().take()
        } else {
            None
        };
        if let Some((client, mut tab)) = other_tab {
            round(&client, &Clear, &mut tab)
                .await
                .expect("the other tab's round");
            tab.0.borrow_mut().change(|ledger| {
                let ada = ledger.contacts().next().expect("Ada").id;
                let mut profile = ledger.contact(ada).expect("Ada").profile.clone();
                profile.name = "Ada Renamed".to_owned();
                ledger
                    .update_profile(ada, profile, at(20))
                    .expect("renamed");
            });
            round(&client, &Clear, &mut tab)
                .await
                .expect("its next round");
        }
        Clear.open(id, doc).await
    }
}

#[wasm_bindgen_test]
async fn a_page_read_before_another_tab_took_the_feed_on_never_brings_an_older_copy_back() {
    let client = fresh_client().await;
    let mut laptop = Device::new();
    add(&mut laptop, "Ada Okafor", 0);
    laptop.sync(&client).await;
    let phone = Rc::new(RefCell::new(Device::new()));
    let envelope = OtherTabMeanwhile {
        other_tab: RefCell::new(Some((client.clone(), Tab(phone.clone())))),
    };
    // This tab reads the feed (Ada as the laptop wrote her); before it takes that page, the
    // other tab takes it, renames Ada and pushes the new name.
    round(&client, &envelope, &mut Tab(phone.clone()))
        .await
        .expect("a round");
    assert_eq!(
        names(&phone.borrow().ledger),
        vec!["Ada Renamed"],
        "the name the other tab gave stays"
    );
    laptop.sync(&client).await;
    assert_eq!(names(&laptop.ledger), vec!["Ada Renamed"]);
}

#[wasm_bindgen_test]
async fn a_step_refused_because_another_tab_saved_is_redone_on_what_it_saved() {
    let client = fresh_client().await;
    let mut laptop = Device::new();
    add(&mut laptop, "Ada Okafor", 0);
    laptop.sync(&client).await;
    let mut phone = Busy {
        device: Device::new(),
        reads: 0,
        at: 0,
        refreshes: 1,
        other_tab: None,
    };
    round(&client, &Clear, &mut phone).await.expect("a round");
    assert!(phone.other_tab.is_some(), "the first keep was refused");
    assert_eq!(
        names(&phone.device.ledger),
        vec!["Ada Okafor", "Cy Refresh"],
        "the page was taken again on top of the other tab's save"
    );
    assert_eq!(
        phone.device.journal.waiting_to_push(&phone.device.ledger),
        0
    );
    laptop.sync(&client).await;
    assert_eq!(laptop.ledger, phone.device.ledger);
}

#[wasm_bindgen_test]
async fn a_store_that_never_keeps_stops_the_round_in_plain_words() {
    let client = fresh_client().await;
    let mut laptop = Device::new();
    add(&mut laptop, "Ada Okafor", 0);
    laptop.sync(&client).await;
    let mut phone = Busy {
        device: Device::new(),
        reads: 0,
        at: 0,
        refreshes: usize::MAX,
        other_tab: None,
    };
    let stopped = round(&client, &Clear, &mut phone).await;
    match stopped {
        Err(SyncFailure::NotKept(message)) => assert!(message.contains("another tab"), "{message}"),
        other => panic!("expected NotKept, got {other:?}"),
    }
}

/// A device whose storage is full of what its last steps replaced, for `full` keeps: each
/// is refused with a wait, as the app's store does until the engine's grace is over.
struct Crowded {
    device: Device,
    full: usize,
    refused: usize,
}

impl SyncStore for Crowded {
    fn current(&mut self) -> Result<(Ledger, Journal), SyncFailure> {
        self.device.current()
    }

    fn keep(&mut self, ledger: Ledger, journal: Journal) -> Result<Kept, SyncFailure> {
        if self.refused < self.full {
            self.refused += 1;
            return Ok(Kept::Full { retry_in_ms: 30 });
        }
        self.device.keep(ledger, journal)
    }
}

#[wasm_bindgen_test]
async fn a_step_refused_for_want_of_room_is_kept_after_the_wait_and_gives_up_in_plain_words() {
    let client = fresh_client().await;
    let mut laptop = Device::new();
    add(&mut laptop, "Ada Okafor", 0);
    laptop.sync(&client).await;

    let mut phone = Crowded {
        device: Device::new(),
        full: 2,
        refused: 0,
    };
    round(&client, &Clear, &mut phone)
        .await
        .expect("kept after waiting");
    assert_eq!(phone.refused, 2);
    assert_eq!(phone.device.ledger, laptop.ledger);

    let mut full_for_good = Crowded {
        device: Device::new(),
        full: usize::MAX,
        refused: 0,
    };
    match round(&client, &Clear, &mut full_for_good).await {
        Err(SyncFailure::NotKept(message)) => assert!(message.contains("full"), "{message}"),
        other => panic!("expected NotKept, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_device_far_behind_takes_pages_that_grow_with_what_it_took() {
    let client = fresh_client().await;
    let mut laptop = Device::new();
    for n in 0..60 {
        add(&mut laptop, &format!("Contact {n}"), n);
    }
    laptop.sync(&client).await;
    let mut phone = Device::new();
    rapport::sync::round::push(&client, &Clear, &mut phone, 3)
        .await
        .expect("the phone offers its settings");
    let offered = phone.kept;
    rapport::sync::round::pull(&client, &Clear, &mut phone, 3)
        .await
        .expect("pulled");
    // Pages of 3 would take 21 saves for the 61 documents; growing by a quarter of what
    // was taken, 13.
    let pages = phone.kept - offered;
    assert!(pages <= 13, "{pages} pages");
    assert_eq!(phone.ledger, laptop.ledger);
}

#[wasm_bindgen_test]
async fn a_round_says_how_many_documents_it_took_and_sent() {
    let client = fresh_client().await;
    let mut laptop = Device::new();
    for n in 0..7 {
        add(&mut laptop, &format!("Contact {n}"), n);
    }
    laptop.sync(&client).await;
    // The settings and seven contacts.
    assert_eq!(laptop.sent, 8);
    let mut phone = Device::new();
    round(&client, &Clear, &mut phone).await.expect("synced");
    assert_eq!((phone.took, phone.sent), (8, 0));
}

#[wasm_bindgen_test]
async fn a_record_that_cannot_be_read_stops_the_pull_but_not_the_push() {
    let client = fresh_client().await;
    // Another program wrote a document Rapport cannot open (no body it knows).
    let stranger = json!({
        "_id": "contact:01KBX0000000000000000000Z9",
        "note": "not sealed",
    });
    client.bulk_docs(&[stranger]).await.expect("written");
    let mut laptop = Device::new();
    add(&mut laptop, "Ada Okafor", 0);
    let stopped = round(&client, &Clear, &mut laptop).await;
    assert!(
        matches!(stopped, Err(SyncFailure::Unreadable(_))),
        "{stopped:?}"
    );
    // The laptop's contact reached the server all the same.
    let ids: Vec<String> = laptop
        .ledger
        .contacts()
        .map(|contact| format!("contact:{}", contact.id))
        .collect();
    let stored = client.get_many(&ids).await.expect("read");
    assert!(stored.iter().all(Option::is_some), "{stored:?}");
    assert_eq!(laptop.journal.waiting_to_push(&laptop.ledger), 0);
}

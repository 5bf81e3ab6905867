//! The sync steps against a model of CouchDB's document and revision semantics, with two or
//! three devices editing, pulling and pushing in random interleavings, and requests or
//! answers lost on the way (a cut connection, a closed tab). Afterwards, every device syncs
//! until nothing is left to send, and then:
//! - every device holds the same ledger, the one the server's documents describe;
//! - nothing the server acknowledged was lost: each written copy is still the server's, or
//!   a later change replaced it.
//!
//! The model keeps one revision per document, as a CouchDB reached only through its normal
//! write API does: a write must name the current revision, or it is refused as a conflict.

use std::cell::RefCell;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::model_support::{cases, details, fault, runner, Fault, MemoryCouch};
use super::*;
use crate::domain::contact::{ContactKind, ContactProfile};
use crate::domain::id::{ContactId, InteractionId, PromiseId};
use crate::domain::ledger::{Ledger, PromiseDraft};
use crate::domain::promise::{Party, PromiseStatus};
use crate::domain::stage::Stage;
use crate::domain::time::{Now, Timestamp};

/// One device: its ledger and journal, saved together.
struct Device {
    ledger: Ledger,
    journal: Journal,
    made: u128,
}

#[derive(Clone, Debug)]
enum Op {
    AddPerson {
        device: usize,
        at_organization: Option<usize>,
    },
    AddOrganization {
        device: usize,
    },
    Rename {
        device: usize,
        contact: usize,
        name: u8,
    },
    Tag {
        device: usize,
        contact: usize,
        tag: u8,
    },
    DeleteContact {
        device: usize,
        contact: usize,
    },
    Log {
        device: usize,
        contact: usize,
    },
    EditInteraction {
        device: usize,
        interaction: usize,
        summary: u8,
    },
    DeleteInteraction {
        device: usize,
        interaction: usize,
    },
    Promise {
        device: usize,
        contact: usize,
        in_interaction: Option<usize>,
    },
    Keep {
        device: usize,
        promise: usize,
    },
    Pull {
        device: usize,
        limit: usize,
    },
    Push {
        device: usize,
        limit: usize,
        fault: Fault,
    },
}

fn op(devices: usize) -> impl Strategy<Value = Op> {
    let d = 0..devices;
    let i = 0..8usize;
    prop_oneof![
        3 => (d.clone(), proptest::option::of(i.clone()))
            .prop_map(|(device, at_organization)| Op::AddPerson { device, at_organization }),
        1 => d.clone().prop_map(|device| Op::AddOrganization { device }),
        2 => (d.clone(), i.clone(), 0..4u8)
            .prop_map(|(device, contact, name)| Op::Rename { device, contact, name }),
        2 => (d.clone(), i.clone(), 0..4u8)
            .prop_map(|(device, contact, tag)| Op::Tag { device, contact, tag }),
        1 => (d.clone(), i.clone()).prop_map(|(device, contact)| Op::DeleteContact { device, contact }),
        3 => (d.clone(), i.clone()).prop_map(|(device, contact)| Op::Log { device, contact }),
        1 => (d.clone(), i.clone(), 0..4u8).prop_map(|(device, interaction, summary)| {
            Op::EditInteraction { device, interaction, summary }
        }),
        1 => (d.clone(), i.clone())
            .prop_map(|(device, interaction)| Op::DeleteInteraction { device, interaction }),
        1 => (d.clone(), i.clone(), proptest::option::of(i.clone())).prop_map(
            |(device, contact, in_interaction)| Op::Promise { device, contact, in_interaction }
        ),
        1 => (d.clone(), i.clone()).prop_map(|(device, promise)| Op::Keep { device, promise }),
        4 => (d.clone(), 1..4usize).prop_map(|(device, limit)| Op::Pull { device, limit }),
        4 => (d, 1..4usize, fault())
            .prop_map(|(device, limit, fault)| Op::Push { device, limit, fault }),
    ]
}

/// The `index`th (wrapping) of a device's records, if it has any.
fn pick<T: Copy>(ids: Vec<T>, index: usize) -> Option<T> {
    (!ids.is_empty()).then(|| ids[index % ids.len()])
}

impl Device {
    fn new(ledger: Ledger) -> Self {
        Device {
            journal: Journal::offering_everything(),
            ledger,
            made: 0,
        }
    }

    fn random(&mut self, device: usize) -> u128 {
        self.made += 1;
        (device as u128) << 64 | self.made
    }

    fn contact(&self, index: usize, organizations_only: bool) -> Option<ContactId> {
        pick(
            self.ledger
                .contacts()
                .filter(|contact| !organizations_only || contact.is_organization())
                .map(|contact| contact.id)
                .collect(),
            index,
        )
    }

    fn interaction(&self, index: usize) -> Option<InteractionId> {
        pick(self.ledger.interactions().map(|i| i.id).collect(), index)
    }

    fn promise(&self, index: usize) -> Option<PromiseId> {
        pick(self.ledger.promises().map(|p| p.id).collect(), index)
    }

    /// Makes one change here, as the app does: the journal notes it. A change the ledger
    /// refuses changes nothing.
    fn edit(&mut self, device: usize, op: &Op, now: Timestamp) {
        let before = self.ledger.clone();
        let random = self.random(device);
        let changed = match *op {
            Op::AddPerson {
                at_organization, ..
            } => {
                let mut profile = ContactProfile::named(format!("P{random}"), ContactKind::Person);
                profile.organization = at_organization.and_then(|i| self.contact(i, true));
                self.ledger
                    .add_contact(ContactId::new(now, random), profile, Stage::Target, now)
                    .is_ok()
            }
            Op::AddOrganization { .. } => self
                .ledger
                .add_contact(
                    ContactId::new(now, random),
                    ContactProfile::named(format!("O{random}"), ContactKind::Organization),
                    Stage::Connection,
                    now,
                )
                .is_ok(),
            Op::Rename { contact, name, .. }
            | Op::Tag {
                contact, tag: name, ..
            } => {
                let Some(id) = self.contact(contact, false) else {
                    return;
                };
                let Some(mut profile) = self.ledger.contact(id).map(|c| c.profile.clone()) else {
                    return;
                };
                if matches!(op, Op::Rename { .. }) {
                    profile.name = format!("{} {name}", profile.name);
                } else {
                    profile.tags.push(format!("tag{name}"));
                }
                self.ledger.update_profile(id, profile, now).is_ok()
            }
            Op::DeleteContact { contact, .. } => {
                let Some(id) = self.contact(contact, false) else {
                    return;
                };
                self.ledger.delete_contact(id, now).is_ok()
            }
            Op::Log { contact, .. } => {
                let Some(id) = self.contact(contact, false) else {
                    return;
                };
                self.ledger
                    .log_interaction(InteractionId::new(now, random), id, details(now, 0), now)
                    .is_ok()
            }
            Op::EditInteraction {
                interaction,
                summary,
                ..
            } => {
                let Some(id) = self.interaction(interaction) else {
                    return;
                };
                self.ledger
                    .edit_interaction(id, details(now, summary), now)
                    .is_ok()
            }
            Op::DeleteInteraction { interaction, .. } => {
                let Some(id) = self.interaction(interaction) else {
                    return;
                };
                self.ledger.delete_interaction(id, now).is_ok()
            }
            Op::Promise {
                contact,
                in_interaction,
                ..
            } => {
                let Some(id) = self.contact(contact, false) else {
                    return;
                };
                let interaction = in_interaction.and_then(|i| {
                    pick(
                        self.ledger
                            .interactions()
                            .filter(|interaction| interaction.contact == id)
                            .map(|interaction| interaction.id)
                            .collect(),
                        i,
                    )
                });
                let draft = PromiseDraft {
                    what: format!("send the deck {random}"),
                    owed_by: Party::Me,
                    due: NaiveDate::from_ymd_opt(2027, 1, 15).expect("a date"),
                    interaction,
                };
                self.ledger
                    .add_promise(PromiseId::new(now, random), id, draft, now)
                    .is_ok()
            }
            Op::Keep { promise, .. } => {
                let Some(id) = self.promise(promise) else {
                    return;
                };
                self.ledger
                    .set_promise_status(id, PromiseStatus::Kept, Now::utc(now))
                    .is_ok()
            }
            Op::Pull { .. } | Op::Push { .. } => false,
        };
        if changed {
            // As the storage engine does at each save: from the ledger's pending changes.
            // They must note what a full comparison with the ledger before finds.
            let mut compared = self.journal.clone();
            compared.note_changes(&before, &self.ledger);
            self.journal.note_pending(&self.ledger);
            assert_eq!(
                self.journal, compared,
                "noting {op:?} from the pending changes"
            );
        }
        self.ledger.mark_saved();
    }

    /// Takes one page of the changes feed.
    fn pull(&mut self, server: &mut MemoryCouch, limit: usize) -> Result<(), SyncError> {
        // As the app's round: what this device offers goes before anything is taken in.
        if self.journal.is_offering() {
            self.push(server, usize::MAX, Fault::None);
        }
        let (page, checkpoint) = server.changes(self.journal.checkpoint.as_deref(), limit);
        let mut journal = self.journal.clone();
        self.ledger = take_page(&self.ledger, &mut journal, page, checkpoint)?;
        // Saved with the journal, which accounts for what the page changed.
        self.ledger.mark_saved();
        self.journal = journal;
        Ok(())
    }

    /// Pushes up to `limit` documents; returns the writes the server acknowledged and this
    /// device heard of.
    fn push(&mut self, server: &mut MemoryCouch, limit: usize, fault: Fault) -> Vec<Write> {
        let ids = to_push(&self.journal, &self.ledger, None, limit);
        let fetched = server.fetch(&ids);
        let planned = writes(&self.ledger, &mut self.journal, fetched);
        match fault {
            Fault::LostRequest => Vec::new(),
            Fault::LostAnswer => {
                server.bulk_docs(&planned);
                Vec::new()
            }
            Fault::None => {
                let acks = server.bulk_docs(&planned);
                let results: Vec<(Write, Ack)> = planned.into_iter().zip(acks).collect();
                let written = results
                    .iter()
                    .filter(|(_, ack)| *ack == Ack::Written)
                    .map(|(write, _)| write.clone())
                    .collect();
                acknowledge(&self.ledger, &mut self.journal, results);
                written
            }
        }
    }

    /// Pulls everything, then pushes everything, once.
    fn sync_all(&mut self, server: &mut MemoryCouch) -> Result<Vec<Write>, SyncError> {
        // At least one page, as the app's round reads the feed at least once: what a push
        // left waiting is decided by a pull even when the feed has nothing new.
        loop {
            self.pull(server, 50)?;
            if self.journal.checkpoint.as_deref() == Some(&server.last_seq()) {
                break;
            }
        }
        Ok(self.push(server, usize::MAX, Fault::None))
    }
}

/// What one run did, for the figures the test prints.
#[derive(Clone, Copy, Debug, Default)]
struct Figures {
    steps: usize,
    faults: usize,
    acknowledged: usize,
    documents: usize,
    rounds: usize,
}

/// Runs `ops` on `devices` devices, then syncs every device until nothing changes, and checks
/// the module's two properties.
fn run(devices: usize, ops: &[Op]) -> Result<Figures, TestCaseError> {
    let mut figures = Figures {
        steps: ops.len(),
        ..Figures::default()
    };
    let mut server = MemoryCouch::default();
    let mut fleet: Vec<Device> = (0..devices).map(|_| Device::new(Ledger::new())).collect();
    let mut acknowledged: Vec<Write> = Vec::new();
    let mut clock = Timestamp::from_millis(1_790_000_000_000);
    for op in ops {
        clock = clock.plus_minutes(1);
        match *op {
            Op::Pull { device, limit } => fleet[device]
                .pull(&mut server, limit)
                .map_err(|error| TestCaseError::fail(format!("pull: {error}")))?,
            Op::Push {
                device,
                limit,
                fault,
            } => {
                if !matches!(fault, Fault::None) {
                    figures.faults += 1;
                }
                acknowledged.extend(fleet[device].push(&mut server, limit, fault));
            }
            Op::AddPerson { device, .. }
            | Op::AddOrganization { device }
            | Op::Rename { device, .. }
            | Op::Tag { device, .. }
            | Op::DeleteContact { device, .. }
            | Op::Log { device, .. }
            | Op::EditInteraction { device, .. }
            | Op::DeleteInteraction { device, .. }
            | Op::Promise { device, .. }
            | Op::Keep { device, .. } => fleet[device].edit(device, op, clock),
        }
    }
    // Everyone syncs until a whole round sends nothing.
    let mut rounds = 0;
    loop {
        rounds += 1;
        prop_assert!(rounds <= 10, "sync did not settle in 10 rounds");
        let mut sent = 0;
        for device in &mut fleet {
            let written = device
                .sync_all(&mut server)
                .map_err(|error| TestCaseError::fail(format!("sync: {error}")))?;
            sent += written.len();
            acknowledged.extend(written);
        }
        let settled = fleet.iter().all(|device| {
            device.journal.waiting_to_push(&device.ledger) == 0
                && device.journal.checkpoint.as_deref() == Some(&server.last_seq())
        });
        if sent == 0 && settled {
            break;
        }
    }
    figures.rounds = rounds;
    figures.acknowledged = acknowledged.len();
    figures.documents = server.docs.len();
    for (index, device) in fleet.iter().enumerate().skip(1) {
        prop_assert_eq!(
            &device.ledger,
            &fleet[0].ledger,
            "device {} differs from device 0",
            index
        );
        prop_assert!(
            device.journal.waiting.is_empty(),
            "device {} still has waiting documents",
            index
        );
    }
    // The ledger is what the server's documents say.
    for (&id, (_, body, _)) in &server.docs {
        let held = body_of(&fleet[0].ledger, id, Some(body));
        prop_assert_eq!(
            held.as_ref(),
            Some(body),
            "{} differs from the server's copy",
            id
        );
    }
    // Nothing acknowledged was lost: each written copy is the server's, or a later change
    // replaced it.
    for write in &acknowledged {
        let Some((_, now, _)) = server.docs.get(&write.id) else {
            return Err(TestCaseError::fail(format!(
                "{} acknowledged, then gone",
                write.id
            )));
        };
        let replaced_later = match (now.changed_at(), write.body.changed_at()) {
            (Some(now_at), Some(written_at)) => now_at >= written_at,
            _ => true,
        };
        prop_assert!(
            now == &write.body || replaced_later,
            "{} acknowledged as {:?}, now {:?}",
            write.id,
            write.body,
            now
        );
    }
    Ok(figures)
}

#[test]
fn devices_that_sync_converge_and_lose_nothing_acknowledged() {
    let mut runner = runner();
    let started = std::time::Instant::now();
    let totals = RefCell::new(Figures::default());
    let strategy = (2..=3usize)
        .prop_flat_map(|devices| (Just(devices), proptest::collection::vec(op(devices), 1..60)));
    runner
        .run(&strategy, |(devices, ops)| {
            let figures = run(devices, &ops)?;
            let mut totals = totals.borrow_mut();
            totals.steps += figures.steps;
            totals.faults += figures.faults;
            totals.acknowledged += figures.acknowledged;
            totals.documents += figures.documents;
            totals.rounds = totals.rounds.max(figures.rounds);
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    let totals = totals.into_inner();
    println!(
        "sync model: {} cases, {} steps, {} lost requests or answers, {} writes acknowledged, \
         {} documents on the servers at the end; at most {} rounds to settle; {:.1} s",
        cases(),
        totals.steps,
        totals.faults,
        totals.acknowledged,
        totals.documents,
        totals.rounds,
        started.elapsed().as_secs_f64()
    );
}

/// Two devices synced once, with one contact: the start of the examples below.
fn two_devices_with_ada() -> (MemoryCouch, Device, Device, ContactId, Timestamp) {
    let mut server = MemoryCouch::default();
    let mut laptop = Device::new(Ledger::new());
    let mut phone = Device::new(Ledger::new());
    let at = Timestamp::from_millis(1_790_000_000_000);
    laptop.edit(
        0,
        &Op::AddPerson {
            device: 0,
            at_organization: None,
        },
        at,
    );
    let ada = laptop.contact(0, false).expect("a contact");
    laptop.sync_all(&mut server).expect("sync");
    phone.sync_all(&mut server).expect("sync");
    (server, laptop, phone, ada, at)
}

fn sync_until_settled(server: &mut MemoryCouch, devices: &mut [&mut Device]) {
    for _ in 0..3 {
        for device in devices.iter_mut() {
            device.sync_all(server).expect("sync");
        }
    }
}

#[test]
fn a_contact_edited_on_both_devices_offline_keeps_both_changes_and_every_interaction() {
    let (mut server, mut laptop, mut phone, ada, at) = two_devices_with_ada();
    assert!(
        phone.ledger.contact(ada).is_some(),
        "the phone has the laptop's contact"
    );
    laptop.edit(
        0,
        &Op::Rename {
            device: 0,
            contact: 0,
            name: 1,
        },
        at.plus_minutes(1),
    );
    laptop.edit(
        0,
        &Op::Log {
            device: 0,
            contact: 0,
        },
        at.plus_minutes(2),
    );
    phone.edit(
        1,
        &Op::Tag {
            device: 1,
            contact: 0,
            tag: 2,
        },
        at.plus_minutes(3),
    );
    phone.edit(
        1,
        &Op::Log {
            device: 1,
            contact: 0,
        },
        at.plus_minutes(4),
    );
    sync_until_settled(&mut server, &mut [&mut laptop, &mut phone]);
    assert_eq!(laptop.ledger, phone.ledger);
    let contact = laptop.ledger.contact(ada).expect("kept");
    assert!(
        contact.profile.name.ends_with(" 1"),
        "the laptop's new name: {}",
        contact.profile.name
    );
    assert_eq!(
        contact.profile.tags,
        vec!["tag2".to_owned()],
        "the phone's tag"
    );
    assert_eq!(laptop.ledger.interactions().count(), 2, "both interactions");
}

#[test]
fn a_field_set_on_both_devices_keeps_the_later_edit() {
    let (mut server, mut laptop, mut phone, ada, at) = two_devices_with_ada();
    phone.edit(
        1,
        &Op::Rename {
            device: 1,
            contact: 0,
            name: 2,
        },
        at.plus_minutes(2),
    );
    laptop.edit(
        0,
        &Op::Rename {
            device: 0,
            contact: 0,
            name: 1,
        },
        at.plus_minutes(1),
    );
    sync_until_settled(&mut server, &mut [&mut laptop, &mut phone]);
    assert_eq!(laptop.ledger, phone.ledger);
    let name = &laptop.ledger.contact(ada).expect("kept").profile.name;
    assert!(
        name.ends_with(" 2") && !name.contains(" 1"),
        "the phone's later name: {name}"
    );
}

#[test]
fn a_contact_deleted_on_the_phone_is_gone_on_the_laptop_after_sync() {
    let (mut server, mut laptop, mut phone, ada, at) = two_devices_with_ada();
    phone.edit(
        1,
        &Op::DeleteContact {
            device: 1,
            contact: 0,
        },
        at.plus_minutes(1),
    );
    sync_until_settled(&mut server, &mut [&mut phone, &mut laptop]);
    assert!(laptop.ledger.contact(ada).is_none());
    assert!(laptop
        .ledger
        .tombstone(crate::domain::tombstone::DeletedId::Contact(ada))
        .is_some());
    assert_eq!(laptop.ledger, phone.ledger);
}

#[test]
fn an_interaction_logged_after_the_contact_was_deleted_elsewhere_keeps_the_contact() {
    let (mut server, mut laptop, mut phone, ada, at) = two_devices_with_ada();
    phone.edit(
        1,
        &Op::DeleteContact {
            device: 1,
            contact: 0,
        },
        at.plus_minutes(1),
    );
    laptop.edit(
        0,
        &Op::Log {
            device: 0,
            contact: 0,
        },
        at.plus_minutes(2),
    );
    sync_until_settled(&mut server, &mut [&mut phone, &mut laptop]);
    assert_eq!(laptop.ledger, phone.ledger);
    assert!(
        phone.ledger.contact(ada).is_some(),
        "the later interaction kept the contact"
    );
    assert_eq!(phone.ledger.interactions().count(), 1);
}

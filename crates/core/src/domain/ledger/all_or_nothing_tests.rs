//! Every ledger operation is all or nothing: one that fails leaves the records, and what is
//! unsaved, exactly as they were. The app's one door for changes (`AppState::apply` runs one
//! operation or command, then saves) is a transaction because of it.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

use super::*;
use crate::domain::contact::{PlanPart, QualityCheck};
use crate::domain::search::ContactQuery;
use crate::domain::{
    FieldId, FieldKind, ListId, Now, Party, PitchStatus, PromiseDraft, PromiseStatus,
};
use crate::storage::test_support::{
    choice, date, details, instant, ledger, profile, quality_check, text,
};

/// A record named by position among those in the ledger, or one that is not there.
#[derive(Clone, Debug)]
enum Pick {
    Existing(Index),
    Missing(u128),
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        4 => any::<Index>().prop_map(Pick::Existing),
        1 => any::<u128>().prop_map(Pick::Missing),
    ]
}

/// One call of a ledger operation, with arguments that are often invalid: missing records,
/// any text, any dates, organizations and people mixed up.
#[derive(Clone, Debug)]
enum Call {
    AddContact(Pick, ContactProfile, Stage, Timestamp),
    UpdateProfile(Pick, ContactProfile, Timestamp),
    MoveStage(Pick, Stage, String, Timestamp),
    MoveStageOn(Pick, Stage, Timestamp, Timestamp),
    TakeBackMove(Pick, Stage, Timestamp, Timestamp),
    DeleteContact(Pick, Timestamp),
    UpdatePlan(Pick, PlanPart, String, Timestamp),
    ConfirmPlan(Pick, PlanPart, Timestamp),
    AddQualityCheck(Pick, QualityCheck),
    RemoveQualityCheck(Pick, Timestamp, Timestamp),
    SetTick(Pick, String, bool, Timestamp),
    Snooze(Pick, Option<NaiveDate>, Timestamp),
    Log(Pick, Pick, InteractionDetails, Timestamp),
    EditInteraction(Pick, InteractionDetails, Timestamp),
    SetPitchStatus(Pick, PitchStatus, Timestamp),
    DeleteInteraction(Pick, Timestamp),
    AddPromise(Pick, Draft, Timestamp),
    SetPromiseStatus(Pick, PromiseStatus, Timestamp, NaiveDate),
    DeletePromise(Pick, Timestamp),
    SetTagCadence(String, Option<u16>),
    DefineField(u128, String, FieldKind, Vec<String>),
    UpdateField(Pick, String, Vec<String>),
    DeleteField(Pick, Timestamp),
    SaveList(u128, String, Option<String>),
    DeleteList(Pick),
    LogWithPromise(Pick, Pick, InteractionDetails, Draft, Timestamp),
    TagContacts(Vec<Pick>, String, Timestamp),
    MoveContacts(Vec<Pick>, Stage, String, Timestamp),
}

/// A promise's draft, its interaction named by a pick.
#[derive(Clone, Debug)]
struct Draft {
    id: Pick,
    what: String,
    owed_by: Party,
    due: NaiveDate,
    interaction: Option<Pick>,
}

fn draft() -> impl Strategy<Value = Draft> {
    (
        pick(),
        text(40),
        choice(&[Party::Me, Party::Them]),
        date(),
        proptest::option::of(pick()),
    )
        .prop_map(|(id, what, owed_by, due, interaction)| Draft {
            id,
            what,
            owed_by,
            due,
            interaction,
        })
}

fn call() -> impl Strategy<Value = Call> {
    let stage = || choice(Stage::ALL);
    let part = || choice(PlanPart::ALL);
    prop_oneof![
        (pick(), profile(), stage(), instant())
            .prop_map(|(a, b, c, d)| Call::AddContact(a, b, c, d)),
        (pick(), profile(), instant()).prop_map(|(a, b, c)| Call::UpdateProfile(a, b, c)),
        (pick(), stage(), text(30), instant()).prop_map(|(a, b, c, d)| Call::MoveStage(a, b, c, d)),
        (pick(), stage(), instant(), instant())
            .prop_map(|(a, b, c, d)| Call::MoveStageOn(a, b, c, d)),
        (pick(), stage(), instant(), instant())
            .prop_map(|(a, b, c, d)| Call::TakeBackMove(a, b, c, d)),
        (pick(), instant()).prop_map(|(a, b)| Call::DeleteContact(a, b)),
        (pick(), part(), text(60), instant()).prop_map(|(a, b, c, d)| Call::UpdatePlan(a, b, c, d)),
        (pick(), part(), instant()).prop_map(|(a, b, c)| Call::ConfirmPlan(a, b, c)),
        (pick(), quality_check()).prop_map(|(a, b)| Call::AddQualityCheck(a, b)),
        (pick(), instant(), instant()).prop_map(|(a, b, c)| Call::RemoveQualityCheck(a, b, c)),
        (pick(), text(40), any::<bool>(), instant())
            .prop_map(|(a, b, c, d)| Call::SetTick(a, b, c, d)),
        (pick(), proptest::option::of(date()), instant())
            .prop_map(|(a, b, c)| Call::Snooze(a, b, c)),
        (pick(), pick(), details(), instant()).prop_map(|(a, b, c, d)| Call::Log(a, b, c, d)),
        (pick(), details(), instant()).prop_map(|(a, b, c)| Call::EditInteraction(a, b, c)),
        (pick(), choice(PitchStatus::ALL), instant())
            .prop_map(|(a, b, c)| Call::SetPitchStatus(a, b, c)),
        (pick(), instant()).prop_map(|(a, b)| Call::DeleteInteraction(a, b)),
        (pick(), draft(), instant()).prop_map(|(a, b, c)| Call::AddPromise(a, b, c)),
        (pick(), choice(PromiseStatus::ALL), instant(), date())
            .prop_map(|(a, b, c, d)| Call::SetPromiseStatus(a, b, c, d)),
        (pick(), instant()).prop_map(|(a, b)| Call::DeletePromise(a, b)),
        (text(20), proptest::option::of(any::<u16>())).prop_map(|(a, b)| Call::SetTagCadence(a, b)),
        (
            any::<u128>(),
            text(30),
            choice(FieldKind::ALL),
            vec(text(12), 0..4)
        )
            .prop_map(|(a, b, c, d)| Call::DefineField(a, b, c, d)),
        (pick(), text(30), vec(text(12), 0..4)).prop_map(|(a, b, c)| Call::UpdateField(a, b, c)),
        (pick(), instant()).prop_map(|(a, b)| Call::DeleteField(a, b)),
        (any::<u128>(), text(30), proptest::option::of(text(10)))
            .prop_map(|(a, b, c)| Call::SaveList(a, b, c)),
        pick().prop_map(Call::DeleteList),
        (pick(), pick(), details(), draft(), instant())
            .prop_map(|(a, b, c, d, e)| Call::LogWithPromise(a, b, c, d, e)),
        (vec(pick(), 0..6), text(20), instant()).prop_map(|(a, b, c)| Call::TagContacts(a, b, c)),
        (vec(pick(), 0..6), stage(), text(20), instant())
            .prop_map(|(a, b, c, d)| Call::MoveContacts(a, b, c, d)),
    ]
}

/// The id a pick names: the `n`-th of `existing`, or a made-up one.
fn id_of<Id: Copy>(pick: &Pick, existing: &[Id], made_up: impl Fn(u128) -> Id) -> Id {
    match pick {
        Pick::Existing(index) if !existing.is_empty() => existing[index.index(existing.len())],
        Pick::Existing(index) => made_up(index.index(usize::MAX) as u128),
        Pick::Missing(random) => made_up(*random),
    }
}

/// Runs `call` on `ledger`: whether it succeeded.
fn run(ledger: &mut Ledger, call: &Call) -> bool {
    let contacts: Vec<ContactId> = ledger.contacts().map(|c| c.id).collect();
    let interactions: Vec<InteractionId> = ledger.interactions().map(|i| i.id).collect();
    let promises: Vec<PromiseId> = ledger.promises().map(|p| p.id).collect();
    let fields: Vec<FieldId> = ledger.settings().fields.iter().map(|f| f.id).collect();
    let lists: Vec<ListId> = ledger.settings().saved_lists.iter().map(|l| l.id).collect();
    let at = |millis: u128| Timestamp::from_millis(1_700_000_000_000 + (millis % 1_000_000) as i64);
    let contact = |p: &Pick| id_of(p, &contacts, |r| ContactId::new(at(r), r));
    let interaction = |p: &Pick| id_of(p, &interactions, |r| InteractionId::new(at(r), r));
    let promise = |p: &Pick| id_of(p, &promises, |r| PromiseId::new(at(r), r));
    let field = |p: &Pick| id_of(p, &fields, |r| FieldId::new(at(r), r));
    let list = |p: &Pick| id_of(p, &lists, |r| ListId::new(at(r), r));
    let promise_draft = |d: &Draft| PromiseDraft {
        what: d.what.clone(),
        owed_by: d.owed_by,
        due: d.due,
        interaction: d.interaction.as_ref().map(interaction),
    };
    match call.clone() {
        Call::AddContact(id, profile, stage, now) => ledger
            .add_contact(contact(&id), profile, stage, now)
            .is_ok(),
        Call::UpdateProfile(id, profile, now) => {
            ledger.update_profile(contact(&id), profile, now).is_ok()
        }
        Call::MoveStage(id, to, reason, now) => {
            ledger.move_stage(contact(&id), to, reason, now).is_ok()
        }
        Call::MoveStageOn(id, to, on, now) => ledger
            .move_stage_on(contact(&id), to, String::new(), on, now, |t| {
                format!("{t:?}")
            })
            .is_ok(),
        Call::TakeBackMove(id, to, on, now) => {
            ledger.take_back_move(contact(&id), to, on, now).is_ok()
        }
        Call::DeleteContact(id, now) => ledger.delete_contact(contact(&id), now).is_ok(),
        Call::UpdatePlan(id, part, text, now) => {
            ledger.update_plan(contact(&id), part, text, now).is_ok()
        }
        Call::ConfirmPlan(id, part, now) => ledger.confirm_plan(contact(&id), part, now).is_ok(),
        Call::AddQualityCheck(id, check) => ledger.add_quality_check(contact(&id), check).is_ok(),
        Call::RemoveQualityCheck(id, on, now) => {
            ledger.remove_quality_check(contact(&id), on, now).is_ok()
        }
        Call::SetTick(id, prompt, ticked, now) => {
            ledger.set_tick(contact(&id), &prompt, ticked, now).is_ok()
        }
        Call::Snooze(id, until, now) => ledger.snooze(contact(&id), until, now).is_ok(),
        Call::Log(id, to, details, now) => ledger
            .log_interaction(interaction(&id), contact(&to), details, now)
            .is_ok(),
        Call::EditInteraction(id, details, now) => ledger
            .edit_interaction(interaction(&id), details, now)
            .is_ok(),
        Call::SetPitchStatus(id, status, now) => ledger
            .set_pitch_status(interaction(&id), status, now)
            .is_ok(),
        Call::DeleteInteraction(id, now) => {
            ledger.delete_interaction(interaction(&id), now).is_ok()
        }
        Call::AddPromise(to, draft, now) => ledger
            .add_promise(promise(&draft.id), contact(&to), promise_draft(&draft), now)
            .is_ok(),
        Call::SetPromiseStatus(id, status, at, today) => {
            let now = Now {
                at,
                today,
                utc_offset_minutes: 0,
            };
            ledger.set_promise_status(promise(&id), status, now).is_ok()
        }
        Call::DeletePromise(id, now) => ledger.delete_promise(promise(&id), now).is_ok(),
        Call::SetTagCadence(tag, days) => ledger.set_tag_cadence(&tag, days).is_ok(),
        Call::DefineField(id, label, kind, choices) => ledger
            .define_field(FieldId::new(at(id), id), &label, kind, choices)
            .is_ok(),
        Call::UpdateField(id, label, choices) => {
            ledger.update_field(field(&id), &label, choices).is_ok()
        }
        Call::DeleteField(id, now) => ledger.delete_field(field(&id), now).is_ok(),
        Call::SaveList(id, name, tag) => {
            let query = ContactQuery {
                tag,
                ..ContactQuery::default()
            };
            ledger
                .save_list(ListId::new(at(id), id), &name, query)
                .is_ok()
        }
        Call::DeleteList(id) => ledger.delete_list(list(&id)).is_ok(),
        Call::LogWithPromise(id, to, details, draft, now) => ledger
            .log_with_promise(
                interaction(&id),
                contact(&to),
                details,
                Some((promise(&draft.id), promise_draft(&draft))),
                now,
            )
            .is_ok(),
        Call::TagContacts(ids, tag, now) => ledger
            .tag_contacts(ids.iter().map(contact).collect::<Vec<_>>(), &tag, now)
            .is_ok(),
        Call::MoveContacts(ids, to, reason, now) => ledger
            .move_contacts(
                ids.iter().map(contact).collect::<Vec<_>>(),
                to,
                &reason,
                now,
            )
            .is_ok(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// After any run of calls, each one that failed left the ledger as it found it: its
    /// records, its settings, and what it had unsaved.
    #[test]
    fn a_failing_operation_changes_nothing(
        start in ledger(6),
        calls in vec(call(), 1..24),
    ) {
        let mut ledger = start;
        for call in &calls {
            let before = ledger.clone();
            if !run(&mut ledger, call) {
                prop_assert!(ledger == before, "{call:?} failed and changed the records");
                prop_assert_eq!(
                    ledger.pending_changes(),
                    before.pending_changes(),
                    "{:?} failed and changed what is unsaved",
                    call
                );
            }
        }
    }
}

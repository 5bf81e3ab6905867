//! Why the playbook proposes a stage move, in the evidence's own words: "An introduction on
//! 3 May opened the door", not only "the evidence supports a move". Today's "Ready to move
//! on" rows and the contact page say it, so the person can judge the proposal.

use super::evidence::Evidence;
use super::interaction::InteractionKind;
use super::playbook::{capitalized, decide, prompts_of, ENCOUNTERS};
use super::stage::Stage;

/// The evidence behind a proposed move.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct MoveGrounds {
    /// One line: what opened the door (for a target) or the prompts met and the balance.
    pub summary: String,
    /// Each piece of evidence, one line each: for a stage with prompts, each prompt with
    /// what met it.
    pub evidence: Vec<String>,
}

/// The grounds for moving the contact on from its stage, as the playbook reads them. Meant
/// for a contact whose move is proposed ([`proposed_move`](super::playbook::proposed_move));
/// for another it says what is there all the same.
pub fn move_grounds(evidence: &Evidence) -> MoveGrounds {
    let stage = evidence.contact.stage();
    let balance = evidence.balance();
    let balance_words = format!(
        "{} given, {} received, {} asked",
        balance.gives, balance.received, balance.asks
    );
    if stage == Stage::Target {
        // A target becomes a connection through its first encounter.
        let summary = match evidence.first_of(&ENCOUNTERS) {
            Some((_, first)) => capitalized(&format!(
                "{} on {} opened the door",
                encounter_words(first.details.kind),
                evidence.day_in_words(first)
            )),
            None => "No encounter logged yet".to_owned(),
        };
        return MoveGrounds {
            evidence: vec![
                format!("{summary}."),
                capitalized(&format!("{balance_words}.")),
            ],
            summary,
        };
    }
    let verdicts: Vec<_> = prompts_of(stage)
        .map(|prompt| (prompt.text, decide(prompt, evidence)))
        .collect();
    let met = verdicts.iter().filter(|(_, verdict)| verdict.met).count();
    let summary = if met == verdicts.len() {
        format!("All {met} {} prompts met; {balance_words}", stage.label())
    } else {
        format!(
            "{met} of {} {} prompts met; {balance_words}",
            verdicts.len(),
            stage.label()
        )
    };
    MoveGrounds {
        summary,
        evidence: verdicts
            .into_iter()
            .map(|(text, verdict)| format!("{text}: {}", verdict.because))
            .collect(),
    }
}

/// An encounter, as a sentence names it ("an introduction").
fn encounter_words(kind: InteractionKind) -> &'static str {
    match kind {
        InteractionKind::Introduction => "an introduction",
        InteractionKind::Conversation => "a conversation",
        _ => "engagement with their work",
    }
}

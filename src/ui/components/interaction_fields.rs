//! The fields an interaction form is made of (kind, channel, who started it, the day,
//! what happened, the pitch and the link), shared by the log form and the editor.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::links::web_address;
use crate::domain::DayFormat;
use crate::domain::{
    Channel, Direction, InteractionDetails, InteractionKind, Pitch, PitchStatus, Timestamp,
};
use crate::ui::browser;
use crate::ui::choice_signal::{choices, ChoiceSignal};
use crate::ui::components::select_field::SelectField;
use crate::ui::element_ref::ElementRef;
use crate::ui::form::parse_date;

/// The fields an interaction form edits, its menus' choices and the text its inputs hold:
/// shared by the form that logs an interaction and the one that corrects it.
#[derive(Clone, Copy)]
pub struct InteractionFields {
    /// What it was.
    pub kind: ChoiceSignal<InteractionKind>,
    /// Its channel.
    pub channel: ChoiceSignal<Channel>,
    /// Who started it.
    pub direction: ChoiceSignal<Direction>,
    /// When it happened, as `YYYY-MM-DD`.
    pub date: RwSignal<String>,
    /// What happened.
    pub summary: RwSignal<String>,
    /// What I learned about them.
    pub learned: RwSignal<String>,
    /// The pitch angle, for an ask.
    pub angle: RwSignal<String>,
    /// A link: the coverage's article or segment, the post.
    pub link: RwSignal<String>,
}

impl InteractionFields {
    /// Fields for a new interaction on `day`: a conversation by email that I started.
    pub fn blank(day: NaiveDate) -> Self {
        Self {
            kind: ChoiceSignal::new(InteractionKind::Conversation),
            channel: ChoiceSignal::new(Channel::Email),
            direction: ChoiceSignal::new(Direction::Outbound),
            date: RwSignal::new(date_text(day)),
            summary: RwSignal::new(String::new()),
            learned: RwSignal::new(String::new()),
            angle: RwSignal::new(String::new()),
            link: RwSignal::new(String::new()),
        }
    }

    /// Fields holding what `details` records.
    pub fn of(details: &InteractionDetails) -> Self {
        Self {
            kind: ChoiceSignal::new(details.kind),
            channel: ChoiceSignal::new(details.channel),
            direction: ChoiceSignal::new(details.direction),
            date: RwSignal::new(date_text(details.day_in(browser::local_day))),
            summary: RwSignal::new(details.summary.clone()),
            learned: RwSignal::new(details.learned.clone()),
            angle: RwSignal::new(
                details
                    .pitch
                    .as_ref()
                    .map(|pitch| pitch.angle.clone())
                    .unwrap_or_default(),
            ),
            link: RwSignal::new(details.link.clone()),
        }
    }

    /// Whether the kind chosen is an ask or a pitch (tracked, for the view).
    pub fn is_ask(self) -> bool {
        self.kind.get().is_ask()
    }

    /// Puts `day` in the date field.
    pub fn set_day(self, day: NaiveDate) {
        self.date.set(date_text(day));
    }

    /// The day the date field names, if it names one.
    pub fn day(self) -> Option<NaiveDate> {
        parse_date(&self.date.get_untracked())
    }

    /// The day it happened, or why the date field cannot be taken: it names no day, or a
    /// day after `today` (what is still to come belongs in a promise, and a future date
    /// would hide a quiet relationship from Today until then).
    pub fn day_until(self, today: NaiveDate) -> Result<NaiveDate, String> {
        match self.day() {
            None => Err("Pick the date it happened.".to_owned()),
            Some(day) if day > today => Err(
                "That day is still to come: log what has happened, and keep what is planned \
                 as a promise."
                    .to_owned(),
            ),
            Some(day) => Ok(day),
        }
    }

    /// The details the fields say, on the person's `day` at `at`; an ask keeps its pitch
    /// with `pitch_status`.
    pub fn details(
        self,
        day: NaiveDate,
        at: Timestamp,
        pitch_status: PitchStatus,
    ) -> InteractionDetails {
        let kind = self.kind.get_untracked();
        InteractionDetails {
            // The day as the person gave it: it stays that day wherever they later are.
            day: Some(day),
            at,
            channel: self.channel.get_untracked(),
            kind,
            direction: self.direction.get_untracked(),
            summary: self.summary.get_untracked(),
            learned: self.learned.get_untracked(),
            pitch: kind.is_ask().then(|| Pitch {
                angle: self.angle.get_untracked(),
                status: pitch_status,
            }),
            // "outlet.example/story" is a web address too: saved with its scheme, it opens.
            link: self.link.with_untracked(|typed| {
                let typed = typed.trim();
                web_address(typed).unwrap_or_else(|| typed.to_owned())
            }),
        }
    }
}

/// The `data-testid`s of [`InteractionBasics`]' inputs: kind, channel, direction, date.
pub type BasicsTestIds = [&'static str; 4];

/// The first row of an interaction form: what it was, the channel, who started it, and the
/// date, which the picker keeps from going past `latest`.
#[component]
pub fn InteractionBasics(
    /// The fields the inputs edit.
    fields: InteractionFields,
    /// The inputs' `data-testid`s.
    testids: BasicsTestIds,
    /// The latest day the date may name.
    #[prop(into)]
    latest: Signal<NaiveDate>,
    /// The kind menu, for the form to hand the keyboard to.
    #[prop(optional)]
    kind_menu: ElementRef,
) -> impl IntoView {
    let [kind, channel, direction, date] = testids;
    // Something received (coverage, a referral) came from them: choosing it says so, as
    // the person would otherwise have to notice and change; leaving it for a kind of their
    // own says "I reached out" again, or the next interaction would be logged as theirs
    // unnoticed. Only on a change of kind, so an interaction opened to correct keeps what
    // it says.
    Effect::new(move |previous: Option<InteractionKind>| {
        let now = fields.kind.get();
        let received = |kind: InteractionKind| kind.meaning() == InteractionKind::Received;
        if let Some(before) = previous.filter(|before| *before != now) {
            if received(now) {
                fields.direction.set(Direction::Inbound);
            } else if received(before) {
                fields.direction.set(Direction::Outbound);
            }
        }
        now
    });
    view! {
        <div class="form-grid">
            <SelectField label="What it was" testid=kind value=fields.kind node=kind_menu
                options=choices(InteractionKind::ALL) />
            <SelectField label="Channel" testid=channel value=fields.channel
                options=choices(Channel::ALL) />
            <SelectField label="Who started it" testid=direction value=fields.direction
                options=choices(Direction::ALL) />
            <label class="field">
                <span class="field-label">"Date"</span>
                <input type="date" data-testid=date bind:value=fields.date
                    max=move || date_text(latest.get()) />
            </label>
        </div>
        // What the chosen kind counts as, said again to screen readers when it changes.
        <p class="field-note" data-testid=format!("{kind}-meaning") aria-live="polite">
            {move || fields.kind.get().explained()}
        </p>
    }
}

/// A day as a date input holds it (also its `max`).
fn date_text(day: NaiveDate) -> String {
    DayFormat::Iso.of(day).to_string()
}

/// The link field of an interaction form: where the coverage, article or post can be read.
/// Plain text, not a URL input, so a note such as "p. 12 of the print edition" is kept too;
/// only a web address becomes a link on the timeline.
#[component]
pub fn LinkField(
    /// The text the input edits.
    value: RwSignal<String>,
    /// The input's `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field-label">"Link (the coverage, article or post)"</span>
            <input type="text" inputmode="url" data-testid=testid bind:value=value
                placeholder="https://" />
        </label>
    }
}

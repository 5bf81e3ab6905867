//! Hand-offs of the keyboard between components: a shortcut, a link or a dialog's last
//! button asks for a field that another component owns, often on a page that renders only
//! after the navigation the same key press started.
//!
//! The asker names what it wants with a [`FocusRequest`]; the component that owns the
//! element answers with [`AppState::answer_focus`], from an [`ElementRef`] of
//! its own, as soon as that element is on the page. Test ids stay the tests' contract: renaming one never
//! breaks a shortcut. One request waits at a time (the newest replaces it); it is answered
//! once, and dropped unanswered after [`WAIT`], as a person who pressed a key a moment ago
//! expects, never when something renders minutes later.

use super::*;
use crate::domain::InteractionKind;
use crate::ui::element_ref::ElementRef;

/// How long a request waits for what it names to render (the old polling's half second).
pub const WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Where a hand-off asks the keyboard to go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusRequest {
    /// The contacts page's search field.
    Search,
    /// The contacts page's form for a new contact, opened empty as "Add contact" opens it.
    NewContact,
    /// The name field of the contact form just opened; `reveal_form` brings the whole form
    /// into view from its top rather than only the field.
    ContactName {
        /// Whether the form's heading comes into view too.
        reveal_form: bool,
    },
    /// The contact page's log form, its kind menu, with this kind chosen first if given.
    LogKind(Option<InteractionKind>),
    /// The quick log's kind menu, once a contact is picked.
    QuickLogKind,
    /// The quick log's name search, once the picker is back.
    QuickLogSearch,
    /// The contact form's "Keep editing", as its question to discard appears.
    KeepEditing,
    /// The contact page's playbook.
    Playbook,
}

/// The one request waiting for an answer, numbered so that the expiry of an older one
/// leaves a newer one be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PendingFocus {
    /// The request waiting and its number.
    waiting: Option<(u64, FocusRequest)>,
    /// How many requests were made.
    made: u64,
}

impl PendingFocus {
    /// Asks for `wanted`, replacing whatever waited; its number, for [`expire`](Self::expire).
    pub fn request(&mut self, wanted: FocusRequest) -> u64 {
        self.made += 1;
        self.waiting = Some((self.made, wanted));
        self.made
    }

    /// The request waiting, if any.
    pub fn waiting(&self) -> Option<FocusRequest> {
        self.waiting.map(|(_, wanted)| wanted)
    }

    /// Takes the request waiting if `answers` it: it is answered once.
    pub fn take(&mut self, answers: impl Fn(FocusRequest) -> bool) -> Option<FocusRequest> {
        let wanted = self.waiting().filter(|wanted| answers(*wanted))?;
        self.waiting = None;
        Some(wanted)
    }

    /// Drops request number `serial` if it still waits.
    pub fn expire(&mut self, serial: u64) {
        if self.waiting.is_some_and(|(number, _)| number == serial) {
            self.waiting = None;
        }
    }
}

impl FocusRequest {
    /// Whether an answerer of `self` answers `wanted`: requests of the same kind, whatever
    /// they carry (a log form answers the request for its kind menu with any kind chosen).
    fn answers(self, wanted: FocusRequest) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&wanted)
    }

    /// Hands the keyboard to `element`, the one this request names, as the request says.
    fn hand_to(self, element: &web_sys::HtmlElement) {
        match self {
            // Opened as "Add contact" opens it.
            FocusRequest::NewContact => element.click(),
            FocusRequest::ContactName { reveal_form: true } => browser::reveal_form(element),
            // The question has brought itself into view.
            FocusRequest::KeepEditing => browser::focus_in_place(element),
            FocusRequest::LogKind(Some(kind)) => {
                browser::choose_in(element, kind.key());
                browser::focus_element(element);
            }
            _ => browser::focus_element(element),
        }
    }
}

impl AppState {
    /// Asks for the element `wanted` names: now if it is on the page, else once it renders
    /// (within [`WAIT`]).
    pub fn request_focus(&self, wanted: FocusRequest) {
        let pending = self.focus;
        let serial = pending
            .try_update(|pending| pending.request(wanted))
            .unwrap_or_default();
        set_timeout(
            move || pending.update(|pending| pending.expire(serial)),
            WAIT,
        );
    }

    /// Answers the requests of the same kind as `kind` with `node`'s element, once it is on
    /// the page. The keyboard moves at the next frame: after the page a navigation opened
    /// has been scrolled back to where it was left, so what comes into view stays there.
    pub fn answer_focus(&self, node: ElementRef, kind: FocusRequest) {
        let pending = self.focus;
        Effect::new(move |_| {
            if !pending.with(|pending| pending.waiting().is_some_and(|wanted| kind.answers(wanted)))
            {
                return;
            }
            let Some(element) = node.get() else {
                return;
            };
            if let Some(Some(wanted)) =
                pending.try_update(|pending| pending.take(|wanted| kind.answers(wanted)))
            {
                request_animation_frame(move || wanted.hand_to(&element));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_answered_once_and_then_gone() {
        let mut pending = PendingFocus::default();
        pending.request(FocusRequest::Search);
        assert_eq!(pending.waiting(), Some(FocusRequest::Search));
        // Another component does not take it.
        assert_eq!(
            pending.take(|wanted| wanted == FocusRequest::Playbook),
            None
        );
        assert_eq!(pending.waiting(), Some(FocusRequest::Search));
        assert_eq!(
            pending.take(|wanted| wanted == FocusRequest::Search),
            Some(FocusRequest::Search)
        );
        assert_eq!(pending.waiting(), None);
        assert_eq!(pending.take(|wanted| wanted == FocusRequest::Search), None);
    }

    #[test]
    fn a_newer_request_replaces_an_older_and_outlives_its_expiry() {
        let mut pending = PendingFocus::default();
        let older = pending.request(FocusRequest::NewContact);
        let newer = pending.request(FocusRequest::LogKind(Some(InteractionKind::Give)));
        assert_ne!(older, newer);
        pending.expire(older);
        assert_eq!(
            pending.take(|wanted| matches!(wanted, FocusRequest::LogKind(_))),
            Some(FocusRequest::LogKind(Some(InteractionKind::Give)))
        );
        assert_eq!(
            pending.take(|wanted| wanted == FocusRequest::NewContact),
            None
        );
    }

    #[test]
    fn a_request_nobody_answers_expires() {
        let mut pending = PendingFocus::default();
        let serial = pending.request(FocusRequest::Playbook);
        pending.expire(serial);
        assert_eq!(pending.waiting(), None);
        assert_eq!(pending.take(|_| true), None);
        // An answered request's expiry touches nothing that came after.
        let answered = pending.request(FocusRequest::QuickLogKind);
        assert!(pending.take(|_| true).is_some());
        pending.request(FocusRequest::QuickLogSearch);
        pending.expire(answered);
        assert_eq!(pending.waiting(), Some(FocusRequest::QuickLogSearch));
    }
}

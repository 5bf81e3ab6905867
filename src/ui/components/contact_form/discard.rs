//! Leaving the contact form: Escape or Cancel over typed changes asks first.

use leptos::prelude::*;

use crate::ui::browser;
use crate::ui::element_ref::ElementRef;
use crate::ui::state::{use_app_state, AppState, FocusRequest};

/// Whether the form is asking to discard what was typed, and where the keyboard goes
/// either way. Asked again (or Discard), the changes go; typing on hides the question, so
/// a later Escape asks again.
#[derive(Clone, Copy)]
pub struct Leaving {
    state: AppState,
    /// Whether the question is asked.
    pub asking: RwSignal<bool>,
    /// The field the keyboard was in when the question came, for Keep editing.
    typing_in: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    /// Where Keep editing goes when that field is gone.
    name_field: ElementRef,
    /// The question's first answer.
    pub keep_button: ElementRef,
}

impl Leaving {
    /// Nothing asked yet. The question, once asked, brings itself into view: the keyboard
    /// goes to its answer without scrolling.
    pub fn new(name_field: ElementRef) -> Self {
        let state = use_app_state();
        let keep_button = ElementRef::new();
        state.answer_focus(keep_button, FocusRequest::KeepEditing);
        Self {
            state,
            asking: RwSignal::new(false),
            typing_in: StoredValue::new_local(None),
            name_field,
            keep_button,
        }
    }

    /// Escape or Cancel: leaves through `on_cancel` when asked already or `unchanged`;
    /// otherwise asks.
    pub fn leave(self, unchanged: impl FnOnce() -> bool, on_cancel: Callback<()>) {
        if self.asking.get_untracked() || unchanged() {
            on_cancel.run(());
        } else {
            self.typing_in.set_value(browser::focused_field());
            self.asking.set(true);
            self.state.request_focus(FocusRequest::KeepEditing);
        }
    }

    /// Typing on: the question goes.
    pub fn typed(self) {
        self.asking.set(false);
    }

    /// Keep editing: the question goes, the keyboard back where it was typing.
    pub fn keep_editing(self) {
        self.asking.set(false);
        let field = self
            .typing_in
            .get_value()
            .filter(|field| field.is_connected())
            .or_else(|| self.name_field.get_untracked());
        if let Some(field) = field {
            browser::focus_element(&field);
        }
    }
}

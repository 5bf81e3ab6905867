//! A modal dialog that keeps the keyboard inside it: focus moves in when it opens, Tab and
//! Shift+Tab cycle through its controls, Escape closes it, and focus goes back to whatever
//! had it before.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::element_ref::ElementRef;

/// What can take focus inside a dialog.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
     select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

thread_local! {
    /// The elements focused before each open dialog (innermost last), to give focus back.
    static OPENERS: RefCell<Vec<Option<web_sys::Element>>> = const { RefCell::new(Vec::new()) };
}

fn active_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

fn focus(element: &web_sys::Element) {
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        // Focus only fails on a detached element, which is then gone anyway.
        let _ = element.focus();
    }
}

fn focusables(dialog: &web_sys::Element) -> Vec<web_sys::Element> {
    let Ok(found) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|index| found.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        // A hidden control (display: none, or in a closed <details>) has no offset parent.
        .filter(|element| element.offset_parent().is_some())
        .map(web_sys::Element::from)
        .collect()
}

/// Keeps Tab and Shift+Tab inside the dialog by wrapping around its ends.
fn trap_tab(dialog: &web_sys::Element, ev: &web_sys::KeyboardEvent) {
    let inside = focusables(dialog);
    let (Some(first), Some(last)) = (inside.first(), inside.last()) else {
        return ev.prevent_default();
    };
    let active = active_element();
    let at = |element: &web_sys::Element| active.as_ref() == Some(element);
    let outside = !inside.iter().any(at);
    if ev.shift_key() && (at(first) || outside) {
        ev.prevent_default();
        focus(last);
    } else if !ev.shift_key() && (at(last) || outside) {
        ev.prevent_default();
        focus(first);
    }
}

/// A modal dialog over the page. Focus starts on the element marked `data-autofocus`, or
/// on the dialog itself.
#[component]
pub fn Modal(
    /// The id of the heading that names the dialog.
    labelled_by: &'static str,
    /// The dialog's `data-testid`.
    testid: &'static str,
    /// Extra classes for the dialog box.
    #[prop(optional)]
    class: &'static str,
    /// Closes the dialog (Escape calls it too).
    on_close: Callback<()>,
    /// The dialog's content.
    children: Children,
) -> impl IntoView {
    let dialog = ElementRef::new();
    OPENERS.with(|openers| openers.borrow_mut().push(active_element()));
    on_cleanup(|| {
        if let Some(Some(opener)) = OPENERS.with(|openers| openers.borrow_mut().pop()) {
            focus(&opener);
        }
    });
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            match dialog.query_selector("[data-autofocus]").ok().flatten() {
                Some(first) => focus(&first),
                None => {
                    let _ = dialog.focus();
                }
            }
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            on_close.run(());
        }
        "Tab" => {
            if let Some(dialog) = dialog.get_untracked() {
                trap_tab(&dialog, &ev);
            }
        }
        _ => {}
    };
    view! {
        <div class="modal-backdrop">
            <section
                class=format!("card modal {class}")
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelled_by
                tabindex="-1"
                data-testid=testid
                node_ref=dialog
                on:keydown=on_keydown
            >
                {children()}
            </section>
        </div>
    }
}

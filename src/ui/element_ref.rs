//! One kind of reference to a rendered element, whatever the element.
//!
//! Leptos's `NodeRef<E>` is generic over the element type: each kind of element referred to
//! (button, textarea, input, div, section) brings its own copy of the reference's code and of
//! its `node_ref=` attribute into the app's module. [`ElementRef`] holds every element as an
//! `HtmlElement`, so that code is there once; the release module was 10.8 KB smaller when
//! the last `NodeRef`s became `ElementRef`s (BENCHMARKS.md).

use leptos::prelude::*;
use leptos::tachys::html::node_ref::NodeRefContainer;
use wasm_bindgen::JsCast;

/// A reference to an element, given to it with `node_ref=`: a field or button the keyboard is
/// handed to ([`crate::ui::state::FocusRequest`]), a dialog, a box measured or scrolled to.
#[derive(Clone, Copy, Debug)]
pub struct ElementRef(RwSignal<Option<web_sys::HtmlElement>, LocalStorage>);

impl Default for ElementRef {
    fn default() -> Self {
        Self::new()
    }
}

impl ElementRef {
    /// A reference that holds nothing until its element renders.
    pub fn new() -> Self {
        Self(RwSignal::new_local(None))
    }

    /// The element while it is on the page, read tracked: an effect reading it runs again
    /// when the element renders anew.
    pub fn get(self) -> Option<web_sys::HtmlElement> {
        self.0.get().filter(|element| element.is_connected())
    }

    /// The element while it is on the page (none once its component is gone, as after a
    /// timeout that outlived it).
    pub fn get_untracked(self) -> Option<web_sys::HtmlElement> {
        self.0
            .try_get_untracked()
            .flatten()
            .filter(|element| element.is_connected())
    }

    /// Runs `loaded` once, with the element, as soon as it is on the page (as a `NodeRef`'s
    /// `on_load` does).
    pub fn on_load(self, loaded: impl FnOnce(web_sys::HtmlElement) + 'static) {
        let loaded = std::cell::Cell::new(Some(loaded));
        Effect::new(move |_| {
            if let Some(element) = self.get() {
                if let Some(loaded) = loaded.take() {
                    untrack(move || loaded(element));
                }
            }
        });
    }
}

impl<E: leptos::html::ElementType> NodeRefContainer<E> for ElementRef {
    fn load(self, element: &web_sys::Element) {
        self.0.set(Some(element.clone().unchecked_into()));
    }
}

//! The few browser facilities the UI needs: the clock, randomness for ids, downloads,
//! reading a chosen file, and what the browser is (its engine, whether the app is
//! installed). Everything else stays in pure Rust.

use chrono::NaiveDate;
use leptos::prelude::set_timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::domain::{
    ContactId, FieldId, Interaction, InteractionId, ListId, Now, PromiseId, Timestamp,
};
use crate::ui::keeping::{BrowserEngine, Keeping};

/// The current instant, the person's local date and their offset from UTC, read from the
/// browser's clock.
pub fn now() -> Now {
    let date = js_sys::Date::new_0();
    let at = Timestamp::from_millis(date.get_time() as i64);
    Now {
        at,
        today: local_day(at),
        // getTimezoneOffset counts minutes *behind* UTC.
        utc_offset_minutes: -(date.get_timezone_offset() as i32),
    }
}

/// The person's calendar day at the instant `at`, in the browser's time zone: what a date
/// shown on screen means. (The UTC day differs in the evening west of Greenwich and in the
/// morning east of it.)
pub fn local_day(at: Timestamp) -> NaiveDate {
    let date = js_sys::Date::new(&JsValue::from_f64(at.millis() as f64));
    NaiveDate::from_ymd_opt(
        date.get_full_year() as i32,
        date.get_month() + 1,
        date.get_date(),
    )
    .unwrap_or_else(|| at.date_utc())
}

/// The person's day an interaction happened on: the day they gave when logging it, or
/// else (logs before schema version 7) its instant's day in the browser's time zone.
pub fn day_of(interaction: &Interaction) -> NaiveDate {
    interaction.details.day_in(local_day)
}

/// The instant recorded for an interaction dated `day`: now when it is today (never a time
/// still to come), else noon of that local day.
pub fn instant_for_day(day: NaiveDate) -> Timestamp {
    let now = now();
    if day == now.today {
        now.at
    } else {
        local_noon(day)
    }
}

/// Noon of a local calendar day.
fn local_noon(day: NaiveDate) -> Timestamp {
    use chrono::Datelike;
    let date = js_sys::Date::new_with_year_month_day_hr_min_sec(
        day.year() as u32,
        day.month0() as i32,
        day.day() as i32,
        12,
        0,
        0,
    );
    Timestamp::from_millis(date.get_time() as i64)
}

/// 128 random bits from the browser's cryptographic generator, falling back to
/// `Math.random` where `crypto` is missing (ids stay unique thanks to their timestamp).
fn random_bits() -> u128 {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    u128::from_le_bytes(bytes)
}

/// Runs `work` and records how long it took as a User Timing measure named `name` (only
/// the latest is kept), so benchmarks and the browser's performance panel can read it.
pub fn measured<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|window| window.performance());
    let start = format!("{name}:start");
    if let Some(performance) = &performance {
        // Marks fail only for reserved names; timing is best effort.
        let _ = performance.mark(&start);
    }
    let result = work();
    if let Some(performance) = &performance {
        performance.clear_measures_with_measure_name(name);
        let _ = performance.measure_with_start_mark(name, &start);
        performance.clear_marks_with_mark_name(&start);
    }
    result
}

/// A fresh contact id.
pub fn new_contact_id() -> ContactId {
    ContactId::new(now().at, random_bits())
}

/// A fresh interaction id.
pub fn new_interaction_id() -> InteractionId {
    InteractionId::new(now().at, random_bits())
}

/// A fresh promise id.
pub fn new_promise_id() -> PromiseId {
    PromiseId::new(now().at, random_bits())
}

/// A fresh custom field id.
pub fn new_field_id() -> FieldId {
    FieldId::new(now().at, random_bits())
}

/// A fresh saved list id.
pub fn new_list_id() -> ListId {
    ListId::new(now().at, random_bits())
}

/// How long a download's object URL stays valid. Firefox and Safari read the file after
/// the click has returned, so revoking the URL at once can cancel the download; a minute
/// is ample for a file already in memory, and the URL is freed with the page anyway.
const DOWNLOAD_URL_LIFETIME: std::time::Duration = std::time::Duration::from_secs(60);

/// Offers `contents` to the person as a downloaded file.
pub fn download(file_name: &str, mime: &str, contents: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    set_timeout(
        move || {
            // A URL already gone needs no revoking; there is nothing else to do.
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        DOWNLOAD_URL_LIFETIME,
    );
    Ok(())
}

/// The size of a file the person picked, in bytes, as the browser states it without
/// reading the file: an import checks it before the worker reads the file whole.
pub fn file_size(file: &web_sys::File) -> u64 {
    // A size is a whole number of bytes far below 2^53; the cast only saturates.
    file.size() as u64
}

/// The browser's storage manager; `None` where `navigator.storage` is missing (WebKitGTK,
/// older Safari), so callers say what is known instead of calling into nothing.
fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let storage = js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    (!storage.is_undefined() && !storage.is_null()).then(|| storage.unchecked_into())
}

/// The browser's user agent string; empty where there is no window.
pub fn user_agent() -> String {
    web_sys::window()
        .and_then(|window| window.navigator().user_agent().ok())
        .unwrap_or_default()
}

/// Whether the app runs installed (from the Home Screen, the Dock, or as an installed app)
/// rather than in a browser tab: the `display-mode: standalone` media query, or Safari's own
/// `navigator.standalone` on iPhone and iPad. Read through `Reflect`: a missing property
/// means a tab.
pub fn standalone() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let property = |target: &JsValue, name: &str| {
        js_sys::Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    };
    let navigator_says = property(&window.navigator(), "standalone").as_bool() == Some(true);
    let media_says = property(&window, "matchMedia")
        .dyn_into::<js_sys::Function>()
        .ok()
        .and_then(|match_media| {
            match_media
                .call1(&window, &JsValue::from_str("(display-mode: standalone)"))
                .ok()
        })
        .is_some_and(|list| property(&list, "matches").as_bool() == Some(true));
    navigator_says || media_says
}

/// What this browser does with Rapport's data when the app is not visited.
pub fn keeping() -> Keeping {
    Keeping::of(BrowserEngine::from_user_agent(&user_agent()), standalone())
}

async fn storage_answer(promise: Result<js_sys::Promise, JsValue>) -> Option<bool> {
    JsFuture::from(promise.ok()?).await.ok()?.as_bool()
}

/// Whether the browser already keeps this origin's data under storage pressure
/// (`navigator.storage.persisted()`); `None` where the browser cannot tell.
pub async fn storage_persisted() -> Option<bool> {
    storage_answer(storage_manager()?.persisted()).await
}

/// Asks the browser to keep this origin's data under storage pressure
/// (`navigator.storage.persist()`); the answer, or `None` where it cannot be asked.
pub async fn request_persistent_storage() -> Option<bool> {
    storage_answer(storage_manager()?.persist()).await
}

/// The file chosen in the `<input type="file">` an event came from, clearing the input so
/// the same file can be chosen again.
pub fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|files| files.get(0));
    input.set_value("");
    file
}

/// Lets the browser paint and handle input before the work goes on (a zero-delay timer).
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().is_some_and(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .is_ok()
        });
        if !scheduled {
            // Without a timer, go on at once.
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    // The promise only ever resolves.
    let _ = JsFuture::from(promise).await;
}

/// The text field, menu or text area the keyboard is in, if it is in one.
pub fn focused_field() -> Option<web_sys::HtmlElement> {
    let element = web_sys::window()?.document()?.active_element()?;
    let field = element.dyn_into::<web_sys::HtmlElement>().ok()?;
    matches!(field.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA").then_some(field)
}

/// Gives `element` the keyboard focus without scrolling, where what it belongs to was
/// brought into view already (an [`Alert`](crate::ui::components::Alert) whose button it
/// is): scrolling to the button would hide the question above it under the header.
pub fn focus_in_place(element: &web_sys::HtmlElement) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &true.into());
    let focus = js_sys::Reflect::get(element, &"focus".into())
        .ok()
        .and_then(|focus| focus.dyn_into::<js_sys::Function>().ok());
    if let Some(focus) = focus {
        let _ = focus.call1(element, &options);
    }
}

/// Brings `element` into view and gives it the keyboard focus.
pub fn focus_element(element: &web_sys::HtmlElement) {
    element.scroll_into_view();
    let _ = element.focus();
}

/// Brings the form around `element` into view from its top (below the sticky header, as
/// the page's scroll padding keeps it), then gives `element` the keyboard focus: a form
/// opened from further down the page shows its heading, not only its first field.
pub fn reveal_form(element: &web_sys::HtmlElement) {
    match element.closest("form").ok().flatten() {
        Some(form) => form.scroll_into_view(),
        None => element.scroll_into_view(),
    }
    let _ = element.focus();
}

/// Chooses `value` in `menu` as a person would: the menu's own change handler hears it, so
/// the form bound to it follows.
pub fn choose_in(menu: &web_sys::HtmlElement, value: &str) {
    let _ = js_sys::Reflect::set(menu, &JsValue::from_str("value"), &JsValue::from_str(value));
    if let Ok(change) = web_sys::Event::new("change") {
        let _ = menu.dispatch_event(&change);
    }
}

/// Whether the window is as narrow as a phone's (the style sheet's 600 px breakpoint).
pub fn is_narrow() -> bool {
    web_sys::window()
        .and_then(|window| window.inner_width().ok())
        .and_then(|width| width.as_f64())
        .is_some_and(|width| width <= 600.0)
}

/// Starts a new page the way a page load would: at the top, with the keyboard focus at the
/// start of the main content (not left on a link the old page removed), unless a dialog
/// over the page holds it.
pub fn start_page() {
    // Focus first: focusing scrolls the main content's top under the header on a phone.
    if !modal_open() {
        focus_main();
    }
    scroll_to(0.0);
}

/// Whether a modal dialog is open over the page.
pub fn modal_open() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document
                .query_selector("[aria-modal='true']")
                .ok()
                .flatten()
        })
        .is_some()
}

/// How far the page is scrolled down, in CSS pixels.
pub fn scroll_y() -> f64 {
    web_sys::window()
        .and_then(|window| window.scroll_y().ok())
        .unwrap_or(0.0)
}

/// Scrolls the page to `y` CSS pixels from its top.
pub fn scroll_to(y: f64) {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, y);
    }
}

/// Moves the keyboard focus to the main content (`<main id="main">`).
pub fn focus_main() {
    let main = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("main"))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        // Focus only fails on a detached element.
        let _ = main.focus();
    }
}

/// Loads the page again, from the start (after everything was erased).
pub fn reload() {
    if let Some(window) = web_sys::window() {
        // A refused reload leaves the page as it is; there is nothing better to do.
        let _ = window.location().reload();
    }
}

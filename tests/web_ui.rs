//! Browser tests of the UI: the app mounted in headless Chromium over real localStorage.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use rapport::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    leptos::task::tick().await;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
    });
    let _ = JsFuture::from(promise).await;
    leptos::task::tick().await;
}

fn reset() {
    let window = web_sys::window().expect("window");
    window
        .local_storage()
        .expect("storage")
        .expect("storage")
        .clear()
        .expect("clear");
    window.location().set_hash("#/contacts").expect("hash");
}

/// Mounts a fresh app in its own element (the test runner's own output stays in the
/// body); dropping the handle unmounts it.
fn mount_app() -> leptos::mount::UnmountHandle<impl Mountable> {
    mount_fresh(App)
}

/// Mounts `view` alone in the element the app is tested in, replacing what was there.
fn mount_fresh<N: IntoView + 'static>(
    view: impl FnOnce() -> N + 'static,
) -> leptos::mount::UnmountHandle<impl Mountable> {
    if let Some(previous) = document().get_element_by_id("app-under-test") {
        previous.remove();
    }
    let root: HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    root.set_id("app-under-test");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    leptos::mount::mount_to(root, view)
}

/// Stores a seeded sample ledger of `contacts` contacts, with as many interactions.
fn seed_sample_ledger(contacts: usize) {
    use rapport::domain::sample::{generate, SampleSize};
    use rapport::domain::Timestamp;
    use rapport::storage::{Engine, LocalStore};
    let size = SampleSize {
        contacts,
        interactions: contacts,
    };
    let mut ledger = generate(5, size, Timestamp::from_millis(1_790_000_000_000));
    let mut engine = Engine::new(LocalStore::open().expect("storage"));
    engine.save(&mut ledger).expect("seeded");
}

fn by_testid(testid: &str) -> Option<HtmlElement> {
    document()
        .query_selector(&format!("[data-testid='{testid}']"))
        .expect("selector")
        .map(|element| element.unchecked_into())
}

fn all_by_testid(testid: &str) -> Vec<HtmlElement> {
    let list = document()
        .query_selector_all(&format!("[data-testid='{testid}']"))
        .expect("selector");
    (0..list.length())
        .filter_map(|index| list.item(index))
        .map(|node| node.unchecked_into())
        .collect()
}

fn type_into(testid: &str, text: &str) {
    let input: HtmlInputElement = by_testid(testid).expect(testid).unchecked_into();
    input.set_value(text);
    let event = web_sys::Event::new("input").expect("event");
    input.dispatch_event(&event).expect("dispatch");
}

/// Picks `value` in the drop-down `testid`, as a person choosing it does.
fn choose(testid: &str, value: &str) {
    let select = by_testid(testid).expect(testid);
    js_sys::Reflect::set(&select, &"value".into(), &value.into()).expect("a value");
    let event = web_sys::Event::new("change").expect("event");
    select.dispatch_event(&event).expect("dispatch");
}

/// The value `testid`'s drop-down shows.
fn chosen_in(testid: &str) -> String {
    let select = by_testid(testid).expect(testid);
    js_sys::Reflect::get(&select, &"value".into())
        .ok()
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_select_field_holds_the_typed_value_its_menu_shows() {
    use rapport::domain::Stage;
    use rapport::ui::choice_signal::{choices, ChoiceSignal, MaybeChoiceSignal};
    use rapport::ui::components::select_field::SelectField;
    let stage = ChoiceSignal::new(Stage::Target);
    let tag = MaybeChoiceSignal::<String>::new(None);
    let tags = RwSignal::new(vec!["press".to_owned()]);
    let handle = mount_fresh(move || {
        view! {
            <SelectField label="Stage" testid="typed-stage" value=stage options=choices(Stage::ALL) />
            <SelectField label="Tag" testid="typed-tag" value=tag.with_blank("All tags")
                options=Signal::derive(move || choices(&tags.get())) />
        }
    });
    settle().await;
    assert_eq!(chosen_in("typed-stage"), "target");
    assert_eq!(chosen_in("typed-tag"), "");
    choose("typed-stage", "relationship");
    assert_eq!(stage.get_untracked(), Stage::Relationship);
    // A value no option carries chooses nothing: the stage stays.
    choose("typed-stage", "no such stage");
    assert_eq!(stage.get_untracked(), Stage::Relationship);
    stage.set(Stage::Partnership);
    settle().await;
    assert_eq!(chosen_in("typed-stage"), "partnership");
    // Options that change (a tag added) can be chosen at once; the blank one chooses none.
    tags.update(|tags| tags.push("launch".to_owned()));
    settle().await;
    choose("typed-tag", "launch");
    assert_eq!(tag.get_untracked(), Some("launch".to_owned()));
    choose("typed-tag", "");
    assert_eq!(tag.get_untracked(), None);
    tag.set(Some("press".to_owned()));
    settle().await;
    assert_eq!(chosen_in("typed-tag"), "press");
    drop(handle);
}

#[wasm_bindgen_test]
async fn empty_ledger_explains_what_to_do_and_says_why_no_demo_comes_without_the_worker() {
    reset();
    let handle = mount_app();
    settle().await;
    let empty = by_testid("empty-state").expect("empty state shown");
    assert!(empty
        .text_content()
        .unwrap_or_default()
        .contains("Your ledger is empty"));

    // The demo is made by the worker, which these tests' page does not have (the built
    // site names it; the end-to-end tests load the demo through it): the person is told,
    // in plain words, and the ledger is left as it was.
    by_testid("load-demo").expect("demo button").click();
    settle().await;
    let toast = by_testid("toast").expect("a toast says why");
    assert!(
        toast
            .text_content()
            .unwrap_or_default()
            .contains("A part of Rapport could not be loaded"),
        "{:?}",
        toast.text_content()
    );
    assert!(by_testid("empty-state").is_some());
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_worker_that_cannot_be_fetched_is_reported_and_the_next_job_tries_again() {
    use rapport::jobs::Job;
    use rapport::ui::worker::{ask, WorkerError};
    /// The page's `<meta name="rapport-worker">`, removed when dropped, so a failed
    /// assertion leaves no worker named for the tests after it.
    struct NamedWorker(web_sys::Element);
    impl Drop for NamedWorker {
        fn drop(&mut self) {
            self.0.remove();
        }
    }
    let document = web_sys::window()
        .expect("window")
        .document()
        .expect("document");
    let meta = document.create_element("meta").expect("meta");
    meta.set_attribute("name", "rapport-worker").expect("name");
    meta.set_attribute("content", "./no-such-worker_loader.js")
        .expect("content");
    document
        .head()
        .expect("head")
        .append_child(&meta)
        .expect("appended");
    let _named = NamedWorker(meta);
    for _ in 0..2 {
        let answer = ask(&Job::ReadExport, None, |_| {}).await;
        assert!(
            matches!(answer, Err(WorkerError::Unavailable(_))),
            "{answer:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn added_contact_survives_a_remount() {
    reset();
    let handle = mount_app();
    settle().await;
    by_testid("add-contact").expect("add button").click();
    settle().await;
    type_into("field-name", "Grace Murphy");
    choose("field-stakeholder", "journalist");
    by_testid("save-contact").expect("save").click();
    settle().await;
    assert_eq!(
        by_testid("contact-name").and_then(|h| h.text_content()),
        Some("Grace Murphy".to_owned()),
        "saving opens the new contact's page"
    );
    drop(handle);

    web_sys::window()
        .expect("window")
        .location()
        .set_hash("#/contacts")
        .expect("hash");
    let handle = mount_app();
    settle().await;
    let rows = all_by_testid("contact-row");
    assert_eq!(rows.len(), 1);
    assert!(rows[0]
        .text_content()
        .unwrap_or_default()
        .contains("Grace Murphy"));
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_blank_name_is_refused_in_plain_words() {
    reset();
    let handle = mount_app();
    settle().await;
    by_testid("add-contact").expect("add button").click();
    settle().await;
    by_testid("save-contact").expect("save").click();
    settle().await;
    assert_eq!(
        by_testid("form-error").and_then(|e| e.text_content()),
        Some("A contact needs a name.".to_owned())
    );
    assert!(by_testid("contact-row").is_none());
    drop(handle);
}

#[wasm_bindgen_test]
async fn search_filters_as_you_type() {
    reset();
    seed_sample_ledger(40);
    let handle = mount_app();
    settle().await;
    type_into("search", "zzzz-nobody");
    settle().await;
    assert!(all_by_testid("contact-row").is_empty());
    assert!(by_testid("contact-count")
        .and_then(|c| c.text_content())
        .unwrap_or_default()
        .starts_with("0 of 40"));
    type_into("search", "");
    settle().await;
    assert_eq!(all_by_testid("contact-row").len(), 40);
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_long_list_keeps_only_the_rows_in_view_in_the_page() {
    reset();
    seed_sample_ledger(2_000);

    let handle = mount_app();
    settle().await;
    let count = by_testid("contact-count").and_then(|c| c.text_content());
    assert_eq!(count.as_deref(), Some("2000 contacts"));
    let rendered = all_by_testid("contact-row").len();
    assert!((1..=60).contains(&rendered), "{rendered} rows in the DOM");

    type_into("search", "zzzz-nobody");
    settle().await;
    assert!(all_by_testid("contact-row").is_empty());
    drop(handle);
}

#[wasm_bindgen_test]
async fn today_shows_the_first_items_of_a_long_section_and_more_on_request() {
    reset();
    seed_sample_ledger(2_000);
    web_sys::window()
        .expect("window")
        .location()
        .set_hash("#/")
        .expect("hash");

    let handle = mount_app();
    settle().await;
    let section = by_testid("today-quiet").expect("the quiet section");
    let items_in = |section: &HtmlElement| {
        section
            .query_selector_all("[data-testid='today-item']")
            .expect("selector")
            .length()
    };
    let total: u32 = section
        .query_selector(".today-count")
        .expect("selector")
        .and_then(|chip| chip.text_content())
        .and_then(|text| text.parse().ok())
        .expect("the section's count");
    assert!(total > 25, "{total} quiet contacts in the seeded ledger");
    assert_eq!(items_in(&section), 25);

    let show_more: HtmlElement = section
        .query_selector("[data-testid='today-show-more']")
        .expect("selector")
        .expect("a show-more button")
        .unchecked_into();
    let left = total - 25;
    let expected = if left > 100 {
        format!("Show 100 more, of {left}")
    } else {
        format!("Show the other {left}")
    };
    assert_eq!(show_more.text_content(), Some(expected));
    show_more.click();
    settle().await;
    assert_eq!(items_in(&section), total.min(125));
    assert_eq!(
        show_more.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    // A hundred at a time, until every one is shown.
    for _ in 0..total.div_ceil(100) {
        if items_in(&section) == total {
            break;
        }
        show_more.click();
        settle().await;
    }
    assert_eq!(items_in(&section), total);
    assert_eq!(
        show_more.text_content().as_deref(),
        Some("Show the first 25")
    );
    show_more.click();
    settle().await;
    assert_eq!(items_in(&section), 25);
    drop(handle);
}

/// The device's own keeping (rapport::ui::device): drafts in this tab's sessionStorage as
/// JSON, and the theme as the plain word web/boot.js reads before the app starts.
#[wasm_bindgen_test]
fn drafts_and_the_theme_are_kept_where_and_as_they_were() {
    use rapport::domain::ContactId;
    use rapport::ui::drafts::{self, Draft};
    use rapport::ui::theme::{self, Theme};
    reset();
    let contact = ContactId::from_u128(7);
    let draft = Draft {
        summary: "Coffee at the press club".to_owned(),
        learned: "Covers energy now".to_owned(),
    };
    drafts::keep(contact, &draft);
    assert_eq!(drafts::load(contact), draft);
    let session = web_sys::window()
        .and_then(|window| window.session_storage().ok().flatten())
        .expect("sessionStorage");
    let stored = session
        .get_item(&format!("rapport.draft.{contact}"))
        .ok()
        .flatten()
        .expect("the draft is in sessionStorage");
    assert!(stored.contains("\"summary\":\"Coffee at the press club\""));
    drafts::forget_all();
    assert_eq!(drafts::load(contact), Draft::default());

    theme::choose(Theme::Dark);
    let local = web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .expect("localStorage");
    assert_eq!(
        local.get_item("rapport-theme").ok().flatten().as_deref(),
        Some("dark")
    );
    assert_eq!(theme::load(), Theme::Dark);
    theme::choose(Theme::System);
    assert_eq!(local.get_item("rapport-theme").ok().flatten(), None);
    assert_eq!(theme::load(), Theme::System);
}

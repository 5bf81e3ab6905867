fn main() {
    console_error_panic_hook::set_once();
    // index.html paints a static shell (header, navigation, a word on what is loading) while
    // the module downloads. It goes in the same task as the app mounts, so no frame shows
    // neither or both, and a screen reader never finds two headers or two `main`s.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("app-shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(rapport::ui::App);
}

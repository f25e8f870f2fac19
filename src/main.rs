// The binary only mounts the app; everything else lives in the library so tests can reach it.
fn main() {
    ticket_desk::perf::mark(ticket_desk::perf::MARK_APP_STARTED);
    // A panic's message in the console. Release builds abort at once where std is rebuilt
    // (scripts/wasm.sh): no message then. Either way index.html shows that the app stopped.
    console_error_panic_hook::set_once();
    // index.html says "Loading Ticket Desk…" while the wasm downloads; the app takes over here.
    if let Some(loading) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("startup-loading"))
    {
        loading.remove();
    }
    leptos::mount::mount_to_body(ticket_desk::App);
}

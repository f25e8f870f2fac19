//! Where the app is served: at a host's root or in any folder (`https://intranet.example/desk/`),
//! the same build. index.html's first script finds the folder from the page's path and names it
//! in a `<base>` element; relative URLs (assets, config.json) follow it by themselves, and the
//! router and the app's own links put [`base`] before their routes.

use std::sync::OnceLock;

/// The app's folder as a path without its trailing slash: `""` at the root, `/desk` under
/// `/desk/`. Read once from `document.baseURI`.
pub fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let base_uri = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.base_uri().ok().flatten())
            .unwrap_or_default();
        let path = web_sys::Url::new(&base_uri)
            .map(|url| url.pathname())
            .unwrap_or_default();
        folder(&path).to_string()
    })
}

/// The address of `route` (`/itsm/new`, `/`) on this site (`/desk/itsm/new`, `/desk/`), for
/// links: the router's `<A>` keeps an href that starts with `/` as it is (its `navigate` does put
/// the base before a route).
pub fn href(route: &str) -> String {
    format!("{}{route}", base())
}

/// The address of one of an instance's pages (`new`, `tickets`, `waiting`) on this site.
pub fn instance_href(instance: &str, page: &str) -> String {
    href(&format!("/{instance}/{page}"))
}

/// The folder of a URL path, without its trailing slash: `/desk/` and `/desk/index.html` give
/// `/desk`, `/` gives `""`.
fn folder(path: &str) -> &str {
    &path[..path.rfind('/').unwrap_or(0)]
}

#[cfg(test)]
mod tests {
    use super::folder;

    #[test]
    fn the_folder_has_no_trailing_slash_and_is_empty_at_the_root() {
        assert_eq!(folder("/"), "");
        assert_eq!(folder(""), "");
        assert_eq!(folder("/desk/"), "/desk");
        assert_eq!(folder("/desk/index.html"), "/desk");
        assert_eq!(folder("/apps/ticket-desk/"), "/apps/ticket-desk");
    }
}

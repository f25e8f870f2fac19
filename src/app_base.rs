//! Where the app is served: at a host's root or in any folder (`https://intranet.example/desk/`),
//! the same build. index.html's first script finds the folder from the page's path and names it
//! in a `<base>` element; relative URLs (assets, config.json) follow it by themselves, and the
//! router and the app's own links put [`base`] before their routes.

use leptos_router::NavigateOptions;
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
/// links and for [`navigate_to_path`].
pub fn href(route: &str) -> String {
    format!("{}{route}", base())
}

/// Options for `use_navigate` with an address that already holds the base ([`href`], or the
/// current location's path): the router must not put its base before it again.
pub fn navigate_to_path() -> NavigateOptions {
    NavigateOptions {
        resolve: false,
        ..NavigateOptions::default()
    }
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

//! The id scheme of form inputs (from their wire paths) and moving keyboard focus to them.

use leptos::prelude::request_animation_frame;

/// A DOM id for a wire path: `fields[0].value` -> `f-fields-0-value`.
pub fn input_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

pub fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        // A group (fieldset) is not focusable itself: its first input is.
        .and_then(|e| {
            if e.tag_name() == "FIELDSET" {
                e.query_selector("input, select, textarea, button") // wire
                    .ok()
                    .flatten()
            } else {
                Some(e)
            }
        });
    if let Some(element) = element {
        use wasm_bindgen::JsCast;
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Focus once the view has caught up with the state change that revealed the element.
pub fn focus_later(id: String) {
    request_animation_frame(move || focus(&id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_ids_follow_the_wire_path() {
        assert_eq!(input_id("creator"), "f-creator");
        assert_eq!(input_id("fields[0].value"), "f-fields-0-value");
        assert_eq!(
            input_id("params.requests[10].apiBody"),
            "f-params-requests-10-apiBody"
        );
        assert_eq!(input_id("PluginParam.__unknown"), "f-PluginParam-__unknown");
    }
}

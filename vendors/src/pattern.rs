//! Regular expressions that vendor forms carry (an ITSM field's `regex`). In the browser they run
//! on the browser's own engine, the one ITSM's web forms use, so the app ships no regex engine
//! (about 26 KB of wasm); elsewhere (the gateway, host tests) regex-lite runs them.

/// Whether `pattern` matches somewhere in `text`; `None` when the pattern does not compile.
pub fn is_match(pattern: &str, text: &str) -> Option<bool> {
    engine::compile(pattern).map(|regex| engine::test(&regex, text))
}

/// Whether `pattern` compiles.
pub fn compiles(pattern: &str) -> bool {
    engine::compile(pattern).is_some()
}

#[cfg(target_arch = "wasm32")]
mod engine {
    use js_sys::{Array, Function, Reflect, RegExp};
    use wasm_bindgen::{JsCast, JsValue};

    pub fn compile(pattern: &str) -> Option<RegExp> {
        // `new RegExp(pattern)` through Reflect, which returns the SyntaxError of a bad pattern
        // instead of throwing it through our frames.
        let constructor: Function = Reflect::get(&js_sys::global(), &JsValue::from_str("RegExp"))
            .ok()?
            .dyn_into()
            .ok()?;
        let arguments = Array::of1(&JsValue::from_str(pattern));
        Reflect::construct(&constructor, &arguments)
            .ok()?
            .dyn_into()
            .ok()
    }

    pub fn test(regex: &RegExp, text: &str) -> bool {
        regex.test(text)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod engine {
    pub fn compile(pattern: &str) -> Option<regex_lite::Regex> {
        regex_lite::Regex::new(pattern).ok()
    }

    pub fn test(regex: &regex_lite::Regex, text: &str) -> bool {
        regex.is_match(text)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_match_anywhere_and_bad_ones_do_not_compile() {
        assert_eq!(super::is_match("^[0-9]{1,3}$", "120"), Some(true));
        assert_eq!(super::is_match("^[0-9]{1,3}$", "1200"), Some(false));
        assert_eq!(super::is_match("b+", "abbc"), Some(true));
        assert_eq!(super::is_match("(", "x"), None);
        assert!(!super::compiles("[a-"));
    }
}

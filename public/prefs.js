// Runs before the app's wasm loads, so the first paint already has the person's remembered
// theme and language (src/theme.rs and src/i18n.rs write these keys; the app applies the
// same again when it starts, and decides the language of a first visit).
(function () {
  try {
    var root = document.documentElement;
    var theme = localStorage.getItem("ticket-desk:theme");
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    var lang = localStorage.getItem("ticket-desk:lang");
    if (lang === "en" || lang === "zh-CN") root.setAttribute("lang", lang);
  } catch (storageUnavailable) {
    // Private mode or blocked storage: the app's defaults apply.
  }
})();

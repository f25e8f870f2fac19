// The static floor's one script: the page's text is already in the DOM when this runs (it is
// the last element of <body>), so the mark comes one frame later, as the app's does.
requestAnimationFrame(function () {
  performance.mark("shell:ready");
});

// Start-up benchmark: the clock starts right before the board's script tag is parsed and
// stops at the first frame in which an event card of the board is in the DOM.
const scriptTagAt = performance.now();
function watch() {
  const card = document.querySelector("stammtisch-board")?.shadowRoot?.querySelector(".st-card[data-event-id]");
  if (card) {
    requestAnimationFrame(() => {
      // Where the time went: when each download ended, relative to the script tag.
      const ended = (suffix) => {
        const entry = performance.getEntriesByType("resource").find((e) => e.name.split("?")[0].endsWith(suffix));
        return entry ? Math.round(entry.responseEnd - scriptTagAt) : null;
      };
      window.startupPhases = { embed: ended("/embed.js"), glue: ended("/stammtisch-board.js"),
        wasm: ended("_bg.wasm"), feed: ended("/api/v1/feed") };
      window.firstEventsAfter = performance.now() - scriptTagAt;
    });
  } else {
    requestAnimationFrame(watch);
  }
}
requestAnimationFrame(watch);

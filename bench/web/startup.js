// Start-up benchmark: the clock starts right before the board's script tag is parsed and
// stops at the first frame in which an event card of the board is in the DOM.
const scriptTagAt = performance.now();
function watch() {
  const card = document.querySelector("stammtisch-board")?.shadowRoot?.querySelector(".st-card[data-event-id]");
  if (card) {
    requestAnimationFrame(() => { window.firstEventsAfter = performance.now() - scriptTagAt; });
  } else {
    requestAnimationFrame(watch);
  }
}
requestAnimationFrame(watch);

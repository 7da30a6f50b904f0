// Driven by stammtisch-bench over WebDriver: every function on `window.bench` returns a
// promise of milliseconds (or bytes). Both contestants render the same feed file into a
// shadow root with the board's stylesheet, and are timed the same way: from the call until
// every event card is in the DOM and one frame has passed.
import { renderVanilla } from "./vanilla.js";

// `?named`: the same board without wasm-opt, with function names, for the CPU profile.
const dir = new URLSearchParams(location.search).has("named") ? "./named/" : "./";
const { default: init, mountBoard } = await import(`${dir}stammtisch-board.js`);
const wasm = await init({ module_or_path: `${dir}stammtisch-board_bg.wasm` });
const sheet = new CSSStyleSheet();
sheet.replaceSync(await (await fetch("board.css")).text());
const stage = document.getElementById("stage");
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
// A macrotask runs after every microtask, so Leptos' queued effects have run by then.
const afterMicrotasks = () => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = resolve;
  channel.port2.postMessage(null);
});

let handle = null;
let root = null;

function clear() {
  handle?.unmount();
  handle?.free();
  handle = null;
  stage.replaceChildren();
}

function freshRoot() {
  clear();
  const host = document.createElement("div");
  host.setAttribute("locale", "de");
  stage.append(host);
  return host;
}

/** Where the time of the last render went, in ms since its start: the feed's request and
 * response (resource timing) and the first card in the DOM. */
function phases(started, n) {
  const feed = performance.getEntriesByType("resource").filter((e) => e.name.endsWith(`feed-${n}.json`)).at(-1);
  window.lastPhases = {
    requestAt: feed ? feed.startTime - started : null,
    responseEndAt: feed ? feed.responseEnd - started : null,
    firstCardAt: firstCardAt === null ? null : firstCardAt - started,
  };
}

let firstCardAt = null;
function watchFirstCard() {
  firstCardAt = null;
  const observer = new MutationObserver(() => {
    if (root.querySelector(".st-card[data-event-id]")) {
      firstCardAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(root, { childList: true, subtree: true });
}

async function untilCards(n) {
  const deadline = performance.now() + 120_000;
  while (root.querySelectorAll(".st-card[data-event-id]").length < n) {
    if (performance.now() > deadline) throw new Error(`only ${root.querySelectorAll(".st-card[data-event-id]").length} of ${n} cards`);
    await frame();
  }
  await frame();
}

window.bench = {
  async board(n) {
    const host = freshRoot();
    host.setAttribute("feed", `feed-${n}.json`);
    host.setAttribute("api", location.origin);
    root = host.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    const container = document.createElement("div");
    container.className = "st-root";
    root.append(container);
    await frame();
    watchFirstCard();
    const started = performance.now();
    handle = mountBoard(host, container);
    await untilCards(n);
    const took = performance.now() - started;
    phases(started, n);
    return took;
  },

  async vanilla(n) {
    const host = freshRoot();
    root = host.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    await frame();
    watchFirstCard();
    const started = performance.now();
    await renderVanilla(root, `feed-${n}.json`, location.origin);
    await untilCards(n);
    const took = performance.now() - started;
    phases(started, n);
    return took;
  },

  /** Types `query` into the mounted board's search box; milliseconds per keystroke until the
   * DOM is updated and laid out, and the cards left visible after the last one. */
  async type(query) {
    const input = root.querySelector(".st-search input");
    input.value = "";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await afterMicrotasks();
    await frame();
    const times = [];
    for (const key of query) {
      const started = performance.now();
      input.value += key;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      await afterMicrotasks();
      void root.host.offsetHeight; // style and layout, as the next paint needs them
      times.push(performance.now() - started);
      await frame();
    }
    const visible = [...root.querySelectorAll(".st-list > li")].filter((li) => !li.hidden).length;
    return { times, visible };
  },

  /** Elements and all nodes (text, comments) under the current shadow root. */
  nodes() {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
    let all = 0;
    while (walker.nextNode()) all++;
    return { elements: root.querySelectorAll("*").length, all };
  },

  /** JS heap plus wasm memory after a full garbage collection, in bytes. */
  async memory() {
    for (let i = 0; i < 3; i++) {
      window.gc?.();
      await frame();
    }
    return { js: performance.memory.usedJSHeapSize, wasm: wasm.memory.buffer.byteLength };
  },
};
window.benchReady = true;

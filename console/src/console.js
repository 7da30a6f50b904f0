// Loads the organizer console into <main id="console">. A file of its own, not an inline
// script: /admin runs under `script-src 'self' 'wasm-unsafe-eval'`.
import init, { mountConsole } from "./stammtisch-console.js";

const root = document.getElementById("console");

// The mounted console, for scripts and tests that want to take it off the page again.
export let handle = null;

const failed = (error) => {
  console.error("stammtisch-console: the console could not be loaded", error);
  if (root) {
    root.textContent =
      "Die Verwaltung konnte nicht geladen werden. Bitte laden Sie die Seite neu. / " +
      "The organizer console could not be loaded. Please reload the page.";
    root.classList.add("console-load-failed");
  }
};

const mount = () => {
  try {
    handle ??= mountConsole(root);
  } catch (error) {
    failed(error);
  }
};

if (document.documentElement.hasAttribute("data-trunk-loader")) {
  // `trunk serve`: Trunk's own loader starts the module; a second start would make a second
  // instance, so this waits for Trunk's.
  if (window.wasmBindings) mount();
  else addEventListener("TrunkApplicationStarted", mount, { once: true });
} else {
  try {
    await init({ module_or_path: new URL("stammtisch-console_bg.wasm", import.meta.url) });
    mount();
  } catch (error) {
    failed(error);
  }
}

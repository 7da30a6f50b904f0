// Stammtisch board loader: <script type="module" src="https://board.example.com/embed.js">
// registers <stammtisch-board> and mounts one board per element in its shadow root. The wasm
// loads once per page, from this script's own origin.
const base = new URL(".", import.meta.url);
const registry = (globalThis.__stammtischBoard ??= {});

if (!registry.defined) {
  registry.defined = true;
  let wasm;
  // The glue and the wasm are requested together, not one after the other.
  const load = () =>
    (wasm ??= (() => {
      const binary = fetch(new URL("stammtisch-board_bg.wasm", base), { credentials: "omit" });
      binary.catch(() => {}); // reported below, once, when the board awaits it
      return import(new URL("stammtisch-board.js", base).href).then(async (glue) => {
        await glue.default({ module_or_path: binary });
        return glue;
      });
    })());

  // Shown before the wasm arrives, or instead of it when it cannot load: never an empty box.
  const TEXTS = {
    de: ["Termine werden geladen …", "Die Termine konnten nicht geladen werden."],
    en: ["Loading events …", "The events could not be loaded."],
  };
  const texts = (element) => {
    const lang = (element.getAttribute("locale") || document.documentElement.lang || navigator.language || "de");
    return TEXTS[lang.slice(0, 2).toLowerCase()] ?? TEXTS.de;
  };

  class StammtischBoard extends HTMLElement {
    static observedAttributes = ["api", "feed", "locale", "kinds", "tags", "limit", "view", "theme"];
    #handle = null;
    #generation = 0;

    connectedCallback() {
      this.#mount();
    }

    disconnectedCallback() {
      this.#generation++;
      this.#unmount();
    }

    attributeChangedCallback(_name, before, after) {
      if (before !== after && this.isConnected && this.#handle) this.#mount();
    }

    async #mount() {
      const generation = ++this.#generation;
      const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
      if (!this.#handle) root.textContent = texts(this)[0];
      let glue;
      try {
        glue = await load();
      } catch (error) {
        if (!registry.loadErrorLogged) console.error("stammtisch-board: the board could not be loaded", error);
        registry.loadErrorLogged = true;
        if (generation === this.#generation) root.textContent = texts(this)[1];
        return;
      }
      if (generation !== this.#generation || !this.isConnected) return;
      this.#unmount();
      root.replaceChildren();
      this.#handle = glue.mountBoard(this, root);
    }

    #unmount() {
      this.#handle?.unmount();
      this.#handle?.free();
      this.#handle = null;
    }
  }

  if (!customElements.get("stammtisch-board")) customElements.define("stammtisch-board", StammtischBoard);
}

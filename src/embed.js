// Stammtisch board loader: <script type="module" src="https://board.example.com/embed.js">
// registers <stammtisch-board> and mounts one board per element in its shadow root. The wasm
// loads once per page, from this script's own origin.
const base = new URL(".", import.meta.url);
const registry = (globalThis.__stammtischBoard ??= {});

if (!registry.defined) {
  registry.defined = true;
  let wasm;
  const load = () =>
    (wasm ??= import(new URL("stammtisch-board.js", base).href).then(async (glue) => {
      await glue.default({ module_or_path: new URL("stammtisch-board_bg.wasm", base) });
      return glue;
    }));

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
      let glue;
      try {
        glue = await load();
      } catch (error) {
        console.error("stammtisch-board: the board could not be loaded", error);
        return;
      }
      if (generation !== this.#generation || !this.isConnected) return;
      this.#unmount();
      const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
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

// Stammtisch board loader: <script type="module" src="https://board.example.com/embed.js">
// registers <stammtisch-board> and shows one board per element in its shadow root.
//
// The events paint at once from HTML the server renders with the board's own components
// (GET {api}/api/v1/board), styled by board.css; the wasm loads after that paint, once the
// board is near the viewport, and takes over in place, keeping what the visitor typed.
const base = new URL(".", import.meta.url);
const registry = (globalThis.__stammtischBoard ??= {});

if (!registry.defined) {
  registry.defined = true;
  const fetchOk = (url) =>
    fetch(url, { credentials: "omit" }).then((response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return response;
    });

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

  let sheet;
  // One constructable stylesheet for every board on the page: it applies under a host CSP of
  // `style-src 'self'`, where a <style> element in the shadow root is blocked.
  const styles = () =>
    (sheet ??= fetchOk(new URL("board.css", base))
      .then((response) => response.text())
      .then((css) => {
        const built = new CSSStyleSheet();
        built.replaceSync(css);
        return built;
      }));

  // Shown before the events arrive, or instead of them when nothing can load: never an empty box.
  const TEXTS = {
    de: ["Termine werden geladen …", "Die Termine konnten nicht geladen werden."],
    en: ["Loading events …", "The events could not be loaded."],
  };
  const texts = (element) => {
    const lang = element.getAttribute("locale") || document.documentElement.lang || navigator.language || "de";
    return TEXTS[lang.slice(0, 2).toLowerCase()] ?? TEXTS.de;
  };

  // The server's first view: the element's attributes, the page's language and the viewer's
  // zone, the same inputs the wasm reads. A board on a feed of its own has no server to ask.
  const firstViewUrl = (element) => {
    const api = element.getAttribute("api")?.trim();
    if (!api || element.hasAttribute("feed")) return null;
    let url;
    try {
      url = new URL(`${api.replace(/\/+$/, "")}/api/v1/board`, document.baseURI);
    } catch {
      return null;
    }
    for (const name of ["locale", "kinds", "tags", "limit", "view", "theme"]) {
      const value = element.getAttribute(name);
      if (value !== null) url.searchParams.set(name, value);
    }
    url.searchParams.set("page_lang", document.documentElement.lang || navigator.language || "");
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) url.searchParams.set("zone", zone);
    return url;
  };

  // After the browser has painted, and once the board is within a screen or two of the
  // viewport (or the visitor clicks it): a board far below the fold costs nothing until then.
  const wanted = (element, clicked) =>
    new Promise((resolve) => {
      requestAnimationFrame(() => setTimeout(resolve, 0));
    }).then(
      () =>
        new Promise((resolve) => {
          clicked.then(resolve);
          if (!("IntersectionObserver" in window)) return resolve();
          const observer = new IntersectionObserver(
            (entries) => {
              if (entries.some((entry) => entry.isIntersecting)) {
                observer.disconnect();
                resolve();
              }
            },
            { rootMargin: "800px" },
          );
          observer.observe(element);
          clicked.then(() => observer.disconnect());
        }),
    );

  const CONTROLS = "input, select, textarea";

  // Swaps the wasm's board in for the painted one in one step, so nothing flashes or moves:
  // the markup is the same. Typed text, choices and focus move over; a button clicked before
  // the wasm was there is clicked again.
  const takeOver = (root, painted, fresh, clickedButton) => {
    const before = [...painted.querySelectorAll(CONTROLS)];
    const after = [...fresh.querySelectorAll(CONTROLS)];
    const focused = root.activeElement;
    before.forEach((control, index) => {
      const twin = after[index];
      if (!twin || twin.tagName !== control.tagName || twin.type !== control.type) return;
      if (control.type === "checkbox" || control.type === "radio") {
        if (control.checked === twin.checked) return;
        twin.checked = control.checked;
        twin.dispatchEvent(new Event("change", { bubbles: true }));
      } else if (control.value !== twin.value) {
        twin.value = control.value;
        twin.dispatchEvent(new Event(control.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
      }
    });
    const buttons = [...painted.querySelectorAll("button")];
    fresh.hidden = false;
    painted.remove();
    const at = before.indexOf(focused);
    if (at >= 0 && after[at]) {
      after[at].focus({ preventScroll: true });
      try {
        after[at].setSelectionRange(focused.selectionStart, focused.selectionEnd);
      } catch {
        // not a text field
      }
    }
    const clicked = buttons.indexOf(clickedButton);
    if (clicked >= 0) fresh.querySelectorAll("button")[clicked]?.click();
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
      if (before !== after && this.isConnected && this.#generation) this.#mount(true);
    }

    // The board shown now: the wasm's, the server's (painted here or by a declarative shadow
    // root in the host page), or a line saying it loads. A painted board whose attributes
    // changed before the wasm came is painted again.
    async #paint(root, generation, changed) {
      const shown = root.querySelector(":scope > .st-root:not([hidden])");
      if (shown && !(changed && "painted" in shown.dataset)) return shown;
      const painted = document.createElement("div");
      painted.className = "st-root";
      // Marks a board that no wasm runs yet (the server's board or the loading line).
      painted.dataset.painted = "";
      painted.textContent = texts(this)[0];
      if (shown) shown.after(painted);
      shown?.remove();
      if (!shown) root.replaceChildren(painted);
      const url = firstViewUrl(this);
      const [css, html] = await Promise.allSettled([
        styles(),
        url ? fetchOk(url).then((response) => response.text()) : Promise.reject(new Error("no server")),
      ]);
      if (generation !== this.#generation) return painted;
      if (css.status === "fulfilled") root.adoptedStyleSheets = [css.value];
      // Unstyled events would jump when the styles come: then the wasm paints them instead.
      if (css.status === "fulfilled" && html.status === "fulfilled") {
        painted.innerHTML = html.value;
      }
      return painted;
    }

    async #mount(changed = false) {
      const generation = ++this.#generation;
      const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
      const painted = await this.#paint(root, generation, changed);
      if (generation !== this.#generation) return;
      let clickedButton = null;
      const clicked = new Promise((resolve) =>
        painted.addEventListener("click", (event) => {
          clickedButton = event.target.closest?.("button") ?? null;
          resolve();
        }),
      );
      // A board the wasm already runs changes at once; a first start waits for the viewport.
      if (!this.#handle) await wanted(this, clicked);
      let glue;
      try {
        [glue] = await Promise.all([load(), styles()]);
      } catch (error) {
        if (!registry.loadErrorLogged) console.error("stammtisch-board: the board could not be loaded", error);
        registry.loadErrorLogged = true;
        if (generation !== this.#generation) return;
        // What the server painted stays readable, and its buttons open the event's own page,
        // which works without scripts; only a board with nothing painted says it failed.
        if (!painted.childElementCount) painted.textContent = texts(this)[1];
        const api = this.getAttribute("api")?.trim().replace(/\/+$/, "");
        if (api) painted.addEventListener("click", (event) => {
          const card = event.target.closest?.("[data-event-id]");
          if (card && event.target.closest("button")) {
            window.open(new URL(`${api}/events/${card.dataset.eventId}`, document.baseURI), "_blank", "noopener");
          }
        });
        return;
      }
      if (generation !== this.#generation || !this.isConnected) return;
      if (!root.adoptedStyleSheets.length) root.adoptedStyleSheets = [await styles()];
      const fresh = document.createElement("div");
      fresh.className = "st-root";
      fresh.hidden = true;
      root.append(fresh);
      const previous = this.#handle;
      let ready = false;
      const handle = glue.mountBoard(this, fresh, () => {
        if (ready) return;
        ready = true;
        // Once Leptos has put the events (not its loading state) into the hidden board, and
        // before the next paint: the ready call can come a moment before they are in place.
        const swap = () => {
          if (generation !== this.#generation) return;
          if (!fresh.querySelector(".st-board") || fresh.querySelector(".st-loading")) return requestAnimationFrame(swap);
          // A click on a board the wasm already ran was handled there.
          takeOver(root, painted, fresh, previous ? null : clickedButton);
          if (previous !== handle) {
            previous?.unmount();
            previous?.free();
          }
        };
        requestAnimationFrame(swap);
      });
      this.#handle = handle;
    }

    #unmount() {
      this.#handle?.unmount();
      this.#handle?.free();
      this.#handle = null;
    }
  }

  if (!customElements.get("stammtisch-board")) customElements.define("stammtisch-board", StammtischBoard);
}

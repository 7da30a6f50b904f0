// On a host page that embeds the board as an iframe:
//   <script src="https://board.example.com/embed-resize.js" defer></script>
// sizes each board iframe to its content. Only messages from the board's origin count.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const boardOrigin = new URL(script.src).origin;
  window.addEventListener("message", (event) => {
    if (event.origin !== boardOrigin || event.data?.stammtisch !== "height") return;
    const height = Number(event.data.height);
    if (!Number.isFinite(height) || height <= 0) return;
    for (const frame of document.querySelectorAll("iframe")) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(height)}px`;
    }
  });
})();

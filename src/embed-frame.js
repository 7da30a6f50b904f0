// Inside the iframe page (/embed): tells the host page how tall the board is, so that
// embed-resize.js on the host can size the iframe. The height is no secret: any origin may read it.
const report = () =>
  parent.postMessage({ stammtisch: "height", height: document.documentElement.scrollHeight }, "*");
new ResizeObserver(report).observe(document.documentElement);
report();

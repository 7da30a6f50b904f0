//! The console's wasm entry, built by Trunk. `console.js` mounts it through the exported
//! `mountConsole`; starting the module only installs the panic reporter.

fn main() {
    stammtisch_console::report_panics_to_console();
}

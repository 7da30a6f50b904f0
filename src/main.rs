//! The widget's wasm entry, built by Trunk. Boards are mounted by `embed.js` through the
//! exported `mountBoard`; starting the module only installs the panic reporter.

fn main() {
    stammtisch_board::report_panics_to_console();
}

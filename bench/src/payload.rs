//! What every visitor of a host page downloads: the widget's files, raw and compressed.

use std::io::Write;
use std::path::Path;

use crate::report::Figure;

const FILES: [&str; 4] = ["embed.js", "stammtisch-board.js", "stammtisch-board_bg.wasm", "board.css"];

fn gzip(bytes: &[u8]) -> anyhow::Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

fn brotli(bytes: &[u8]) -> anyhow::Result<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}

pub fn measure(widget_dir: &Path) -> anyhow::Result<Vec<Figure>> {
    let mut figures = Vec::new();
    let mut totals = [0usize; 3];
    for file in FILES {
        let bytes = std::fs::read(widget_dir.join(file))?;
        let sizes = [bytes.len(), gzip(&bytes)?, brotli(&bytes)?];
        // board.css is compiled into the wasm; it is listed, not counted in the total.
        if file != "board.css" {
            totals.iter_mut().zip(sizes).for_each(|(t, s)| *t += s);
        }
        for (kind, size) in ["raw", "gzip -9", "brotli -q 11"].iter().zip(sizes) {
            figures.push(Figure::single("payload", format!("{file} ({kind})"), "KB", size as f64 / 1000.0));
        }
    }
    for (kind, size) in ["raw", "gzip -9", "brotli -q 11"].iter().zip(totals) {
        figures.push(Figure::single("payload", format!("total download ({kind})"), "KB", size as f64 / 1000.0));
    }
    Ok(figures)
}

//! The check-in QR code in confirmation mails, as a PNG: most mail programs show no SVG. The
//! code comes from the `qrcode` crate; the picture is a grey-scale PNG written here with zlib
//! from `flate2`, which keeps the `image` crate and its decoders out of the server.

use std::io::Write;

use qrcode::{Color, QrCode};

/// Pixels per module: 160 px for a typical link, sharp on phones and in print.
const SCALE: usize = 4;
/// The light margin around the code that readers need, in modules (ISO/IEC 18004).
const QUIET: usize = 4;

/// `text` as a QR code in a PNG; `None` for text too long for a QR code.
pub fn qr_png(text: &str) -> Option<Vec<u8>> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(png(&code.to_colors(), code.width()))
}

/// A grey-scale PNG of `modules` (row by row, `width` per row) with the quiet zone around it.
fn png(modules: &[Color], width: usize) -> Vec<u8> {
    let side = (width + 2 * QUIET) * SCALE;
    let mut raw = Vec::with_capacity(side * (side + 1));
    for y in 0..side {
        raw.push(0); // filter: none
        let row = (y / SCALE).checked_sub(QUIET).filter(|r| *r < width);
        for x in 0..side {
            let column = (x / SCALE).checked_sub(QUIET).filter(|c| *c < width);
            let dark = matches!((row, column), (Some(r), Some(c)) if modules[r * width + c] == Color::Dark);
            raw.push(if dark { 0 } else { 255 });
        }
    }
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = zlib.write_all(&raw);
    let compressed = zlib.finish().unwrap_or_default();

    let side = u32::try_from(side).unwrap_or(u32::MAX);
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&side.to_be_bytes());
    header.extend_from_slice(&side.to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit grey, deflate, no filter method, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", &header[..]), (b"IDAT", &compressed[..]), (b"IEND", &[][..])] {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    /// Reads the PNG back: its chunks' checksums, its size, and its pixels, which must be the
    /// code's modules with the quiet zone around them.
    #[test]
    fn the_png_holds_the_codes_modules() {
        let url = "https://board.example/admin#check-in/partnertag/42";
        let png = qr_png(url).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let mut chunks = Vec::new();
        let mut at = 8;
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let kind = &png[at + 4..at + 8];
            let data = &png[at + 8..at + 8 + len];
            let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().unwrap());
            let mut check = crc32fast::Hasher::new();
            check.update(kind);
            check.update(data);
            assert_eq!(crc, check.finalize(), "{}", String::from_utf8_lossy(kind));
            chunks.push((kind.to_vec(), data.to_vec()));
            at += 12 + len;
        }
        let kinds: Vec<&[u8]> = chunks.iter().map(|(k, _)| &k[..]).collect();
        assert_eq!(kinds, [&b"IHDR"[..], b"IDAT", b"IEND"]);
        let code = QrCode::new(url).unwrap();
        let side = (code.width() + 2 * QUIET) * SCALE;
        assert_eq!(u32::from_be_bytes(chunks[0].1[0..4].try_into().unwrap()) as usize, side);
        let mut pixels = Vec::new();
        flate2::read::ZlibDecoder::new(&chunks[1].1[..]).read_to_end(&mut pixels).unwrap();
        assert_eq!(pixels.len(), side * (side + 1));
        let colors = code.to_colors();
        for (y, row) in pixels.chunks(side + 1).enumerate() {
            assert_eq!(row[0], 0, "no filter");
            for (x, pixel) in row[1..].iter().enumerate() {
                let module = |i: usize| i / SCALE >= QUIET && i / SCALE < QUIET + code.width();
                let dark = module(x)
                    && module(y)
                    && colors[(y / SCALE - QUIET) * code.width() + (x / SCALE - QUIET)] == Color::Dark;
                assert_eq!(*pixel, if dark { 0 } else { 255 }, "pixel {x},{y}");
            }
        }
    }
}

// Developer aid: print a font's ToUnicode-less codes and widths on a page.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let doc = lopdf::Document::load(&args[1]).expect("load");
    for (_, id) in doc.get_pages() {
        let fonts = doc.get_page_fonts(id).unwrap_or_default();
        for (name, f) in fonts {
            let font = figuren::pdf::font::Font::load(&doc, f);
            let mut missing = Vec::new();
            let mut out = Vec::new();
            let mut scratch = Vec::new();
            for c in 0u32..400 {
                let bytes = if font.kind == figuren::pdf::font::FontKind::Cid {
                    vec![(c >> 8) as u8, c as u8]
                } else if c < 256 {
                    vec![c as u8]
                } else {
                    continue;
                };
                font.decode(&bytes, &mut out, &mut scratch);
                let len = out.first().map(|o| o.len).unwrap_or(1);
                if font.text(c, len).is_none() {
                    missing.push((c, out.first().map(|o| o.width).unwrap_or(0.0)));
                }
            }
            let hi: Vec<_> = missing.iter().filter(|m| m.0 >= 32).take(30).collect();
            println!(
                "{} {} {:?} missing>=32: {:?}",
                String::from_utf8_lossy(&name),
                font.name,
                font.kind,
                hi
            );
            for cand in ["ti", "tt", "ft", "fi", "t", "i", "f"] {
                print!("{cand}={:?} ", font.width_of_text(cand));
            }
            println!();
        }
        break;
    }
}

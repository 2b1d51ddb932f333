//! Prints the self-checks of every table of a PDF: `cargo run --release --example
//! check_debug -- FILE.pdf [LABEL]`.

use figuren::pipeline::{read_file, Options};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: check_debug FILE.pdf [LABEL]")?;
    let only = args.next();
    let r = read_file(std::path::Path::new(&path), &Options::full())?;
    let st = r.structure.as_ref().ok_or("no structure")?;
    for fc in &r.checks {
        let Some(f) = st.figures.get(fc.figure) else {
            continue;
        };
        if only.as_deref().is_some_and(|l| l != f.label) {
            continue;
        }
        println!("== {} ({:?})", f.label, figuren::check::verdict(&fc.checks));
        for c in &fc.checks {
            println!(
                "  {:14} {:8} {:8} {:?} printed {} expected {}\n      {}",
                c.kind.as_str(),
                c.status.as_str(),
                c.confidence.as_str(),
                c.cells,
                c.printed,
                c.expected,
                c.detail
            );
        }
    }
    Ok(())
}

// Developer aid: where the time of one ingest goes, stage by stage (in-process, no worker).
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or("samples/staat-van-migratie-2025-h2-h5.pdf".into());
    let bytes = std::fs::read(&path)?;
    let t = Instant::now();
    let doc = lopdf::Document::load_mem(&bytes)?;
    println!("lopdf load      {:?}", t.elapsed());
    drop(doc);
    let t = Instant::now();
    let d = figuren::pdf::extract_bytes(&bytes)?;
    println!("pdf layer       {:?}", t.elapsed());
    let t = Instant::now();
    let layout = figuren::layout::analyse(&d);
    println!("layout          {:?}", t.elapsed());
    let t = Instant::now();
    let first = figuren::structure::first_pages_text(&layout, 3);
    let p = figuren::profile::choose(None, None, d.info.title.as_deref().unwrap_or(""), &first)?;
    println!("profiles+detect {:?}", t.elapsed());
    let t = Instant::now();
    let st = p.map(|p| figuren::structure::analyse(&d, &layout, &p));
    println!(
        "structure       {:?} ({} figures)",
        t.elapsed(),
        st.as_ref().map(|s| s.figures.len()).unwrap_or(0)
    );
    let mut st = st;
    let t = Instant::now();
    let tables = match st.as_mut() {
        Some(s) => figuren::table::read(&d, &layout, s).0,
        None => Vec::new(),
    };
    println!(
        "tables          {:?} ({} tables)",
        t.elapsed(),
        tables.len()
    );
    let reading = figuren::pipeline::Reading {
        document: d,
        layout: None,
        structure: st,
        tables,
        checks: Vec::new(),
    };
    let t = Instant::now();
    let enc = bincode::serialize(&reading)?;
    println!("bincode encode  {:?} ({} bytes)", t.elapsed(), enc.len());
    let t = Instant::now();
    let back: figuren::pipeline::Reading = bincode::deserialize(&enc)?;
    println!("bincode decode  {:?}", t.elapsed());
    drop(back);
    let t = Instant::now();
    let mut db = figuren::store::Store::open_in_memory()?;
    let meta = figuren::store::FileMeta {
        sha256: "x".into(),
        file_name: "x".into(),
        file_path: "x".into(),
        file_size: 1,
    };
    db.put_document(&meta, &reading, "now", false)?;
    println!("sqlite (memory) {:?}", t.elapsed());
    Ok(())
}

// Developer aid: where the time of one ingest goes (in-process, no worker).
fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or("samples/staat-van-migratie-2025-h2-h5.pdf".into());
    let bytes = std::fs::read(&path).expect("read");
    let t = std::time::Instant::now();
    let doc = lopdf::Document::load_mem(&bytes).expect("load");
    println!("lopdf load      {:?}", t.elapsed());
    drop(doc);
    let t = std::time::Instant::now();
    let d = figuren::pdf::extract_bytes(&bytes).expect("extract");
    println!("extract total   {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let ps = figuren::profile::load(None).expect("profiles");
    let first = figuren::structure::first_pages_text(&d, 3);
    let p = figuren::profile::detect(&ps, d.info.title.as_deref().unwrap_or(""), &first);
    println!("profiles+detect {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let st = p.map(|p| figuren::structure::analyse(&d, p));
    println!(
        "structure       {:?} ({} figures)",
        t.elapsed(),
        st.as_ref().map(|s| s.figures.len()).unwrap_or(0)
    );
    let t = std::time::Instant::now();
    let js = serde_json::to_vec(&d).expect("json");
    println!("json encode     {:?} ({} bytes)", t.elapsed(), js.len());
    let t = std::time::Instant::now();
    let _d2: figuren::pdf::model::Document = serde_json::from_slice(&js).expect("json");
    println!("json decode     {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut st = figuren::store::Store::open_in_memory().expect("db");
    let meta = figuren::store::FileMeta {
        sha256: "x".into(),
        file_name: "x".into(),
        file_path: "x".into(),
        file_size: 1,
    };
    st.put_document(&meta, &d, None, "now").expect("put");
    println!("sqlite (memory) {:?}", t.elapsed());
}

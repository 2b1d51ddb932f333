//! Developer aid: how the table stage reads one figure's table.
//! `cargo run --release --example table_debug -- FILE "Figuur 16"`
fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 3 {
        eprintln!("usage: table_debug FILE LABEL");
        std::process::exit(2);
    }
    let opts = figuren::pipeline::Options::full();
    let Ok(r) = figuren::pipeline::read_file(std::path::Path::new(&a[1]), &opts) else {
        eprintln!("cannot read");
        std::process::exit(1);
    };
    let (Some(st), Some(layout)) = (r.structure.as_ref(), r.layout.as_ref()) else {
        std::process::exit(1);
    };
    let Some(fi) = st.figures.iter().position(|f| f.label == a[2]) else {
        eprintln!("no figure {}", a[2]);
        std::process::exit(1);
    };
    let f = &st.figures[fi];
    println!(
        "{} p{} kind {:?} parts {:?}",
        f.label,
        f.page,
        f.kind,
        f.region
            .iter()
            .map(|p| (p.page, p.lines.len()))
            .collect::<Vec<_>>()
    );
    let toks = figuren::table::tokens::collect(&r.document, layout, st, fi);
    let g = figuren::table::grid::build(&toks);
    println!(
        "seps {:?} ruled {} header_guess {} body_font {}",
        g.seps
            .iter()
            .map(|x| (x * 10.0).round() / 10.0)
            .collect::<Vec<_>>(),
        g.ruled,
        g.header_guess,
        g.body_font
    );
    for (ri, row) in g.rows.iter().enumerate() {
        let cells: Vec<String> = row
            .tokens
            .iter()
            .map(|&i| {
                let t = &toks.tokens[i];
                format!(
                    "{}:{}{}@{:.0}-{:.0}",
                    g.col_of(t.mid()),
                    t.text,
                    if t.italic {
                        "/i"
                    } else if t.bold {
                        "/b"
                    } else {
                        ""
                    },
                    t.x0,
                    t.x1
                )
            })
            .collect();
        println!("  r{ri:<2} {:7.1} {}", row.baseline, cells.join("  "));
    }
    for m in &toks.markers {
        println!("  marker {} at {:.1} ref {:?}", m.number, m.x0, m.reference);
    }
    if let Some(t) = r.tables.iter().find(|t| t.figure == fi) {
        println!("stub {:?}", t.stub);
        for (c, p) in t.columns.iter().enumerate() {
            println!("  col {c}: {p:?}");
        }
        for (ri, p) in t.rows.iter().enumerate() {
            let cells: Vec<String> = t
                .cells
                .iter()
                .filter(|c| c.row == ri)
                .map(|c| format!("{}={}", c.cell.raw, c.cell.status.as_str()))
                .collect();
            println!("  row {ri}: {p:?} {}", cells.join(" | "));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = std::path::Path::new(&args[1]);
    let page: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    match figuren::pdf::extract_file(path) {
        Ok(d) => {
            for diag in &d.diagnostics {
                eprintln!("diag: {:?}", diag);
            }
            if let Some(p) = d.pages.get(page - 1) {
                let mut line = u32::MAX;
                for w in &p.words {
                    if w.line != line {
                        println!();
                        line = w.line;
                        print!("[{:.1}] ", w.baseline);
                    }
                    let s = match w.script {
                        figuren::pdf::model::Script::Superscript => "^",
                        figuren::pdf::model::Script::Subscript => "_",
                        _ => "",
                    };
                    if std::env::var("V").is_ok() {
                        print!(
                            "{}{}<{:.1},{:.1},{:.1},{:.1} s{} L{}> ",
                            s, w.text, w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1, w.size, w.line
                        );
                    } else {
                        print!("{}{} ", s, w.text);
                    }
                }
                println!();
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
}
#[allow(dead_code)]
fn x() {}

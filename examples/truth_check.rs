//! Checks the structure stage against a truth file in the samples' format:
//! `cargo run --release --example truth_check -- PDF TRUTH.json [--image-kind chart|image]`.
//! Prints every problem and a summary line.

use figuren::pipeline::{read_file, Options};
use figuren::structure::FigureKind;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: truth_check PDF TRUTH.json [--image-kind chart|image]");
        std::process::exit(2);
    }
    let kind = match args
        .iter()
        .position(|a| a == "--image-kind")
        .and_then(|i| args.get(i + 1))
    {
        Some(k) if k == "chart" => FigureKind::Chart,
        _ => FigureKind::Image,
    };
    let reading = match read_file(std::path::Path::new(&args[0]), &Options::full()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}: {e}", args[0]);
            std::process::exit(1);
        }
    };
    let truth: serde_json::Value = match std::fs::read_to_string(&args[1])
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", args[1]);
            std::process::exit(1);
        }
    };
    let Some(st) = reading.structure.as_ref() else {
        eprintln!("no structure");
        std::process::exit(1);
    };
    let report = figuren::eval::truth::compare(&reading.document, st, &truth, kind);
    for p in &report.problems {
        println!("{p}");
    }
    for d in &st.diagnostics {
        println!(
            "diagnostic p{:?} {}: {}",
            d.page,
            d.severity.as_str(),
            d.message
        );
    }
    println!("{}", report.summary());
}

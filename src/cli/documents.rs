//! `figuren documents`

use crate::store::Store;
use std::path::Path;
use std::process::ExitCode;

pub fn run(db: &Path) -> ExitCode {
    if !db.exists() {
        eprintln!(
            "error: {}: no such database; create it with `figuren ingest <PDF or folder> --db {}`",
            db.display(),
            db.display()
        );
        return ExitCode::from(2);
    }
    let store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}: {e}", db.display());
            return ExitCode::from(2);
        }
    };
    let rows = match store.documents() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}: {e}", db.display());
            return ExitCode::from(2);
        }
    };
    if rows.is_empty() {
        println!("{}: no documents yet", db.display());
        return ExitCode::SUCCESS;
    }
    println!(
        "{:>4}  {:>5}  {:>8}  {:>5}  {:<4}  {:<9}  {:<40}  title",
        "id", "pages", "words", "diags", "text", "family", "file"
    );
    for r in &rows {
        let mut name = r.file_name.clone();
        if name.chars().count() > 40 {
            name = name.chars().take(39).collect::<String>() + "…";
        }
        let title = r.title.clone().unwrap_or_default();
        let title: String = if title.chars().count() > 60 {
            title.chars().take(59).collect::<String>() + "…"
        } else {
            title
        };
        println!(
            "{:>4}  {:>5}  {:>8}  {:>5}  {:<4}  {:<9}  {:<40}  {}",
            r.id,
            r.page_count,
            super::thousands(r.words as usize),
            r.diagnostics,
            if r.has_text_layer { "yes" } else { "NO" },
            r.family.as_deref().unwrap_or("-"),
            name,
            title
        );
    }
    let pages: i64 = rows.iter().map(|r| r.page_count).sum();
    let words: i64 = rows.iter().map(|r| r.words).sum();
    println!(
        "{} document(s), {} pages, {} words",
        rows.len(),
        pages,
        super::thousands(words as usize)
    );
    ExitCode::SUCCESS
}

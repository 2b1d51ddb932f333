//! `figuren datasette`: metadata.yaml, datasette.yaml, metadata-1.0.yaml and the commands to
//! serve the database with Datasette 0.65 or 1.0 (see `crate::export::datasette`).

use super::lists::open;
use crate::export::datasette::{self as ds, Info};
use std::path::Path;
use std::process::ExitCode;

pub fn run(db: &Path, out: &Path, publisher: Option<&Path>, quiet: bool) -> ExitCode {
    let publisher = match super::export::publisher(publisher) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let store = match open(db) {
        Ok(s) => s,
        Err(c) => return c,
    };
    // Datasette -i (immutable) and copies of the file ignore the write-ahead log
    if let Err(e) = store.checkpoint() {
        eprintln!("error: {}: {e}", db.display());
        return ExitCode::from(2);
    }
    let tables = match store.schema_columns() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}: {e}", db.display());
            return ExitCode::from(2);
        }
    };
    let sources = match store.select_documents(None) {
        Ok(Ok(d)) => d.into_iter().map(|(_, name)| name).collect(),
        Ok(Err(_)) => Vec::new(),
        Err(e) => {
            eprintln!("error: {}: {e}", db.display());
            return ExitCode::from(2);
        }
    };
    let db_text = db.to_string_lossy().into_owned();
    let info = Info {
        name: ds::db_name(&db_text),
        tables,
        sources,
        licence: publisher
            .as_ref()
            .map(|p| (p.licence.clone(), p.licence_title().to_string())),
        version: crate::store::TOOL_VERSION.to_string(),
    };
    let files = [
        ("metadata.yaml", ds::yaml(&ds::metadata_065(&info))),
        ("metadata-1.0.yaml", ds::yaml(&ds::metadata_10(&info))),
        ("datasette.yaml", ds::yaml(&ds::config_10(&info))),
        (
            "datasette-commands.txt",
            ds::commands(&db_text, &out.to_string_lossy()),
        ),
    ];
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("error: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    for (name, text) in &files {
        let path = out.join(name);
        if let Err(e) = crate::export::write_whole(&path, text.as_bytes()) {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
        if !quiet {
            println!("{}", path.display());
        }
    }
    if !quiet {
        if publisher.is_none() {
            eprintln!("note: no licence in metadata.yaml: none was given (--publisher FILE)");
        }
        print!("{}", files[3].1);
    }
    ExitCode::SUCCESS
}

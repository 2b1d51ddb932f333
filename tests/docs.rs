//! The column documentation of the export files in `schema/README.md` is generated from the
//! column table (`figuren::export::columns`): this test fails when it is out of date.
//! `FIGUREN_UPDATE_DOCS=1 cargo test --release --test docs` rewrites it.

mod common;

use common::repo;

const BEGIN: &str = "<!-- BEGIN GENERATED: export columns -->\n";
const END: &str = "<!-- END GENERATED: export columns -->";

#[test]
fn schema_readme_export_columns_are_generated_from_the_column_table() {
    let path = repo().join("schema/README.md");
    let text = std::fs::read_to_string(&path).expect("schema/README.md");
    let start = text.find(BEGIN).expect("the BEGIN GENERATED marker") + BEGIN.len();
    let end = text[start..].find(END).expect("the END GENERATED marker") + start;
    let want = figuren::export::columns::markdown();
    if text[start..end] == want {
        return;
    }
    if std::env::var_os("FIGUREN_UPDATE_DOCS").is_some() {
        let new = format!("{}{}{}", &text[..start], want, &text[end..]);
        std::fs::write(&path, new).expect("write schema/README.md");
        eprintln!("rewrote the export columns in {}", path.display());
        return;
    }
    panic!(
        "{}: the export columns differ from src/export/columns.rs; run \
         FIGUREN_UPDATE_DOCS=1 cargo test --release --test docs",
        path.display()
    );
}

/// Every exported file's query gives exactly the columns of its entry in the column table,
/// in order (the writers pair them by position).
#[test]
fn export_queries_give_the_columns_of_the_column_table() {
    let dir = common::tempdir();
    let store = figuren::store::Store::open(&dir.path().join("f.sqlite")).expect("open");
    for r in figuren::export::columns::RESOURCES {
        let got = store.export_columns(r.name).expect("query");
        let want: Vec<&str> = r.columns.iter().map(|c| c.name).collect();
        assert_eq!(got, want, "{}", r.name);
        let mut names = want.clone();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), want.len(), "{}: a column twice", r.name);
        assert!(
            r.columns.iter().all(|c| !c.description.trim().is_empty()),
            "{}: a column without a description",
            r.name
        );
        for k in r.primary_key {
            assert!(want.contains(k), "{}: key {k}", r.name);
        }
    }
}

/// Every column of every table and view of a new database has a description in
/// `schema/README.md`, which `figuren datasette` puts into metadata.yaml.
#[test]
fn every_database_column_has_a_description() {
    let dir = common::tempdir();
    let store = figuren::store::Store::open(&dir.path().join("f.sqlite")).expect("open");
    let docs = figuren::export::datasette::column_docs();
    let mut missing = Vec::new();
    for (table, cols) in store.schema_columns().expect("schema") {
        for c in cols {
            if !docs.get(&table).is_some_and(|d| d.contains_key(&c)) {
                missing.push(format!("{table}.{c}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "columns without a description in schema/README.md: {}",
        missing.join(", ")
    );
}

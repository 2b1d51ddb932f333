//! The package descriptions of a CSV export, both made from the column table
//! ([`super::columns`]): `datapackage.json` (Frictionless Tabular Data Package) and
//! `csv-metadata.json` (W3C CSV on the Web). Column types, required columns, closed value
//! sets, primary and foreign keys, the licence, the sources, the figuren version and the
//! export time.
//!
//! Both validators (`frictionless validate`, `csvwvalidate`) can only hold a value to a
//! pattern when it is declared as a string: neither Table Schema's `number` nor CSVW's
//! `decimal` has a pattern facet. So `value`, the exact decimal in its one canonical form
//! (`1660`, `4.35`, `-28`: no group separator, no trailing zero after the point, no leading
//! zero), is declared a string with that pattern — a Dutch-formatted `1.660` or `4,35` is
//! then an error — and `value_exact`, the same decimal, is declared a number (`decimal`) for
//! tools that type columns from the package.

use super::columns::{Column, Resource, Type, RESOURCES};
use serde_json::{json, Map, Value};

/// What the package says about where the data came from.
#[derive(Debug, Clone, Default)]
pub struct Info {
    /// The documents exported: file name, SHA-256, official identifier (Kamerstuk id).
    pub sources: Vec<Source>,
    /// figuren's version.
    pub version: String,
    /// When the export's data was made: the newest ingest in the database (ISO 8601 UTC), so
    /// that the same database gives the same bytes.
    pub created: Option<String>,
    /// The licence URI and its title, from `--publisher`; none without it (never guessed).
    pub licence: Option<(String, String)>,
    /// The package's title.
    pub title: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub file_name: String,
    pub sha256: String,
    pub identifier: Option<String>,
    pub title: Option<String>,
}

/// The canonical form of an exact decimal, as a regular expression (both validators anchor
/// it at both ends).
pub const DECIMAL_PATTERN: &str = r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?";

fn escape_regex(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn enum_pattern(values: &[String]) -> String {
    values
        .iter()
        .map(|v| escape_regex(v))
        .collect::<Vec<_>>()
        .join("|")
}

/// The canonical decimal columns declared as patterned strings (see the module doc).
fn is_canonical_text(c: &Column) -> bool {
    c.name == "value"
}

fn frictionless_field(c: &Column) -> Value {
    let mut f = Map::new();
    f.insert("name".into(), json!(c.name));
    f.insert("description".into(), json!(c.description));
    let mut constraints = Map::new();
    let ty = if is_canonical_text(c) {
        constraints.insert("pattern".into(), json!(DECIMAL_PATTERN));
        "string"
    } else {
        match c.ty {
            Type::Text => "string",
            Type::Integer => "integer",
            Type::Decimal => "number",
            Type::Date => "date",
            Type::Json => "array",
        }
    };
    f.insert("type".into(), json!(ty));
    if c.ty == Type::Decimal && !is_canonical_text(c) {
        f.insert("decimalChar".into(), json!("."));
        f.insert("bareNumber".into(), json!(true));
    }
    if c.required {
        constraints.insert("required".into(), json!(true));
    }
    if let Some(values) = c.allowed() {
        constraints.insert("enum".into(), json!(values));
    }
    if !constraints.is_empty() {
        f.insert("constraints".into(), Value::Object(constraints));
    }
    Value::Object(f)
}

fn licences(info: &Info) -> Value {
    match &info.licence {
        Some((uri, title)) => json!([{ "path": uri, "title": title }]),
        None => json!([]),
    }
}

fn sources(info: &Info) -> Vec<Value> {
    info.sources
        .iter()
        .map(|s| {
            let mut m = Map::new();
            m.insert(
                "title".into(),
                json!(s.title.as_deref().unwrap_or(&s.file_name)),
            );
            m.insert("path".into(), json!(s.file_name));
            m.insert("sha256".into(), json!(s.sha256));
            if let Some(id) = &s.identifier {
                m.insert("identifier".into(), json!(id));
            }
            Value::Object(m)
        })
        .collect()
}

fn csv_name(r: &Resource) -> String {
    format!("{}.csv", r.name)
}

/// `datapackage.json` for the CSV files of [`RESOURCES`].
pub fn datapackage(info: &Info) -> Value {
    let resources: Vec<Value> = RESOURCES
        .iter()
        .map(|r| {
            let fks: Vec<Value> = r
                .foreign_keys
                .iter()
                .map(|fk| {
                    json!({
                        "fields": fk.fields,
                        "reference": { "resource": fk.resource, "fields": fk.reference },
                    })
                })
                .collect();
            let mut schema = json!({
                "fields": r.columns.iter().map(frictionless_field).collect::<Vec<_>>(),
                "primaryKey": r.primary_key,
                "missingValues": [""],
            });
            if !fks.is_empty() {
                schema["foreignKeys"] = json!(fks);
            }
            json!({
                "name": r.name,
                "path": csv_name(r),
                "profile": "tabular-data-resource",
                "description": r.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": { "delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "header": true },
                "schema": schema,
            })
        })
        .collect();
    let mut p = json!({
        "profile": "tabular-data-package",
        "name": "figuren-export",
        "title": info.title,
        "licenses": licences(info),
        "sources": sources(info),
        "figuren_version": info.version,
        "resources": resources,
    });
    if info.licence.is_none() {
        p.as_object_mut().map(|m| m.remove("licenses"));
    }
    if let Some(t) = &info.created {
        p["created"] = json!(t);
    }
    p
}

fn csvw_datatype(c: &Column) -> Value {
    if is_canonical_text(c) {
        return json!({ "base": "string", "format": DECIMAL_PATTERN });
    }
    if let Some(values) = c.allowed() {
        return json!({ "base": "string", "format": enum_pattern(&values) });
    }
    json!(match c.ty {
        Type::Text => "string",
        Type::Integer => "integer",
        Type::Decimal => "decimal",
        Type::Date => "date",
        Type::Json => "json",
    })
}

/// `csv-metadata.json` (CSVW table group) for the CSV files of [`RESOURCES`].
pub fn csvw(info: &Info) -> Value {
    let tables: Vec<Value> = RESOURCES
        .iter()
        .map(|r| {
            let columns: Vec<Value> = r
                .columns
                .iter()
                .map(|c| {
                    let mut m = Map::new();
                    m.insert("name".into(), json!(c.name));
                    m.insert("titles".into(), json!(c.name));
                    m.insert("dc:description".into(), json!(c.description));
                    m.insert("datatype".into(), csvw_datatype(c));
                    if c.required {
                        m.insert("required".into(), json!(true));
                    }
                    Value::Object(m)
                })
                .collect();
            let fks: Vec<Value> = r
                .foreign_keys
                .iter()
                .map(|fk| {
                    json!({
                        "columnReference": fk.fields,
                        "reference": { "resource": format!("{}.csv", fk.resource), "columnReference": fk.reference },
                    })
                })
                .collect();
            let mut schema = json!({ "columns": columns, "primaryKey": r.primary_key });
            if !fks.is_empty() {
                schema["foreignKeys"] = json!(fks);
            }
            json!({
                "url": csv_name(r),
                "dc:title": r.name,
                "dc:description": r.description,
                "tableSchema": schema,
            })
        })
        .collect();
    let mut m = json!({
        "@context": ["http://www.w3.org/ns/csvw", { "@language": "nl" }],
        "dc:title": info.title,
        "dc:source": info.sources.iter().map(|s| {
            let mut o = json!({ "dc:title": s.title.as_deref().unwrap_or(&s.file_name), "schema:fileName": s.file_name, "schema:sha256": s.sha256 });
            if let Some(id) = &s.identifier {
                o["dc:identifier"] = json!(id);
            }
            o
        }).collect::<Vec<_>>(),
        "prov:wasGeneratedBy": { "@type": "prov:SoftwareAgent", "schema:name": "figuren", "schema:softwareVersion": info.version },
        "dialect": { "header": true, "delimiter": ",", "doubleQuote": true },
        "tables": tables,
    });
    if let Some((uri, _)) = &info.licence {
        m["dc:license"] = json!({ "@id": uri });
    }
    if let Some(t) = &info.created {
        m["dc:created"] = json!({ "@value": t, "@type": "xsd:dateTime" });
    }
    m
}

#[cfg(test)]
mod tests {
    use super::super::columns::Values;
    use super::*;

    #[test]
    fn the_decimal_pattern_takes_canonical_decimals_only() {
        let re = regex::Regex::new(&format!("^(?:{DECIMAL_PATTERN})$")).expect("regex");
        for ok in ["0", "1660", "-28", "4.35", "0.5", "-0.125"] {
            assert!(re.is_match(ok), "{ok}");
        }
        for bad in ["1.660", "4,35", "1.0", "01", ".5", "5.", "1 660", "", "-"] {
            assert!(!re.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn every_column_is_in_both_descriptions() {
        let info = Info {
            version: "0".into(),
            title: "t".into(),
            ..Info::default()
        };
        let p = datapackage(&info);
        let w = csvw(&info);
        for (i, r) in RESOURCES.iter().enumerate() {
            let f = &p["resources"][i]["schema"]["fields"];
            let c = &w["tables"][i]["tableSchema"]["columns"];
            assert_eq!(f.as_array().map(|a| a.len()), Some(r.columns.len()));
            assert_eq!(c.as_array().map(|a| a.len()), Some(r.columns.len()));
        }
        assert!(p.get("licenses").is_none(), "no licence is guessed");
        let status = RESOURCES
            .iter()
            .find(|r| r.name == "observations")
            .and_then(|r| r.columns.iter().find(|c| c.name == "status"))
            .expect("status");
        assert!(matches!(status.values, Values::OneOf(_)));
        assert!(enum_pattern(&status.allowed().unwrap_or_default()).contains("below_threshold"));
    }
}

//! `dcat.jsonld`: DCAT-AP-DONL metadata for data.overheid.nl, written only from a
//! `publisher.toml` the user gives (`figuren export --publisher FILE`). Every URI comes from
//! that file or from a fixed vocabulary (file types, specifications); none is guessed. One
//! `dcat:Dataset` with one `dcat:Distribution` per written file (format, media type,
//! byteSize, SHA-256 checksum, `dct:conformsTo`).
//!
//! ```toml
//! title = "De Staat van Migratie 2025: tabellen"
//! description = "Alle tabellen van het rapport, cel voor cel, met hun zelfcontroles."
//! base_uri = "https://data.example.nl/staat-van-migratie/2025/"   # where the files will be
//! authority = "http://standaarden.overheid.nl/owms/terms/ORGANISATIE"   # from the OWMS list
//! publisher = "http://standaarden.overheid.nl/owms/terms/ORGANISATIE"
//! licence = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"   # one of DONL_LICENCES
//! theme = ["http://standaarden.overheid.nl/owms/terms/THEMA"]   # from the DONL theme list
//! # language = "http://publications.europa.eu/resource/authority/language/NLD"  (the default)
//! [contact]
//! name = "Afdeling Informatievoorziening"
//! email = "data@example.nl"          # email or url (or both)
//! ```

use serde::Deserialize;
use serde_json::{json, Value};
use std::path::Path;

/// The licences data.overheid.nl accepts (DCAT-AP-DONL taxonomy `donl:License`), with titles.
pub const DONL_LICENCES: &[(&str, &str)] = &[
    (
        "http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
        "CC0 1.0",
    ),
    (
        "http://creativecommons.org/publicdomain/mark/1.0/deed.nl",
        "Public Domain Mark 1.0",
    ),
    (
        "http://creativecommons.org/licenses/by/4.0/deed.nl",
        "CC-BY 4.0",
    ),
    (
        "http://creativecommons.org/licenses/by-nc/4.0/deed.nl",
        "CC-BY-NC 4.0",
    ),
    (
        "http://creativecommons.org/licenses/by-sa/4.0/deed.nl",
        "CC-BY-SA 4.0",
    ),
    (
        "http://standaarden.overheid.nl/owms/terms/geslotenlicentie",
        "Gesloten licentie",
    ),
    (
        "http://standaarden.overheid.nl/owms/terms/licentieonbekend",
        "Licentie onbekend",
    ),
];

/// Dutch, the language of the tables (EU language authority).
pub const DUTCH: &str = "http://publications.europa.eu/resource/authority/language/NLD";

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub telephone: Option<String>,
}

/// A `publisher.toml`, checked.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub title: String,
    pub description: String,
    pub base_uri: String,
    pub authority: String,
    pub publisher: String,
    pub licence: String,
    pub theme: Vec<String>,
    #[serde(default)]
    pub language: Option<String>,
    pub contact: Contact,
}

fn is_uri(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://"))
        && s.len() > "https://".len()
        && !s.contains(char::is_whitespace)
}

impl Publisher {
    /// Reads and checks a publisher file; the error is one line naming the file and the
    /// problem.
    pub fn read(path: &Path) -> Result<Publisher, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let p: Publisher = toml::from_str(&text).map_err(|e| {
            format!(
                "{}: {}",
                path.display(),
                e.message().lines().next().unwrap_or("not a publisher file")
            )
        })?;
        p.check().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(p)
    }

    pub fn check(&self) -> Result<(), String> {
        if !DONL_LICENCES.iter().any(|(u, _)| *u == self.licence) {
            return Err(format!(
                "licence `{}` is not one data.overheid.nl accepts; use one of: {}",
                self.licence,
                DONL_LICENCES
                    .iter()
                    .map(|(u, _)| *u)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !is_uri(&self.base_uri) || !self.base_uri.ends_with('/') {
            return Err(format!(
                "base_uri `{}` must be an absolute http(s) URI ending in `/` (the files are published under it)",
                self.base_uri
            ));
        }
        for (key, v) in [
            ("authority", &self.authority),
            ("publisher", &self.publisher),
        ] {
            if !is_uri(v) {
                return Err(format!(
                    "{key} `{v}` must be a URI (an organisation of the OWMS list, http://standaarden.overheid.nl/owms/terms/…)"
                ));
            }
        }
        if self.theme.is_empty() {
            return Err("theme must name at least one theme URI".into());
        }
        for t in &self.theme {
            if !is_uri(t) {
                return Err(format!("theme `{t}` must be a URI"));
            }
        }
        if let Some(l) = &self.language {
            if !is_uri(l) {
                return Err(format!("language `{l}` must be a URI"));
            }
        }
        if self.title.trim().is_empty() || self.description.trim().is_empty() {
            return Err("title and description must not be empty".into());
        }
        if self.contact.name.trim().is_empty() {
            return Err("contact.name must not be empty".into());
        }
        if self.contact.email.is_none() && self.contact.url.is_none() {
            return Err("contact needs an email or a url".into());
        }
        if let Some(u) = &self.contact.url {
            if !is_uri(u) {
                return Err(format!("contact.url `{u}` must be a URI"));
            }
        }
        if let Some(e) = &self.contact.email {
            if !e.contains('@') || e.contains(char::is_whitespace) {
                return Err(format!("contact.email `{e}` is not an e-mail address"));
            }
        }
        Ok(())
    }

    pub fn licence_title(&self) -> &'static str {
        DONL_LICENCES
            .iter()
            .find(|(u, _)| *u == self.licence)
            .map(|(_, t)| *t)
            .unwrap_or("")
    }
}

/// A file the dataset is distributed as.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub name: String,
    pub description: String,
    pub bytes: u64,
    pub sha256: String,
}

fn file_type(name: &str) -> (&'static str, &'static str, &'static str) {
    // (EU file type, IANA media type, the specification the file conforms to)
    if name == "datapackage.json" {
        (
            "http://publications.europa.eu/resource/authority/file-type/JSON",
            "https://www.iana.org/assignments/media-types/application/json",
            "https://specs.frictionlessdata.io/tabular-data-package/",
        )
    } else if name == "csv-metadata.json" {
        (
            "http://publications.europa.eu/resource/authority/file-type/JSON",
            "https://www.iana.org/assignments/media-types/application/csvm+json",
            "http://www.w3.org/TR/tabular-metadata/",
        )
    } else if name.ends_with(".csv") {
        (
            "http://publications.europa.eu/resource/authority/file-type/CSV",
            "https://www.iana.org/assignments/media-types/text/csv",
            "https://www.rfc-editor.org/rfc/rfc4180",
        )
    } else {
        (
            "http://publications.europa.eu/resource/authority/file-type/JSON",
            "https://www.iana.org/assignments/media-types/application/json",
            "https://www.rfc-editor.org/rfc/rfc8259",
        )
    }
}

/// The DCAT-AP-DONL description of the files written. `modified`: the time the data was made
/// (the newest ingest), `sources`: (file name, SHA-256, identifier) of each document.
pub fn dcat(
    p: &Publisher,
    files: &[FileInfo],
    modified: Option<&str>,
    sources: &[super::package::Source],
) -> Value {
    let base = &p.base_uri;
    let language = p.language.as_deref().unwrap_or(DUTCH);
    let text = |s: &str| json!({ "@value": s, "@language": "nl" });
    let distributions: Vec<Value> = files
        .iter()
        .map(|f| {
            let (format, media, spec) = file_type(&f.name);
            let mut conforms = vec![json!({ "@id": spec })];
            if f.name.ends_with(".csv") {
                conforms.push(json!({ "@id": format!("{base}csv-metadata.json") }));
            }
            json!({
                "@id": format!("{base}{}", f.name),
                "@type": "dcat:Distribution",
                "dct:title": text(&f.name),
                "dct:description": text(&f.description),
                "dcat:accessURL": { "@id": format!("{base}{}", f.name) },
                "dcat:downloadURL": { "@id": format!("{base}{}", f.name) },
                "dct:format": { "@id": format },
                "dcat:mediaType": { "@id": media },
                "dcat:byteSize": { "@value": f.bytes.to_string(), "@type": "xsd:nonNegativeInteger" },
                "spdx:checksum": {
                    "@type": "spdx:Checksum",
                    "spdx:algorithm": { "@id": "spdx:checksumAlgorithm_sha256" },
                    "spdx:checksumValue": { "@value": f.sha256, "@type": "xsd:hexBinary" },
                },
                "dct:conformsTo": conforms,
                "dct:license": { "@id": p.licence },
                "dct:language": { "@id": language },
            })
        })
        .collect();
    let mut contact = json!({ "@type": "vcard:Kind", "vcard:fn": p.contact.name });
    if let Some(e) = &p.contact.email {
        contact["vcard:hasEmail"] = json!({ "@id": format!("mailto:{e}") });
    }
    if let Some(u) = &p.contact.url {
        contact["vcard:hasURL"] = json!({ "@id": u });
    }
    if let Some(t) = &p.contact.telephone {
        contact["vcard:hasTelephone"] = json!(t);
    }
    let mut dataset = json!({
        "@id": base,
        "@type": "dcat:Dataset",
        "dct:identifier": base,
        "dct:title": text(&p.title),
        "dct:description": text(&p.description),
        "dct:publisher": { "@id": p.publisher },
        "overheid:authority": { "@id": p.authority },
        "dcat:contactPoint": contact,
        "dct:license": { "@id": p.licence },
        "dct:language": { "@id": language },
        "dcat:theme": p.theme.iter().map(|t| json!({ "@id": t })).collect::<Vec<_>>(),
        "prov:wasDerivedFrom": sources.iter().map(|s| {
            let mut o = json!({
                "dct:title": s.title.as_deref().unwrap_or(&s.file_name),
                "spdx:checksum": {
                    "@type": "spdx:Checksum",
                    "spdx:algorithm": { "@id": "spdx:checksumAlgorithm_sha256" },
                    "spdx:checksumValue": { "@value": s.sha256, "@type": "xsd:hexBinary" },
                },
            });
            if let Some(id) = &s.identifier {
                o["dct:identifier"] = json!(id);
            }
            o
        }).collect::<Vec<_>>(),
        "dcat:distribution": distributions,
    });
    if let Some(m) = modified {
        dataset["dct:modified"] = json!({ "@value": m, "@type": "xsd:dateTime" });
    }
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "spdx": "http://spdx.org/rdf/terms#",
            "prov": "http://www.w3.org/ns/prov#",
            "overheid": "http://standaarden.overheid.nl/owms/terms/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": [dataset],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> Publisher {
        toml::from_str(
            r#"
title = "T"
description = "D"
base_uri = "https://data.example.nl/x/"
authority = "http://standaarden.overheid.nl/owms/terms/Ministerie_van_Justitie_en_Veiligheid"
publisher = "http://standaarden.overheid.nl/owms/terms/Ministerie_van_Justitie_en_Veiligheid"
licence = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
theme = ["http://standaarden.overheid.nl/owms/terms/Migratie_en_integratie"]
[contact]
name = "Data"
email = "data@example.nl"
"#,
        )
        .expect("parses")
    }

    #[test]
    fn a_licence_outside_the_donl_list_is_refused_in_one_line() {
        assert_eq!(good().check(), Ok(()));
        let mut p = good();
        p.licence = "https://opensource.org/licenses/MIT".into();
        let e = p.check().expect_err("refused");
        assert!(e.contains("not one data.overheid.nl accepts"), "{e}");
        assert!(!e.contains('\n'), "{e}");
        assert_eq!(DONL_LICENCES.len(), 7);
    }

    #[test]
    fn uris_are_checked_not_guessed() {
        let mut p = good();
        p.authority = "minjenv".into();
        assert!(p.check().is_err());
        let mut p = good();
        p.base_uri = "https://data.example.nl/x".into();
        assert!(p.check().is_err());
        let mut p = good();
        p.contact.email = None;
        assert!(p.check().is_err());
        assert!(toml::from_str::<Publisher>("title = 1").is_err());
    }
}

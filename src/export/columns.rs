//! Every exported file and column, in one table: name, type, whether it may be empty,
//! allowed values, and what it means. The writers, the column documentation in
//! `schema/README.md` (generated: [`markdown`]) and later package descriptions
//! (Frictionless `datapackage.json`, CSVW) are all made from this table.

/// The type of a column's values, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    /// text, UTF-8
    Text,
    /// a whole number
    Integer,
    /// an exact decimal with a dot as the decimal mark (`4.35`, `-28`, `1660`)
    Decimal,
    /// an ISO 8601 date (`2024-06-03`)
    Date,
    /// a compact JSON array, as text in CSV (`["2023","Totaal"]`, `[[2,0],[1,0]]`) and as an
    /// array in JSON
    Json,
}

impl Type {
    pub fn as_str(&self) -> &'static str {
        match self {
            Type::Text => "text",
            Type::Integer => "integer",
            Type::Decimal => "decimal",
            Type::Date => "date",
            Type::Json => "json array",
        }
    }
}

/// The values a column may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    Any,
    OneOf(&'static [&'static str]),
    /// `crate::number::unit_names()`: count, number, percent, percent_change, euro, ‰ and the
    /// unit words a header or cell may name (`weken`, `km`)
    Units,
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub ty: Type,
    /// Never empty.
    pub required: bool,
    pub values: Values,
    pub description: &'static str,
}

impl Column {
    /// The allowed values, when the column has a closed set.
    pub fn allowed(&self) -> Option<Vec<String>> {
        match self.values {
            Values::Any => None,
            Values::OneOf(v) => Some(v.iter().map(|s| s.to_string()).collect()),
            Values::Units => Some(crate::number::unit_names()),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub resource: &'static str,
    pub reference: &'static [&'static str],
}

/// One exported file (`observations.csv` / `observations.json`).
#[derive(Clone, Copy, Debug)]
pub struct Resource {
    pub name: &'static str,
    pub description: &'static str,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
}

const fn col(name: &'static str, ty: Type, required: bool, description: &'static str) -> Column {
    Column {
        name,
        ty,
        required,
        values: Values::Any,
        description,
    }
}

const fn one_of(
    name: &'static str,
    values: &'static [&'static str],
    required: bool,
    description: &'static str,
) -> Column {
    Column {
        name,
        ty: Type::Text,
        required,
        values: Values::OneOf(values),
        description,
    }
}

const DOCUMENT: Column = col(
    "document",
    Type::Text,
    true,
    "file name of the PDF, as ingested",
);
const DOCUMENT_SHA256: Column = col(
    "document_sha256",
    Type::Text,
    true,
    "SHA-256 of the PDF file (lower-case hex): the document's key",
);
const FIGURE: Column = col(
    "figure",
    Type::Text,
    true,
    "the figure's label as printed, its key within the document (`Figuur 53`, `Tabel 3.10`); the number is part of the label so that `3.10` is never read as 3.1",
);
const PAGE_LABEL: Column = col(
    "page_label",
    Type::Text,
    false,
    "the printed page number of that page (`32`, `iv`)",
);

/// The values of `figure_cells.status`.
pub const CELL_STATUS: &[&str] = &[
    "ok",
    "not_applicable",
    "nil",
    "unknown",
    "secret",
    "below_threshold",
    "range",
    "text",
    "empty",
];
pub const CHECK_STATUS: &[&str] = &["verified", "inconsistent", "unchecked"];
pub const CHECK_KIND: &[&str] = &[
    "percent_change",
    "difference",
    "total",
    "shares_sum",
    "ratio",
];
pub const CHECK_OUTCOME: &[&str] = &["ok", "rounding", "mismatch"];
pub const CHECK_CONFIDENCE: &[&str] = &["explicit", "inferred"];
pub const FIGURE_KIND: &[&str] = &["table", "list", "chart", "image", "unknown"];

const FIGURE_CHECK_STATUS: Column = one_of(
    "check_status",
    CHECK_STATUS,
    true,
    "the figure's self-check verdict: `verified` (every check `ok` or `rounding`), `inconsistent` (a check is a `mismatch`), `unchecked` (nothing to check)",
);

pub const DOCUMENTS: Resource = Resource {
    name: "documents",
    description: "One row per ingested PDF.",
    columns: &[
        DOCUMENT,
        DOCUMENT_SHA256,
        col("file_size", Type::Integer, true, "size of the file in bytes"),
        col("page_count", Type::Integer, true, "pages in the file"),
        col(
            "family",
            Type::Text,
            false,
            "document family of the profile that read it (`report`, `letter`, `kamerstuk`…); empty when no profile fitted",
        ),
        col("profile", Type::Text, false, "the profile that read it (`staat-van-migratie`)"),
        col("title", Type::Text, false, "title: the document's metadata, or as printed"),
        col("edition", Type::Integer, false, "edition year of a report (`2025`)"),
        col("published_on", Type::Date, false, "publication date"),
        col(
            "identifier",
            Type::Text,
            false,
            "official identifier (`kst-32545-143`)",
        ),
        col("kenmerk", Type::Text, false, "a letter's reference (`Ons kenmerk`)"),
        col("dossier", Type::Text, false, "Kamerstuk dossier number (`32545`)"),
        col("ondernummer", Type::Text, false, "Kamerstuk number within the dossier"),
        col("vergaderjaar", Type::Text, false, "parliamentary session year (`2020-2021`)"),
        col("tool_version", Type::Text, true, "figuren version that read it"),
    ],
    primary_key: &["document_sha256"],
    foreign_keys: &[],
};

pub const FIGURES: Resource = Resource {
    name: "figures",
    description: "One row per caption (`Figuur 53 …`, `Tabel 3.1: …`), with its table's self-check verdict.",
    columns: &[
        DOCUMENT,
        DOCUMENT_SHA256,
        FIGURE,
        Column {
            name: "kind",
            ty: Type::Text,
            required: true,
            values: Values::OneOf(FIGURE_KIND),
            description: "`table` (cells in the text), `image` (a picture or placeholder: no data in the text), `chart` (a drawing), `unknown`; `list` is reserved",
        },
        col("title", Type::Text, true, "caption text without label, period, source and note"),
        col("period", Type::Text, false, "the period as printed (`2023-2024`, `eind 2023 en 2024`)"),
        col("source", Type::Text, false, "everything inside `(Bron: …)` as printed"),
        col("source_orgs", Type::Json, true, "the organisations of the source (`[\"IND\"]`)"),
        col("note", Type::Text, false, "the sentence after the source"),
        col("page", Type::Integer, true, "PDF page of the caption (1-based)"),
        PAGE_LABEL,
        col(
            "stub",
            Type::Text,
            false,
            "the header above the row labels (`Rang`); a JSON array when there are several stub columns",
        ),
        one_of(
            "decimal_mark",
            &["dutch", "english"],
            false,
            "the table's decimal mark: `dutch` (`1.660`, `4,35`) or `english`",
        ),
        col(
            "table_pages",
            Type::Json,
            false,
            "the pages the table is printed on, when it goes on over a page break",
        ),
        col("cells", Type::Integer, true, "body cells of the table (rows in observations)"),
        col("checks", Type::Integer, true, "self-checks of the table (rows in checks)"),
        col("mismatches", Type::Integer, true, "checks with outcome `mismatch`"),
        FIGURE_CHECK_STATUS,
    ],
    primary_key: &["document_sha256", "figure"],
    foreign_keys: &[ForeignKey {
        fields: &["document_sha256"],
        resource: "documents",
        reference: &["document_sha256"],
    }],
};

pub const OBSERVATIONS: Resource = Resource {
    name: "observations",
    description: "The tidy long table: one row per body cell of every table, with its document, figure, header paths, the text as printed and its exact value.",
    columns: &[
        DOCUMENT,
        DOCUMENT_SHA256,
        col("family", Type::Text, false, "document family (`report`)"),
        col("edition", Type::Integer, false, "edition year of the report"),
        FIGURE,
        col("title", Type::Text, true, "the figure's title"),
        col("period", Type::Text, false, "the figure's period as printed"),
        col("source", Type::Text, false, "the figure's source as printed"),
        col("row_index", Type::Integer, true, "0-based body row (header rows not counted)"),
        col("col_index", Type::Integer, true, "0-based value column (stub columns not counted)"),
        col(
            "row_path",
            Type::Json,
            true,
            "the row labels from the outer group in (`[\"2023\",\"Familie en gezin\"]`; `[\"\"]` for an unlabelled total row)",
        ),
        col(
            "column_path",
            Type::Json,
            true,
            "the column headers from the top (`[\"Bezetting opvang (31 december)\",\"Totaal\"]`)",
        ),
        col(
            "raw",
            Type::Text,
            false,
            "the cell exactly as printed, footnote markers removed; empty for an empty cell",
        ),
        col(
            "value",
            Type::Decimal,
            false,
            "the value as an exact decimal in canonical form: a dot, no group separator, no trailing zero after the point (`1.660` → `1660`, `4,35` → `4.35`, `-28%` → `-28`); empty when the cell has none. The package files declare it a string with that pattern, so that a validator refuses a Dutch-formatted number",
        ),
        col(
            "value_exact",
            Type::Decimal,
            false,
            "the same exact decimal, declared a number in the package files for tools that type columns from them",
        ),
        col(
            "decimals",
            Type::Integer,
            false,
            "printed precision: digits after the decimal mark less the scale word's power of ten (`4,35 miljoen` → -4)",
        ),
        Column {
            name: "unit",
            ty: Type::Text,
            required: false,
            values: Values::Units,
            description: "`count`, `number`, `percent`, `percent_change`, `euro`, or the unit the header or cell names (`weken`, `km`)",
        },
        Column {
            name: "status",
            ty: Type::Text,
            required: true,
            values: Values::OneOf(CELL_STATUS),
            description: "`ok` (a number), `not_applicable` (`n.v.t.`), `nil` (`-`: zero), `unknown` (`.`), `secret` (`x`), `below_threshold` (`<5`), `range` (`1-2 jaar`), `text`, `empty`",
        },
        col("lower", Type::Decimal, false, "lower bound of a range (`1-2 jaar` → 1)"),
        col("upper", Type::Decimal, false, "upper bound of a range or threshold (`<5` → 5)"),
        col("share", Type::Decimal, false, "the share in percent printed with a count (`7.040 (11,3%)` → 11.3)"),
        col("stars", Type::Integer, true, "asterisks printed after the number (provisional or significance: the table's note says)"),
        col("page", Type::Integer, true, "PDF page of the cell (1-based)"),
        PAGE_LABEL,
        FIGURE_CHECK_STATUS,
    ],
    primary_key: &["document_sha256", "figure", "row_index", "col_index"],
    foreign_keys: &[ForeignKey {
        fields: &["document_sha256", "figure"],
        resource: "figures",
        reference: &["document_sha256", "figure"],
    }],
};

pub const FOOTNOTES: Resource = Resource {
    name: "footnotes",
    description: "One row per footnote.",
    columns: &[
        DOCUMENT,
        DOCUMENT_SHA256,
        col(
            "scope",
            Type::Text,
            true,
            "the numbering series: `document`, `chapter 3`, `section 2.1`, or a figure's label for notes numbered per table",
        ),
        col("number", Type::Integer, true, "the note's number"),
        col("page", Type::Integer, true, "PDF page where the note is printed"),
        PAGE_LABEL,
        col("text", Type::Text, true, "the note's text"),
        col("cited", Type::Integer, true, "references to the note found (markers in text, captions, headers, cells)"),
    ],
    primary_key: &["document_sha256", "scope", "number"],
    foreign_keys: &[ForeignKey {
        fields: &["document_sha256"],
        resource: "documents",
        reference: &["document_sha256"],
    }],
};

pub const CITATIONS: Resource = Resource {
    name: "citations",
    description: "One row per citation found in footnotes and text (Kamerstukken, ECLI, EU law, Staatsblad, URLs).",
    columns: &[
        DOCUMENT,
        DOCUMENT_SHA256,
        col("seq", Type::Integer, true, "1-based position in the document"),
        col("footnote_scope", Type::Text, false, "the series of the footnote it stands in"),
        col("footnote_number", Type::Integer, false, "the footnote it stands in"),
        col("page", Type::Integer, true, "PDF page"),
        col("kind", Type::Text, true, "what is cited (`kamerstuk`, `ecli`, `url`, …)"),
        col("raw", Type::Text, true, "the citation as printed"),
        col("identifier", Type::Text, true, "canonical identifier (`kst-30573-220`, `ECLI:NL:RVS:2022:1973`)"),
        col("url", Type::Text, false, "the URL, for a web link"),
        col("chamber", Type::Text, false, "`I` or `II` for parliamentary papers"),
        col("session_year", Type::Text, false, "parliamentary session year (`2024-2025`)"),
        col("dossier", Type::Text, false, "Kamerstuk dossier number"),
        col("number", Type::Text, false, "number within the dossier (or of the Staatsblad)"),
        col(
            "cited_document_sha256",
            Type::Text,
            false,
            "the ingested paper it points to, when there is one",
        ),
    ],
    primary_key: &["document_sha256", "seq"],
    foreign_keys: &[ForeignKey {
        fields: &["document_sha256"],
        resource: "documents",
        reference: &["document_sha256"],
    }],
};

pub const CHECKS: Resource = Resource {
    name: "checks",
    description: "One row per self-check: a relation a table names (a change row, a total, parts, shares, a ratio) recomputed from its printed cells.",
    columns: &[
        DOCUMENT,
        DOCUMENT_SHA256,
        FIGURE,
        col("seq", Type::Integer, true, "1-based position among the figure's checks"),
        Column {
            name: "kind",
            ty: Type::Text,
            required: true,
            values: Values::OneOf(CHECK_KIND),
            description: "`percent_change`, `difference`, `total` (a total or `waarvan` parts), `shares_sum`, `ratio`",
        },
        col(
            "cells",
            Type::Json,
            true,
            "`[[row_index, col_index], …]`: the printed result first, then the cells it is computed from",
        ),
        col("printed", Type::Text, true, "the result as printed (`-28%`; `100` for shares)"),
        col(
            "expected",
            Type::Text,
            true,
            "the value recomputed from the printed inputs (dot decimal), an interval when an input is only bounded, `<= N` for a part",
        ),
        Column {
            name: "status",
            ty: Type::Text,
            required: true,
            values: Values::OneOf(CHECK_OUTCOME),
            description: "`ok` (the recomputed value rounds to the printed one), `rounding` (only unrounded inputs within half a step give it), `mismatch`",
        },
        Column {
            name: "confidence",
            ty: Type::Text,
            required: true,
            values: Values::OneOf(CHECK_CONFIDENCE),
            description: "`explicit` (the table names the relation) or `inferred`",
        },
        col(
            "detail",
            Type::Text,
            true,
            "the relation in the table's words, the intervals, and for a mismatch its likely cause (extraction or publication)",
        ),
        col("page", Type::Integer, false, "PDF page of the printed result"),
        PAGE_LABEL,
    ],
    primary_key: &["document_sha256", "figure", "seq"],
    foreign_keys: &[ForeignKey {
        fields: &["document_sha256", "figure"],
        resource: "figures",
        reference: &["document_sha256", "figure"],
    }],
};

/// Every exported file, in the order written.
pub const RESOURCES: &[Resource] = &[
    DOCUMENTS,
    FIGURES,
    OBSERVATIONS,
    FOOTNOTES,
    CITATIONS,
    CHECKS,
];

/// The column documentation of the export, as Markdown (the generated section of
/// `schema/README.md`).
pub fn markdown() -> String {
    let mut s = String::new();
    for r in RESOURCES {
        s.push_str(&format!(
            "### {}.csv / {}.json\n{}\n\n",
            r.name, r.name, r.description
        ));
        s.push_str("| column | type | meaning |\n| --- | --- | --- |\n");
        for c in r.columns {
            let mut ty = c.ty.as_str().to_string();
            if !c.required {
                ty.push_str(", empty");
            }
            let values = match c.values {
                Values::OneOf(v) => format!(
                    " (one of {})",
                    v.iter()
                        .map(|x| format!("`{x}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Values::Units => " (the list: `figuren::number::unit_names`)".to_string(),
                Values::Any => String::new(),
            };
            s.push_str(&format!(
                "| `{}` | {} | {}{} |\n",
                c.name,
                ty,
                c.description.replace('|', "\\|"),
                values
            ));
        }
        s.push_str(&format!(
            "\nKey: ({}).",
            r.primary_key
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        for fk in r.foreign_keys {
            s.push_str(&format!(
                " ({}) → `{}`.",
                fk.fields
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                fk.resource
            ));
        }
        s.push_str("\n\n");
    }
    s.trim_end().to_string() + "\n"
}

//! The command line: the only code that prints. One file per subcommand.

mod datasette;
mod documents;
mod export;
mod ingest;
mod inspect;
mod layout;
mod lists;
mod show;
mod tables;
mod verify;
mod words;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "figuren",
    version,
    about = "Reads Dutch government PDFs (De Staat van Migratie, Kamerstukken, letters) into a SQLite database",
    long_about = "figuren reads PDF publications and stores what they print, traceable to the page:\n\
                  every word with its position, font size, baseline and superscript flag, the ruling lines\n\
                  and shaded boxes of tables, link annotations, page labels, the outline and the\n\
                  document's metadata. What it could not read is stored as a diagnostic.\n\n\
                  Start with:  figuren ingest samples/   then   figuren documents",
    after_help = "Coordinates everywhere: PDF points, origin at the top-left of the visible page, y downwards.\n\
                  The database layout is documented in schema/README.md."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read PDF files (or folders of them) into the database
    #[command(
        long_about = "Read PDF files into the database. Folders are searched recursively for files ending in .pdf\n\
                      (any case); a file named on the command line is read whatever its name.\n\
                      Each file is read in a separate process with a time and memory limit, and written in one\n\
                      transaction: a file that fails leaves nothing behind and does not stop the others.\n\
                      A file already in the database (same SHA-256, same figuren version) is skipped unless --force.\n\
                      Exit status: 0 when every file was read, 1 when some failed, 2 on a usage or database error."
    )]
    Ingest {
        /// PDF files and/or folders
        #[arg(required = true, value_name = "PDF_OR_FOLDER")]
        paths: Vec<PathBuf>,
        /// Database file (created if missing)
        #[arg(long, default_value = "figuren.sqlite", value_name = "FILE")]
        db: PathBuf,
        /// Read files again even when they are already in the database
        #[arg(long)]
        force: bool,
        /// Seconds one file may take before it is stopped
        #[arg(long, default_value_t = 300, value_name = "SECONDS")]
        timeout: u64,
        /// Memory one file's reader may use, in MiB
        #[arg(long, default_value_t = 4096, value_name = "MIB")]
        memory_mb: u64,
        /// Print only the total line (and failures)
        #[arg(long, short)]
        quiet: bool,
        /// Folder of profile files (*.toml) that replace or extend the built-in ones
        #[arg(long, value_name = "DIR")]
        parsers: Option<PathBuf>,
        /// Use this document-family profile instead of detecting one (see `figuren profiles`)
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// Files read at once, each in its own worker process (default: the number of cores)
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<usize>,
        /// Password for encrypted PDFs (user or owner password; files with only an owner
        /// password open without one)
        #[arg(long, value_name = "PASSWORD")]
        password: Option<String>,
        /// File of per-file passwords: one line per PDF, its name or path, a tab, its password
        /// (lines starting with # are comments); tried before --password
        #[arg(long, value_name = "FILE")]
        passwords: Option<PathBuf>,
    },
    /// List the documents in the database
    Documents {
        /// Database file
        #[arg(long, default_value = "figuren.sqlite", value_name = "FILE")]
        db: PathBuf,
    },
    /// Show the words of one page of a PDF with their boxes, sizes and flags
    #[command(
        long_about = "Show the words of one page as figuren reads them: reading-order number, line, box (x0 y0 x1 y1),\n\
                      font size, baseline, script (^ superscript, _ subscript) and font. The tool to reach for when a\n\
                      table or caption comes out wrong. Reads the PDF directly; no database needed."
    )]
    Words {
        /// The PDF file
        pdf: PathBuf,
        /// Page number, 1-based (as in the file, not the printed page number)
        #[arg(long, short, default_value_t = 1)]
        page: u32,
        /// One JSON object per word instead of a table
        #[arg(long)]
        json: bool,
        /// Also list the ruling lines and filled rectangles of the page
        #[arg(long)]
        rules: bool,
    },
    /// List the figures (captions) found: label, title, period, source, page
    Figures {
        #[arg(long, default_value = "figuren.sqlite", value_name = "FILE")]
        db: PathBuf,
        /// Only this document: its id, SHA-256 (at least 8 characters) or file name
        #[arg(long, value_name = "ID|SHA|FILE")]
        document: Option<String>,
        /// Tab-separated output with a header line, for other tools
        #[arg(long)]
        tsv: bool,
    },
    /// List the footnotes found, with how often each is cited
    Footnotes {
        #[arg(long, default_value = "figuren.sqlite", value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID|SHA|FILE")]
        document: Option<String>,
        #[arg(long)]
        tsv: bool,
    },
    /// List the citations (Kamerstukken, ECLI, EU law, Staatsblad, URLs) found in footnotes and text
    #[command(
        long_about = "List the citations found in footnotes and text, each with the ingested paper it points to\n\
                      (by official identifier: kst-32545-143, ah-tk-20232024-2129), whichever was ingested first.\n\
                      With --resolved only the citations that point to an ingested paper."
    )]
    Citations {
        #[arg(long, default_value = "figuren.sqlite", value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID|SHA|FILE")]
        document: Option<String>,
        #[arg(long)]
        tsv: bool,
        /// Only citations that point to an ingested paper
        #[arg(long)]
        resolved: bool,
    },
    /// Show one figure: caption, source, and its table with every cell's value, unit and status
    #[command(
        long_about = "Show one figure as read: its caption, period, source and page, its table as printed\n\
                      (header levels, row groups, the cells' text), then every non-empty cell with its row and\n\
                      column path, raw text, exact value, unit and status, and the footnotes cited in it.\n\
                      With --json, one JSON object with the same content (paths as arrays, values as exact\n\
                      decimals in strings, boxes in PDF points from the top-left of the page).\n\n\
                      Examples:  figuren show 1 \"Figuur 6\"     figuren show rapport.pdf 53 --json"
    )]
    Show {
        /// The document: its id, SHA-256 (at least 8 characters) or file name
        #[arg(value_name = "DOCUMENT")]
        document: String,
        /// The figure: its label (`Figuur 6`, `Tabel 3.1`; spacing and case do not matter) or number
        #[arg(value_name = "FIGURE")]
        figure: String,
        #[arg(long, default_value = "figuren.sqlite", value_name = "FILE")]
        db: PathBuf,
        /// One JSON object instead of text
        #[arg(long)]
        json: bool,
    },
    /// Report the tables' self-checks; exit status 1 when an explicit check fails
    #[command(
        long_about = "Report the self-checks of every table, per document: how many tables are verified (every\n\
                      check ok or within rounding), inconsistent (a check is a mismatch) or unchecked (nothing to\n\
                      check), how many checks of each outcome, and every mismatch with its figure, page, cells\n\
                      (row and column labels, text as printed), printed and expected values, and its likely cause\n\
                      (an extraction error such as a footnote marker glued to a number, or the publication's own\n\
                      numbers disagreeing).\n\
                      A check is explicit when the table names the relation (a `% verschil` row, a `Totaal`, `waarvan`\n\
                      parts, a note), inferred otherwise (an unlabelled total row, a ratio rule of the profile).\n\
                      Exit status: 1 when an explicit check is a mismatch, 0 otherwise, 2 on a usage or database\n\
                      error: a release can be gated on it.",
        after_help = "Checks are made when a file is ingested; a database ingested by an older figuren has none:\n\
                      read the files again with `figuren ingest --force`."
    )]
    Verify {
        #[arg(long, default_value = "figuren.sqlite", value_name = "FILE")]
        db: PathBuf,
        /// Only this document: its id, SHA-256 (at least 8 characters) or file name
        #[arg(long, value_name = "ID|SHA|FILE")]
        document: Option<String>,
        /// One JSON object with every document's counts and mismatches
        #[arg(long)]
        json: bool,
    },
    /// Write the tables as a tidy long table (one row per cell) plus figures, footnotes, citations and checks
    #[command(
        long_about = "Write what the database holds as open-data files into a folder: observations (the tidy long\n\
                      table: one row per table cell with its document, figure, row and column header paths, the\n\
                      text as printed, the exact value, unit, status, page and the figure's check verdict), and\n\
                      documents, figures, footnotes, citations and checks as their own files.\n\
                      UTF-8 with a byte-order mark, a dot as decimal mark, exact decimals, ISO dates, header\n\
                      paths as JSON arrays: pandas and R read the CSV files without options. The figure is keyed\n\
                      by its label (`Tabel 3.10`). With CSV come datapackage.json (Frictionless) and\n\
                      csv-metadata.json (CSV on the Web); with --publisher, dcat.jsonld (DCAT-AP-DONL).\n\
                      Each file is written under a temporary name and renamed into place: an interrupted export\n\
                      never leaves half a file. The same database gives the same bytes.",
        after_help = "The columns of every file are described in schema/README.md (\"Export files\"). A publisher\n\
                      file, for example:\n\n\
                      title = \"De Staat van Migratie 2025: tabellen\"\n\
                      description = \"De tabellen van het rapport, cel voor cel, met hun zelfcontroles.\"\n\
                      base_uri = \"https://data.example.nl/staat-van-migratie/2025/\"\n\
                      authority = \"http://standaarden.overheid.nl/owms/terms/ORGANISATIE\"   # from the OWMS list\n\
                      publisher = \"http://standaarden.overheid.nl/owms/terms/ORGANISATIE\"\n\
                      licence = \"http://creativecommons.org/publicdomain/zero/1.0/deed.nl\"\n\
                      theme = [\"http://standaarden.overheid.nl/owms/terms/THEMA\"]   # from the DONL theme list\n\
                      [contact]\n\
                      name = \"Afdeling Informatievoorziening\"\n\
                      email = \"data@example.nl\"\n\n\
                      Licences data.overheid.nl accepts: CC0 1.0, Public Domain Mark 1.0, CC-BY 4.0,\n\
                      CC-BY-NC 4.0, CC-BY-SA 4.0 (the creativecommons.org .../deed.nl URIs), and the OWMS\n\
                      geslotenlicentie and licentieonbekend."
    )]
    Export {
        #[arg(long, default_value = "figuren.sqlite", value_name = "FILE")]
        db: PathBuf,
        /// Folder to write into (created when missing; files in it are replaced)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// File format
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Only this document: its id, SHA-256 (at least 8 characters) or file name
        #[arg(long, value_name = "ID|SHA|FILE")]
        document: Option<String>,
        /// No UTF-8 byte-order mark at the start of each CSV file (by default there is one, so
        /// that Excel reads `Syrië` right; pandas and readr skip it)
        #[arg(long)]
        no_bom: bool,
        /// A publisher file (TOML: title, description, base_uri, authority, publisher, licence,
        /// theme, [contact]): the licence goes into the package files, and dcat.jsonld
        /// (DCAT-AP-DONL, for data.overheid.nl) is written
        #[arg(long, value_name = "FILE")]
        publisher: Option<PathBuf>,
        /// Print nothing when all went well
        #[arg(long, short)]
        quiet: bool,
    },
    /// Write metadata.yaml, datasette.yaml and the commands to serve the database with Datasette
    #[command(
        long_about = "Write the files to serve the database with Datasette into a folder: metadata.yaml (title,\n\
                      licence, source, a description of every table and column, and for Datasette 0.65 the\n\
                      facets, sort keys, hidden tables and canned queries), datasette.yaml (those settings and\n\
                      queries for Datasette 1.0), metadata-1.0.yaml (the descriptions alone, for 1.0) and\n\
                      datasette-commands.txt. Facets on figure, unit, status and check_status; words and rules\n\
                      hidden; canned queries cells_of_figure, mismatches, footnotes_of_figure.\n\
                      The write-ahead log is checkpointed into the database file first, so that\n\
                      `datasette -i` (immutable) sees every row."
    )]
    Datasette {
        #[arg(long, default_value = "figuren.sqlite", value_name = "FILE")]
        db: PathBuf,
        /// Folder to write into (created when missing; files in it are replaced)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// A publisher file (see `figuren export --help`): the licence
        #[arg(long, value_name = "FILE")]
        publisher: Option<PathBuf>,
        /// Print nothing when all went well
        #[arg(long, short)]
        quiet: bool,
    },
    /// List the document-family profiles (built in, or from --parsers DIR)
    Profiles {
        #[arg(long, value_name = "DIR")]
        parsers: Option<PathBuf>,
    },
    /// Write an HTML overlay of pages: the rendered page under what figuren read
    #[command(
        long_about = "Write one self-contained HTML file per page, plus index.html listing the figures with their\n\
                      check verdicts. Each page shows the page as rendered (a PNG, by hayro) under an SVG drawn in\n\
                      PDF points: words (superscripts in orange), layout blocks and lines, ruling lines and shading,\n\
                      figure regions, table cells coloured by status, failed checks in red, footnote markers linked\n\
                      to their notes, and links. Hover a shape for what was read (raw -> value, unit, row and column\n\
                      paths); switch layers on and off at the top. The files use no network and are the same bytes\n\
                      on every run. Reads the PDF directly; --db only adds the check verdicts stored there.\n\n\
                      Examples:\n  figuren inspect report.pdf --pages 3-5 --html overlay/\n  \
                      figuren inspect report.pdf --figure \"Figuur 6\" --html overlay/ --screenshot"
    )]
    Inspect {
        /// The PDF file
        pdf: PathBuf,
        /// Pages to show: 3-5, 7, or a list like 1,4,9-11 (default: every page)
        #[arg(long, value_name = "PAGES", conflicts_with = "figure")]
        pages: Option<String>,
        /// Show the pages of this figure (its caption and region), e.g. "Figuur 6"
        #[arg(long, value_name = "LABEL")]
        figure: Option<String>,
        /// Folder to write page-NNN.html and index.html into (created if missing)
        #[arg(long, value_name = "DIR")]
        html: PathBuf,
        /// Also write page-NNN.png of each page as a browser shows it (needs a headless
        /// Chromium: chromium-headless-shell or chromium, or $FIGUREN_CHROMIUM)
        #[arg(long)]
        screenshot: bool,
        /// Database to read the figures' check verdicts from (the file must be ingested there;
        /// without checks, figures are shown as unchecked)
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        /// Raster pixels per PDF point
        #[arg(long, default_value_t = crate::render::DEFAULT_SCALE, value_name = "FACTOR")]
        scale: f64,
        /// Password of an encrypted PDF
        #[arg(long, value_name = "PASSWORD")]
        password: Option<String>,
        /// Use this document-family profile instead of detecting one (see `figuren profiles`)
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// Seconds reading (and, apart, rendering) may take before it is stopped
        #[arg(long, default_value_t = 300, value_name = "SECONDS")]
        timeout: u64,
        /// Memory the reader and the renderer may each use, in MiB
        #[arg(long, default_value_t = 4096, value_name = "MIB")]
        memory_mb: u64,
    },
    /// (internal) read one file and write what it holds to stdout
    #[command(name = "__worker", hide = true)]
    Worker {
        #[arg(long, default_value_t = 4096)]
        memory_mb: u64,
        #[arg(long)]
        structure: bool,
        #[arg(long)]
        parsers: Option<PathBuf>,
        #[arg(long)]
        profile: Option<String>,
        #[arg(long)]
        keep_layout: bool,
        #[arg(long)]
        passwords_stdin: bool,
        /// Render these pages (comma-separated) instead of reading the file
        #[arg(long)]
        render: Option<String>,
        #[arg(long, default_value_t = crate::render::DEFAULT_SCALE)]
        scale: f64,
        file: PathBuf,
    },
    /// Show the layout of one page: columns, blocks, zones and lines
    #[command(
        long_about = "Show how figuren reads the layout of one page: the body size and line spacing, the printed\n\
                      page number, the column boxes (band, position), and every line in reading order with its\n\
                      zone (running head/foot, page number, body, note), column, block, baseline, size, type\n\
                      and text (^ before a raised word). Footnote starts are marked `note N`. The tool to reach\n\
                      for when captions or footnotes of a new typesetter come out wrong. Reads the PDF directly."
    )]
    Layout {
        /// The PDF file
        pdf: PathBuf,
        /// Page number, 1-based (as in the file, not the printed page number)
        #[arg(long, short, default_value_t = 1)]
        page: u32,
        /// One JSON object for the page instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Find and read the tables on pages of any PDF, captioned or not
    #[command(
        long_about = "Find and read the tables on the pages of any PDF (the job of Camelot and Tabula), with the same\n\
                      grid code as the figures of a report: columns from ruling lines or from the white space\n\
                      that runs through the rows, header rows and their spans, row labels and groups.\n\
                      Without --area, tables are found where rows of text stand in aligned columns; with --area\n\
                      only that part of each page is read, as one table. Reads the PDF directly; no database.\n\
                      --json prints one object per table per line: {\"page\", \"bbox\": [x0,y0,x1,y1], \"detected\",\n\
                      \"cells\": [{\"row\", \"col\", \"row_span\", \"col_span\", \"text\", \"header\"}] (the printed grid,\n\
                      header cells with their spans), \"stub\", \"columns\" (header paths), \"rows\" (row label paths)}.\n\
                      A page whose text runs sideways is read along its text; boxes are on the page as printed."
    )]
    Tables {
        /// The PDF file
        pdf: PathBuf,
        /// Pages to read, 1-based: `3`, `3-5`, `1,4,7-9` (default: all)
        #[arg(long, short, value_name = "PAGES")]
        pages: Option<String>,
        /// Read only this area of each page, as one table: x0,y0,x1,y1 in points, origin
        /// top-left, y downwards
        #[arg(long, value_name = "X0,Y0,X1,Y1", allow_hyphen_values = true)]
        area: Option<String>,
        /// One JSON object per table per line
        #[arg(long)]
        json: bool,
    },
}

/// `figuren export --format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// comma-separated values, one file per table
    Csv,
    /// one JSON array of objects per file
    Json,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Ingest {
            paths,
            db,
            force,
            timeout,
            memory_mb,
            quiet,
            parsers,
            profile,
            jobs,
            password,
            passwords,
        } => {
            let limits = crate::isolate::WorkerLimits {
                timeout: std::time::Duration::from_secs(timeout),
                memory_mb,
            };
            let opts = crate::isolate::StructureOptions {
                structure: true,
                parsers,
                profile,
                keep_layout: false,
                passwords: Vec::new(),
            };
            let book = match ingest::PasswordBook::new(password, passwords.as_deref()) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let jobs = jobs
                .unwrap_or_else(|| {
                    std::thread::available_parallelism()
                        .map(|n| n.get())
                        .unwrap_or(1)
                })
                .max(1);
            let how = ingest::How {
                force,
                limits,
                opts,
                quiet,
                jobs,
                passwords: book,
            };
            ingest::run(&paths, &db, &how)
        }
        Command::Documents { db } => documents::run(&db),
        Command::Figures { db, document, tsv } => lists::figures(&db, document.as_deref(), tsv),
        Command::Footnotes { db, document, tsv } => lists::footnotes(&db, document.as_deref(), tsv),
        Command::Citations {
            db,
            document,
            tsv,
            resolved,
        } => lists::citations(&db, document.as_deref(), tsv, resolved),
        Command::Show {
            document,
            figure,
            db,
            json,
        } => show::run(&db, &document, &figure, json),
        Command::Profiles { parsers } => lists::profiles(parsers.as_deref()),
        Command::Verify { db, document, json } => verify::run(&db, document.as_deref(), json),
        Command::Export {
            db,
            out,
            format,
            document,
            no_bom,
            publisher,
            quiet,
        } => {
            let publisher = match export::publisher(publisher.as_deref()) {
                Ok(p) => p,
                Err(c) => return c,
            };
            let opts = crate::export::Options {
                format: match format {
                    ExportFormat::Csv => crate::export::Format::Csv,
                    ExportFormat::Json => crate::export::Format::Json,
                },
                bom: !no_bom,
                publisher,
            };
            export::run(&db, document.as_deref(), &out, &opts, quiet)
        }
        Command::Datasette {
            db,
            out,
            publisher,
            quiet,
        } => datasette::run(&db, &out, publisher.as_deref(), quiet),
        Command::Words {
            pdf,
            page,
            json,
            rules,
        } => words::run(&pdf, page, json, rules),
        Command::Layout { pdf, page, json } => layout::run(&pdf, page, json),
        Command::Inspect {
            pdf,
            pages,
            figure,
            html,
            screenshot,
            db,
            scale,
            password,
            profile,
            timeout,
            memory_mb,
        } => {
            if !(scale.is_finite() && (0.1..=16.0).contains(&scale)) {
                eprintln!("error: --scale must be between 0.1 and 16");
                return ExitCode::from(2);
            }
            inspect::run(inspect::Args {
                pdf,
                pages,
                figure,
                html,
                screenshot,
                db,
                scale,
                password,
                profile,
                limits: crate::isolate::WorkerLimits {
                    timeout: std::time::Duration::from_secs(timeout),
                    memory_mb,
                },
            })
        }
        Command::Tables {
            pdf,
            pages,
            area,
            json,
        } => tables::run(&pdf, pages.as_deref(), area.as_deref(), json),
        Command::Worker {
            memory_mb,
            structure,
            parsers,
            profile,
            keep_layout,
            passwords_stdin,
            render,
            scale,
            file,
        } => {
            if let Some(list) = render {
                let pages: Vec<u32> = list
                    .split(',')
                    .filter_map(|p| p.trim().parse().ok())
                    .collect();
                return crate::isolate::render_worker_main(
                    &file,
                    memory_mb,
                    &pages,
                    scale,
                    passwords_stdin,
                );
            }
            let opts = crate::isolate::StructureOptions {
                structure,
                parsers,
                profile,
                keep_layout,
                passwords: Vec::new(),
            };
            crate::isolate::worker_main(&file, memory_mb, &opts, passwords_stdin)
        }
    }
}

/// `1234567` -> `1,234,567` for terminal output.
pub(crate) fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

//! `figuren show DOCUMENT FIGURE`: one figure's caption, source and table as read, for a
//! person at a terminal (the table as printed, then every cell with its parsed value, unit
//! and status) or, with `--json`, for a program.

use crate::store::FigureView;
use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

/// Widest a value column gets before its header wraps or its text is cut.
const MAX_COL: usize = 32;
/// The width the table aims for when headers wrap (`$COLUMNS` where set).
const BUDGET: usize = 110;
/// Widest the row-label column gets.
const MAX_LABEL: usize = 44;

pub fn run(db: &Path, document: &str, figure: &str, json: bool) -> ExitCode {
    let store = match super::lists::open(db) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let docs = match super::lists::select(&store, Some(document)) {
        Ok(d) => d,
        Err(c) => return c,
    };
    if docs.len() > 1 {
        eprintln!(
            "error: {document} names {} documents; give its id or SHA-256 (see `figuren documents`)",
            docs.len()
        );
        return ExitCode::from(2);
    }
    let Some((doc_id, doc_name)) = docs.into_iter().next() else {
        return ExitCode::from(2);
    };
    let hits = match store.find_figures(doc_id, figure) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let id = match hits.as_slice() {
        [] => {
            eprintln!(
                "error: {doc_name} has no figure {figure:?}; list them with `figuren figures --document {doc_id}`"
            );
            return ExitCode::from(2);
        }
        [(id, _)] => *id,
        many => {
            let labels: Vec<&str> = many.iter().map(|(_, l)| l.as_str()).collect();
            eprintln!(
                "error: {figure:?} matches {}; give the label",
                labels.join(", ")
            );
            return ExitCode::from(2);
        }
    };
    let view = match store.figure_view(id) {
        Ok(Some(v)) => v,
        Ok(None) => return ExitCode::from(2),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if json {
        match serde_json::to_string(&view) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", render(&view));
    }
    ExitCode::SUCCESS
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn cut(s: &str, n: usize) -> String {
    if width(s) <= n {
        s.to_string()
    } else {
        s.chars().take(n.saturating_sub(1)).collect::<String>() + "…"
    }
}

/// Greedy word wrap to `n` characters (a word longer than `n` is cut).
fn wrap(s: &str, n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for w in s.split_whitespace() {
        if !line.is_empty() && width(&line) + 1 + width(w) > n {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out.into_iter().map(|l| cut(&l, n)).collect()
}

fn pad(s: &str, n: usize, right: bool) -> String {
    let fill = " ".repeat(n.saturating_sub(width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// The figure as text: caption lines, the table as printed, every cell typed, the notes.
pub fn render(v: &FigureView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", v.label, v.title);
    let pages = if v.table_pages.len() > 1 {
        format!(
            "pages {}",
            v.table_pages
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("-")
        )
    } else {
        format!("page {}", v.page)
    };
    let printed = v
        .page_label
        .as_deref()
        .map(|l| format!(" (printed {l})"))
        .unwrap_or_default();
    let _ = writeln!(out, "{}{printed} · {} · {}", pages, v.kind, v.document);
    if let Some(p) = &v.period {
        let _ = writeln!(out, "period: {p}");
    }
    if let Some(s) = &v.source {
        let _ = writeln!(out, "source: {s}");
    }
    if let Some(n) = &v.note {
        let _ = writeln!(out, "note:   {n}");
    }
    if v.cells.is_empty() {
        let _ = writeln!(
            out,
            "\nno table cells: {}",
            if v.kind == "table" || v.kind == "list" {
                "the table could not be read (see the document's diagnostics)"
            } else {
                "a chart or picture whose numbers are not in the text layer"
            }
        );
    } else {
        out.push('\n');
        grid(v, &mut out);
        out.push('\n');
        typed(v, &mut out);
    }
    if !v.notes.is_empty() {
        let _ = writeln!(out, "\nnotes:");
        for n in &v.notes {
            let at = match (n.at.as_str(), n.row, n.col) {
                ("cell", Some(r), Some(c)) => format!("cell {r},{c}"),
                ("header", _, Some(c)) => format!("header of column {c}"),
                (other, _, _) => other.to_string(),
            };
            let _ = writeln!(
                out,
                "  {:>4}  {:<18} {}",
                n.number,
                at,
                n.text.as_deref().unwrap_or("(note text not found)")
            );
        }
    }
    out
}

fn is_number(status: &str) -> bool {
    !matches!(status, "text" | "empty")
}

/// The table as printed: header levels (a header over several columns once, over their
/// width), row groups as indented lines, cells' raw text.
fn grid(v: &FigureView, out: &mut String) {
    let ncols = v.columns.len();
    let nrows = v.rows.len();
    let mut raw = vec![vec![(String::new(), false); ncols]; nrows];
    for c in &v.cells {
        if let (Ok(r), Ok(k)) = (usize::try_from(c.row), usize::try_from(c.col)) {
            if r < nrows && k < ncols {
                raw[r][k] = (c.raw.clone(), is_number(&c.status));
            }
        }
    }
    let depth = v.columns.iter().map(|p| p.len()).max().unwrap_or(0);
    // widths: the cells, and the last header level's longest word, capped
    let mut w: Vec<usize> = (0..ncols)
        .map(|k| {
            let cells = raw.iter().map(|r| width(&r[k].0)).max().unwrap_or(0);
            let head = v.columns[k]
                .last()
                .map(|h| h.split_whitespace().map(width).max().unwrap_or(0))
                .unwrap_or(0);
            cells.max(head).clamp(3, MAX_COL)
        })
        .collect();
    let labels: Vec<String> = v
        .rows
        .iter()
        .map(|p| {
            let depth = p.len().saturating_sub(1);
            format!(
                "{}{}",
                "  ".repeat(depth),
                p.last().cloned().unwrap_or_default()
            )
        })
        .collect();
    let stub = v.stub.clone().unwrap_or_default();
    let lw = labels
        .iter()
        .map(|l| width(l))
        .chain([width(&stub)])
        .max()
        .unwrap_or(0)
        .min(MAX_LABEL);
    let sep = "  ";
    // widen the columns whose last header wraps into more than two lines while the table fits
    let budget = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(BUDGET);
    let head_lines =
        |k: usize, wk: usize| v.columns[k].last().map(|h| wrap(h, wk).len()).unwrap_or(1);
    loop {
        let total = lw + w.iter().map(|x| x + sep.len()).sum::<usize>();
        if total >= budget {
            break;
        }
        let worst = (0..ncols)
            .filter(|&k| w[k] < MAX_COL)
            .map(|k| (head_lines(k, w[k]), k))
            .filter(|&(l, _)| l > 2)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        match worst {
            Some((_, k)) => w[k] += 1,
            None => break,
        }
    }
    // header levels: runs of columns sharing the path down to this level
    for level in 0..depth {
        let mut cellsets: Vec<(usize, usize, String)> = Vec::new();
        let mut k = 0;
        while k < ncols {
            let prefix = |j: usize| v.columns[j].get(..=level).map(|p| p.to_vec());
            let mut end = k + 1;
            while end < ncols && prefix(end).is_some() && prefix(end) == prefix(k) {
                end += 1;
            }
            let text = v.columns[k].get(level).cloned().unwrap_or_default();
            cellsets.push((k, end, text));
            k = end;
        }
        let wrapped: Vec<Vec<String>> = cellsets
            .iter()
            .map(|(a, b, t)| {
                let span = w[*a..*b].iter().sum::<usize>() + sep.len() * (b - a - 1);
                wrap(t, span.max(1))
            })
            .collect();
        let lines = wrapped.iter().map(|l| l.len()).max().unwrap_or(1);
        for i in 0..lines {
            let last_line = level + 1 == depth && i + 1 == lines;
            let mut line = pad(if last_line { &stub } else { "" }, lw, false);
            for ((a, b, _), wl) in cellsets.iter().zip(&wrapped) {
                let span = w[*a..*b].iter().sum::<usize>() + sep.len() * (b - a - 1);
                // bottom-align the last level's wrapped headers over their column
                let off = lines - wl.len();
                let text = if i >= off { wl[i - off].as_str() } else { "" };
                line.push_str(sep);
                line.push_str(&pad(text, span, false));
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    let total = lw + w.iter().map(|x| x + sep.len()).sum::<usize>();
    let _ = writeln!(out, "{}", "─".repeat(total));
    let mut group: Vec<String> = Vec::new();
    for (r, row) in raw.iter().enumerate() {
        let path = &v.rows[r];
        // the groups this row opens, each on its own line
        let parents = &path[..path.len().saturating_sub(1)];
        for (d, g) in parents.iter().enumerate() {
            if group.get(d) != Some(g) {
                let _ = writeln!(out, "{}", cut(&format!("{}{g}", "  ".repeat(d)), total));
            }
        }
        group = parents.to_vec();
        let mut line = pad(&cut(&labels[r], lw), lw, false);
        for (k, (text, num)) in row.iter().enumerate() {
            line.push_str(sep);
            line.push_str(&pad(&cut(text, w[k]), w[k], *num));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Every non-empty cell: its row and column path, raw text, exact value, unit, status.
fn typed(v: &FigureView, out: &mut String) {
    let path = |p: Option<&Vec<String>>| {
        p.map(|p| p.join(" › "))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "—".into())
    };
    let rows: Vec<[String; 6]> = v
        .cells
        .iter()
        .filter(|c| c.status != "empty")
        .map(|c| {
            let mut value = c.value.clone().unwrap_or_default();
            match (&c.lower, &c.upper) {
                (Some(l), Some(u)) => value = format!("{l} – {u}"),
                (None, Some(u)) => value = format!("< {u}"),
                (Some(l), None) => value = format!("> {l}"),
                _ => {}
            }
            if let Some(s) = &c.share {
                value.push_str(&format!(" ({s}%)"));
            }
            if c.stars > 0 {
                value.push_str(&format!(" {}", "*".repeat(c.stars.clamp(0, 5) as usize)));
            }
            [
                cut(&path(v.rows.get(c.row as usize)), 40),
                cut(&path(v.columns.get(c.col as usize)), 40),
                c.raw.clone(),
                value,
                c.unit.clone().unwrap_or_default(),
                c.status.clone(),
            ]
        })
        .collect();
    let empty = v.cells.len() - rows.len();
    let _ = writeln!(
        out,
        "{} cell(s){}{}:",
        rows.len(),
        if empty > 0 {
            format!(", {empty} empty")
        } else {
            String::new()
        },
        v.decimal_mark
            .as_deref()
            .map(|m| format!(", {m} decimal mark"))
            .unwrap_or_default()
    );
    let heads = ["row", "column", "raw", "value", "unit", "status"];
    let mut w: Vec<usize> = heads.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, x) in r.iter().enumerate() {
            w[i] = w[i].max(width(x));
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .enumerate()
            .map(|(i, x)| pad(x, w[i], i == 3))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let h: Vec<String> = heads.iter().map(|s| s.to_string()).collect();
    let _ = writeln!(out, "{}", line(&h));
    for r in &rows {
        let _ = writeln!(out, "{}", line(r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_cuts_only_overlong_ones() {
        assert_eq!(
            wrap("Tweede en volgende aanvragen", 12),
            vec!["Tweede en", "volgende", "aanvragen"]
        );
        assert_eq!(wrap("Inwilligingspercentage", 8), vec!["Inwilli…"]);
        assert_eq!(wrap("", 5), vec![""]);
    }
}

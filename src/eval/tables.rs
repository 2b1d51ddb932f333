//! The table stage against a truth file in the samples' format: every non-empty truth cell
//! looked up by its row and column path, its raw text and value compared. The rules are those
//! of the shared scorer (`../shared/tools/score.py`), so a test can hold the pipeline to the
//! same numbers without Python or a database:
//!
//! - labels and headers compare leniently (NFKC, no spaces, hyphens or case);
//! - the n-th truth cell with a given (row path, column path) is matched with the n-th cell
//!   read with that pair, else with the n-th cell sharing the last row label and the last
//!   column header;
//! - a cell is exact when the raw text agrees (spacing inside a cell is layout) and the value
//!   too (a truth value given as a string only needs the raw text);
//! - a cell whose raw text agrees and whose value does not is a *wrong value*: the error the
//!   pipeline must never make.

use crate::structure::Structure;
use crate::table::Table;
use serde_json::Value;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Default, Clone)]
pub struct TableScore {
    /// Non-empty truth cells.
    pub cells: usize,
    pub exact: usize,
    pub wrong_values: usize,
    pub missing: usize,
    /// Per truth figure with a table: number, exact cells, cells.
    pub per_figure: Vec<(String, usize, usize)>,
    /// One line per cell that is not exact: figure, row, column, truth raw, what was read.
    pub problems: Vec<String>,
}

impl TableScore {
    pub fn percent(&self) -> f64 {
        100.0 * self.exact as f64 / self.cells.max(1) as f64
    }
    pub fn summary(&self) -> String {
        format!(
            "cells {}/{} ({:.1}%) wrong_values {} missing {}",
            self.exact,
            self.cells,
            self.percent(),
            self.wrong_values,
            self.missing
        )
    }
}

fn norm(s: &str) -> String {
    let s: String = s.nfkc().filter(|&c| c != '\u{ad}').collect();
    let s = s
        .replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{2013}', '\u{2212}'], "-");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn key(s: &str) -> String {
    norm(s)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn number_key(v: &Value) -> String {
    match v {
        Value::String(s) => norm(s),
        other => norm(&other.to_string()),
    }
}

fn path_key(p: &[String]) -> Vec<String> {
    p.iter().map(|x| key(x)).collect()
}

fn json_path_key(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|x| key(x.as_str().unwrap_or(""))).collect())
        .unwrap_or_default()
}

fn last(p: &[String]) -> Vec<String> {
    p.last().cloned().into_iter().collect()
}

type Got<'a> = HashMap<(Vec<String>, Vec<String>), Vec<(&'a str, Option<f64>)>>;

/// Scores the tables read from one document against its truth.
pub fn score(st: &Structure, tables: &[Table], truth: &Value) -> TableScore {
    let mut out = TableScore::default();
    // the first figure with a number wins, as in the shared scorer
    let mut by_number: HashMap<String, &Table> = HashMap::new();
    let mut numbers: Vec<String> = Vec::new();
    for f in &st.figures {
        numbers.push(norm(&f.number));
    }
    for t in tables {
        if let Some(n) = numbers.get(t.figure) {
            let first = numbers.iter().position(|x| x == n) == Some(t.figure);
            if first {
                by_number.entry(n.clone()).or_insert(t);
            }
        }
    }
    let figures = truth["figures"].as_array().cloned().unwrap_or_default();
    for f in &figures {
        let rows = match f["table"]["rows"].as_array() {
            Some(r) if !r.is_empty() => r,
            _ => continue,
        };
        let num = number_key(&f["number"]);
        let mut want = Vec::new();
        for r in rows {
            let label = json_path_key(&r["label"]);
            for c in r["cells"].as_array().into_iter().flatten() {
                let raw = c["raw"].as_str().unwrap_or("");
                if raw.is_empty() || c["status"].as_str() == Some("empty") {
                    continue;
                }
                want.push((label.clone(), json_path_key(&c["column"]), raw, &c["value"]));
            }
        }
        out.cells += want.len();
        let Some(t) = by_number.get(&num) else {
            out.missing += want.len();
            out.per_figure.push((num, 0, want.len()));
            continue;
        };
        let mut got: Got = HashMap::new();
        let mut got_last: Got = HashMap::new();
        for c in &t.cells {
            let rp = path_key(t.rows.get(c.row).map(|p| p.as_slice()).unwrap_or(&[]));
            let cp = path_key(t.columns.get(c.col).map(|p| p.as_slice()).unwrap_or(&[]));
            let v = (c.cell.raw.as_str(), c.cell.value_f64());
            got_last.entry((last(&rp), last(&cp))).or_default().push(v);
            got.entry((rp, cp)).or_default().push(v);
        }
        let mut seen: HashMap<(Vec<String>, Vec<String>), usize> = HashMap::new();
        let mut seen_last: HashMap<(Vec<String>, Vec<String>), usize> = HashMap::new();
        let mut fok = 0;
        for (rp, cp, raw, value) in &want {
            let k = (rp.clone(), cp.clone());
            let i = *seen.entry(k.clone()).and_modify(|x| *x += 1).or_insert(1) - 1;
            let mut cand = got.get(&k).and_then(|v| v.get(i)).copied();
            if cand.is_none() {
                let kl = (last(rp), last(cp));
                let j = *seen_last
                    .entry(kl.clone())
                    .and_modify(|x| *x += 1)
                    .or_insert(1)
                    - 1;
                cand = got_last.get(&kl).and_then(|v| v.get(j)).copied();
            }
            let Some((g_raw, g_val)) = cand else {
                out.missing += 1;
                out.problems
                    .push(format!("{num} {rp:?} {cp:?}: {raw:?} missing"));
                continue;
            };
            let squash = |s: &str| norm(s).replace(' ', "");
            if squash(g_raw) != squash(raw) {
                out.problems
                    .push(format!("{num} {rp:?} {cp:?}: {raw:?} read as {g_raw:?}"));
                continue;
            }
            let right = match value {
                Value::String(_) => true,
                Value::Number(n) => g_val.is_some_and(|g| {
                    let a = n.as_f64().unwrap_or(f64::NAN);
                    (a - g).abs() <= 1e-9 * a.abs().max(1.0)
                }),
                _ => g_val.is_none(),
            };
            if right {
                out.exact += 1;
                fok += 1;
            } else {
                out.wrong_values += 1;
                out.problems.push(format!(
                    "{num} {rp:?} {cp:?}: {raw:?} WRONG VALUE {g_val:?}, truth {value}"
                ));
            }
        }
        out.per_figure.push((num, fok, want.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_lenient_like_the_shared_scorer() {
        assert_eq!(key("EU- burgers "), "euburgers");
        assert_eq!(key("Vergunning\u{ad}houders"), "vergunninghouders");
        assert_eq!(norm("a \u{2013}\u{2009}b"), "a - b");
        assert_eq!(number_key(&serde_json::json!(53)), "53");
        assert_eq!(number_key(&serde_json::json!("3.10")), "3.10");
    }
}

//! Document-level objects: the Info dictionary, page labels, the outline and link annotations.

use super::interp::M;
use super::model::{BBox, DocInfo, Link, OutlineItem};
use super::objects::{
    get, get_array, get_dict, get_name, get_num, get_text, pdf_date, rect, resolve, text_string,
};
use lopdf::{Dictionary, Document as Lopdf, Object, ObjectId};
use std::collections::{HashMap, HashSet};

pub fn info(doc: &Lopdf) -> DocInfo {
    let Some(d) = get_dict(doc, &doc.trailer, b"Info") else {
        return DocInfo::default();
    };
    DocInfo {
        title: get_text(doc, d, b"Title"),
        author: get_text(doc, d, b"Author"),
        subject: get_text(doc, d, b"Subject"),
        keywords: get_text(doc, d, b"Keywords"),
        creator: get_text(doc, d, b"Creator"),
        producer: get_text(doc, d, b"Producer"),
        created_at: get_text(doc, d, b"CreationDate").map(|s| pdf_date(&s)),
        modified_at: get_text(doc, d, b"ModDate").map(|s| pdf_date(&s)),
    }
}

fn roman(mut n: u32, upper: bool) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    if n == 0 || n > 100_000 {
        return n.to_string();
    }
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    if upper {
        s.to_uppercase()
    } else {
        s
    }
}

fn letters(n: u32, upper: bool) -> String {
    if n == 0 {
        return String::new();
    }
    let c = (b'a' + ((n - 1) % 26) as u8) as char;
    let c = if upper { c.to_ascii_uppercase() } else { c };
    std::iter::repeat_n(c, ((n - 1) / 26 + 1).min(1000) as usize).collect()
}

/// Page labels from the catalog's /PageLabels number tree, one per page (None where the
/// file defines none).
pub fn page_labels(doc: &Lopdf, page_count: usize) -> Vec<Option<String>> {
    let mut out = vec![None; page_count];
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let Some(root) = get_dict(doc, catalog, b"PageLabels") else {
        return out;
    };
    let mut entries: Vec<(i64, &Dictionary)> = Vec::new();
    let mut seen = HashSet::new();
    collect_nums(doc, root, &mut entries, &mut seen, 0);
    entries.sort_by_key(|e| e.0);
    for (k, (start, d)) in entries.iter().enumerate() {
        let end = entries.get(k + 1).map(|e| e.0).unwrap_or(page_count as i64);
        let style = get_name(doc, d, b"S");
        let prefix = get_text(doc, d, b"P").unwrap_or_default();
        let first = get_num(doc, d, b"St").unwrap_or(1.0).max(1.0) as u32;
        for p in (*start).max(0)..end.min(page_count as i64) {
            let n = first.saturating_add((p - start) as u32);
            let body = match style {
                Some(b"D") => n.to_string(),
                Some(b"R") => roman(n, true),
                Some(b"r") => roman(n, false),
                Some(b"A") => letters(n, true),
                Some(b"a") => letters(n, false),
                _ => String::new(),
            };
            out[p as usize] = Some(format!("{prefix}{body}"));
        }
    }
    out
}

fn collect_nums<'a>(
    doc: &'a Lopdf,
    node: &'a Dictionary,
    out: &mut Vec<(i64, &'a Dictionary)>,
    seen: &mut HashSet<usize>,
    depth: usize,
) {
    if depth > 32 || !seen.insert(node as *const Dictionary as usize) {
        return;
    }
    if let Some(nums) = get_array(doc, node, b"Nums") {
        for pair in nums.chunks(2) {
            if let [k, v] = pair {
                if let (Object::Integer(k), Some(d)) =
                    (resolve(doc, k), super::objects::as_dict(resolve(doc, v)))
                {
                    out.push((*k, d));
                }
            }
        }
    }
    if let Some(kids) = get_array(doc, node, b"Kids") {
        for k in kids {
            if let Some(d) = super::objects::as_dict(resolve(doc, k)) {
                collect_nums(doc, d, out, seen, depth + 1);
            }
        }
    }
}

/// Named destinations: /Dests in the catalog and the /Names /Dests name tree.
fn named_dest<'a>(doc: &'a Lopdf, name: &[u8]) -> Option<&'a Object> {
    let catalog = doc.catalog().ok()?;
    if let Some(d) = get_dict(doc, catalog, b"Dests") {
        if let Some(o) = get(doc, d, name) {
            return Some(o);
        }
    }
    let tree = get_dict(doc, catalog, b"Names").and_then(|n| get_dict(doc, n, b"Dests"))?;
    find_name(doc, tree, name, 0)
}

fn find_name<'a>(
    doc: &'a Lopdf,
    node: &'a Dictionary,
    name: &[u8],
    depth: usize,
) -> Option<&'a Object> {
    if depth > 32 {
        return None;
    }
    if let Some(names) = get_array(doc, node, b"Names") {
        for pair in names.chunks(2) {
            if let [Object::String(k, _), v] = pair {
                if k.as_slice() == name {
                    return Some(resolve(doc, v));
                }
            }
        }
    }
    for k in get_array(doc, node, b"Kids").unwrap_or(&[]) {
        if let Some(d) = super::objects::as_dict(resolve(doc, k)) {
            if let Some(o) = find_name(doc, d, name, depth + 1) {
                return Some(o);
            }
        }
    }
    None
}

fn dest_page(
    doc: &Lopdf,
    dest: &Object,
    pages: &HashMap<ObjectId, u32>,
    depth: usize,
) -> Option<u32> {
    if depth > 4 {
        return None;
    }
    match dest {
        Object::Array(a) => match a.first()? {
            Object::Reference(id) => pages.get(id).copied(),
            Object::Integer(i) if *i >= 0 => Some(*i as u32 + 1),
            _ => None,
        },
        Object::Name(n) | Object::String(n, _) => {
            let o = named_dest(doc, n)?;
            let o = match o {
                Object::Dictionary(d) => get(doc, d, b"D")?,
                o => o,
            };
            dest_page(doc, o, pages, depth + 1)
        }
        Object::Reference(_) => dest_page(doc, resolve(doc, dest), pages, depth + 1),
        _ => None,
    }
}

fn item_dest(doc: &Lopdf, item: &Dictionary, pages: &HashMap<ObjectId, u32>) -> Option<u32> {
    if let Some(d) = get(doc, item, b"Dest") {
        return dest_page(doc, d, pages, 0);
    }
    let a = get_dict(doc, item, b"A")?;
    if get_name(doc, a, b"S") == Some(b"GoTo") {
        return dest_page(doc, get(doc, a, b"D")?, pages, 0);
    }
    None
}

pub fn outline(doc: &Lopdf, pages: &HashMap<ObjectId, u32>) -> Vec<OutlineItem> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let Some(root) = get_dict(doc, catalog, b"Outlines") else {
        return out;
    };
    let mut seen = HashSet::new();
    walk_outline(doc, root.get(b"First").ok(), 1, pages, &mut seen, &mut out);
    out
}

fn walk_outline(
    doc: &Lopdf,
    first: Option<&Object>,
    level: u32,
    pages: &HashMap<ObjectId, u32>,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<OutlineItem>,
) {
    if level > 32 {
        return;
    }
    let mut cur = first;
    while let Some(Object::Reference(id)) = cur {
        if !seen.insert(*id) || out.len() > 100_000 {
            return;
        }
        let Some(item) = doc.objects.get(id).and_then(super::objects::as_dict) else {
            return;
        };
        let title = match get(doc, item, b"Title") {
            Some(Object::String(b, _)) => text_string(b),
            _ => String::new(),
        };
        out.push(OutlineItem {
            level,
            title,
            page: item_dest(doc, item, pages),
        });
        walk_outline(doc, item.get(b"First").ok(), level + 1, pages, seen, out);
        cur = item.get(b"Next").ok();
    }
}

/// URI link annotations of a page, boxes in page coordinates.
pub fn links(doc: &Lopdf, page: &Dictionary, to_page: &M) -> Vec<Link> {
    let mut out = Vec::new();
    for a in get_array(doc, page, b"Annots").unwrap_or(&[]) {
        let Some(ad) = super::objects::as_dict(resolve(doc, a)) else {
            continue;
        };
        if get_name(doc, ad, b"Subtype") != Some(b"Link") {
            continue;
        }
        let Some(action) = get_dict(doc, ad, b"A") else {
            continue;
        };
        if get_name(doc, action, b"S") != Some(b"URI") {
            continue;
        }
        let uri = match get(doc, action, b"URI") {
            Some(Object::String(b, _)) => {
                // URIs are 7-bit ASCII by the spec; some producers write UTF-8 or UTF-16.
                if b.starts_with(&[0xFE, 0xFF]) {
                    text_string(b)
                } else {
                    String::from_utf8_lossy(b).trim().to_string()
                }
            }
            _ => continue,
        };
        if uri.is_empty() {
            continue;
        }
        let Some(r) = ad.get(b"Rect").ok().and_then(|o| rect(doc, o)) else {
            continue;
        };
        let (ax, ay) = to_page.apply(r[0], r[1]);
        let (bx, by) = to_page.apply(r[2], r[3]);
        out.push(Link {
            uri,
            bbox: BBox {
                x0: ax.min(bx),
                y0: ay.min(by),
                x1: ax.max(bx),
                y1: ay.max(by),
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_styles() {
        assert_eq!(roman(14, false), "xiv");
        assert_eq!(roman(1999, true), "MCMXCIX");
        assert_eq!(letters(28, true), "BB");
    }
}

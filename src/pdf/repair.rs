//! Reading what a damaged file still holds, as poppler (`XRef::constructXRef`) and pdf.js
//! (`XRef.indexObjects`) do: scan the bytes for `N G obj` headers and parse each object with a
//! lenient parser that skips what it cannot read (a stray byte in a dictionary, a number
//! with a letter in it, an unbalanced bracket) instead of losing the whole object.
//!
//! lopdf rebuilds a broken cross-reference table itself, but its object parser is strict:
//! one bad byte in a page or font dictionary drops that object, and with it the page or all
//! its text. [`fill_in`] adds the objects lopdf could not parse; [`rebuild`] makes a whole
//! document from the scan when lopdf cannot load the file at all.

use lopdf::{Dictionary, Document as Lopdf, Object, ObjectId, Stream, StringFormat};
use std::collections::BTreeMap;

/// Nesting bound for arrays and dictionaries (deeper content is dropped).
const MAX_DEPTH: usize = 64;
/// At most this many objects are taken from a scan.
const MAX_OBJECTS: usize = 1_000_000;

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Int(i64),
    Real(f32),
    Name(Vec<u8>),
    Str(Vec<u8>, StringFormat),
    ArrOpen,
    ArrClose,
    DictOpen,
    DictClose,
    Word(Vec<u8>),
    End,
}

struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn skip_space(&mut self) {
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            if is_white(c) {
                self.pos += 1;
            } else if c == b'%' {
                while self.pos < self.b.len() && !matches!(self.b[self.pos], b'\r' | b'\n') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next(&mut self) -> Tok {
        self.skip_space();
        let Some(&c) = self.b.get(self.pos) else {
            return Tok::End;
        };
        match c {
            b'[' => {
                self.pos += 1;
                Tok::ArrOpen
            }
            b']' => {
                self.pos += 1;
                Tok::ArrClose
            }
            b'<' if self.b.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Tok::DictOpen
            }
            b'>' if self.b.get(self.pos + 1) == Some(&b'>') => {
                self.pos += 2;
                Tok::DictClose
            }
            b'<' => {
                self.pos += 1;
                let mut digits = Vec::new();
                while let Some(&d) = self.b.get(self.pos) {
                    self.pos += 1;
                    if d == b'>' {
                        break;
                    }
                    if d.is_ascii_hexdigit() {
                        digits.push(d);
                    }
                }
                if digits.len() % 2 == 1 {
                    digits.push(b'0');
                }
                let bytes = digits
                    .chunks(2)
                    .map(|p| {
                        let h = |x: u8| (x as char).to_digit(16).unwrap_or(0) as u8;
                        h(p[0]) << 4 | h(p[1])
                    })
                    .collect();
                Tok::Str(bytes, StringFormat::Hexadecimal)
            }
            b'(' => Tok::Str(self.literal(), StringFormat::Literal),
            b'/' => {
                self.pos += 1;
                let mut name = Vec::new();
                while let Some(&d) = self.b.get(self.pos) {
                    if is_white(d) || is_delim(d) {
                        break;
                    }
                    self.pos += 1;
                    if d == b'#' {
                        let hex = self.b.get(self.pos..self.pos + 2).and_then(|h| {
                            std::str::from_utf8(h)
                                .ok()
                                .and_then(|s| u8::from_str_radix(s, 16).ok())
                        });
                        if let Some(v) = hex {
                            self.pos += 2;
                            name.push(v);
                            continue;
                        }
                    }
                    name.push(d);
                }
                Tok::Name(name)
            }
            _ if is_delim(c) => {
                // a stray ')', '>', '{' or '}': skip it
                self.pos += 1;
                Tok::Word(vec![c])
            }
            _ => {
                let start = self.pos;
                while let Some(&d) = self.b.get(self.pos) {
                    if is_white(d) || is_delim(d) {
                        break;
                    }
                    self.pos += 1;
                }
                let w = &self.b[start..self.pos];
                number(w).unwrap_or_else(|| Tok::Word(w.to_vec()))
            }
        }
    }

    fn literal(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&c) = self.b.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.b.get(self.pos) else {
                        break;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.b.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.b.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        _ => out.push(e),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }
}

fn number(w: &[u8]) -> Option<Tok> {
    let s = std::str::from_utf8(w).ok()?;
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b"+-.".contains(&b)) {
        return None;
    }
    if let Ok(i) = s.parse::<i64>() {
        return Some(Tok::Int(i));
    }
    s.parse::<f32>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Tok::Real)
}

/// A lenient parser over the lexer with two tokens of look-ahead (for `N G R`).
struct Parser<'a> {
    lex: Lexer<'a>,
    ahead: Vec<(Tok, usize)>,
}

impl<'a> Parser<'a> {
    fn new(b: &'a [u8], pos: usize) -> Self {
        Parser {
            lex: Lexer { b, pos },
            ahead: Vec::new(),
        }
    }

    fn peek(&mut self, k: usize) -> &Tok {
        while self.ahead.len() <= k {
            let t = self.lex.next();
            let end = self.lex.pos;
            self.ahead.push((t, end));
        }
        &self.ahead[k].0
    }

    fn take(&mut self) -> Tok {
        self.peek(0);
        self.ahead.remove(0).0
    }

    /// One object, or None at a token that ends an object (`]`, `>>`, a keyword such as
    /// `endobj`, or the end).
    fn object(&mut self, depth: usize) -> Option<Object> {
        if depth > MAX_DEPTH {
            return self.skip_nested();
        }
        loop {
            let t = self.take();
            return match t {
                Tok::Int(i) => {
                    if let (Tok::Int(g), Tok::Word(w)) =
                        (self.peek(0).clone(), self.peek(1).clone())
                    {
                        if w == b"R" && i >= 0 && i <= u32::MAX as i64 && (0..=65535).contains(&g) {
                            self.take();
                            self.take();
                            return Some(Object::Reference((i as u32, g as u16)));
                        }
                    }
                    Some(Object::Integer(i))
                }
                Tok::Real(r) => Some(Object::Real(r)),
                Tok::Name(n) => Some(Object::Name(n)),
                Tok::Str(s, f) => Some(Object::String(s, f)),
                Tok::ArrOpen => {
                    let mut items = Vec::new();
                    loop {
                        match self.peek(0) {
                            Tok::ArrClose => {
                                self.take();
                                break;
                            }
                            Tok::End | Tok::DictClose => break,
                            Tok::Word(w) if is_structural(w) => break,
                            _ => {}
                        }
                        match self.object(depth + 1) {
                            Some(o) => items.push(o),
                            None => {
                                if matches!(self.peek(0), Tok::Word(w) if !is_structural(w)) {
                                    self.take();
                                }
                            }
                        }
                    }
                    Some(Object::Array(items))
                }
                Tok::DictOpen => Some(Object::Dictionary(self.dict(depth))),
                Tok::Word(w) => match w.as_slice() {
                    b"true" => Some(Object::Boolean(true)),
                    b"false" => Some(Object::Boolean(false)),
                    b"null" => Some(Object::Null),
                    _ if is_structural(&w) => {
                        // put it back for the caller
                        let end = self.lex.pos;
                        self.ahead.insert(0, (Tok::Word(w), end));
                        None
                    }
                    // junk (a damaged token): skip it and read on
                    _ => continue,
                },
                Tok::ArrClose | Tok::DictClose | Tok::End => {
                    let end = self.lex.pos;
                    self.ahead.insert(0, (t, end));
                    None
                }
            };
        }
    }

    /// Past the nesting bound: skips one object without recursion and gives Null.
    fn skip_nested(&mut self) -> Option<Object> {
        let mut level = 0usize;
        loop {
            match self.take() {
                Tok::ArrOpen | Tok::DictOpen => level += 1,
                Tok::ArrClose | Tok::DictClose => {
                    if level <= 1 {
                        return Some(Object::Null);
                    }
                    level -= 1;
                }
                Tok::End => return Some(Object::Null),
                Tok::Word(w) if is_structural(&w) => {
                    let end = self.lex.pos;
                    self.ahead.insert(0, (Tok::Word(w), end));
                    return Some(Object::Null);
                }
                _ if level == 0 => return Some(Object::Null),
                _ => {}
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Dictionary {
        let mut d = Dictionary::new();
        loop {
            match self.peek(0).clone() {
                Tok::DictClose => {
                    self.take();
                    break;
                }
                Tok::End => break,
                Tok::Word(w) if is_structural(&w) => break,
                Tok::ArrClose | Tok::Word(_) => {
                    // a stray bracket or a damaged token where a key should be: skip it
                    self.take();
                }
                Tok::Name(key) => {
                    self.take();
                    if matches!(self.peek(0), Tok::DictClose) {
                        continue; // a key without a value
                    }
                    if let Some(v) = self.object(depth + 1) {
                        d.set(key, v);
                    }
                }
                _ => {
                    // not a key: skip the token (or the whole value it starts)
                    if self.object(depth + 1).is_none() {
                        self.take();
                    }
                }
            }
        }
        d
    }
}

fn is_structural(w: &[u8]) -> bool {
    matches!(
        w,
        b"endobj" | b"obj" | b"stream" | b"endstream" | b"xref" | b"trailer" | b"startxref"
    )
}

/// Every `N G obj` in the bytes, parsed leniently; a later object of the same number
/// replaces an earlier one (incremental updates append newer versions).
pub fn scan(bytes: &[u8]) -> BTreeMap<ObjectId, Object> {
    let mut out = BTreeMap::new();
    let mut i = 0;
    while let Some(p) = find(bytes, b"obj", i) {
        i = p + 3;
        if out.len() >= MAX_OBJECTS {
            break;
        }
        // "obj" as a keyword: not "endobj", followed by a delimiter or white space
        if p >= 3 && &bytes[p - 3..p] == b"end" {
            continue;
        }
        if let Some(&n) = bytes.get(p + 3) {
            if !is_white(n) && !is_delim(n) {
                continue;
            }
        }
        let Some((id, _start)) = header_before(bytes, p) else {
            continue;
        };
        if let Some((o, end)) = object_at(bytes, p + 3) {
            out.insert(id, o);
            i = i.max(end);
        }
    }
    out
}

/// The object number and generation written before `obj` at `p`.
fn header_before(bytes: &[u8], p: usize) -> Option<(ObjectId, usize)> {
    let mut j = p;
    let mut nums = [0u64; 2];
    for k in (0..2).rev() {
        let mut seen_white = false;
        while j > 0 && is_white(bytes[j - 1]) {
            j -= 1;
            seen_white = true;
        }
        if k == 1 && !seen_white {
            return None;
        }
        let end = j;
        while j > 0 && bytes[j - 1].is_ascii_digit() && end - j < 10 {
            j -= 1;
        }
        if j == end {
            return None;
        }
        nums[k] = std::str::from_utf8(&bytes[j..end]).ok()?.parse().ok()?;
    }
    if j > 0 && bytes[j - 1].is_ascii_digit() {
        return None;
    }
    let num = u32::try_from(nums[0]).ok()?;
    let gen = u16::try_from(nums[1]).ok()?;
    Some(((num, gen), j))
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The object after `obj` at `pos` (a stream when `stream` follows its dictionary), and
/// where it ends.
fn object_at(bytes: &[u8], pos: usize) -> Option<(Object, usize)> {
    let mut p = Parser::new(bytes, pos);
    let o = p.object(0)?;
    if let (Object::Dictionary(dict), Tok::Word(w)) = (&o, p.peek(0).clone()) {
        if w == b"stream" {
            let after_kw = p.ahead[0].1;
            let mut start = after_kw;
            if bytes.get(start) == Some(&b'\r') {
                start += 1;
            }
            if bytes.get(start) == Some(&b'\n') {
                start += 1;
            }
            let declared = match dict.get(b"Length") {
                Ok(Object::Integer(n)) if *n >= 0 => Some(*n as usize),
                _ => None,
            };
            // the declared length, when `endstream` follows it; else up to `endstream`
            let by_length = declared.and_then(|n| {
                let end = start.checked_add(n)?;
                let mut q = end;
                while q < bytes.len() && is_white(bytes[q]) {
                    q += 1;
                }
                bytes
                    .get(q..q + 9)
                    .filter(|s| *s == b"endstream")
                    .map(|_| end)
            });
            let end = match by_length {
                Some(e) => e,
                None => {
                    let e = find(bytes, b"endstream", start).unwrap_or(bytes.len());
                    let mut e2 = e;
                    if e2 > start && bytes[e2 - 1] == b'\n' {
                        e2 -= 1;
                    }
                    if e2 > start && bytes[e2 - 1] == b'\r' {
                        e2 -= 1;
                    }
                    e2
                }
            };
            let content = bytes.get(start..end).unwrap_or(&[]).to_vec();
            return Some((Object::Stream(Stream::new(dict.clone(), content)), end));
        }
    }
    Some((o, p.lex.pos))
}

/// The objects of the object streams among `objects` (those not already known).
fn unpack_object_streams(objects: &mut BTreeMap<ObjectId, Object>) {
    let mut found = Vec::new();
    for o in objects.values() {
        if let Object::Stream(s) = o {
            if matches!(s.dict.get(b"Type"), Ok(Object::Name(n)) if n == b"ObjStm") {
                if let Ok(os) =
                    lopdf::ObjectStream::new_with_limit(s, Some(super::objects::MAX_OBJECT_STREAM))
                {
                    found.extend(os.objects);
                }
            }
        }
    }
    for (id, o) in found {
        objects.entry(id).or_insert(o);
    }
}

/// Adds to `doc` the objects a scan finds that lopdf did not load. Returns how many.
pub fn fill_in(doc: &mut Lopdf, bytes: &[u8]) -> usize {
    let mut scanned = scan(bytes);
    unpack_object_streams(&mut scanned);
    let mut added = 0;
    for (id, o) in scanned {
        if let std::collections::btree_map::Entry::Vacant(e) = doc.objects.entry(id) {
            e.insert(o);
            added += 1;
        }
    }
    if added > 0 {
        doc.max_id = doc
            .objects
            .keys()
            .next_back()
            .map(|k| k.0)
            .unwrap_or(doc.max_id);
    }
    added
}

/// Whether lopdf left out objects its cross-reference table lists (it could not parse them).
pub fn has_missing(doc: &Lopdf) -> bool {
    doc.reference_table.entries.iter().any(|(&n, e)| match e {
        lopdf::xref::XrefEntry::Normal { generation, .. } => {
            !doc.objects.contains_key(&(n, *generation))
        }
        _ => false,
    })
}

/// A whole document from a scan, for a file lopdf cannot load at all: the objects found, and
/// the last trailer dictionary (or a catalog found among the objects) as the trailer.
pub fn rebuild(bytes: &[u8]) -> Option<Lopdf> {
    let mut objects = scan(bytes);
    if objects.is_empty() {
        return None;
    }
    unpack_object_streams(&mut objects);
    let mut trailer = Dictionary::new();
    let mut from = 0;
    while let Some(p) = find(bytes, b"trailer", from) {
        from = p + 7;
        let mut parser = Parser::new(bytes, p + 7);
        if let Some(Object::Dictionary(d)) = parser.object(0) {
            for (k, v) in d.iter() {
                trailer.set(k.clone(), v.clone());
            }
        }
    }
    // cross-reference streams carry the trailer entries in their dictionary
    for o in objects.values() {
        if let Object::Stream(s) = o {
            if matches!(s.dict.get(b"Type"), Ok(Object::Name(n)) if n == b"XRef") {
                for k in [
                    &b"Root"[..],
                    b"Info",
                    b"ID",
                    b"Encrypt",
                    super::crypt::HIDDEN_KEY,
                ] {
                    if let Ok(v) = s.dict.get(k) {
                        trailer.set(k.to_vec(), v.clone());
                    }
                }
            }
        }
    }
    let root_ok = match trailer.get(b"Root") {
        Ok(Object::Reference(id)) => objects.contains_key(id),
        _ => false,
    };
    if !root_ok {
        let catalog = objects.iter().rev().find_map(|(id, o)| match o {
            Object::Dictionary(d)
                if matches!(d.get(b"Type"), Ok(Object::Name(n)) if n == b"Catalog") =>
            {
                Some(*id)
            }
            _ => None,
        });
        match catalog {
            Some(id) => trailer.set("Root", Object::Reference(id)),
            None => {
                trailer.remove(b"Root");
            }
        }
    }
    let mut doc = Lopdf::new();
    doc.max_id = objects.keys().next_back().map(|k| k.0).unwrap_or(0);
    doc.objects = objects;
    doc.trailer = trailer;
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Option<Object> {
        object_at(s.as_bytes(), 0).map(|o| o.0)
    }

    #[test]
    fn stray_bytes_do_not_lose_the_dictionary() {
        let o = parse("<< /Type /Page /Parent 2 0 \x1e /Resources 4 0 R /Contents 5 0 R >>")
            .expect("object");
        let d = o.as_dict().expect("dict");
        assert!(matches!(d.get(b"Resources"), Ok(Object::Reference((4, 0)))));
        assert!(matches!(d.get(b"Contents"), Ok(Object::Reference((5, 0)))));
        let o = parse("<< /Widths [ 333 0 0E0 278\u{e8}278 556 ] /Type /Font >>").expect("object");
        let d = o.as_dict().expect("dict");
        assert!(matches!(d.get(b"Type"), Ok(Object::Name(n)) if n == b"Font"));
        let o = parse("<< /MediaBox [0 0 612 792 /Kids [ 1 0 R ] >>").expect("object");
        assert!(o.as_dict().is_ok());
        let o =
            parse("<</CropBox\u{de}0 0 595 842]/Parent 3 0 R/Contents 8 0 R>>").expect("object");
        let d = o.as_dict().expect("dict");
        assert!(matches!(d.get(b"Contents"), Ok(Object::Reference((8, 0)))));
        let o = parse("<<\u{d8}/Filter /FlateDecode /Length 12>>").expect("object");
        let d = o.as_dict().expect("dict");
        assert!(matches!(d.get(b"Filter"), Ok(Object::Name(n)) if n == b"FlateDecode"));
        assert!(matches!(d.get(b"Length"), Ok(Object::Integer(12))));
    }

    #[test]
    fn scan_finds_objects_and_streams() {
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
                    2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
                    3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n\
                    4 0 obj << /Length 999 >> stream\nBT ET\nendstream endobj\n";
        let objs = scan(pdf);
        assert_eq!(objs.len(), 4);
        match objs.get(&(4, 0)) {
            Some(Object::Stream(s)) => assert_eq!(s.content, b"BT ET"),
            o => panic!("{o:?}"),
        }
        let doc = rebuild(pdf).expect("doc");
        assert!(doc.catalog().is_ok());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let s = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        let _ = parse(&s);
        let s = "<<".repeat(100_000);
        let _ = parse(&s);
    }
}

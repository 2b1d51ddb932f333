//! Content-stream tokenizer: turns a content stream into operators with their operands.
//! Never fails: malformed bytes are skipped, and the caller gets whatever could be read.

/// An operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Dict(Vec<(Vec<u8>, Operand)>),
    Bool(bool),
    Null,
}

impl Operand {
    pub fn num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }
}

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

const MAX_NESTING: usize = 64;

enum Token {
    Operand(Operand),
    Operator(Vec<u8>),
    ArrayEnd,
    DictEnd,
    Eof,
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    /// The next operator and its operands, or None at the end of the stream.
    /// `operands` is cleared and refilled (reused to avoid allocation).
    pub fn next_op(&mut self, operands: &mut Vec<Operand>) -> Option<Vec<u8>> {
        operands.clear();
        loop {
            match self.token(0) {
                Token::Eof => return None,
                Token::Operand(o) => {
                    if operands.len() < 4096 {
                        operands.push(o)
                    }
                }
                Token::Operator(op) => {
                    if op == b"BI" {
                        self.inline_image(operands);
                        return Some(b"BI".to_vec());
                    }
                    return Some(op);
                }
                Token::ArrayEnd | Token::DictEnd => {}
            }
        }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.data.len() {
            let b = self.data[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.data.len() && !matches!(self.data[self.pos], b'\r' | b'\n') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn token(&mut self, depth: usize) -> Token {
        self.skip_ws();
        let Some(&b) = self.data.get(self.pos) else {
            return Token::Eof;
        };
        match b {
            b'/' => {
                self.pos += 1;
                Token::Operand(Operand::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                Token::Operand(Operand::Str(self.literal_string()))
            }
            b'<' => {
                if self.data.get(self.pos + 1) == Some(&b'<') {
                    self.pos += 2;
                    Token::Operand(self.dict(depth))
                } else {
                    self.pos += 1;
                    Token::Operand(Operand::Str(self.hex_string()))
                }
            }
            b'>' => {
                self.pos += 1;
                if self.data.get(self.pos) == Some(&b'>') {
                    self.pos += 1;
                }
                Token::DictEnd
            }
            b'[' => {
                self.pos += 1;
                Token::Operand(self.array(depth))
            }
            b']' => {
                self.pos += 1;
                Token::ArrayEnd
            }
            b'{' | b'}' | b')' => {
                self.pos += 1;
                self.token(depth)
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => Token::Operand(Operand::Num(self.number())),
            _ => {
                let start = self.pos;
                while self.pos < self.data.len()
                    && !is_white(self.data[self.pos])
                    && !is_delim(self.data[self.pos])
                {
                    self.pos += 1;
                }
                let word = &self.data[start..self.pos];
                match word {
                    b"true" => Token::Operand(Operand::Bool(true)),
                    b"false" => Token::Operand(Operand::Bool(false)),
                    b"null" => Token::Operand(Operand::Null),
                    _ => Token::Operator(word.to_vec()),
                }
            }
        }
    }

    fn number(&mut self) -> f64 {
        let start = self.pos;
        let mut neg = false;
        let mut seen_sign = false;
        let mut int: f64 = 0.0;
        let mut frac: f64 = 0.0;
        let mut scale = 1.0;
        let mut in_frac = false;
        while let Some(&b) = self.data.get(self.pos) {
            match b {
                b'+' | b'-' if !seen_sign && self.pos == start => {
                    neg = b == b'-';
                    seen_sign = true;
                }
                // "--5" and "5-3" occur in broken producers: a sign after the start ends the number
                b'-' | b'+' => {
                    if self.pos == start + 1 && seen_sign {
                        // double sign: treat like one
                    } else {
                        break;
                    }
                }
                b'.' if !in_frac => in_frac = true,
                b'0'..=b'9' => {
                    let d = (b - b'0') as f64;
                    if in_frac {
                        scale /= 10.0;
                        frac += d * scale;
                    } else {
                        int = int * 10.0 + d;
                    }
                }
                _ => break,
            }
            self.pos += 1;
        }
        if self.pos == start {
            self.pos += 1;
        }
        let v = int + frac;
        let v = if neg { -v } else { v };
        if v.is_finite() {
            v
        } else {
            0.0
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) || is_delim(b) {
                break;
            }
            if b == b'#' {
                let h = self.data.get(self.pos + 1..self.pos + 3);
                if let Some(v) = h
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    out.push(v);
                    self.pos += 3;
                    continue;
                }
            }
            out.push(b);
            self.pos += 1;
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else {
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
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v: u32 = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            let v = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                b'>' => break,
                _ => continue,
            };
            match hi.take() {
                Some(h) => out.push(h << 4 | v),
                None => hi = Some(v),
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    fn array(&mut self, depth: usize) -> Operand {
        let mut items = Vec::new();
        if depth >= MAX_NESTING {
            return Operand::Array(items);
        }
        loop {
            match self.token(depth + 1) {
                Token::Operand(o) => items.push(o),
                Token::ArrayEnd | Token::Eof => break,
                // An operator inside an array is malformed: keep it out, continue.
                Token::Operator(_) | Token::DictEnd => {}
            }
        }
        Operand::Array(items)
    }

    fn dict(&mut self, depth: usize) -> Operand {
        let mut entries = Vec::new();
        if depth >= MAX_NESTING {
            return Operand::Dict(entries);
        }
        let mut key: Option<Vec<u8>> = None;
        loop {
            match self.token(depth + 1) {
                Token::Operand(o) => match key.take() {
                    None => {
                        if let Operand::Name(n) = o {
                            key = Some(n)
                        }
                    }
                    Some(k) => entries.push((k, o)),
                },
                Token::DictEnd | Token::Eof => break,
                Token::Operator(_) | Token::ArrayEnd => {}
            }
        }
        Operand::Dict(entries)
    }

    /// `BI <dict> ID <data> EI`: the dictionary entries become one Dict operand; data is skipped.
    fn inline_image(&mut self, operands: &mut Vec<Operand>) {
        operands.clear();
        let mut entries = Vec::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            match self.token(1) {
                Token::Operand(o) => match key.take() {
                    None => {
                        if let Operand::Name(n) = o {
                            key = Some(n)
                        }
                    }
                    Some(k) => entries.push((k, o)),
                },
                Token::Operator(op) if op == b"ID" => break,
                Token::Eof => {
                    operands.push(Operand::Dict(entries));
                    return;
                }
                _ => {}
            }
        }
        // One whitespace byte follows ID.
        self.pos += 1;
        // Find "EI" delimited by whitespace (or end of data).
        let d = self.data;
        let mut i = self.pos;
        while i + 1 < d.len() {
            if d[i] == b'E'
                && d[i + 1] == b'I'
                && (i == 0 || is_white(d[i - 1]))
                && (i + 2 >= d.len() || is_white(d[i + 2]) || is_delim(d[i + 2]))
            {
                self.pos = i + 2;
                operands.push(Operand::Dict(entries));
                return;
            }
            i += 1;
        }
        self.pos = d.len();
        operands.push(Operand::Dict(entries));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(s: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut lx = Lexer::new(s);
        let mut v = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lx.next_op(&mut v) {
            out.push((String::from_utf8_lossy(&op).into_owned(), v.clone()));
        }
        out
    }

    #[test]
    fn basic_ops() {
        let o = ops(
            b"BT /F1 9.75 Tf 1 0 0 1 79.6 840.75 Tm [(Inf)-200(ra\\)s)] TJ <48 65 6c6C 6> Tj ET",
        );
        assert_eq!(o[0].0, "BT");
        assert_eq!(
            o[1],
            (
                "Tf".into(),
                vec![Operand::Name(b"F1".to_vec()), Operand::Num(9.75)]
            )
        );
        assert_eq!(o[2].1.len(), 6);
        assert_eq!(
            o[3].1,
            vec![Operand::Array(vec![
                Operand::Str(b"Inf".to_vec()),
                Operand::Num(-200.0),
                Operand::Str(b"ra)s".to_vec())
            ])]
        );
        assert_eq!(o[4].1, vec![Operand::Str(b"Hell`".to_vec())]);
        assert_eq!(o[5].0, "ET");
    }

    #[test]
    fn inline_image_and_garbage() {
        let o =
            ops(b"q BI /W 2 /H 2 /BPC 8 ID \x00EI\xff EI Q ) ] >> -.5 .25 cm (\\101\\n\\\n) Tj");
        let names: Vec<_> = o.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, vec!["q", "BI", "Q", "cm", "Tj"]);
        assert_eq!(o[3].1[0], Operand::Num(-0.5));
        assert_eq!(o[4].1[0], Operand::Str(b"A\n".to_vec()));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut s = vec![b'['; 100_000];
        s.extend_from_slice(b" Tj");
        let o = ops(&s);
        assert!(o.len() <= 1);
    }
}

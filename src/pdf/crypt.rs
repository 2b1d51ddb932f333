//! The PDF standard security handler (PDF 32000-2 §7.6.4): RC4 40/128 (V 1, 2; R 2, 3), crypt
//! filters with RC4 or AES-128 (V 4, R 4) and AES-256 (V 5, R 5 and R 6).
//!
//! Why our own and not lopdf's: lopdf 0.47 decrypts only while it loads, only when the
//! `/Encrypt` entry is an indirect object, and not at all without a password that it can
//! verify; it refused every file that mutool writes (the dictionary is direct) and the
//! corpus's pdfminer RC4-128 and AES-256 files. So `pdf::load` hides the trailer's
//! `/Encrypt` key from lopdf (same length, so every offset stays right), lets it parse the
//! objects as they are, and this module then checks the password and decrypts the strings and
//! streams of every object, and unpacks object streams once their ciphertext is gone.
//!
//! Passwords are tried in this order: the empty user password (files with only an owner
//! password open without asking), then each given password as the user password, then as
//! the owner password.

use aes::cipher::{Block, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use aes::{Aes128, Aes256};
use lopdf::{Dictionary, Document as Lopdf, Object, ObjectId};
use md5::{Digest as _, Md5};
use sha2::{Digest as _, Sha256, Sha384, Sha512};

/// The name `pdf::load` gives the trailer's `/Encrypt` key before lopdf parses the file.
pub const HIDDEN_KEY: &[u8] = b"Xncrypt";

const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

/// Why a file could not be decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptError {
    /// No password opens it (none given, or the given ones are wrong).
    Password,
    /// A security handler or cipher this reader does not implement.
    Unsupported(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Identity,
    Rc4,
    Aes128,
    Aes256,
}

/// An opened security handler: the file key and the ciphers for strings and streams.
#[derive(Debug, Clone)]
pub struct Decryptor {
    key: Vec<u8>,
    revision: i64,
    strings: Method,
    streams: Method,
    encrypt_metadata: bool,
    /// The cipher of each named crypt filter, for streams with a `/Crypt` filter of their own.
    named: Vec<(Vec<u8>, Method)>,
    /// Which password opened the file, for the diagnostic.
    pub opened_with: Opened,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The empty user password: the file has only an owner password (permissions).
    NoPassword,
    User,
    Owner,
}

impl Decryptor {
    /// A short description for the diagnostic: `AES-256`, `RC4 128-bit`.
    pub fn describe(&self) -> String {
        let m = if self.streams == Method::Identity {
            self.strings
        } else {
            self.streams
        };
        match m {
            Method::Identity => "no cipher (Identity)".into(),
            Method::Rc4 => format!("RC4 {}-bit", self.key.len() * 8),
            Method::Aes128 => "AES-128".into(),
            Method::Aes256 => "AES-256".into(),
        }
    }
}

fn obj_bytes(o: Option<&Object>) -> Vec<u8> {
    match o {
        Some(Object::String(s, _)) => s.clone(),
        _ => Vec::new(),
    }
}

fn resolve<'a>(doc: &'a Lopdf, o: &'a Object) -> &'a Object {
    super::objects::resolve(doc, o)
}

fn int(doc: &Lopdf, d: &Dictionary, key: &[u8]) -> Option<i64> {
    match d.get(key).ok().map(|o| resolve(doc, o)) {
        Some(Object::Integer(i)) => Some(*i),
        Some(Object::Real(r)) if r.is_finite() => Some(*r as i64),
        _ => None,
    }
}

fn name<'a>(doc: &'a Lopdf, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match d.get(key).ok().map(|o| resolve(doc, o)) {
        Some(Object::Name(n)) => Some(n.as_slice()),
        _ => None,
    }
}

/// The cipher a crypt filter names in `/CF` (V 4 and 5).
fn filter_method(doc: &Lopdf, enc: &Dictionary, filter: &[u8]) -> Result<Method, CryptError> {
    if filter == b"Identity" {
        return Ok(Method::Identity);
    }
    let cf = match enc.get(b"CF").ok().map(|o| resolve(doc, o)) {
        Some(Object::Dictionary(d)) => d,
        _ => return Ok(Method::Identity),
    };
    let f = match cf.get(filter).ok().map(|o| resolve(doc, o)) {
        Some(Object::Dictionary(d)) => d,
        _ => return Ok(Method::Identity),
    };
    match name(doc, f, b"CFM") {
        None | Some(b"None") => Ok(Method::Identity),
        Some(b"V2") => Ok(Method::Rc4),
        Some(b"AESV2") => Ok(Method::Aes128),
        Some(b"AESV3") => Ok(Method::Aes256),
        Some(other) => Err(CryptError::Unsupported(format!(
            "crypt filter method /{}",
            String::from_utf8_lossy(other)
        ))),
    }
}

/// Opens the security handler of `enc` (the `/Encrypt` dictionary) with the first password
/// that fits; `id0` is the first element of the trailer's `/ID`.
pub fn open(
    doc: &Lopdf,
    enc: &Dictionary,
    id0: &[u8],
    passwords: &[String],
) -> Result<Decryptor, CryptError> {
    let filter = name(doc, enc, b"Filter").unwrap_or(b"Standard");
    if filter != b"Standard" {
        return Err(CryptError::Unsupported(format!(
            "the /{} security handler (certificate or plug-in encryption; only password encryption is supported)",
            String::from_utf8_lossy(filter)
        )));
    }
    let v = int(doc, enc, b"V").unwrap_or(0);
    let r = int(doc, enc, b"R").unwrap_or(2);
    let o = obj_bytes(enc.get(b"O").ok().map(|x| resolve(doc, x)));
    let u = obj_bytes(enc.get(b"U").ok().map(|x| resolve(doc, x)));
    let p = int(doc, enc, b"P").unwrap_or(-1) as i32;
    let encrypt_metadata = !matches!(
        enc.get(b"EncryptMetadata").ok().map(|x| resolve(doc, x)),
        Some(Object::Boolean(false))
    );
    let (strings, streams, key_len) = match v {
        0 | 1 => (Method::Rc4, Method::Rc4, 5),
        2 => {
            let bits = int(doc, enc, b"Length").unwrap_or(40).clamp(40, 128);
            (Method::Rc4, Method::Rc4, (bits / 8) as usize)
        }
        4 | 5 => {
            let stm = filter_method(doc, enc, name(doc, enc, b"StmF").unwrap_or(b"Identity"))?;
            let str_ = filter_method(doc, enc, name(doc, enc, b"StrF").unwrap_or(b"Identity"))?;
            let len = if v == 5 { 32 } else { 16 };
            (str_, stm, len)
        }
        _ => {
            return Err(CryptError::Unsupported(format!(
                "encryption version V {v} (an unpublished algorithm)"
            )))
        }
    };
    let mut named = Vec::new();
    if let Some(Object::Dictionary(cf)) = enc.get(b"CF").ok().map(|x| resolve(doc, x)) {
        for (k, _) in cf.iter() {
            if let Ok(m) = filter_method(doc, enc, k) {
                named.push((k.clone(), m));
            }
        }
    }
    let make = |key: Vec<u8>, opened| Decryptor {
        key,
        revision: r,
        strings,
        streams,
        encrypt_metadata,
        named: named.clone(),
        opened_with: opened,
    };
    let candidates = std::iter::once((String::new(), true)).chain(
        passwords
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| (p.clone(), false)),
    );
    if r >= 5 {
        if o.len() < 48 || u.len() < 48 {
            return Err(CryptError::Unsupported(
                "an AES-256 dictionary with short /O or /U entries".into(),
            ));
        }
        let oe = obj_bytes(enc.get(b"OE").ok().map(|x| resolve(doc, x)));
        let ue = obj_bytes(enc.get(b"UE").ok().map(|x| resolve(doc, x)));
        for (pw, empty) in candidates {
            // SASLprep is not applied: passwords in ASCII and NFC text are the same either way
            let pw = &pw.as_bytes()[..pw.len().min(127)];
            if hash_v5(r, pw, &u[32..40], &[]).as_slice() == &u[..32] {
                let k = hash_v5(r, pw, &u[40..48], &[]);
                if let Some(key) = aes256_cbc_no_iv(&k, &ue) {
                    let how = if empty {
                        Opened::NoPassword
                    } else {
                        Opened::User
                    };
                    return Ok(make(key, how));
                }
            }
            if hash_v5(r, pw, &o[32..40], &u[..48]).as_slice() == &o[..32] {
                let k = hash_v5(r, pw, &o[40..48], &u[..48]);
                if let Some(key) = aes256_cbc_no_iv(&k, &oe) {
                    return Ok(make(key, Opened::Owner));
                }
            }
        }
        return Err(CryptError::Password);
    }
    if o.len() < 32 || u.len() < 16 {
        return Err(CryptError::Unsupported(
            "an encryption dictionary with short /O or /U entries".into(),
        ));
    }
    let key_len = if r == 2 { 5 } else { key_len.clamp(5, 16) };
    let ctx = V4 {
        r,
        o: &o[..32],
        u: &u,
        p,
        id0,
        key_len,
        encrypt_metadata,
    };
    for (pw, empty) in candidates {
        let pw = pw.as_bytes();
        if let Some(key) = ctx.user_key(pw) {
            let how = if empty {
                Opened::NoPassword
            } else {
                Opened::User
            };
            return Ok(make(key, how));
        }
        // Algorithm 7: the owner password decrypts /O to the user password
        let user = ctx.user_from_owner(pw);
        if let Some(key) = ctx.user_key(&user) {
            return Ok(make(key, Opened::Owner));
        }
    }
    Err(CryptError::Password)
}

/// The inputs of algorithms 2 to 7 (revisions 2 to 4).
struct V4<'a> {
    r: i64,
    o: &'a [u8],
    u: &'a [u8],
    p: i32,
    id0: &'a [u8],
    key_len: usize,
    encrypt_metadata: bool,
}

fn padded(pw: &[u8]) -> [u8; 32] {
    let mut out = PAD;
    let n = pw.len().min(32);
    out[..n].copy_from_slice(&pw[..n]);
    out[n..].copy_from_slice(&PAD[..32 - n]);
    out
}

impl V4<'_> {
    /// Algorithm 2: the file key from a user password.
    fn file_key(&self, pw: &[u8]) -> Vec<u8> {
        let mut h = Md5::new();
        h.update(padded(pw));
        h.update(self.o);
        h.update(self.p.to_le_bytes());
        h.update(self.id0);
        if self.r >= 4 && !self.encrypt_metadata {
            h.update([0xFF; 4]);
        }
        let mut hash: Vec<u8> = h.finalize().to_vec();
        if self.r >= 3 {
            for _ in 0..50 {
                hash = Md5::digest(&hash[..self.key_len]).to_vec();
            }
        }
        hash.truncate(self.key_len);
        hash
    }

    /// Algorithms 4 and 5 (6): the file key when `pw` is the user password.
    fn user_key(&self, pw: &[u8]) -> Option<Vec<u8>> {
        let key = self.file_key(pw);
        if self.r == 2 {
            let u = rc4(&key, &PAD);
            return (self.u.len() >= 32 && u[..] == self.u[..32]).then_some(key);
        }
        let mut h = Md5::new();
        h.update(PAD);
        h.update(self.id0);
        let mut x: Vec<u8> = h.finalize().to_vec();
        x = rc4(&key, &x);
        for i in 1..=19u8 {
            let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
            x = rc4(&k, &x);
        }
        (x[..16] == self.u[..16]).then_some(key)
    }

    /// Algorithm 7: the user password hidden in /O, when `pw` is the owner password.
    fn user_from_owner(&self, pw: &[u8]) -> Vec<u8> {
        let mut hash: Vec<u8> = Md5::digest(padded(pw)).to_vec();
        if self.r >= 3 {
            for _ in 0..50 {
                hash = Md5::digest(&hash).to_vec();
            }
        }
        let key = &hash[..self.key_len.min(hash.len())];
        if self.r == 2 {
            return rc4(key, self.o);
        }
        let mut x = self.o.to_vec();
        for i in (0..=19u8).rev() {
            let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
            x = rc4(&k, &x);
        }
        x
    }
}

/// Algorithm 2.A/2.B: the hash of revision 5 (SHA-256) or 6 (the iterated SHA-2/AES hash).
fn hash_v5(r: i64, pw: &[u8], salt: &[u8], udata: &[u8]) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(pw);
    h.update(salt);
    h.update(udata);
    let mut k: Vec<u8> = h.finalize().to_vec();
    if r < 6 {
        return k;
    }
    let mut round: u32 = 0;
    loop {
        let mut k1 = Vec::with_capacity(64 * (pw.len() + k.len() + udata.len()));
        for _ in 0..64 {
            k1.extend_from_slice(pw);
            k1.extend_from_slice(&k);
            k1.extend_from_slice(udata);
        }
        let e = aes128_cbc_encrypt(&k[..16], &k[16..32], &k1);
        let sum: u32 = e[..16].iter().map(|&b| b as u32).sum();
        k = match sum % 3 {
            0 => Sha256::digest(&e).to_vec(),
            1 => Sha384::digest(&e).to_vec(),
            _ => Sha512::digest(&e).to_vec(),
        };
        round += 1;
        let last = e.last().copied().unwrap_or(0) as u32;
        if round >= 64 && last + 32 <= round {
            break;
        }
        if round > 4096 {
            break; // cannot happen for a conforming hash; a bound all the same
        }
    }
    k.truncate(32);
    k
}

fn aes128_cbc_encrypt(key: &[u8], iv: &[u8], data: &[u8]) -> Vec<u8> {
    let Ok(c) = Aes128::new_from_slice(key) else {
        return Vec::new();
    };
    let mut prev = [0u8; 16];
    prev.copy_from_slice(&iv[..16]);
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks_exact(16) {
        let mut b = Block::<Aes128>::default();
        for i in 0..16 {
            b[i] = chunk[i] ^ prev[i];
        }
        c.encrypt_block(&mut b);
        prev.copy_from_slice(&b);
        out.extend_from_slice(&b);
    }
    out
}

/// AES-256-CBC with a zero IV and no padding (the file key in /UE and /OE).
fn aes256_cbc_no_iv(key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    if data.len() < 32 {
        return None;
    }
    let c = Aes256::new_from_slice(key).ok()?;
    Some(cbc_decrypt_blocks(
        |b| c.decrypt_block(b),
        &[0u8; 16],
        &data[..32],
    ))
}

fn cbc_decrypt_blocks(
    mut decrypt: impl FnMut(&mut Block<Aes128>),
    iv: &[u8],
    data: &[u8],
) -> Vec<u8> {
    let mut prev = [0u8; 16];
    prev.copy_from_slice(&iv[..16]);
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks_exact(16) {
        let mut b = Block::<Aes128>::default();
        b.copy_from_slice(chunk);
        decrypt(&mut b);
        for i in 0..16 {
            out.push(b[i] ^ prev[i]);
        }
        prev.copy_from_slice(chunk);
    }
    out
}

/// RC4 (symmetric).
pub fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    if key.is_empty() {
        return data.to_vec();
    }
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    let mut j: u8 = 0;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, j as usize);
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|&b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[i as usize]);
            s.swap(i as usize, j as usize);
            b ^ s[(s[i as usize].wrapping_add(s[j as usize])) as usize]
        })
        .collect()
}

impl Decryptor {
    fn object_key(&self, id: ObjectId, m: Method) -> Vec<u8> {
        if self.revision >= 5 || m == Method::Aes256 {
            return self.key.clone();
        }
        let mut h = Md5::new();
        h.update(&self.key);
        h.update(&id.0.to_le_bytes()[..3]);
        h.update(id.1.to_le_bytes());
        if m == Method::Aes128 {
            h.update(b"sAlT");
        }
        let hash = h.finalize();
        hash[..(self.key.len() + 5).min(16)].to_vec()
    }

    fn apply(&self, id: ObjectId, m: Method, data: &[u8]) -> Vec<u8> {
        match m {
            Method::Identity => data.to_vec(),
            Method::Rc4 => rc4(&self.object_key(id, m), data),
            Method::Aes128 | Method::Aes256 => {
                if data.len() < 32 {
                    // an IV and no block: empty (a lone IV is how an empty string is written)
                    return Vec::new();
                }
                let key = self.object_key(id, m);
                let body = &data[16..16 + (data.len() - 16) / 16 * 16];
                let mut out = if m == Method::Aes128 {
                    match Aes128::new_from_slice(&key) {
                        Ok(c) => cbc_decrypt_blocks(|b| c.decrypt_block(b), &data[..16], body),
                        Err(_) => return data.to_vec(),
                    }
                } else {
                    match Aes256::new_from_slice(&key) {
                        Ok(c) => cbc_decrypt_blocks(|b| c.decrypt_block(b), &data[..16], body),
                        Err(_) => return data.to_vec(),
                    }
                };
                // PKCS#5 padding, removed only when it is well formed
                if let Some(&n) = out.last() {
                    let n = n as usize;
                    if (1..=16).contains(&n)
                        && n <= out.len()
                        && out[out.len() - n..].iter().all(|&b| b as usize == n)
                    {
                        out.truncate(out.len() - n);
                    }
                }
                out
            }
        }
    }

    fn strings_in(&self, id: ObjectId, o: &mut Object, depth: usize) {
        if depth > 64 {
            return;
        }
        match o {
            Object::String(s, _) => *s = self.apply(id, self.strings, s),
            Object::Array(a) => a.iter_mut().for_each(|x| self.strings_in(id, x, depth + 1)),
            Object::Dictionary(d) => d
                .iter_mut()
                .for_each(|(_, x)| self.strings_in(id, x, depth + 1)),
            Object::Stream(s) => s
                .dict
                .iter_mut()
                .for_each(|(_, x)| self.strings_in(id, x, depth + 1)),
            _ => {}
        }
    }

    /// Decrypts every string and stream of the document in place, except the encryption
    /// dictionary and cross-reference streams (which are never encrypted), then reads the
    /// objects of the object streams. Returns how many streams could not be unpacked.
    pub fn decrypt_document(&self, doc: &mut Lopdf, encrypt_id: Option<ObjectId>) -> usize {
        for (&id, obj) in doc.objects.iter_mut() {
            if Some(id) == encrypt_id {
                continue;
            }
            if let Object::Stream(s) = obj {
                let ty = match s.dict.get(b"Type") {
                    Ok(Object::Name(n)) => n.clone(),
                    _ => Vec::new(),
                };
                if ty == b"XRef" {
                    continue;
                }
                // a stream's own /Crypt filter (V 4) names its cipher
                let mut method = self.streams;
                let first_filter = match s.dict.get(b"Filter") {
                    Ok(Object::Name(n)) => Some(n.clone()),
                    Ok(Object::Array(a)) => match a.first() {
                        Some(Object::Name(n)) => Some(n.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                if first_filter.as_deref() == Some(b"Crypt") {
                    let fname = match s.dict.get(b"DecodeParms") {
                        Ok(Object::Dictionary(p)) => match p.get(b"Name") {
                            Ok(Object::Name(n)) => n.clone(),
                            _ => b"Identity".to_vec(),
                        },
                        _ => b"Identity".to_vec(),
                    };
                    method = self
                        .named
                        .iter()
                        .find(|(n, _)| *n == fname)
                        .map(|(_, m)| *m)
                        .unwrap_or(Method::Identity);
                    match s.dict.get_mut(b"Filter") {
                        Ok(Object::Array(a)) => {
                            a.remove(0);
                        }
                        _ => {
                            s.dict.remove(b"Filter");
                        }
                    }
                    s.dict.remove(b"DecodeParms");
                }
                if ty == b"Metadata" && !self.encrypt_metadata {
                    method = Method::Identity;
                }
                let plain = self.apply(id, method, &s.content);
                s.dict.set("Length", plain.len() as i64);
                s.content = plain;
            }
            self.strings_in(id, obj, 0);
        }
        // objects kept in object streams could not be read while those were ciphertext
        let mut found: Vec<(ObjectId, Object)> = Vec::new();
        let mut failed = 0;
        for obj in doc.objects.values() {
            if let Object::Stream(s) = obj {
                if matches!(s.dict.get(b"Type"), Ok(Object::Name(n)) if n == b"ObjStm") {
                    match lopdf::ObjectStream::new_with_limit(
                        s,
                        Some(super::objects::MAX_OBJECT_STREAM),
                    ) {
                        Ok(os) => found.extend(os.objects),
                        Err(_) => failed += 1,
                    }
                }
            }
        }
        for (id, o) in found {
            doc.objects.entry(id).or_insert(o);
        }
        failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_known_answer() {
        // RFC 6229 is for keystreams; the classic "Key"/"Plaintext" vector
        assert_eq!(
            rc4(b"Key", b"Plaintext"),
            [0xBB, 0xF3, 0x16, 0xE8, 0xD9, 0x40, 0xAF, 0x0A, 0xD3]
        );
    }

    #[test]
    fn aes_cbc_round_trip() {
        let key = [7u8; 16];
        let iv = [9u8; 16];
        let plain = b"sixteen byte blksixteen byte blk";
        let enc = aes128_cbc_encrypt(&key, &iv, plain);
        let c = Aes128::new_from_slice(&key).expect("key");
        let dec = cbc_decrypt_blocks(|b| c.decrypt_block(b), &iv, &enc);
        assert_eq!(&dec, plain);
    }
}

//! The binary layout of sitrep's model files: a magic, a format version, then little-endian fields.
//!
//! Loading is a single read plus bounds-checked slicing: no parser framework,
//! no per-element decoding beyond `from_le_bytes`, which keeps start-up far
//! under the 0.3 s budget even for tens of megabytes.

use std::path::Path;

/// Version of the layout *and* of the feature hashing; bump both together.
/// Version 2: weight tables in 64-byte buckets (`perceptron::Weights`); 3: the
/// parser's fixed-label table.
pub const FORMAT_VERSION: u32 = 3;

/// A model file that does not have the expected layout.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("byte {offset}: {message}")]
pub struct FormatError {
    pub offset: usize,
    pub message: String,
}

/// Appends fields to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    /// A writer that starts with `magic` and the format version.
    pub fn new(magic: &[u8; 8]) -> Self {
        let mut w = Writer { buf: Vec::new() };
        w.buf.extend_from_slice(magic);
        w.u32(FORMAT_VERSION);
        w
    }
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub fn strs(&mut self, v: &[impl AsRef<str>]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s.as_ref());
        }
    }
    pub fn u32s(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    pub fn u64s(&mut self, v: &[u64]) {
        self.u32(v.len() as u32);
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    pub fn i16s(&mut self, v: &[i16]) {
        self.u32(v.len() as u32);
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    /// Writes the buffer to `path` (creating parent directories).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        std::fs::write(path, &self.buf)
    }
}

/// Reads fields back, checking bounds.
#[derive(Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks the magic and the format version.
    pub fn new(buf: &'a [u8], magic: &[u8; 8]) -> Result<Self, FormatError> {
        let mut r = Reader { buf, pos: 0 };
        let m = r.take(8)?;
        if m != magic {
            return Err(FormatError {
                offset: 0,
                message: format!("not a {} file", String::from_utf8_lossy(magic).trim()),
            });
        }
        let v = r.u32()?;
        if v != FORMAT_VERSION {
            return Err(FormatError {
                offset: 8,
                message: format!("model format version {v}, this build reads {FORMAT_VERSION}: retrain with `sitrep train`"),
            });
        }
        Ok(r)
    }

    fn err(&self, message: impl Into<String>) -> FormatError {
        FormatError { offset: self.pos, message: message.into() }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len()).ok_or_else(|| self.err("truncated file"))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub fn u8(&mut self) -> Result<u8, FormatError> {
        Ok(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Result<u32, FormatError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }
    pub fn u64(&mut self) -> Result<u64, FormatError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }
    pub fn f32(&mut self) -> Result<f32, FormatError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }
    pub fn str(&mut self) -> Result<String, FormatError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.err("invalid UTF-8 in a string"))
    }
    pub fn strs(&mut self) -> Result<Vec<String>, FormatError> {
        let n = self.len(4)?;
        (0..n).map(|_| self.str()).collect()
    }
    /// An element count, checked against the bytes left (each element at least `min` bytes).
    fn len(&mut self, min: usize) -> Result<usize, FormatError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min) > self.buf.len() - self.pos {
            return Err(self.err(format!("array of {n} elements runs past the end of the file")));
        }
        Ok(n)
    }
    pub fn u32s(&mut self) -> Result<Vec<u32>, FormatError> {
        let n = self.len(4)?;
        Ok(self.take(n * 4)?.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().expect("4"))).collect())
    }
    pub fn u64s(&mut self) -> Result<Vec<u64>, FormatError> {
        let n = self.len(8)?;
        Ok(self.take(n * 8)?.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().expect("8"))).collect())
    }
    pub fn i16s(&mut self) -> Result<Vec<i16>, FormatError> {
        let n = self.len(2)?;
        Ok(self.take(n * 2)?.chunks_exact(2).map(|c| i16::from_le_bytes(c.try_into().expect("2"))).collect())
    }
    /// True when every byte was read (a section added later to a format may be absent).
    pub fn at_end(&self) -> bool {
        self.pos == self.buf.len()
    }
    /// Fails unless every byte was read.
    pub fn finish(&self) -> Result<(), FormatError> {
        if self.pos != self.buf.len() {
            return Err(self.err(format!("{} unexpected trailing bytes", self.buf.len() - self.pos)));
        }
        Ok(())
    }
    /// A validation failure at the current position.
    pub fn invalid(&self, message: impl Into<String>) -> FormatError {
        self.err(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_bad_input() {
        let mut w = Writer::new(b"TESTMODL");
        w.u32(7);
        w.str("héllo");
        w.i16s(&[-3, 4]);
        w.u64s(&[u64::MAX]);
        let mut r = Reader::new(&w.buf, b"TESTMODL").unwrap();
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.str().unwrap(), "héllo");
        assert_eq!(r.i16s().unwrap(), vec![-3, 4]);
        assert_eq!(r.u64s().unwrap(), vec![u64::MAX]);
        r.finish().unwrap();
        assert!(Reader::new(&w.buf, b"OTHERMDL").is_err());
        let cut = &w.buf[..w.buf.len() - 3];
        let mut r = Reader::new(cut, b"TESTMODL").unwrap();
        r.u32().unwrap();
        r.str().unwrap();
        r.i16s().unwrap();
        assert!(r.u64s().is_err());
    }
}

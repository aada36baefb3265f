//! Reading a file under a size limit, for every input the tool reads from a
//! scanned repository (scripts, manifests, statements): one open, one `fstat`,
//! and never more than `limit + 1` bytes, even from a file that grows while it
//! is read.

use std::io::Read;
use std::path::Path;

/// A file read under a limit.
#[derive(Debug, PartialEq, Eq)]
pub enum Capped {
    Bytes(Vec<u8>),
    /// Over the limit: `size` is what the file measured, or the bytes read
    /// when it grew past the limit while being read.
    TooLarge {
        size: u64,
    },
}

/// The bytes of `path`, or [`Capped::TooLarge`] when it holds more than `limit`.
pub fn read(path: &Path, limit: u64) -> std::io::Result<Capped> {
    let handle = std::fs::File::open(path)?;
    let size = handle.metadata()?.len();
    if size > limit {
        return Ok(Capped::TooLarge { size });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    handle
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    Ok(if read > limit {
        Capped::TooLarge { size: read }
    } else {
        Capped::Bytes(bytes)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_at_the_limit_is_read_and_one_byte_more_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "abcd").unwrap();
        assert_eq!(read(&path, 4).unwrap(), Capped::Bytes(b"abcd".to_vec()));
        assert_eq!(read(&path, 3).unwrap(), Capped::TooLarge { size: 4 });
        assert!(read(&dir.path().join("gone"), 4).is_err());
    }
}

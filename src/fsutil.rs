//! File utilities the whole crate uses: atomic whole-file writes, reading a text file that must
//! be UTF-8, and a path as the user should see it. They sit below every other module, so
//! `error` and `deck` no longer import each other.

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

/// Write `bytes` to `path` atomically: a temp file in the same directory, fsynced, renamed over
/// the target. A crash leaves either the old file or the new one, never half of one. The file
/// keeps the permissions it had; a new one is `0644` like any file a user writes (a temp file
/// is `0600`, which would make an exported package unreadable to anyone else).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: path.into(),
        source: e,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".kioku-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = match std::fs::metadata(path) {
            Ok(m) => m.permissions(),
            Err(_) => std::fs::Permissions::from_mode(0o644),
        };
        tmp.as_file().set_permissions(perms).map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    // The rename itself is durable only once the directory is synced.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Cache writes still under way, each on a thread of its own ([`write_atomic_later`]).
static LATER: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// [`write_atomic`] of the bytes `make` gives, on a thread of its own: for a cache, which
/// start-up does not need written before it shows anything (a cold start would otherwise wait
/// for a 64 MB history snapshot to be encoded and written before its first count). A failed
/// write is only a slower next start, as for any cache; so is one that never starts (no
/// thread could be made). [`finish_writes`] waits for them: `main` does before the process
/// ends, and every reader of a cache before it reads one.
pub fn write_atomic_later(
    path: std::path::PathBuf,
    make: impl FnOnce() -> Vec<u8> + Send + 'static,
) {
    let job = move || {
        let _ = write_atomic(&path, &make());
    };
    if let Ok(handle) = std::thread::Builder::new()
        .name("kioku-cache-write".into())
        .spawn(job)
    {
        LATER.lock().unwrap_or_else(|p| p.into_inner()).push(handle);
    }
}

/// Wait for every [`write_atomic_later`] so far.
pub fn finish_writes() {
    let pending = std::mem::take(&mut *LATER.lock().unwrap_or_else(|p| p.into_inner()));
    for handle in pending {
        let _ = handle.join();
    }
}

/// A path as the user should see it: forward slashes, no leading `./`.
pub fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Read a text file that must be UTF-8, non-empty and not binary.
pub fn read_text(path: &std::path::Path, what: &'static str) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Missing {
            path: path.into(),
            what,
        },
        _ => Error::Io {
            path: path.into(),
            source: e,
        },
    })?;
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..nul].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(Error::Binary {
            path: path.into(),
            line,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let ok = String::from_utf8_lossy(&e.as_bytes()[..bad]).into_owned();
        let (line, col) = crate::text::line_col(&ok, ok.len());
        Error::NotUtf8 {
            path: path.into(),
            line,
            col,
        }
    })?;
    if text.trim().is_empty() {
        return Err(Error::Empty { path: path.into() });
    }
    Ok(text)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_new_file_is_0644_and_a_rewritten_one_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.apkg");
        write_atomic(&p, b"one").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), 0o644);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(mode(&p), 0o600);
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
    }
}

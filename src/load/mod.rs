//! Reading a data folder: find every `*.ron` file under it, read each as
//! text, and parse it into raw records with their spans ([`parse`]),
//! reporting what cannot be read as diagnostics. A bad file or record never
//! stops the others from being read.

pub mod parse;
pub mod raw;
pub mod ron_error;
pub mod scan;
pub mod spanned;
pub mod write;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
pub use write::{data_file_text, write_atomically, write_atomically_with, write_data_file};

/// What a data file looked like when it was read: its metadata, taken just
/// before reading, and a hash of the bytes read. The cache compares
/// metadata to skip re-reading unchanged files (as git's index does) and
/// the hash when the metadata differs or is too recent to trust.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    /// The path relative to the data folder.
    pub path: String,
    pub meta: FileMeta,
    /// xxh3-128 of the file's bytes.
    pub hash: u128,
}

/// The metadata of a file that changes whenever its content does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileMeta {
    pub size: u64,
    /// Last modification, in nanoseconds since the Unix epoch.
    pub modified: i128,
    /// Last status change (Unix `ctime`, which no program can set back),
    /// in nanoseconds since the Unix epoch; the modification time elsewhere.
    pub changed: i128,
    pub device: u64,
    pub inode: u64,
}

impl FileMeta {
    /// The metadata of the file at `path` (following symbolic links).
    pub fn of(path: &Path) -> Option<FileMeta> {
        let meta = std::fs::metadata(path).ok()?;
        let nanos = |t: std::time::SystemTime| match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        let modified = nanos(meta.modified().ok()?);
        #[cfg(unix)]
        let (changed, device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.dev(),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed, device, inode) = (modified, 0, 0);
        Some(FileMeta {
            size: meta.len(),
            modified,
            changed,
            device,
            inode,
        })
    }
}

/// The hash a [`FileStamp`] records.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// [`content_hash`] of a file's content, read a block at a time (a large
/// file is not held whole to be hashed).
pub fn file_hash(path: &Path) -> std::io::Result<u128> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return Ok(hasher.digest128()),
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// What every data file looked like when the folder was read, for the
/// snapshot cache to tell later whether it changed.
#[derive(Debug, Clone)]
pub struct Stamps {
    /// When reading began.
    pub read_at: std::time::SystemTime,
    /// One per file, in path order.
    pub files: Vec<FileStamp>,
    /// The data folder, absolute (a snapshot records it, so that the
    /// snapshot of a folder that is gone can be removed).
    pub folder: Option<PathBuf>,
    /// What each file gave the graph, in path order (empty if not known).
    pub parts: Vec<FilePart>,
}

/// What one file gave the graph: the ids of its sources and how many
/// nodes and edges (a graph's nodes and edges are in file order, so this
/// says which are the file's). A snapshot keeps it, to answer after an
/// edit of that one file from the snapshot and the file's new records.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FilePart {
    pub sources: Vec<String>,
    pub nodes: u32,
    pub edges: u32,
}

impl FilePart {
    pub fn of(dataset: &crate::model::Dataset) -> FilePart {
        FilePart {
            sources: dataset.sources.iter().map(|s| s.id.clone()).collect(),
            nodes: dataset.nodes.len() as u32,
            edges: dataset.edges.len() as u32,
        }
    }
}

/// The data files of a folder, and the entries that could not be listed
/// (a dangling symbolic link, a folder that cannot be opened): each is a
/// diagnostic of its own, and the rest is read.
#[derive(Debug, Default)]
pub struct Listing {
    pub paths: Vec<PathBuf>,
    pub problems: Vec<(String, Diagnostic)>,
}

/// Every `*.ron` file under `dir`, sub-folders included, sorted by path so
/// that loading and diagnostics are deterministic. An error if the folder
/// itself is missing or holds no data file.
pub fn list_folder(dir: &Path) -> Result<Listing, Box<Diagnostic>> {
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(Box::new(
            Diagnostic::error(
                "no-data-folder",
                format!("data folder `{}` {what}", dir.display()),
            )
            .help("give the folder that holds the data's `*.ron` files"),
        ));
    }
    let mut listing = Listing::default();
    // Symbolic links are followed and `.RON` counts: a contributor's file is
    // never skipped silently.
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_file() && is_data_file(entry.path()) {
                    listing.paths.push(entry.into_path());
                }
            }
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let name = path.display().to_string();
                let link = std::fs::read_link(&path).ok();
                let diagnostic = match (&link, e.loop_ancestor()) {
                    (_, Some(ancestor)) => Diagnostic::error(
                        "unreadable",
                        format!(
                            "`{name}` is a symbolic link back to `{}`, a folder that holds it",
                            ancestor.display()
                        ),
                    )
                    .help("remove the link; it would make the folder endless"),
                    (Some(target), None) if !path.exists() => Diagnostic::error(
                        "unreadable",
                        format!(
                            "`{name}` is a symbolic link to `{}`, which does not exist",
                            target.display()
                        ),
                    )
                    .help("remove the link, or make it point at the file"),
                    _ => Diagnostic::error(
                        "unreadable",
                        format!("cannot read `{name}`: {}", io_words(e.io_error())),
                    )
                    .help("check the file's permissions"),
                };
                // A broken entry that would have been a data file, or a
                // folder that cannot be opened: either may hold records.
                if is_data_file(&path) || link.is_none() {
                    listing.problems.push((name, diagnostic));
                }
            }
        }
    }
    if listing.paths.is_empty() && listing.problems.is_empty() {
        return Err(Box::new(
            Diagnostic::error(
                "no-data-files",
                format!("no `*.ron` files in `{}`", dir.display()),
            )
            .help("data files end in `.ron`; see README.md for the format"),
        ));
    }
    Ok(listing)
}

/// The data files under `dir`, if every entry could be listed.
pub fn data_files(dir: &Path) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let listing = list_folder(dir)?;
    match listing.problems.into_iter().next() {
        Some((_, problem)) => Err(Box::new(problem)),
        None => Ok(listing.paths),
    }
}

fn is_data_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

fn io_words(error: Option<&std::io::Error>) -> String {
    match error.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::PermissionDenied) => "permission denied".to_string(),
        Some(std::io::ErrorKind::NotFound) => "it no longer exists".to_string(),
        _ => error.map_or_else(|| "unknown error".to_string(), ToString::to_string),
    }
}

/// A data file's text, or why it cannot be read as text.
pub enum FileText {
    Text(String),
    /// Not text we read; the message says what it is, and `ids` are the
    /// node ids that could still be seen in it (references to them are not
    /// errors of their own).
    Unreadable {
        diagnostic: Diagnostic,
        ids: Option<Vec<String>>,
        /// The text to quote, where the diagnostic points into it.
        quote: Option<String>,
    },
}

/// Reads the file at `path` (named `name` in diagnostics, which point into
/// file `file` of the table) as UTF-8 text, with the hash of its bytes.
pub fn read_text(file: usize, name: &str, path: &Path) -> (FileText, Option<u128>) {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return (
                FileText::Unreadable {
                    diagnostic: Diagnostic::error(
                        "unreadable",
                        format!("cannot read `{name}`: {}", io_words(Some(&e))),
                    )
                    .help("check the file's permissions"),
                    ids: None,
                    quote: None,
                },
                None,
            );
        }
    };
    let hash = content_hash(&bytes);
    (decode(file, name, bytes), Some(hash))
}

/// Bytes as UTF-8 text, or an error naming the encoding they seem to be in.
pub fn decode(file: usize, name: &str, bytes: Vec<u8>) -> FileText {
    let utf16 = match bytes.as_slice() {
        [0xff, 0xfe, ..] => Some(false),
        [0xfe, 0xff, ..] => Some(true),
        // Text with a NUL after (or before) every ASCII letter.
        [a, 0, b, 0, ..] if a.is_ascii() && b.is_ascii() && *a != 0 => Some(false),
        [0, a, 0, b, ..] if a.is_ascii() && b.is_ascii() && *a != 0 => Some(true),
        _ => None,
    };
    if let Some(big_endian) = utf16 {
        let units = bytes.chunks_exact(2).map(|pair| {
            if big_endian {
                u16::from_be_bytes([pair[0], pair[1]])
            } else {
                u16::from_le_bytes([pair[0], pair[1]])
            }
        });
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{fffd}'))
            .filter(|&c| c != '\u{feff}')
            .collect();
        let endian = if big_endian { "BE" } else { "LE" };
        return FileText::Unreadable {
            diagnostic: Diagnostic::error("not-utf8", format!("`{name}` is UTF-16 text ({endian}), not UTF-8"))
                .help(format!("save it as UTF-8 (in most editors under \"Save with encoding\"), or run `iconv -f UTF-16{endian} -t UTF-8 {name} > converted.ron`")),
            ids: Some(visible_node_ids(&text)),
            quote: None,
        };
    }
    match String::from_utf8(bytes) {
        Ok(text) => FileText::Text(without_bom(text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let latin1: String = bytes.iter().map(|&b| b as char).collect();
            let byte = bytes[at];
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let quote = String::from_utf8_lossy(&bytes).into_owned();
            let looks_latin1 = (0xa0..=0xff).contains(&byte) || (0x80..0xa0).contains(&byte);
            let (message, help) = if looks_latin1 {
                (
                    format!(
                        "`{name}` is not UTF-8: it looks like Latin-1 or Windows-1252 (byte 0x{byte:02X} at offset {at}, `{}` in Latin-1)",
                        byte as char
                    ),
                    format!(
                        "save it as UTF-8 (in most editors under \"Save with encoding\"), or run `iconv -f WINDOWS-1252 -t UTF-8 {name} > converted.ron`"
                    ),
                )
            } else {
                (
                    format!("`{name}` is not UTF-8 text (byte 0x{byte:02X} at offset {at})"),
                    "save it as UTF-8 (in most editors under \"Save with encoding\")".to_string(),
                )
            };
            FileText::Unreadable {
                diagnostic: Diagnostic::error("not-utf8", message)
                    .at(file, at..at + '\u{fffd}'.len_utf8(), "this byte is not UTF-8")
                    .help(help)
                    .note(format!("the first byte that is not UTF-8 is on line {line}; nothing in this file is read until it is saved as UTF-8")),
                ids: Some(visible_node_ids(&latin1)),
                quote: Some(quote),
            }
        }
    }
}

/// The node and source ids a text that cannot be loaded declares, as far
/// as they can be seen.
fn visible_node_ids(text: &str) -> Vec<String> {
    let parsed = parse::parse_file(usize::MAX, text);
    parsed
        .nodes
        .into_iter()
        .map(|n| n.record.id.value)
        .chain(parsed.sources.into_iter().map(|s| s.record.id.value))
        .chain(parsed.unread_ids.into_iter().map(|u| u.record))
        .collect()
}

/// A leading byte-order mark becomes three spaces: the same length, so
/// every later byte offset is unchanged, and ron does not choke on it.
fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.replace_range(..'\u{feff}'.len_utf8(), "   ");
    }
    text
}

/// A path relative to the data folder, with `/` between its parts on
/// every system.
pub fn relative_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file hashed a block at a time has the hash of its bytes, for
    /// sizes on both sides of the hash's short-input forms and of the
    /// block size.
    #[test]
    fn a_file_hashed_in_blocks_has_the_hash_of_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.ron");
        for len in [0usize, 1, 17, 240, 241, 4096, (1 << 20) + 3, (3 << 20) - 1] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(
                file_hash(&path).unwrap(),
                content_hash(&bytes),
                "{len} bytes"
            );
        }
    }
}

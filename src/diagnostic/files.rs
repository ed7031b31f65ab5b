//! The table of files diagnostics point into, as codespan reads it, with
//! columns counted in characters by the fast path of [`column_index`].

use std::ops::Range;

use codespan_reporting::files::{self, Files, SimpleFile};

/// The files diagnostics point into: each one's name as shown and its text
/// (empty for a file nothing points into, which need not be kept).
#[derive(Default, Debug, Clone)]
pub struct SourceFiles {
    pub(super) files: Vec<SimpleFile<String, String>>,
}

impl SourceFiles {
    /// Adds a file under the name diagnostics will show; returns its id.
    pub fn add(&mut self, name: String, text: String) -> usize {
        self.files.push(SimpleFile::new(name, text));
        self.files.len() - 1
    }

    /// Gives a file its text, read again because a diagnostic quotes it.
    pub fn set_text(&mut self, file: usize, text: String) {
        if let Some(slot) = self.files.get_mut(file) {
            *slot = SimpleFile::new(slot.name().clone(), text);
        }
    }

    /// Names each file `rename` gives a new name for so, keeping its text
    /// (files read from one place, shown as the user knows them).
    pub fn rename(&mut self, rename: impl Fn(&str) -> Option<String>) {
        for slot in &mut self.files {
            if let Some(name) = rename(slot.name()) {
                *slot = SimpleFile::new(name, slot.source().clone());
            }
        }
    }

    pub fn name(&self, file: usize) -> &str {
        self.files.get(file).map_or("?", |f| f.name().as_str())
    }

    pub fn text(&self, file: usize) -> &str {
        self.files.get(file).map_or("", |f| f.source().as_str())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, file: usize, byte: usize) -> (usize, usize) {
        match self.location(file, byte) {
            Ok(location) => (location.line_number, location.column_number),
            Err(_) => (1, 1),
        }
    }
}

impl<'a> Files<'a> for SourceFiles {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(self.files.get(id).ok_or(files::Error::FileMissing)?.name())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(self
            .files
            .get(id)
            .ok_or(files::Error::FileMissing)?
            .source())
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        self.files
            .get(id)
            .ok_or(files::Error::FileMissing)?
            .line_index((), byte_index)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        self.files
            .get(id)
            .ok_or(files::Error::FileMissing)?
            .line_range((), line_index)
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let source = self.source(id)?;
        let line = self.line_range(id, line_index)?;
        Ok(column_index(source, line, byte_index) + 1)
    }
}

/// [`files::column_index`], the number of characters of the line before
/// `byte`, counted by the standard library's fast `chars().count()` when
/// both ends are character boundaries (always, for spans from the
/// loader): the default checks every byte one by one, which on a line of
/// 50 MB is most of the time a diagnostic takes.
pub(super) fn column_index(source: &str, line: Range<usize>, byte: usize) -> usize {
    let end = byte.min(line.end).min(source.len());
    if line.start >= end {
        0
    } else if source.is_char_boundary(line.start) && source.is_char_boundary(end) {
        source[line.start..end].chars().count()
    } else {
        files::column_index(source, line, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_index_counts_as_codespan_does() {
        let source = "aé\n🚀中x\r\n\nz";
        let lines: Vec<Range<usize>> = {
            let starts: Vec<usize> = files::line_starts(source).collect();
            let mut ends: Vec<usize> = starts[1..].to_vec();
            ends.push(source.len());
            starts.into_iter().zip(ends).map(|(s, e)| s..e).collect()
        };
        for line in lines {
            for byte in 0..source.len() + 3 {
                assert_eq!(
                    column_index(source, line.clone(), byte),
                    files::column_index(source, line.clone(), byte),
                    "{line:?} {byte}"
                );
            }
        }
    }
}

//! Which sheet is which, and which column holds which field: Kumu's names
//! (`Label`, `Type`, `From`, `To`, ...), ours beside them, and those a
//! header mapping file gives for other spreadsheets.
//!
//! The header mapping file is RON:
//!
//! ```ron
//! (
//!     sheets: {"Acteurs": "Elements", "Liens": "Connections"},
//!     elements: {"Nom": "Label", "Catégorie": "Type", "Photo": "-"},
//!     connections: {"De": "From", "Vers": "To", "Montant": "Amount"},
//!     sources: {"Lien": "URL"},
//!     types: {"Entreprise": "Company", "a financé": "Funds"},
//! )
//! ```
//!
//! Every part may be left out; names are compared folded (case, accents
//! and punctuation ignored); `"-"` leaves a column out on purpose.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Finding, Place, quoted};
use strum::VariantNames;

use crate::model::{EdgeKind, NodeKind};
use crate::suggest::fold;

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Elements,
    Connections,
    Sources,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Elements, Role::Connections, Role::Sources];

    pub fn name(self) -> &'static str {
        match self {
            Role::Elements => "Elements",
            Role::Connections => "Connections",
            Role::Sources => "Sources",
        }
    }

    /// The fields its columns may hold, by their header names (the first
    /// is the one to write; the others are read too).
    pub fn fields(self) -> &'static [(Field, &'static [&'static str])] {
        use Field as F;
        match self {
            Role::Elements => &[
                (F::Id, &["ID"]),
                (F::Label, &["Label", "Name"]),
                (F::Type, &["Type", "Kind"]),
                (F::Aliases, &["Aliases", "Alias"]),
                (F::Tags, &["Tags", "Tag"]),
                (F::Description, &["Description"]),
                (F::Date, &["Date"]),
                (F::Start, &["Start Date", "Start"]),
                (F::End, &["End Date", "End"]),
                (F::Jurisdiction, &["Jurisdiction"]),
                (F::Status, &["Status"]),
                (F::Sources, &["Source", "Sources"]),
                (F::Quote, &["Quote"]),
            ],
            Role::Connections => &[
                (F::From, &["From"]),
                (F::To, &["To"]),
                (F::Type, &["Type", "Kind"]),
                (F::Date, &["Date"]),
                (F::Start, &["Start Date", "Start"]),
                (F::End, &["End Date", "End"]),
                (F::Amount, &["Amount"]),
                (F::Currency, &["Currency"]),
                (F::Status, &["Status"]),
                (F::Sources, &["Source", "Sources"]),
                (F::Quote, &["Quote"]),
                (F::Note, &["Note"]),
            ],
            Role::Sources => &[
                (F::Id, &["ID"]),
                (F::Title, &["Title"]),
                (F::Publisher, &["Publisher"]),
                (F::Type, &["Type"]),
                (F::Published, &["Published", "Date"]),
                (F::Url, &["URL", "Link"]),
                (F::Language, &["Language"]),
                (F::Note, &["Note"]),
            ],
        }
    }

    /// The fields a sheet of this role must have a column for.
    pub fn required(self) -> &'static [Field] {
        match self {
            Role::Elements => &[Field::Label, Field::Type],
            Role::Connections => &[Field::From, Field::To, Field::Type],
            Role::Sources => &[Field::Id, Field::Title],
        }
    }

    /// The header a field is written with in this role's sheets.
    pub fn header(self, field: Field) -> &'static str {
        self.fields()
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, names)| names[0])
    }

    fn by_name(name: &str) -> Option<Role> {
        let folded = fold(name);
        Role::ALL.into_iter().find(|role| {
            let own = fold(role.name());
            folded == own || format!("{folded}s") == own
        })
    }
}

/// A field a column may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Id,
    Label,
    Type,
    Aliases,
    Tags,
    Description,
    Date,
    Start,
    End,
    Jurisdiction,
    Status,
    Sources,
    Quote,
    Note,
    From,
    To,
    Amount,
    Currency,
    Title,
    Publisher,
    Published,
    Url,
    Language,
}

/// The names a spreadsheet's sheets, columns and types are read by.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Folded sheet name to role.
    sheets: BTreeMap<String, Role>,
    /// Per role, folded header to field (`None`: left out on purpose).
    headers: BTreeMap<(Role, String), Option<Field>>,
    /// Folded type to the kind's RON name.
    types: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename = "Columns")]
struct MappingFile {
    #[serde(default)]
    sheets: BTreeMap<String, String>,
    #[serde(default)]
    elements: BTreeMap<String, String>,
    #[serde(default)]
    connections: BTreeMap<String, String>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    types: BTreeMap<String, String>,
}

/// The place of a whole text file (`line_column` set when known).
fn text_place(file: &str, line_column: Option<(usize, usize)>) -> Place {
    Place {
        file: file.to_string(),
        sheet: None,
        row: None,
        column: None,
        line_column,
    }
}

impl Columns {
    /// Kumu's names and ours, with nothing mapped.
    pub fn kumu() -> Columns {
        Columns::default()
    }

    /// A header mapping file's names (`file` names it in findings).
    pub fn from_mapping(file: &str, text: &str) -> Result<Columns, Vec<Finding>> {
        let mapping: MappingFile = ron::from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
            .map_err(|e| {
                vec![
                    Finding::error_of(
                        "bad-header",
                        text_place(file, Some((e.span.start.line, e.span.start.col))),
                        format!("the header mapping file cannot be read: {}", e.code),
                    )
                    .help(
                        "it is RON: (sheets: {\"Acteurs\": \"Elements\"}, elements: {\"Nom\": \"Label\"}, \
                         connections: {...}, sources: {...}, types: {\"Entreprise\": \"Company\"})",
                    ),
                ]
            })?;
        let mut columns = Columns::default();
        let mut findings = Vec::new();
        let here = || text_place(file, None);
        for (sheet, role) in &mapping.sheets {
            match Role::by_name(role) {
                Some(role) => {
                    columns.sheets.insert(fold(sheet), role);
                }
                None => findings.push(
                    Finding::error_of(
                        "bad-header",
                        here(),
                        format!(
                            "sheet {} is mapped to {}, which is not a sheet reggraph reads",
                            quoted(sheet),
                            quoted(role)
                        ),
                    )
                    .help("map it to \"Elements\", \"Connections\" or \"Sources\""),
                ),
            }
        }
        for (role, map) in [
            (Role::Elements, &mapping.elements),
            (Role::Connections, &mapping.connections),
            (Role::Sources, &mapping.sources),
        ] {
            for (header, target) in map {
                let field = if target.trim() == "-" {
                    Some(None)
                } else {
                    role.fields()
                        .iter()
                        .find(|(_, names)| names.iter().any(|n| fold(n) == fold(target)))
                        .map(|(f, _)| Some(*f))
                };
                match field {
                    Some(field) => {
                        columns.headers.insert((role, fold(header)), field);
                    }
                    None => findings.push(
                        Finding::error_of(
                            "bad-header",
                            here(),
                            format!(
                                "column {} of {} is mapped to {}, which is not a field of {}",
                                quoted(header),
                                role.name(),
                                quoted(target),
                                role.name()
                            ),
                        )
                        .help(format!(
                            "allowed: {}, or \"-\" to leave it out",
                            allowed(role)
                        )),
                    ),
                }
            }
        }
        for (written, kind) in &mapping.types {
            let name = NodeKind::parse(&squeeze(kind))
                .map(NodeKind::name)
                .or_else(|| EdgeKind::parse(&squeeze(kind)).map(EdgeKind::name));
            match name {
                Some(name) => {
                    columns.types.insert(fold(written), name.to_string());
                }
                None => findings.push(
                    Finding::error_of(
                        "bad-header",
                        here(),
                        format!(
                            "type {} is mapped to {}, which is neither a node kind nor an edge kind",
                            quoted(written),
                            quoted(kind)
                        ),
                    )
                    .help(format!(
                        "node kinds: {}; edge kinds: {}",
                        kinds(NodeKind::VARIANTS),
                        kinds(EdgeKind::VARIANTS)
                    )),
                ),
            }
        }
        if findings.is_empty() {
            Ok(columns)
        } else {
            Err(findings)
        }
    }

    /// A workbook sheet's role, by its name.
    pub fn sheet_role(&self, name: &str) -> Option<Role> {
        self.sheets
            .get(&fold(name))
            .copied()
            .or_else(|| Role::by_name(name))
    }

    /// The field a header names in a sheet of `role`: `Some(None)` when it
    /// is left out on purpose, `None` when it names nothing known.
    pub fn field(&self, role: Role, header: &str) -> Option<Option<Field>> {
        let folded = fold(header);
        if let Some(mapped) = self.headers.get(&(role, folded.clone())) {
            return Some(*mapped);
        }
        role.fields()
            .iter()
            .find(|(_, names)| names.iter().any(|n| fold(n) == folded))
            .map(|(f, _)| Some(*f))
    }

    /// A type as the spreadsheet writes it, mapped to a kind's name when
    /// the mapping file maps it.
    pub fn kind_name<'a>(&'a self, written: &'a str) -> &'a str {
        self.types
            .get(&fold(written))
            .map_or(written, String::as_str)
    }

    /// Whether the mapping file names a column of `role` (for the role of
    /// a CSV file told by its headers).
    pub(crate) fn knows(&self, role: Role, header: &str) -> bool {
        matches!(self.field(role, header), Some(Some(_)))
    }
}

/// The headers a sheet of `role` may have, for help texts.
pub fn allowed(role: Role) -> String {
    role.fields()
        .iter()
        .map(|(_, names)| names[0])
        .collect::<Vec<_>>()
        .join(", ")
}

fn kinds(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| crate::model::kebab(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `Public Body` as `PublicBody`, for the vocabulary's parsers (which
/// already ignore case, `-` and `_`).
pub(crate) fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kumu_names_and_ours_are_read_folded() {
        let columns = Columns::kumu();
        assert_eq!(
            columns.field(Role::Elements, "label"),
            Some(Some(Field::Label))
        );
        assert_eq!(
            columns.field(Role::Elements, "Start Date"),
            Some(Some(Field::Start))
        );
        assert_eq!(
            columns.field(Role::Connections, "FROM"),
            Some(Some(Field::From))
        );
        assert_eq!(columns.field(Role::Elements, "Image"), None);
        assert_eq!(columns.sheet_role("connections"), Some(Role::Connections));
        assert_eq!(columns.sheet_role("Element"), Some(Role::Elements));
        assert_eq!(columns.sheet_role("Notes"), None);
    }

    #[test]
    fn a_mapping_file_renames_and_leaves_out() {
        let columns = Columns::from_mapping(
            "map.ron",
            r#"(sheets: {"Acteurs": "Elements"}, elements: {"Nom": "Label", "Photo": "-"}, types: {"Entreprise": "company"})"#,
        )
        .unwrap();
        assert_eq!(columns.sheet_role("ACTEURS"), Some(Role::Elements));
        assert_eq!(
            columns.field(Role::Elements, "nom"),
            Some(Some(Field::Label))
        );
        assert_eq!(columns.field(Role::Elements, "Photo"), Some(None));
        assert_eq!(columns.kind_name("entreprise"), "Company");
    }

    #[test]
    fn a_bad_mapping_file_says_where_and_what_is_allowed() {
        let bad = Columns::from_mapping("map.ron", "(elements: {\"Nom\": \"Lable\"})").unwrap_err();
        assert!(bad[0].message.contains("\"Lable\""), "{bad:?}");
        assert!(bad[0].help.as_deref().unwrap().contains("Label"));
        let bad = Columns::from_mapping("map.ron", "(\n  elemnts: {})").unwrap_err();
        assert_eq!(bad[0].place.line_column, Some((2, 3)));
    }
}

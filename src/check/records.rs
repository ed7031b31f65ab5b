//! The rules over one file's records: everything that can be checked
//! without the other files (ids are slugs, kinds are in the vocabulary,
//! dates are real, periods are in order, amounts are complete, text holds
//! no control character). Each record that passes becomes a typed record;
//! the rules that need every file are in [`super::references`].

use std::ops::Range;
use std::str::FromStr;

use strum::VariantNames;

use crate::diagnostic::{Diagnostic, shown};
use crate::load::parse::{ParsedFile, forbidden_character, record_exact};
use crate::load::raw::{Located, RawEdge, RawMoney, RawNode, RawPeriod, RawSource};
use crate::load::spanned::{Ident, Spanned};
use crate::model::{
    Currency, Dataset, Edge, EdgeKind, Milestone, Money, MoneyStatus, Node, NodeKind, PartialDate,
    Period, RegulationStatus, Source, Stage,
};
use crate::suggest;

/// A declared id whose record did not pass: references to it are not
/// errors of their own (the record's error says what to fix).
#[derive(Debug, Clone)]
pub struct LeftOut {
    pub id: String,
    /// The node's kind, if it could be read (edges to it are still checked
    /// against it).
    pub kind: Option<NodeKind>,
    /// Its place among the file's parsed records.
    pub raw: u32,
    /// The sources it cites and, for a node, its jurisdiction: references
    /// are checked whether or not the record passed.
    pub sources: Vec<String>,
    pub jurisdiction: Option<String>,
}

/// An edge whose record did not pass, with what it refers to.
#[derive(Debug, Clone)]
pub struct LeftOutEdge {
    pub raw: u32,
    pub from: String,
    pub to: String,
    pub kind: Option<EdgeKind>,
    pub sources: Vec<String>,
}

/// One file, checked on its own.
#[derive(Debug, Default)]
pub struct CheckedFile {
    /// The records that passed.
    pub dataset: Dataset,
    /// For each record kept, its place among the file's parsed records,
    /// to find it again when a rule across files has something to say.
    pub source_raw: Vec<u32>,
    pub node_raw: Vec<u32>,
    pub edge_raw: Vec<u32>,
    pub left_out_sources: Vec<LeftOut>,
    pub left_out_nodes: Vec<LeftOut>,
    pub left_out_edges: Vec<LeftOutEdge>,
    /// Ids seen in records that could not be parsed, with where.
    pub unread_ids: Vec<Located<String>>,
    /// How many records could not be read at all.
    pub unread_records: usize,
    /// What reading the file found (syntax), then what the rules found.
    pub read_diagnostics: Vec<Diagnostic>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the records parsed from one file (`text` is the file's text, to
/// read a record again with exact spans when a rule has something to say
/// about it).
pub fn check_file(file: usize, text: &str, parsed: ParsedFile) -> CheckedFile {
    let ParsedFile {
        sources,
        nodes,
        edges,
        diagnostics,
        unread_ids,
        unread_records,
    } = parsed;
    let mut out = CheckedFile {
        read_diagnostics: diagnostics,
        unread_ids,
        unread_records,
        ..CheckedFile::default()
    };
    out.dataset.sources.reserve(sources.len());
    for (raw, located) in sources.into_iter().enumerate() {
        match exactly(file, text, &mut out.diagnostics, located, |c, r| {
            c.source(r)
        }) {
            Ok(source) => {
                out.dataset.sources.push(source);
                out.source_raw.push(raw as u32);
            }
            Err(record) => out.left_out_sources.push(LeftOut {
                id: record.id.value,
                kind: None,
                raw: raw as u32,
                sources: Vec::new(),
                jurisdiction: None,
            }),
        }
    }
    out.dataset.nodes.reserve(nodes.len());
    out.node_raw.reserve(nodes.len());
    for (raw, located) in nodes.into_iter().enumerate() {
        match exactly(file, text, &mut out.diagnostics, located, |c, r| c.node(r)) {
            Ok(node) => {
                out.dataset.nodes.push(node);
                out.node_raw.push(raw as u32);
            }
            Err(record) => out.left_out_nodes.push(LeftOut {
                kind: record.kind.value.0.parse().ok(),
                id: record.id.value,
                raw: raw as u32,
                sources: record.sources.into_iter().map(|s| s.value).collect(),
                jurisdiction: record.jurisdiction.map(|j| j.value),
            }),
        }
    }
    out.dataset.edges.reserve(edges.len());
    out.edge_raw.reserve(edges.len());
    for (raw, located) in edges.into_iter().enumerate() {
        match exactly(file, text, &mut out.diagnostics, located, |c, r| c.edge(r)) {
            Ok(edge) => {
                out.dataset.edges.push(edge);
                out.edge_raw.push(raw as u32);
            }
            Err(record) => out.left_out_edges.push(LeftOutEdge {
                raw: raw as u32,
                kind: record.kind.value.0.parse().ok(),
                from: record.from.value,
                to: record.to.value,
                sources: record.sources.into_iter().map(|s| s.value).collect(),
            }),
        }
    }
    out
}

/// Applies `rules` to a record; if they have anything to say, applies them
/// again to the record read with exact spans (the quick reading places
/// structures only roughly), so every diagnostic points at the right text.
fn exactly<R: serde::de::DeserializeOwned, T>(
    file: usize,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
    located: Located<R>,
    rules: impl for<'r> Fn(&mut Rules<'r>, R) -> Result<T, Box<R>>,
) -> Result<T, Box<R>> {
    let span = located.span.clone();
    let mut first = Rules::new(file, text, span.clone());
    let result = rules(&mut first, located.record);
    if first.diagnostics.is_empty() {
        return result;
    }
    let mut exact = Rules::new(file, text, span.clone());
    let result = match record_exact::<R>(text, span) {
        Some(record) => rules(&mut exact, record),
        None => {
            exact = first;
            result
        }
    };
    diagnostics.append(&mut exact.diagnostics);
    result
}

/// The per-file rules, applied to one record; pushes what it finds.
struct Rules<'t> {
    file: usize,
    /// The file's text and the record's bytes in it, to find an escape.
    text: &'t str,
    record: Range<usize>,
    diagnostics: Vec<Diagnostic>,
}

/// Whether `text` is a lowercase slug (`mistral-ai`).
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

impl Rules<'_> {
    fn new<'t>(file: usize, text: &'t str, record: Range<usize>) -> Rules<'t> {
        Rules {
            file,
            text,
            record,
            diagnostics: Vec::new(),
        }
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn source(&mut self, record: RawSource) -> Result<Source, Box<RawSource>> {
        let mut ok = self.slug(&record.id, "source");
        let published = record
            .published
            .as_ref()
            .and_then(|d| self.date(d, &mut ok));
        let texts = [
            Some(&record.title),
            record.publisher.as_ref(),
            record.url.as_ref(),
            record.language.as_ref(),
            record.note.as_ref(),
        ];
        ok &= self.clean_text(
            record.id.span.clone(),
            texts.into_iter().flatten().map(String::as_str),
        );
        if !ok {
            return Err(Box::new(record));
        }
        Ok(Source {
            id: record.id.value,
            title: record.title,
            publisher: record.publisher,
            published,
            url: record.url,
            language: record.language,
            note: record.note,
        })
    }

    /// Reports a control character or noncharacter in decoded text (one
    /// written as an escape such as `\u{1b}`; one written as it is was
    /// reported at its place while parsing). True if there is none.
    fn clean_text<'a>(&mut self, at: Range<usize>, texts: impl Iterator<Item = &'a str>) -> bool {
        for text in texts {
            let suspicious = text.bytes().any(|b| b < 0x20 || b == 0x7f || b >= 0xc2);
            if !suspicious {
                continue;
            }
            if let Some((c, name)) = text
                .chars()
                .find_map(|c| forbidden_character(c).map(|n| (c, n)))
            {
                let (span, label) = match self.escape_of(c) {
                    Some(span) => (span, "this escape"),
                    None => (at, "in this record"),
                };
                self.push(
                    Diagnostic::error("control-character", format!("this record's text holds {name}"))
                        .at(self.file, span, label)
                        .help("remove the escape: text may hold tabs and line breaks, but no other control character")
                        .note("this record is left out of the graph until it is fixed"),
                );
                return false;
            }
        }
        true
    }

    /// Where the record writes `c` as an escape (`\u{1b}`, `\x1b`).
    fn escape_of(&self, c: char) -> Option<Range<usize>> {
        let record = self.text.get(self.record.clone())?;
        let mut from = 0;
        while let Some(found) = record[from..].find('\\') {
            let at = from + found;
            let rest = &record[at + 1..];
            let (digits, len) = if let Some(hex) = rest.strip_prefix("u{") {
                let close = hex.find('}')?;
                (&hex[..close], 2 + close + 2)
            } else if let Some(hex) = rest.strip_prefix('x') {
                (hex.get(..2).unwrap_or(""), 4)
            } else {
                // `\\` and other escapes: skip the escaped character.
                from = at + 1 + rest.chars().next().map_or(0, char::len_utf8);
                continue;
            };
            if u32::from_str_radix(digits, 16).ok() == Some(c as u32) {
                let start = self.record.start + at;
                return Some(start..start + len);
            }
            from = at + 1;
        }
        None
    }

    fn node(&mut self, record: RawNode) -> Result<Node, Box<RawNode>> {
        let mut ok = self.slug(&record.id, "node");
        let kind = self.vocabulary::<NodeKind>(&record.kind, "node kind", NodeKind::VARIANTS);
        ok &= kind.is_some();
        if record.name.value.trim().is_empty() {
            self.push(
                Diagnostic::error("empty-name", "a node's name cannot be empty")
                    .at(self.file, record.name.span.clone(), "empty name")
                    .help("write the name people know it by: `name: \"Mistral AI\"`"),
            );
            ok = false;
        }
        let (date, period) = self.when(&record.date, &record.period, &mut ok);
        let status = record.status.as_ref().and_then(|s| {
            let status = self.vocabulary::<RegulationStatus>(
                s,
                "regulation status",
                RegulationStatus::VARIANTS,
            );
            ok &= status.is_some();
            status
        });
        let mut milestones = Vec::new();
        for m in &record.milestones {
            let stage =
                self.vocabulary::<Stage>(&m.value.stage, "milestone stage", Stage::VARIANTS);
            let date = self.date(&m.value.date, &mut ok);
            let actual = m.value.actual.unwrap_or(true);
            if let Some(date) = date
                && actual
                && date.first_day() > crate::query::today()
            {
                self.push(
                    Diagnostic::warning(
                        "future-milestone",
                        format!(
                            "this milestone is dated {date}, after today, but counts as reached"
                        ),
                    )
                    .at(self.file, m.value.date.span.clone(), "in the future")
                    .help("add `actual: false` until it has happened (a date set in advance)"),
                );
            }
            if let (Some(stage), Some(date)) = (stage, date) {
                milestones.push(Milestone {
                    stage,
                    date,
                    actual,
                    note: m.value.note.clone(),
                    sources: m.value.sources.iter().map(|s| s.value.clone()).collect(),
                });
            } else {
                ok = false;
            }
        }
        if let Some(kind) = kind
            && kind != NodeKind::Regulation
        {
            if let Some(m) = record.milestones.first() {
                self.push(
                    Diagnostic::error(
                        "not-a-regulation",
                        format!(
                            "milestones are for regulations, and `{}` is a {}",
                            record.id.value,
                            kind.label()
                        ),
                    )
                    .at(self.file, m.span.clone(), "milestone on a non-regulation")
                    .help("use `kind: Regulation`, or record the step as an event node"),
                );
                ok = false;
            }
            if let Some(s) = &record.status {
                self.push(
                    Diagnostic::error(
                        "not-a-regulation",
                        format!(
                            "a status is for regulations, and `{}` is a {}",
                            record.id.value,
                            kind.label()
                        ),
                    )
                    .at(self.file, s.span.clone(), "status on a non-regulation")
                    .help("remove `status`, or use `kind: Regulation`"),
                );
                ok = false;
            }
        }
        if record.sources.is_empty() {
            self.push(uncited(
                self.file,
                record.id.span.clone(),
                format!("node \"{}\"", record.id.value),
            ));
        }
        let texts = std::iter::once(record.name.value.as_str())
            .chain(record.aliases.iter().map(|a| a.value.as_str()))
            .chain(record.description.as_deref())
            .chain(record.tags.iter().map(String::as_str))
            .chain(record.quote.as_deref())
            .chain(
                record
                    .milestones
                    .iter()
                    .filter_map(|m| m.value.note.as_deref()),
            );
        ok &= self.clean_text(record.id.span.clone(), texts);
        let Some(kind) = kind.filter(|_| ok) else {
            return Err(Box::new(record));
        };
        Ok(Node {
            id: record.id.value,
            kind,
            name: record.name.value,
            aliases: values(record.aliases),
            description: record.description,
            tags: exact(record.tags),
            date,
            period,
            jurisdiction: record.jurisdiction.map(|j| j.value),
            status,
            milestones: exact(milestones),
            sources: values(record.sources),
            quote: record.quote,
        })
    }

    fn edge(&mut self, record: RawEdge) -> Result<Edge, Box<RawEdge>> {
        let mut ok = true;
        let kind = self.vocabulary::<EdgeKind>(&record.kind, "edge kind", EdgeKind::VARIANTS);
        ok &= kind.is_some();
        let (date, period) = self.when(&record.date, &record.period, &mut ok);
        let amount = match (&record.amount, kind) {
            (Some(amount), Some(kind)) if !kind.carries_money() => {
                self.push(
                    Diagnostic::error(
                        "amount-not-allowed",
                        format!(
                            "{} `{}` edge cannot carry an amount",
                            suggest::article(kind.name()),
                            kind.name()
                        ),
                    )
                    .at(self.file, amount.span.clone(), "amount on a non-money edge")
                    .help("money moves along Funds, Invests, Finances and Raises edges"),
                );
                ok = false;
                None
            }
            (Some(amount), _) => {
                let money = self.money(amount);
                ok &= money.is_some();
                money
            }
            (None, _) => None,
        };
        if record.sources.is_empty() {
            self.push(uncited(
                self.file,
                record.kind.span.clone(),
                format!("edge \"{}\" -> \"{}\"", record.from.value, record.to.value),
            ));
        }
        let texts = [record.quote.as_deref(), record.note.as_deref()];
        ok &= self.clean_text(record.kind.span.clone(), texts.into_iter().flatten());
        let Some(kind) = kind.filter(|_| ok) else {
            return Err(Box::new(record));
        };
        Ok(Edge {
            from: record.from.value,
            kind,
            to: record.to.value,
            date,
            period,
            amount,
            sources: values(record.sources),
            quote: record.quote,
            note: record.note,
        })
    }

    /// Checks a lowercase-slug id.
    fn slug(&mut self, id: &Spanned<String>, what: &str) -> bool {
        let text = &id.value;
        let valid = is_slug(text);
        if !valid {
            let slug = suggest::fold(text).replace(' ', "-");
            let mut d = Diagnostic::error(
                "invalid-id",
                format!("{what} id \"{}\" is not a lowercase slug", shown(text)),
            )
            .at(self.file, id.span.clone(), "not a slug")
            .note("ids use lowercase ASCII letters and digits separated by single hyphens");
            if !slug.is_empty() {
                d = d.help(format!(
                    "write it \"{}\", and keep the display form in `name`",
                    shown(&slug)
                ));
            }
            self.push(d);
        }
        valid
    }

    /// Parses a name from the vocabulary, or explains the allowed values.
    fn vocabulary<T: FromStr>(
        &mut self,
        ident: &Spanned<Ident>,
        what: &str,
        variants: &'static [&'static str],
    ) -> Option<T> {
        if let Ok(value) = ident.value.0.parse() {
            return Some(value);
        }
        let found = &ident.value.0;
        let mut d = Diagnostic::error("unknown-variant", format!("unknown {what} `{found}`")).at(
            self.file,
            ident.span.clone(),
            format!("not {} {what}", crate::suggest::article(what)),
        );
        if let Some(best) = suggest::closest(found, variants.iter().copied()) {
            d = d.help(format!("did you mean `{best}`?"));
        }
        self.push(d.note(format!("allowed: {}", variants.join(", "))));
        None
    }

    fn date(&mut self, date: &Spanned<String>, ok: &mut bool) -> Option<PartialDate> {
        match date.value.parse::<PartialDate>() {
            Ok(date) => Some(date),
            Err(e) => {
                let (code, help) = match e {
                    crate::model::DateError::Malformed(_) => (
                        "invalid-date",
                        "write dates as \"2023\", \"2023-06\" or \"2023-06-14\"",
                    ),
                    crate::model::DateError::Impossible { .. } => (
                        "impossible-date",
                        "check the day and month; keep only the part you are sure of (\"2023-02\")",
                    ),
                };
                self.push(
                    Diagnostic::error(code, e.to_string())
                        .at(self.file, date.span.clone(), "not a valid date")
                        .help(help),
                );
                *ok = false;
                None
            }
        }
    }

    /// Checks a fact's time: a date or a period (not both), start before end.
    fn when(
        &mut self,
        date: &Option<Spanned<String>>,
        period: &Option<Spanned<RawPeriod>>,
        ok: &mut bool,
    ) -> (Option<PartialDate>, Option<Period>) {
        if let (Some(date), Some(period)) = (date, period) {
            self.push(
                Diagnostic::error("date-and-period", "a fact has a date or a period, not both")
                    .at(self.file, period.span.clone(), "period given here")
                    .also(self.file, date.span.clone(), "and a date here")
                    .help("use `date` for a point in time, `period: (start: ..., end: ...)` for a span"),
            );
            *ok = false;
        }
        let date = date.as_ref().and_then(|d| self.date(d, ok));
        let period = period.as_ref().and_then(|p| {
            let start = self.date(&p.value.start, ok)?;
            let end = match &p.value.end {
                Some(end) => Some(self.date(end, ok)?),
                None => None,
            };
            if let (Some(end_date), Some(end_span)) = (end, &p.value.end)
                && end_date.last_day() < start.first_day()
            {
                self.push(
                    Diagnostic::error(
                        "period-order",
                        format!("this period ends ({end_date}) before it starts ({start})"),
                    )
                    .at(self.file, end_span.span.clone(), "end is before the start")
                    .also(self.file, p.value.start.span.clone(), "start")
                    .help("swap `start` and `end`, or fix the year"),
                );
                *ok = false;
                return None;
            }
            Some(Period { start, end })
        });
        (date, period)
    }

    fn money(&mut self, amount: &Spanned<RawMoney>) -> Option<Money> {
        let RawMoney {
            value,
            currency,
            status,
        } = &amount.value;
        let currency = match currency {
            None => {
                self.push(
                    Diagnostic::error("missing-currency", format!("the amount {value} has no currency"))
                        .at(self.file, amount.span.clone(), "which currency?")
                        .help(format!(
                            "add an ISO 4217 code: `amount: (value: {value}, currency: \"EUR\", status: {})`",
                            status.as_ref().map_or("Secured", |s| s.value.0.as_str())
                        )),
                );
                None
            }
            Some(code) => match Currency::from_code(&code.value) {
                Some(currency) => Some(currency),
                None => {
                    let upper = code.value.trim().to_uppercase();
                    let help = match Currency::from_code(&upper) {
                        Some(_) => format!("write the ISO 4217 code in capitals: \"{upper}\""),
                        None => "use an ISO 4217 code such as \"EUR\" or \"USD\"".to_string(),
                    };
                    self.push(
                        Diagnostic::error(
                            "unknown-currency",
                            format!("unknown currency \"{}\"", code.value),
                        )
                        .at(self.file, code.span.clone(), "not an ISO 4217 code")
                        .help(help),
                    );
                    None
                }
            },
        };
        let status = match status {
            None => {
                self.push(
                    Diagnostic::error(
                        "missing-money-status",
                        "an amount must say whether it is secured, pledged or a target",
                    )
                    .at(
                        self.file,
                        amount.span.clone(),
                        "secured, pledged or target?",
                    )
                    .help("add `status: Secured`, `status: Pledged` or `status: Target`"),
                );
                None
            }
            Some(status) => {
                self.vocabulary::<MoneyStatus>(status, "money status", MoneyStatus::VARIANTS)
            }
        };
        Some(Money {
            value: *value,
            currency: currency?,
            status: status?,
        })
    }
}

/// The values of a list read with their spans, in a list of exactly their
/// number: lists read by ron grow by doubling (a list of one holds room for
/// four), and a million records would keep that room for good.
fn values(list: Vec<Spanned<String>>) -> Vec<String> {
    let mut out = Vec::with_capacity(list.len());
    out.extend(list.into_iter().map(|s| s.value));
    out
}

/// A list with no room to spare (see [`values`]).
fn exact<T>(mut list: Vec<T>) -> Vec<T> {
    list.shrink_to_fit();
    list
}

fn uncited(file: usize, span: Range<usize>, what: String) -> Diagnostic {
    Diagnostic::warning("uncited", format!("{what} cites no source"))
        .at(file, span, "no source")
        .help("add `sources: [\"source-id\"]` naming where this fact comes from")
}

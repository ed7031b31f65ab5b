//! The rules of each kind of record: what a source, a node or an edge
//! must hold to become a typed record, pushed as diagnostics.

use std::ops::Range;

use strum::VariantNames;

use super::Rules;
use crate::diagnostic::Diagnostic;
use crate::load::raw::{RawAlternative, RawCitation, RawEdge, RawNode, RawSource};
use crate::load::spanned::Spanned;
use crate::model::{
    Alternative, Citation, Edge, EdgeKind, Milestone, Money, Node, NodeKind, PartialDate, Rank,
    RegulationStatus, Sector, Source, SourceType, Stage,
};
use crate::suggest;

impl Rules<'_> {
    pub(super) fn source(&mut self, record: RawSource) -> Result<Source, Box<RawSource>> {
        let mut ok = self.slug(&record.id, "source");
        let source_type = record.source_type.as_ref().and_then(|t| {
            let source_type = self.vocabulary::<SourceType>(t, "source type", SourceType::VARIANTS);
            ok &= source_type.is_some();
            source_type
        });
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
            source_type,
            published,
            url: record.url,
            language: record.language,
            note: record.note,
        })
    }

    pub(super) fn node(&mut self, record: RawNode) -> Result<Node, Box<RawNode>> {
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
            if let Some(date) = date
                && !actual
                && date.last_day() < crate::query::today()
            {
                self.push(
                    Diagnostic::warning(
                        "planned-milestone-passed",
                        format!(
                            "this milestone was planned for {date}, which has passed, and is not confirmed"
                        ),
                    )
                    .at(self.file, m.value.date.span.clone(), "planned, and passed")
                    .help("if it happened, remove `actual: false` and cite a source that says so; if it was put off, move it to its new date, with a source")
                    .note("`actual: false` marks a date set in advance, to be confirmed once it has come"),
                );
            }
            let citations = self.citations(&m.value.citations, &mut ok);
            if let (Some(stage), Some(date)) = (stage, date) {
                milestones.push(Milestone {
                    stage,
                    date,
                    actual,
                    scope: m.value.scope.clone(),
                    note: m.value.note.clone(),
                    sources: every_source(&m.value.sources, &citations, &[]),
                    citations,
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
        let sector = record.sector.as_ref().and_then(|s| {
            let sector = self.vocabulary::<Sector>(s, "sector", Sector::VARIANTS);
            ok &= sector.is_some();
            sector
        });
        let budget = record.budget.as_ref().and_then(|b| {
            let money = self.money(b);
            ok &= money.is_some();
            money
        });
        let citations = self.citations(&record.citations, &mut ok);
        let alternatives = self.alternatives(&record.alternatives, &mut ok);
        ok &= self.contested(
            &record.alternatives,
            &alternatives,
            &Written {
                date: date.zip(record.date.as_ref().map(|d| d.span.clone())),
                amount: None,
                period: record.period.is_some(),
                money: false,
            },
        );
        let date = date.or_else(|| preferred(&alternatives).and_then(|a| a.date));
        if record.sources.is_empty() && every_source(&[], &citations, &alternatives).is_empty() {
            self.push(uncited(
                self.file,
                record.id.span.clone(),
                format!("node \"{}\"", record.id.value),
            ));
        }
        if let Some(d) = quote_whose(
            self.file,
            record.quote.as_ref(),
            &every_source(&record.sources, &citations, &alternatives),
            &citations,
            || format!("node \"{}\"", record.id.value),
        ) {
            self.push(d);
        }
        let texts = std::iter::once(record.name.value.as_str())
            .chain(record.aliases.iter().map(|a| a.value.as_str()))
            .chain(record.description.as_deref())
            .chain(record.tags.iter().map(String::as_str))
            .chain(record.quote.as_ref().map(|q| q.value.as_str()))
            .chain(record.milestones.iter().flat_map(|m| {
                m.value
                    .note
                    .as_deref()
                    .into_iter()
                    .chain(m.value.scope.as_deref())
            }))
            .chain(citation_texts(&record.citations))
            .chain(alternative_texts(&record.alternatives))
            .chain(
                record
                    .milestones
                    .iter()
                    .flat_map(|m| citation_texts(&m.value.citations)),
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
            sector,
            budget,
            milestones: exact(milestones),
            sources: every_source(&record.sources, &citations, &alternatives),
            quote: record.quote.map(|q| q.value),
            citations: exact(citations),
            alternatives: exact(alternatives),
        })
    }

    pub(super) fn edge(&mut self, record: RawEdge) -> Result<Edge, Box<RawEdge>> {
        let mut ok = true;
        if let Some(id) = &record.id {
            ok &= self.slug(id, "edge");
        }
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
        let citations = self.citations(&record.citations, &mut ok);
        let alternatives = self.alternatives(&record.alternatives, &mut ok);
        ok &= self.contested(
            &record.alternatives,
            &alternatives,
            &Written {
                date: date.zip(record.date.as_ref().map(|d| d.span.clone())),
                amount: amount.zip(record.amount.as_ref().map(|a| a.span.clone())),
                period: record.period.is_some(),
                money: kind.is_some_and(EdgeKind::carries_money),
            },
        );
        let date = date.or_else(|| preferred(&alternatives).and_then(|a| a.date));
        let amount = amount.or_else(|| preferred(&alternatives).and_then(|a| a.amount));
        if record.sources.is_empty() && every_source(&[], &citations, &alternatives).is_empty() {
            self.push(uncited(
                self.file,
                record.kind.span.clone(),
                format!("edge \"{}\" -> \"{}\"", record.from.value, record.to.value),
            ));
        }
        if let Some(d) = quote_whose(
            self.file,
            record.quote.as_ref(),
            &every_source(&record.sources, &citations, &alternatives),
            &citations,
            || format!("edge \"{}\" -> \"{}\"", record.from.value, record.to.value),
        ) {
            self.push(d);
        }
        let texts = [
            record.quote.as_ref().map(|q| q.value.as_str()),
            record.note.as_deref(),
        ];
        let texts = texts
            .into_iter()
            .flatten()
            .chain(citation_texts(&record.citations))
            .chain(alternative_texts(&record.alternatives));
        ok &= self.clean_text(record.kind.span.clone(), texts);
        let Some(kind) = kind.filter(|_| ok) else {
            return Err(Box::new(record));
        };
        Ok(Edge {
            id: record.id.map(|id| id.value),
            from: record.from.value,
            kind,
            to: record.to.value,
            date,
            period,
            amount,
            sources: every_source(&record.sources, &citations, &alternatives),
            quote: record.quote.map(|q| q.value),
            citations: exact(citations),
            alternatives: exact(alternatives),
            note: record.note,
        })
    }

    /// A fact's citations, typed; a bad `retrieved` date is reported and
    /// clears `ok`.
    fn citations(&mut self, list: &[Spanned<RawCitation>], ok: &mut bool) -> Vec<Citation> {
        let mut out = Vec::with_capacity(list.len());
        for c in list {
            let retrieved = c.value.retrieved.as_ref().and_then(|d| self.date(d, ok));
            out.push(Citation {
                source: c.value.source.value.clone(),
                quote: c.value.quote.clone(),
                locator: c.value.locator.clone(),
                retrieved,
            });
        }
        out
    }

    /// A contested fact's values, typed.
    fn alternatives(
        &mut self,
        list: &[Spanned<RawAlternative>],
        ok: &mut bool,
    ) -> Vec<Alternative> {
        let mut out = Vec::with_capacity(list.len());
        for a in list {
            let date: Option<PartialDate> = a.value.date.as_ref().and_then(|d| self.date(d, ok));
            let amount: Option<Money> = a.value.amount.as_ref().and_then(|m| {
                let money = self.money(m);
                *ok &= money.is_some();
                money
            });
            let rank = match &a.value.rank {
                Some(r) => {
                    let rank = self.vocabulary::<Rank>(r, "rank", Rank::VARIANTS);
                    *ok &= rank.is_some();
                    rank.unwrap_or_default()
                }
                None => Rank::Normal,
            };
            let citations = self.citations(&a.value.citations, ok);
            out.push(Alternative {
                date,
                amount,
                rank,
                citations,
                note: a.value.note.clone(),
            });
        }
        out
    }
}

/// The alternative queries answer with: the `Preferred` one, or the
/// first when they all give the same value.
fn preferred(alternatives: &[Alternative]) -> Option<&Alternative> {
    let agree = alternatives
        .iter()
        .all(|a| a.date == alternatives[0].date && a.amount == alternatives[0].amount);
    alternatives
        .iter()
        .find(|a| a.rank == Rank::Preferred)
        .or_else(|| alternatives.first().filter(|_| agree))
}

/// What a fact writes itself, against which its alternatives are checked.
struct Written {
    /// Its own `date`, with where it is written.
    date: Option<(PartialDate, Range<usize>)>,
    /// Its own `amount`, with where it is written.
    amount: Option<(Money, Range<usize>)>,
    /// Whether it has a `period` (then no date can stand for it).
    period: bool,
    /// Whether it is an edge that moves money.
    money: bool,
}

impl Rules<'_> {
    /// The rules of a contested fact's alternatives: each gives a value of
    /// the fact's kind and cites a source; when their values differ,
    /// exactly one is `Preferred`; a value the fact writes itself is the
    /// preferred one's. `false` if any is broken.
    fn contested(
        &mut self,
        raw: &[Spanned<RawAlternative>],
        typed: &[Alternative],
        written: &Written,
    ) -> bool {
        let mut ok = true;
        for (a, t) in raw.iter().zip(typed) {
            if a.value.date.is_none() && a.value.amount.is_none() {
                self.push(
                    Diagnostic::error("alternative-value", "this alternative gives no value")
                        .at(self.file, a.span.clone(), "no `date`, no `amount`")
                        .help("write the date or the amount this source gives: `(date: \"2023-06-13\", citations: [...])`"),
                );
                ok = false;
            }
            if let Some(amount) = &a.value.amount
                && !written.money
            {
                self.push(
                    Diagnostic::error(
                        "alternative-value",
                        "an alternative amount on a fact that carries no amount",
                    )
                    .at(self.file, amount.span.clone(), "amount")
                    .help("amounts are for Funds, Invests, Finances and Raises edges; an alternative here can give a date"),
                );
                ok = false;
            }
            if let Some(date) = &a.value.date
                && written.period
            {
                self.push(
                    Diagnostic::error(
                        "alternative-value",
                        "an alternative date on a fact that has a period",
                    )
                    .at(self.file, date.span.clone(), "date")
                    .help("a date cannot stand for a period: give the fact a `date`, or leave this alternative out"),
                );
                ok = false;
            }
            if t.citations.is_empty() {
                self.push(
                    Diagnostic::error("uncited-alternative", "this alternative cites no source")
                        .at(self.file, a.span.clone(), "no citations")
                        .help("say who gives this value: `citations: [(source: \"id\", quote: \"...\")]`")
                        .note("a contested value is only as good as the source that gives it"),
                );
                ok = false;
            }
        }
        let differ = typed
            .iter()
            .any(|a| a.date != typed[0].date || a.amount != typed[0].amount);
        let marked: Vec<usize> = (0..typed.len())
            .filter(|&i| typed[i].rank == Rank::Preferred)
            .collect();
        if differ && marked.len() != 1 {
            let (span, label) = match marked.get(1) {
                Some(&second) => (
                    raw[second]
                        .value
                        .rank
                        .as_ref()
                        .map_or(raw[second].span.clone(), |r| r.span.clone()),
                    "a second `Preferred`",
                ),
                None => (raw[0].span.clone(), "none of these is `Preferred`"),
            };
            self.push(
                Diagnostic::error(
                    "preferred-value",
                    format!(
                        "the alternatives give different values, and {} of them is `Preferred`",
                        if marked.is_empty() { "none" } else { "more than one" }
                    ),
                )
                .at(self.file, span, label)
                .help("mark the value queries answer with `rank: Preferred` (exactly one), the others `Normal` or `Deprecated`"),
            );
            ok = false;
        }
        if let Some(p) = preferred(typed).filter(|_| ok) {
            if let (Some((own, span)), Some(chosen)) = (&written.date, p.date)
                && *own != chosen
            {
                self.push(
                    Diagnostic::error(
                        "alternative-disagrees",
                        format!("this date, {own}, is not the preferred alternative's, {chosen}"),
                    )
                    .at(self.file, span.clone(), "not the preferred value")
                    .help(format!(
                        "leave `date` out (the preferred alternative gives it), or write {chosen}"
                    )),
                );
                ok = false;
            }
            if let (Some((own, span)), Some(chosen)) = (&written.amount, &p.amount)
                && own != chosen
            {
                let (own, chosen) = (crate::words::amount(own), crate::words::amount(chosen));
                self.push(
                    Diagnostic::error(
                        "alternative-disagrees",
                        format!("this amount, {own}, is not the preferred alternative's, {chosen}"),
                    )
                    .at(self.file, span.clone(), "not the preferred value")
                    .help(format!(
                        "leave `amount` out (the preferred alternative gives it), or write {chosen}"
                    )),
                );
                ok = false;
            }
        }
        ok
    }
}

/// The sources written in `sources`, then those only citations name (the
/// fact's own, then its alternatives'), each once.
fn every_source(
    sources: &[Spanned<String>],
    citations: &[Citation],
    alternatives: &[Alternative],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(sources.len());
    let cited = citations
        .iter()
        .chain(alternatives.iter().flat_map(|a| &a.citations));
    for id in sources
        .iter()
        .map(|s| &s.value)
        .chain(cited.map(|c| &c.source))
    {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

fn citation_texts(list: &[Spanned<RawCitation>]) -> impl Iterator<Item = &str> {
    list.iter().flat_map(|c| {
        c.value
            .quote
            .as_deref()
            .into_iter()
            .chain(c.value.locator.as_deref())
    })
}

fn alternative_texts(list: &[Spanned<RawAlternative>]) -> impl Iterator<Item = &str> {
    list.iter().flat_map(|a| {
        a.value
            .note
            .as_deref()
            .into_iter()
            .chain(citation_texts(&a.value.citations))
    })
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

/// A `quote` that is nobody's: the fact cites several sources (or has
/// citations of its own) and nothing says which source the words are from,
/// so they are not shown as any source's (see [`crate::model::cited`]).
fn quote_whose(
    file: usize,
    quote: Option<&Spanned<String>>,
    sources: &[String],
    citations: &[Citation],
    what: impl FnOnce() -> String,
) -> Option<Diagnostic> {
    let quote = quote?;
    if sources.len() <= 1 && citations.is_empty() {
        return None;
    }
    let whose = if sources.len() > 1 {
        format!("it cites {} sources", sources.len())
    } else {
        "it has citations".to_string()
    };
    let example = sources.first().map(String::as_str).unwrap_or("source-id");
    Some(
        Diagnostic::warning(
            "quote-whose",
            format!("{} has a quote, and no citation says whose it is ({whose})", what()),
        )
        .at(file, quote.span.clone(), "whose words are these?")
        .help(format!(
            "move the quote into the citation of the source it is from: `citations: [(source: \"{example}\", quote: \"...\")]`, one citation per source"
        ))
        .note("a quote beside several sources is not shown as any one's"),
    )
}

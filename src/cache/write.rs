//! Writing a snapshot: blocks encoded a batch at a time on every core, then
//! the directories and the index, atomically.

use super::*;

pub(super) fn day_parts(day: jiff::civil::Date) -> (i16, i8, i8) {
    (day.year(), day.month(), day.day())
}

pub(super) fn nanos(time: std::time::SystemTime) -> i128 {
    match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// Writes a snapshot of a graph built from data with nothing to report,
/// whose files looked as `stamps` says, atomically, then tidies the cache
/// folder (see [`tidy`]) with the size limit [`max_bytes`] gives.
pub fn write_snapshot(
    path: &Path,
    version: &str,
    stamps: &Stamps,
    graph: &KnowledgeGraph,
    warnings: &[Diagnostic],
) -> std::io::Result<()> {
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(std::io::Error::other("data with errors is not stored"));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::load::write_atomically_with(path, |file| {
        write_blocks(file, version, stamps, graph, warnings)
    })?;
    tidy(path, max_bytes());
    Ok(())
}

/// Encodes items in blocks of `size`, a batch of blocks at a time on every
/// core, and writes them, returning where each block went. Only a batch
/// of items is held at a time.
pub(super) fn put_blocks<T: Sync, S: Serialize>(
    out: &mut std::io::BufWriter<&mut std::fs::File>,
    at: &mut u64,
    items: impl IntoIterator<Item = T>,
    size: usize,
    encode: impl Fn(&[T]) -> S + Sync,
) -> std::io::Result<Vec<BlockRef>> {
    put_raw_blocks(out, at, items, size, |block| {
        postcard::to_stdvec(&encode(block)).map_err(std::io::Error::other)
    })
}

/// [`put_blocks`] of blocks that are their own bytes (the flat arrays).
pub(super) fn put_raw_blocks<T: Sync>(
    out: &mut std::io::BufWriter<&mut std::fs::File>,
    at: &mut u64,
    items: impl IntoIterator<Item = T>,
    size: usize,
    encode: impl Fn(&[T]) -> std::io::Result<Vec<u8>> + Sync,
) -> std::io::Result<Vec<BlockRef>> {
    use rayon::prelude::*;
    let mut items = items.into_iter().peekable();
    let mut refs = Vec::new();
    let mut batch = Vec::with_capacity(size * BATCH);
    while items.peek().is_some() {
        batch.clear();
        batch.extend(items.by_ref().take(size * BATCH));
        let encoded: Vec<Vec<u8>> = batch
            .par_chunks(size)
            .map(&encode)
            .collect::<std::io::Result<_>>()?;
        for bytes in encoded {
            out.write_all(&bytes)?;
            refs.push(BlockRef {
                offset: *at,
                len: bytes.len() as u64,
                checksum: xxh3_64(&bytes),
            });
            *at += bytes.len() as u64;
        }
    }
    Ok(refs)
}

pub(super) fn header(version: &str, index: Option<&BlockRef>) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(64);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&(version.len() as u16).to_le_bytes());
    bytes.extend_from_slice(version.as_bytes());
    let index = index.copied().unwrap_or(BlockRef {
        offset: 0,
        len: 0,
        checksum: 0,
    });
    bytes.extend_from_slice(&index.offset.to_le_bytes());
    bytes.extend_from_slice(&index.len.to_le_bytes());
    bytes.extend_from_slice(&index.checksum.to_le_bytes());
    bytes
}

pub(super) fn write_blocks(
    file: &mut std::fs::File,
    version: &str,
    stamps: &Stamps,
    graph: &KnowledgeGraph,
    warnings: &[Diagnostic],
) -> std::io::Result<()> {
    let data = stamps.folder.as_deref();
    let read_at = nanos(stamps.read_at);
    let files = stamps.files.clone();
    let parts = &stamps.parts;
    // Only a graph built from the files is stored.
    let Some(memory) = graph.petgraph() else {
        return Err(std::io::Error::other(
            "a graph read from a snapshot is not stored again",
        ));
    };
    let nodes = graph.nodes();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let placeholder = header(version, None);
    out.write_all(&placeholder)?;
    let data = data_field(data);
    out.write_all(&data)?;
    let mut at = (placeholder.len() + data.len()) as u64;
    let rank = |n: NodeIndex| graph.id_rank(n);
    let node_blocks = put_raw_blocks(
        &mut out,
        &mut at,
        nodes.iter().copied(),
        NODE_BLOCK,
        |block| {
            let records = block
                .iter()
                .map(|&node| {
                    postcard::to_stdvec(&NodeEntry {
                        position: node.index() as u32,
                        node: SnapNode::of(graph.node(node)),
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(std::io::Error::other)?;
            Ok(columns::record_block(&records))
        },
    )?;
    let first_ids: Vec<&str> = nodes
        .chunks(NODE_BLOCK)
        .map(|block| graph.node(block[0]).id.as_str())
        .collect();
    let mut edges: Vec<EdgeIndex> = graph.edge_indices().collect();
    edges.sort_unstable();
    let edge_blocks = put_raw_blocks(
        &mut out,
        &mut at,
        edges.iter().copied(),
        EDGE_BLOCK,
        |block| {
            let records = block
                .iter()
                .map(|&edge| postcard::to_stdvec(&SnapEdge::of(graph.edge(edge))))
                .collect::<Result<Vec<_>, _>>()
                .map_err(std::io::Error::other)?;
            Ok(columns::record_block(&records))
        },
    )?;
    let name_blocks = put_blocks(&mut out, &mut at, graph.name_index(), NAME_BLOCK, |block| {
        block
            .iter()
            .map(|name| (name.key, name.nodes().map(rank).collect::<Vec<u32>>()))
            .collect::<Vec<_>>()
    })?;
    let first_keys: Vec<&str> = graph
        .name_index()
        .step_by(NAME_BLOCK)
        .map(|name| name.key)
        .collect();
    let sources: Vec<&SourceRecord> = graph.sources().collect();
    let source_count = sources.len() as u64;
    let sources = put_blocks(&mut out, &mut at, &[()], 1, |_| {
        sources
            .iter()
            .map(|s| SnapSource::of(s))
            .collect::<Vec<_>>()
    })?[0];
    let node_rows = put_raw_blocks(
        &mut out,
        &mut at,
        (0..nodes.len()).map(NodeIndex::new),
        COLUMN_ROWS,
        |block| {
            let mut bytes = Vec::with_capacity(block.len() * NODE_ROW);
            for &node in block {
                let record = graph.node(node);
                columns::node_row(
                    &mut bytes,
                    record.kind,
                    !record.milestones.is_empty(),
                    record.budget.is_some(),
                    record.when(),
                    record.sector,
                    rank(node),
                );
            }
            Ok(bytes)
        },
    )?;
    let id_order = put_raw_blocks(&mut out, &mut at, nodes.iter(), COLUMN_ROWS, |block| {
        Ok(block
            .iter()
            .flat_map(|node| (node.index() as u32).to_le_bytes())
            .collect())
    })?;
    let edge_rows = put_raw_blocks(&mut out, &mut at, edges.iter(), COLUMN_ROWS, |block| {
        let mut bytes = Vec::with_capacity(block.len() * EDGE_ROW);
        for &&edge in block {
            let (from, to) = graph.ends(edge);
            let record = graph.edge(edge);
            columns::edge_row(
                &mut bytes,
                from.index() as u32,
                to.index() as u32,
                record.kind,
                record.when(),
            );
        }
        Ok(bytes)
    })?;
    let amounts = put_raw_blocks(&mut out, &mut at, edges.iter(), COLUMN_ROWS, |block| {
        let mut bytes = Vec::with_capacity(block.len() * AMOUNT_ROW);
        for &&edge in block {
            columns::amount_row(&mut bytes, graph.edge(edge).amount);
        }
        Ok(bytes)
    })?;
    let adjacency = put_raw_blocks(
        &mut out,
        &mut at,
        (0..nodes.len()).map(NodeIndex::new),
        ADJACENCY_ROWS,
        |block| {
            Ok(columns::adjacency_block(block.iter().map(|&node| {
                (
                    graph.adjacent(node, Direction::Outgoing),
                    graph.adjacent(node, Direction::Incoming),
                )
            })))
        },
    )?;
    // Sources by their place in id order, for the labels.
    let source_places: FxHashMap<&str, u32> = graph
        .sources()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i as u32))
        .collect();
    let places = |ids: &[String]| -> std::io::Result<Vec<u32>> {
        ids.iter()
            .map(|id| {
                source_places.get(id.as_str()).copied().ok_or_else(|| {
                    std::io::Error::other(format!("source {id} is cited but not declared"))
                })
            })
            .collect()
    };
    let node_labels = put_raw_blocks(
        &mut out,
        &mut at,
        (0..nodes.len()).map(NodeIndex::new),
        COLUMN_ROWS,
        |block| {
            let mut entries = Vec::with_capacity(block.len());
            for &node in block {
                let record = graph.node(node);
                let mut entry = Vec::new();
                columns::node_label(
                    &mut entry,
                    &record.id,
                    &record.name,
                    record.is_contested(),
                    &places(&record.sources)?,
                );
                entries.push(entry);
            }
            Ok(columns::record_block(&entries))
        },
    )?;
    let edge_labels = put_raw_blocks(&mut out, &mut at, edges.iter(), COLUMN_ROWS, |block| {
        let mut entries = Vec::with_capacity(block.len());
        for &&edge in block {
            let record = graph.edge(edge);
            let mut entry = Vec::new();
            columns::edge_label(&mut entry, record.is_contested(), &places(&record.sources)?);
            entries.push(entry);
        }
        Ok(columns::record_block(&entries))
    })?;
    let warnings = put_blocks(&mut out, &mut at, &[()], 1, |_| {
        warnings.iter().map(SnapDiagnostic::of).collect::<Vec<_>>()
    })?[0];
    // Which records are each file's, if that is known and adds up.
    let parts_add_up = parts.len() == files.len()
        && parts.iter().map(|p| p.nodes as usize).sum::<usize>() == nodes.len()
        && parts.iter().map(|p| p.edges as usize).sum::<usize>() == edges.len();
    let parts: &[FilePart] = match parts_add_up {
        true => parts,
        false => &[],
    };
    // How many times each source is cited (by id order), so that an edit
    // of one file can tell whether a source it no longer cites still is.
    let mut cited: FxHashMap<&str, u32> = FxHashMap::default();
    let citing = memory
        .node_weights()
        .flat_map(|n| n.source_ids())
        .chain(memory.edge_weights().flat_map(|e| &e.sources));
    for source in citing {
        *cited.entry(source.as_str()).or_default() += 1;
    }
    let citations: Vec<u32> = graph
        .sources()
        .map(|s| cited.get(s.id.as_str()).copied().unwrap_or(0))
        .collect();
    let parts = put_blocks(&mut out, &mut at, &[()], 1, |_| (parts, &citations))?[0];
    let today = crate::query::today();
    let milestones = || memory.node_weights().flat_map(|n| &n.milestones);
    let mut section = |bytes: Vec<u8>| -> std::io::Result<BlockRef> {
        out.write_all(&bytes)?;
        let place = BlockRef {
            offset: at,
            len: bytes.len() as u64,
            checksum: xxh3_64(&bytes),
        };
        at += bytes.len() as u64;
        Ok(place)
    };
    let index = Index {
        read_at,
        checked_on: day_parts(today),
        // Planned milestones that have not passed yet: those that have are
        // warned about in `warnings`, and stay passed.
        planned_until: milestones()
            .filter(|m| !m.actual)
            .map(|m| m.date.last_day())
            .filter(|&last| last >= today)
            .min()
            .map(day_parts),
        future_until: milestones()
            .filter(|m| m.actual)
            .map(|m| m.date.first_day())
            .filter(|&first| first > today)
            .min()
            .map(day_parts),
        files,
        node_count: nodes.len() as u64,
        edge_count: edges.len() as u64,
        source_count,
        nodes: section(Directory::encode(&node_blocks))?,
        first_ids: section(Keys::encode(&first_ids))?,
        edges: section(Directory::encode(&edge_blocks))?,
        names: section(Directory::encode(&name_blocks))?,
        first_keys: section(Keys::encode(&first_keys))?,
        sources,
        node_rows: section(Directory::encode(&node_rows))?,
        id_order: section(Directory::encode(&id_order))?,
        edge_rows: section(Directory::encode(&edge_rows))?,
        amounts: section(Directory::encode(&amounts))?,
        adjacency: section(Directory::encode(&adjacency))?,
        warnings,
        parts,
        node_labels: section(Directory::encode(&node_labels))?,
        edge_labels: section(Directory::encode(&edge_labels))?,
    };
    let index_bytes = postcard::to_stdvec(&index).map_err(std::io::Error::other)?;
    out.write_all(&index_bytes)?;
    let index_ref = BlockRef {
        offset: at,
        len: index_bytes.len() as u64,
        checksum: xxh3_64(&index_bytes),
    };
    out.seek(SeekFrom::Start(0))?;
    out.write_all(&header(version, Some(&index_ref)))?;
    out.flush()
}

//! Parquet export: one file per table, columns typed from the SQLite schema.
//!
//! Rows stream out in batches, so exporting a large store needs little memory.
//! Internal columns (MinHash signatures, clustering terms) are left out.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{BinaryBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rusqlite::types::ValueRef;

use crate::schema::EXPORT_TABLES;
use crate::{CorpusError, Result, Store};

/// Rows per Arrow record batch.
const BATCH_ROWS: usize = 8192;

/// Columns that only the store's own algorithms use.
const INTERNAL: &[(&str, &str)] = &[
    ("documents", "minhash"),
    ("documents", "terms"),
    ("documents", "actors"),
    ("documents", "df_counted"),
    ("stories", "centroid"),
    ("errors", "hash"),
];

/// One exported file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Exported {
    pub table: String,
    pub path: PathBuf,
    pub rows: u64,
}

enum Col {
    Int(Int64Builder),
    Real(Float64Builder),
    Text(StringBuilder),
    Blob(BinaryBuilder),
}

fn push(col: &mut Col, v: ValueRef<'_>) {
    match col {
        Col::Int(b) => match v {
            ValueRef::Integer(i) => b.append_value(i),
            ValueRef::Real(f) => b.append_value(f as i64),
            ValueRef::Text(t) => match std::str::from_utf8(t).ok().and_then(|s| s.parse().ok()) {
                Some(i) => b.append_value(i),
                None => b.append_null(),
            },
            _ => b.append_null(),
        },
        Col::Real(b) => match v {
            ValueRef::Integer(i) => b.append_value(i as f64),
            ValueRef::Real(f) => b.append_value(f),
            _ => b.append_null(),
        },
        Col::Text(b) => match v {
            ValueRef::Text(t) => b.append_value(String::from_utf8_lossy(t)),
            ValueRef::Integer(i) => b.append_value(i.to_string()),
            ValueRef::Real(f) => b.append_value(f.to_string()),
            ValueRef::Blob(x) => b.append_value(String::from_utf8_lossy(x)),
            ValueRef::Null => b.append_null(),
        },
        Col::Blob(b) => match v {
            ValueRef::Blob(x) | ValueRef::Text(x) => b.append_value(x),
            _ => b.append_null(),
        },
    }
}

fn finish(col: &mut Col) -> ArrayRef {
    match col {
        Col::Int(b) => Arc::new(b.finish()),
        Col::Real(b) => Arc::new(b.finish()),
        Col::Text(b) => Arc::new(b.finish()),
        Col::Blob(b) => Arc::new(b.finish()),
    }
}

/// The exported columns of a table with their Arrow types.
fn columns(store: &Store, table: &str) -> Result<Vec<(String, DataType)>> {
    let mut st = store.conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let cols = st
        .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols
        .into_iter()
        .filter(|(name, _)| !INTERNAL.contains(&(table, name.as_str())))
        .map(|(name, decl)| {
            let t = match decl.to_ascii_uppercase().as_str() {
                "INTEGER" => DataType::Int64,
                "REAL" => DataType::Float64,
                "BLOB" => DataType::Binary,
                _ => DataType::Utf8,
            };
            (name, t)
        })
        .collect())
}

/// The ORDER BY that gives a table's rows in a stable order: its primary key
/// (WITHOUT ROWID tables have no rowid), else the rowid.
fn stable_order(store: &Store, table: &str) -> Result<String> {
    let mut st = store.conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let mut pk: Vec<(i64, String)> = st
        .query_map([], |r| Ok((r.get::<_, i64>(5)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(k, _)| *k > 0)
        .collect();
    pk.sort();
    Ok(if pk.is_empty() { "rowid".to_string() } else { pk.iter().map(|(_, n)| format!("\"{n}\"")).collect::<Vec<_>>().join(", ") })
}

/// Writes one table to `path` as Parquet; returns the row count.
pub fn export_table(store: &Store, table: &str, path: &Path) -> Result<u64> {
    if !EXPORT_TABLES.contains(&table) {
        return Err(CorpusError::Invalid(format!("unknown table {table:?}")));
    }
    let cols = columns(store, table)?;
    let schema = Arc::new(Schema::new(
        cols.iter().map(|(n, t)| Field::new(n.as_str(), t.clone(), true)).collect::<Vec<_>>(),
    ));
    let io = |source| CorpusError::Io { path: path.to_path_buf(), source };
    let tmp = path.with_extension("parquet.partial");
    let file = File::create(&tmp).map_err(io)?;
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut writer = ArrowWriter::try_new(file, schema.clone(), Some(props))?;
    let names: Vec<String> = cols.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    let order = stable_order(store, table)?;
    let mut st = store.conn.prepare(&format!("SELECT {} FROM {table} ORDER BY {order}", names.join(", ")))?;
    let mut rows = st.query([])?;
    let new_cols = || -> Vec<Col> {
        cols.iter()
            .map(|(_, t)| match t {
                DataType::Int64 => Col::Int(Int64Builder::new()),
                DataType::Float64 => Col::Real(Float64Builder::new()),
                DataType::Binary => Col::Blob(BinaryBuilder::new()),
                _ => Col::Text(StringBuilder::new()),
            })
            .collect()
    };
    let mut builders = new_cols();
    let (mut n, mut in_batch) = (0u64, 0usize);
    let flush = |builders: &mut Vec<Col>, writer: &mut ArrowWriter<File>| -> Result<()> {
        let arrays: Vec<ArrayRef> = builders.iter_mut().map(finish).collect();
        writer.write(&RecordBatch::try_new(schema.clone(), arrays)?)?;
        Ok(())
    };
    while let Some(r) = rows.next()? {
        for (i, b) in builders.iter_mut().enumerate() {
            push(b, r.get_ref(i)?);
        }
        n += 1;
        in_batch += 1;
        if in_batch == BATCH_ROWS {
            flush(&mut builders, &mut writer)?;
            builders = new_cols();
            in_batch = 0;
        }
    }
    if in_batch > 0 || n == 0 {
        flush(&mut builders, &mut writer)?;
    }
    writer.close()?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(n)
}

/// Writes every table as `DIR/<table>.parquet`.
pub fn export_parquet(store: &Store, dir: &Path) -> Result<Vec<Exported>> {
    std::fs::create_dir_all(dir).map_err(|source| CorpusError::Io { path: dir.to_path_buf(), source })?;
    let mut out = Vec::new();
    for table in EXPORT_TABLES {
        let path = dir.join(format!("{table}.parquet"));
        let rows = export_table(store, table, &path)?;
        out.push(Exported { table: table.to_string(), path, rows });
    }
    Ok(out)
}

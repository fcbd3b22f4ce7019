//! `sitrep query`: events, mentions, search, stories, actors and statistics from a corpus store.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use sitrep_corpus::query::EventOrder;
use sitrep_corpus::{EventFilter, Page, Store};

use crate::output::{emit, Format};

#[derive(clap::Args)]
pub struct Args {
    /// The corpus database.
    #[arg(long, env = "SITREP_DB", global = true)]
    db: Option<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "table", global = true)]
    format: Format,
    /// Rows to show.
    #[arg(long, default_value_t = 50, global = true)]
    limit: usize,
    /// Rows to skip.
    #[arg(long, default_value_t = 0, global = true)]
    offset: usize,
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Aggregated events (GDELT Events rows), filtered.
    Events(EventArgs),
    /// The mentions (articles, sentences, offsets) of one event.
    Mentions { event: i64 },
    /// Full-text search over documents and quotes.
    Search {
        /// Words (all required), or FTS5 syntax with --raw.
        query: Vec<String>,
        /// Pass the query to SQLite FTS5 as written (phrases, OR, NEAR, prefix*).
        #[arg(long)]
        raw: bool,
    },
    /// Stories, largest first.
    Stories {
        #[arg(long)]
        from: Option<NaiveDate>,
        #[arg(long)]
        to: Option<NaiveDate>,
        /// Only stories with at least this many documents.
        #[arg(long, default_value_t = 1)]
        min_docs: i64,
    },
    /// Documents (optionally of one story).
    Documents {
        #[arg(long)]
        story: Option<i64>,
    },
    /// One document as the public JSON object.
    Document {
        id: i64,
        /// Include the text.
        #[arg(long)]
        text: bool,
    },
    /// The most active actor codes.
    Actors,
    /// An actor's profile: top counterparts and cooperation/conflict by month.
    Actor {
        /// CAMEO actor code or prefix (IRN, USAGOV).
        code: String,
        /// Counterparts to show.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Counts of everything in the store.
    Stats,
    /// Records that could not be read or analyzed.
    Errors,
}

#[derive(clap::Args)]
struct EventArgs {
    /// Actor code prefix on either side (IRN matches IRNGOV).
    #[arg(long)]
    actor: Option<String>,
    /// Source actor (Actor1) code prefix.
    #[arg(long)]
    source: Option<String>,
    /// Target actor (Actor2) code prefix.
    #[arg(long)]
    target: Option<String>,
    /// 3-letter CAMEO country (either actor) or 2-letter FIPS country (action location).
    #[arg(long)]
    country: Option<String>,
    /// CAMEO event code or prefix (043, 19).
    #[arg(long)]
    code: Option<String>,
    /// CAMEO root code (04).
    #[arg(long)]
    root: Option<String>,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    #[arg(long)]
    quad: Option<u8>,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Only events reported in this story.
    #[arg(long)]
    story: Option<i64>,
    /// mentions, day or id.
    #[arg(long, default_value = "mentions")]
    order: EventOrder,
}

pub fn db_path(db: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    db.ok_or_else(|| anyhow::anyhow!("no store given: pass --db FILE or set SITREP_DB"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open_read_only(&db_path(args.db)?)?;
    let page = Page { limit: args.limit, offset: args.offset };
    let f = args.format;
    match args.what {
        What::Events(e) => {
            let filter = EventFilter {
                actor: e.actor,
                source: e.source,
                target: e.target,
                country: e.country,
                code: e.code,
                root: e.root,
                quad_class: e.quad,
                from: e.from,
                to: e.to,
                story: e.story,
                order: e.order,
            };
            let rows = store.events(&filter, page)?;
            emit(
                &rows,
                &[
                    ("id", "id"),
                    ("day", "day"),
                    ("actor1", "actor1_code"),
                    ("actor1 name", "actor1_name"),
                    ("actor2", "actor2_code"),
                    ("actor2 name", "actor2_name"),
                    ("code", "code"),
                    ("quad", "quad_class"),
                    ("goldstein", "goldstein"),
                    ("mentions", "num_mentions"),
                    ("sources", "num_sources"),
                    ("articles", "num_articles"),
                    ("tone", "avg_tone"),
                    ("place", "geo_name"),
                ],
                f,
            )?;
        }
        What::Mentions { event } => {
            let rows = store.event_mentions(event)?;
            emit(
                &rows,
                &[
                    ("mention", "id"),
                    ("doc", "doc"),
                    ("source", "source_name"),
                    ("sentence", "sentence"),
                    ("actor1 at", "actor1_start"),
                    ("actor2 at", "actor2_start"),
                    ("action at", "action_start"),
                    ("confidence", "confidence"),
                    ("day", "day"),
                    ("day from", "day_source"),
                    ("evidence", "evidence"),
                ],
                f,
            )?;
        }
        What::Search { query, raw } => {
            let rows = store.search(&query.join(" "), raw, page)?;
            emit(
                &rows,
                &[("kind", "kind"), ("doc", "doc"), ("date", "date"), ("source", "source_name"), ("speaker", "speaker"), ("snippet", "snippet")],
                f,
            )?;
        }
        What::Stories { from, to, min_docs } => {
            let rows = store.stories(from, to, min_docs, page)?;
            emit(
                &rows,
                &[
                    ("story", "id"),
                    ("docs", "doc_count"),
                    ("sources", "source_count"),
                    ("first", "first_date"),
                    ("last", "last_date"),
                    ("label", "label"),
                ],
                f,
            )?;
        }
        What::Documents { story } => {
            let rows = store.documents(story, page)?;
            emit(
                &rows,
                &[
                    ("doc", "id"),
                    ("id", "ext_id"),
                    ("date", "date"),
                    ("source", "source_name"),
                    ("story", "story_id"),
                    ("duplicate of", "duplicate_of"),
                    ("title", "title"),
                ],
                f,
            )?;
        }
        What::Document { id, text } => {
            writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&store.document_json(id, text)?)?)?;
        }
        What::Actors => {
            let rows = store.actors(page)?;
            emit(&rows, &[("code", "code"), ("name", "name"), ("events", "events"), ("mentions", "mentions")], f)?;
        }
        What::Actor { code, top } => {
            let p = store.actor_profile(&code, top)?;
            if f == Format::Json {
                writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&p)?)?;
            } else {
                if f == Format::Table {
                    writeln!(
                        std::io::stdout(),
                        "{} {}: {} events as source, {} as target; {} cooperation, {} conflict\n",
                        p.actor, p.name, p.as_source, p.as_target, p.cooperation, p.conflict
                    )?;
                }
                emit(
                    &p.counterparts,
                    &[
                        ("counterpart", "code"),
                        ("name", "name"),
                        ("events", "events"),
                        ("mentions", "mentions"),
                        ("cooperation", "cooperation"),
                        ("conflict", "conflict"),
                        ("goldstein", "avg_goldstein"),
                    ],
                    f,
                )?;
                if f == Format::Table {
                    writeln!(std::io::stdout())?;
                    emit(
                        &p.timeline,
                        &[
                            ("month", "period"),
                            ("events", "events"),
                            ("cooperation", "cooperation"),
                            ("conflict", "conflict"),
                            ("balance", "balance"),
                            ("goldstein", "avg_goldstein"),
                        ],
                        f,
                    )?;
                }
            }
        }
        What::Stats => {
            let s = store.stats()?;
            if f == Format::Json {
                writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&s)?)?;
            } else {
                let v = serde_json::to_value(&s)?;
                let rows: Vec<serde_json::Value> = v
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| serde_json::json!({ "what": k, "count": v }))
                    .collect();
                emit(&rows, &[("what", "what"), ("count", "count")], f)?;
            }
        }
        What::Errors => {
            let rows = store.errors(page)?;
            emit(
                &rows,
                &[("path", "path"), ("line", "line"), ("offset", "offset"), ("record", "record"), ("kind", "kind"), ("message", "message")],
                f,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! The command line as clap sees it: the contract of DESIGN.md §4 and §7, with the help text
//! every user reads first.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// "0.1.0 (git 1a2b3c4d5e6f)": the release and the exact source it was built from.
pub(super) const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (git ",
    env!("PRESSCUT_GIT_REV"),
    ")"
);

#[derive(Parser, Debug)]
#[command(
    name = "presscut",
    version = VERSION,
    about = "Read a corpus of news articles in the terminal: entities, quotes, tags, notes, export.",
    long_about = "Read a corpus of news articles in the terminal.\n\nWith no PATH and no --corpus, \
                  opens the bundled seed articles. Run without a command for the full-screen \
                  reader (press ? inside for keys)."
)]
pub struct Cli {
    /// Corpus files or folders to open in the reader (shorthand for --corpus)
    #[arg(value_name = "PATH")]
    pub(super) paths: Vec<PathBuf>,
    /// Mouse support in the reader: wheel scrolling, click to select, click a tag to filter
    /// (also `mouse = true` in the config file)
    #[arg(long)]
    pub(super) mouse: bool,
    /// Blind coding in the reader: other coders' codings of an article stay hidden until you
    /// finish it with F (also `blind = true` in the config file)
    #[arg(long)]
    pub(super) blind: bool,
    #[command(flatten)]
    pub(super) global: GlobalArgs,
    #[command(subcommand)]
    pub(super) command: Option<Command>,
}

#[derive(Args, Debug)]
pub(super) struct GlobalArgs {
    /// Corpus file or folder (repeatable; folders are read recursively, hidden entries skipped).
    /// Default: $PRESSCUT_CORPUS (paths separated by ':'), else the bundled seeds
    #[arg(long, value_name = "PATH", global = true)]
    pub(super) corpus: Vec<PathBuf>,
    /// Skip corpus files larger than this many megabytes (for JSONL: lines larger than this)
    #[arg(long, value_name = "MB", default_value_t = 16, global = true)]
    pub(super) max_file_mb: u64,
    /// Folder of the tag/note store [env: PRESSCUT_DATA_DIR; default: the platform data dir,
    /// e.g. ~/.local/share/presscut]
    #[arg(long, value_name = "DIR", global = true)]
    pub(super) data_dir: Option<PathBuf>,
    /// Neither read nor write the cache of derived data (DATA_DIR/cache/): read every file,
    /// keep every text in memory, analyse the whole corpus again
    #[arg(long, global = true)]
    pub(super) no_cache: bool,
    /// If store.json cannot be read: move it to store.json.corrupt-<time> and start from
    /// store.json.bak
    #[arg(long, global = true)]
    pub(super) recover: bool,
    /// Mark an opened article read after this many milliseconds in the reader (0: never;
    /// default: the config file's mark_read_after_ms, else 1500)
    #[arg(
        long,
        value_name = "MS",
        env = "PRESSCUT_MARK_READ_AFTER_MS",
        global = true
    )]
    pub(super) mark_read_after_ms: Option<u64>,
    /// Record edits as NAME (each coder has their own log in the data folder) [env:
    /// PRESSCUT_CODER; default: the config file's coder, else your user name]
    #[arg(long, value_name = "NAME", global = true)]
    pub(super) coder: Option<String>,
    /// Read settings, keys and colours from FILE [env: PRESSCUT_CONFIG; default: config.toml
    /// in the platform config dir, e.g. ~/.config/presscut/config.toml]
    #[arg(long, value_name = "FILE", global = true)]
    pub(super) config: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub(super) enum Command {
    /// Print one line per article: id, date, outlet, title, tags (tab-separated)
    List {
        /// Print one JSON array of {id, path, title, date, author, outlet, tags, read}
        #[arg(long)]
        json: bool,
    },
    /// Ranked articles matching QUERY (words fuzzy and ANDed, -word, "phrase", tag: by: from:
    /// date: who: is: has:): id, score, title, matched terms (tab-separated)
    Search {
        /// The query, as typed in the search line (quote it for the shell)
        #[arg(required_unless_present = "stdin", conflicts_with = "stdin")]
        query: Option<String>,
        /// Print a JSON array of {id, title, score, terms}, best first (with --stdin: one per line)
        #[arg(long)]
        json: bool,
        /// Print at most N matches per query
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
        /// Load and index once, then answer one query per line of stdin (a blank line ends
        /// each answer)
        #[arg(long)]
        stdin: bool,
        /// With --stdin: print `timing<TAB>query<TAB>microseconds` to stderr per query
        #[arg(long, requires = "stdin")]
        timings: bool,
    },
    /// Load the corpus and store; print warnings (file and line), re-attached and orphaned
    /// notes, ignored files and counts. Exit 1 if the store is unreadable
    Check,
    /// Add tags to an article (ARTICLE: id, unique id prefix, or file path)
    Tag {
        article: String,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Remove tags from an article
    Untag {
        article: String,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Set an article's note (TEXT, or - to read it from stdin; an empty note clears it)
    Note { article: String, text: String },
    /// Export tags, notes and coded passages (default: JSON to stdout; articles with tags, a
    /// note, read state or a coded passage)
    Export {
        #[arg(long, value_name = "FORMAT", default_value = "json", value_parser = ["json", "jsonl", "csv", "md", "qdpx"])]
        format: String,
        /// Write to FILE (atomically) instead of stdout
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
        /// Only articles with this tag (repeatable: all of them)
        #[arg(long, value_name = "TAG")]
        tag: Vec<String>,
        /// Include articles with no tags, note or read state
        #[arg(long)]
        all: bool,
        /// CSV: one row per article and tag
        #[arg(long)]
        long: bool,
        /// JSONL: add the text, its coded passages as spans (Prodigy "spans", doccano "label";
        /// code-point offsets; "source":"user" with coder and memo) and its quotes
        #[arg(long)]
        with_text: bool,
        /// JSONL: the text as --with-text, and the machine's entities among the spans too
        /// (marked "source":"machine"): the entity spans --with-text alone used to give
        #[arg(long)]
        with_entities: bool,
        /// CSV: start with a byte-order mark so Excel reads UTF-8
        #[arg(long)]
        bom: bool,
        /// CSV: write cells that start with = + - @ (or a tab or CR) as they are. By default
        /// they get a leading ' so a spreadsheet shows them instead of running them as formulas
        #[arg(long)]
        no_formula_guard: bool,
        /// Only this coder's work (their layer: their operations alone), not everyone's
        #[arg(long, value_name = "CODER", conflicts_with = "adjudicated")]
        only_coder: Option<String>,
        /// The settled layer: what the coders agree on plus the adjudicated decisions, on the
        /// articles every coder touched (undecided disagreements are left out and counted)
        #[arg(long)]
        adjudicated: bool,
    },
    /// Code a passage: START and END are character offsets into the article's text, as
    /// `analyze` reports them (END excluded). Several CODEs code it several times
    Code {
        article: String,
        start: usize,
        end: usize,
        #[arg(required = true)]
        codes: Vec<String>,
        /// A memo on the coded passage (replaces the memo of a passage you coded so before)
        #[arg(long, value_name = "TEXT")]
        memo: Option<String>,
    },
    /// Take your codes off a passage: the CODEs named, else all of yours on exactly START–END
    Uncode {
        article: String,
        start: usize,
        end: usize,
        codes: Vec<String>,
    },
    /// Correct the analysis of a span (START END as `analyze` reports them): relabel or reject
    /// an entity, set or clear a quote's speaker, or take your correction back. `analyze`,
    /// the reader, `who:` and exports then show it, with "source":"user"
    #[command(group = clap::ArgGroup::new("fix").required(true).multiple(false))]
    Correct {
        article: String,
        start: usize,
        end: usize,
        /// The span is an entity with this label: PERSON, ORG, PLACE, GROUP, EVENT, DATE or
        /// QUANTITY (a span the analysis missed becomes one)
        #[arg(long, value_name = "LABEL", group = "fix")]
        label: Option<String>,
        /// The span is not an entity
        #[arg(long, group = "fix")]
        reject: bool,
        /// The quote at the span was said by NAME (a span that is no quote becomes one)
        #[arg(long, value_name = "NAME", group = "fix")]
        speaker: Option<String>,
        /// The quote at the span has no speaker the text supports
        #[arg(long, group = "fix")]
        no_speaker: bool,
        /// Take back your correction of the span: `entity` (label or reject) or `speaker`
        #[arg(long, value_name = "WHAT", value_parser = ["entity", "speaker"], group = "fix")]
        restore: Option<String>,
    },
    /// Every coded passage: article, start, end, code, coder, text (tab-separated)
    Codes {
        /// Only passages with this code
        #[arg(long, value_name = "CODE", conflicts_with = "matrix")]
        code: Option<String>,
        /// A table instead of the passages: codes × codes (overlapping passages; the diagonal
        /// counts each code's passages), codes × outlet, or codes × month
        #[arg(long, value_name = "COLUMNS", value_parser = ["codes", "outlet", "month"])]
        matrix: Option<String>,
        /// A JSON array of {article, start, end, text, code, memo, coder, created}
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// The same columns as CSV (RFC 4180, cells a spreadsheet would run as formulas get a ')
        #[arg(long)]
        csv: bool,
    },
    /// The codebook: each code with its number of passages, parent and definition
    Codebook {
        #[command(subcommand)]
        action: Option<CodebookAction>,
        /// A JSON array of {name, parent, definition, color, key, passages}
        #[arg(long)]
        json: bool,
    },
    /// Agreement between coders, per tag and per code: units (articles every coder touched),
    /// percent agreement, Cohen's κ (two coders), Krippendorff's α (nominal), and where they
    /// differ. FILEs are coders' logs (log/NAME.jsonl) or stores; default: every log in the
    /// data folder
    Agree {
        files: Vec<PathBuf>,
        /// {"coders", "items": {"tag:NAME": {units, agreement, kappa, alpha}}, "disagreements"}
        #[arg(long)]
        json: bool,
    },
    /// Settle a disagreement between coders (see `agree`): ITEM is `tag:NAME` or `code:NAME`;
    /// recorded as your operation, used by `export --adjudicated`
    #[command(group = clap::ArgGroup::new("decision").required(true).multiple(false))]
    Adjudicate {
        article: String,
        item: String,
        /// Take this coder's version (whether they applied the item there)
        #[arg(long, value_name = "CODER", group = "decision")]
        accept: Option<String>,
        /// The item applies to the article
        #[arg(long, group = "decision")]
        applies: bool,
        /// The item does not apply
        #[arg(long = "not", group = "decision")]
        not_applies: bool,
        /// Take your decision back
        #[arg(long, group = "decision")]
        undo: bool,
    },
    /// The operations in the logs, in the order they are folded: time, coder, operation,
    /// article, what
    Log {
        /// Only this coder's operations
        #[arg(long, value_name = "CODER")]
        by: Option<String>,
        /// Only operations on this article (id or id prefix)
        #[arg(long, value_name = "ID")]
        article: Option<String>,
        /// Only operations at or after this time (2026-12-01, 2026-12-01T10:00, …; UTC)
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        /// One JSON array of the operations as they are in the logs
        #[arg(long)]
        json: bool,
    },
    /// Merge tags and notes from a json, jsonl or csv export into the store
    Import {
        file: PathBuf,
        /// Import it as this coder's work (appended to their log, compared with their layer),
        /// e.g. a colleague's export: agreement then measures it, and it never mixes with yours
        #[arg(long = "as", value_name = "CODER")]
        as_coder: Option<String>,
    },
    /// Print a shell completion script (e.g. `presscut completions bash > ~/.local/share/bash-completion/completions/presscut`)
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff), e.g. `presscut man > ~/.local/share/man/man1/presscut.1`
    Man,
    /// Check the config file (print its problems, exit 1 if any), or print the defaults or its path
    Config {
        /// Print the full default config file, with comments (a starting point for your own)
        #[arg(long, conflicts_with = "path")]
        default: bool,
        /// Print the path the config is read from (first line), then whether it exists
        #[arg(long)]
        path: bool,
    },
    /// Every quote with a speaker: speaker, date, outlet, article, text (tab-separated), the
    /// most quoted speakers first; with --speaker, one person's quotes, newest first
    Quotes {
        /// Only this speaker's quotes (any words of the name: "zakharova")
        #[arg(long, value_name = "NAME")]
        speaker: Option<String>,
        /// Print the speakers instead: quotes, articles, outlets, name
        #[arg(long, conflicts_with = "speaker")]
        speakers: bool,
        /// A JSON array of {speaker, article, start, end, text, date, outlet} (offsets in
        /// characters, as `analyze` reports them)
        #[arg(long)]
        json: bool,
    },
    /// Articles per period for any search query (all articles without one): period and count,
    /// oldest first; undated articles are counted apart
    Timeline {
        /// A query as in `search` (quote it for the shell)
        query: Option<String>,
        /// The period; default: by the span of the dates (day, week, month or year)
        #[arg(long, value_name = "PERIOD", value_parser = ["day", "week", "month", "year"])]
        by: Option<String>,
        /// A JSON array of {period, count}; period is null for undated articles
        #[arg(long)]
        json: bool,
    },
    /// Same-story groups (wire copies, republished stories): size, ids, first title
    /// (tab-separated), one group of two or more per line
    Clusters {
        /// A JSON array of {"articles": [ids…]}
        #[arg(long)]
        json: bool,
    },
    /// Fetch RSS, Atom and JSON feeds into a folder, each new item one JSON file the reader
    /// loads (conditional GET; an item already fetched is never written again; a response
    /// over --max-file-mb, counted after decompression, is refused)
    Fetch(super::fetch::FetchArgs),
    /// The configured feeds (`feeds` in the config), one per line
    Feeds {
        /// Print them as an OPML document (for another feed reader)
        #[arg(long)]
        opml: bool,
    },
    /// Print entities and quotes (with speakers) as JSONL, one line per article
    Analyze {
        /// Analyse {"id","text"} JSON lines from FILE (- for stdin) instead of the corpus
        #[arg(long, value_name = "FILE|-")]
        input_jsonl: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum CodebookAction {
    /// Add a code, or change the fields given
    Define {
        name: String,
        /// The parent code (the codebook is a tree: parent/child)
        #[arg(long, value_name = "CODE")]
        parent: Option<String>,
        /// What the code means and when to apply it
        #[arg(long, value_name = "TEXT")]
        definition: Option<String>,
        /// Colour as #rrggbb
        #[arg(long, value_name = "#RRGGBB")]
        color: Option<String>,
        /// Quick key in the reader (1-9)
        #[arg(long, value_name = "KEY")]
        key: Option<String>,
    },
    /// Rename a code in the codebook and on every coder's passages; onto an existing code's
    /// name it merges the two (a merge cannot be taken apart again)
    Rename { from: String, to: String },
    /// Delete a code and every passage coded so, by every coder (the log keeps what it was)
    Delete { code: String },
    /// Merge codes from a REFI-QDA codebook (.qdc, as QualCoder, ATLAS.ti, MAXQDA and NVivo
    /// write) or a JSON codebook (`codebook export --format json`)
    Import { file: PathBuf },
    /// Write the codebook as REFI-QDA QDC (XML) or JSON
    Export {
        #[arg(long, value_name = "FORMAT", default_value = "qdc", value_parser = ["qdc", "json"])]
        format: String,
        /// Write to FILE (atomically) instead of stdout
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
}

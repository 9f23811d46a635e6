//! presscut — a full-screen terminal reader for news corpora.
//!
//! Module map (arrows point down only; see the README's architecture section):
//!
//! | module   | owns |
//! |----------|------|
//! | `model`  | the shared nouns: `Article`, `ArticleId`, `Origin`, `Warning` |
//! | `text`   | decoding untrusted bytes, body normalisation (ids), titles, terminal sanitising |
//! | `json_out` | JSON writers that also escape C1 controls and bidi overrides (terminal-safe) |
//! | `corpus` | finding files, parsing every corpus format, stable ids, duplicate detection |
//! | `store`  | tags, notes, read state, coded passages, the codebook: the operation log per coder, its fold, the `store.json` snapshot |
//! | `settle` | the settled layer: agreements plus adjudicated decisions (`export --adjudicated`) |
//! | `agree`  | agreement between coders: Cohen's κ, Krippendorff's α, disagreements |
//! | `search` | matching typed text (the one fuzzy matcher every filter uses) |
//! | `analysis` | entities and quotes with speakers, pure functions of an article's text; `analyze` JSONL |
//! | `corrected` | the analysis with the store's corrections laid over it (what every view shows) |
//! | `quote_index` | every quote with a speaker, by speaker (`Q`, `presscut quotes`) |
//! | `timeline` | articles per day, ISO week, month or year (`presscut timeline`) |
//! | `clusters` | same-story groups: MinHash over word trigrams, LSH bands (`presscut clusters`) |
//! | `digest` | what the corpus-wide indexes need of one article (names, quotes, signature): cached by id |
//! | `entity_index` | which articles mention which entity (the side panel and its filter) |
//! | `cache` | derived data kept between runs under `DATA_DIR/cache/`: checked header, checksum, rebuilt when unusable |
//! | `fetch`  | feeds fetched over HTTP into a folder of files (`presscut fetch`, `R`), OPML |
//! | `export` | json/jsonl/csv/md writers, safe output files, import |
//! | `app`    | all interactive state and behaviour, driven by `Action`s; keymap; layout |
//! | `ui`     | drawing `&App` with ratatui; themes |
//! | `config` | the user's config file merged over `assets/` (keys, theme, settings), with warnings |
//! | `tui`    | the terminal: setup/restore, event loop, effects |
//! | `crash`  | the panic report written to the data folder |
//! | `cli`    | argument parsing and the non-interactive commands |

pub mod agree;
pub mod analysis;
pub mod app;
pub mod body;
pub mod cache;
pub mod cli;
pub mod clusters;
pub mod config;
pub mod cooccur;
pub mod corpus;
pub mod corrected;
pub mod crash;
pub mod digest;
pub mod entity_index;
pub mod export;
pub mod fetch;
pub mod json_out;
pub mod memory;
pub mod model;
pub mod quote_index;
pub mod search;
pub mod settle;
pub mod store;
pub mod text;
pub mod timeline;
pub mod tui;
pub mod ui;

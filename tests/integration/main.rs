//! Integration tests: one test binary (one link instead of five) that runs the real
//! `dossier` binary in temp dirs, on `corpus/` and on fixtures under `tests/fixtures/`.
//! The property tests over the parsers are `tests/fuzz.rs`.

mod architecture;
mod batch;
mod cli;
mod commands;
mod copies;
mod formats;
mod hostile;
mod languages;
mod queries;
mod quotes;
mod registry;
mod robust;
mod serve;
mod speakers;
mod stories;
mod util;

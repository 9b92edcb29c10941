//! The integration tests, one binary (as mdBook and Cargo have it): each module builds fixture
//! courses with the real binary and checks what a user sees (the HTML, the messages, the exit
//! codes). One binary links once, which keeps `cargo test` and mutation runs quick.

mod common;
mod live;

mod architecture;
mod build;
mod chinese_text;
mod course;
mod diagnostics;
mod download;
mod english;
mod epub;
mod errors;
mod exercises;
mod front_matter;
mod glossary;
mod handout;
mod hardening;
mod limits;
mod mutated_courses;
mod offline;
mod publish;
mod raw_html;
mod reading;
mod scaffold;
mod scale;
mod search;
mod search_relevance;
mod serve;
mod session;
mod tokenizer_parity;
mod watch;
mod workflow;

//! The server through real HTTP on 127.0.0.1 with a real SQLite file per test.

#[path = "../common/database.rs"]
mod database;

mod abuse;
mod admin;
mod approval;
mod backup;
mod binary;
mod calendar;
mod calendar_corpus;
mod cancel;
mod check_in;
mod cli;
mod config_file;
mod durability;
mod feed;
mod first_view;
mod helpers;
mod hook_receiver;
mod mail;
mod metrics;
mod openapi;
mod pages;
mod questions;
mod reach;
mod readme_receivers;
mod reminders;
mod retention;
mod rsvp;
mod rsvp_rules;
mod series;
mod slow_clients;
mod smtp_sink;
mod sources;
mod stream;
mod webhooks;

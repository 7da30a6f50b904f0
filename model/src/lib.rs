//! One definition of the Stammtisch feed, the RSVP API's shapes and every validation rule,
//! compiled into both the wasm widget and the native server.

mod api;
mod event_input;
mod feed;
pub mod ics;
mod lang;
mod links;
mod organizer;
mod questions;
mod reach;
pub mod rfc3339;
mod rsvp;
mod schema;
mod search;
mod series;
pub mod stream;

pub use api::{ApiError, CheckIn, Decision, Done, DoneStatus, ErrorCode, RsvpCreated, RsvpStatus};
pub use event_input::{
    is_web_url, EventFieldError, EventInput, RsvpSettings, MAX_CAPACITY, MAX_DESCRIPTION, MAX_ORGANIZER_BODY,
    MAX_SHORT, MAX_TAG, MAX_TAGS, MAX_TITLE, MAX_URL,
};
pub use feed::{
    feed_of, is_valid_event_id, parse_feed, Board, Event, Feed, FeedError, FeedHead, Kind, Location, Organizer,
    ParsedFeed, RsvpState, DEFAULT_TIME_ZONE, FEED_VERSION,
};
pub use lang::Lang;
pub use links::{encode_component, share_links, web_url};
pub use organizer::{
    AdminEvent, AdminEventList, Attendee, AttendeeList, MailList, MailStatus, SeriesEntry, SeriesInput, SeriesList,
    SeriesWritten, SkippedEvent, Source, SourceInput, SourceList, SourceMode, SourceProblem, Stats,
    DEFAULT_REFRESH_MINUTES, MAX_SKIPPED_LISTED,
};
pub use questions::{
    answer_problems, check_answers, is_valid_question_id, question_problem, tidy_questions, Answer, AnswerError,
    Answers, Question, QuestionKind, MAX_ANSWER, MAX_OPTION, MAX_OPTIONS, MAX_QUESTIONS, MAX_QUESTION_ID,
    MAX_QUESTION_LABEL,
};
pub use reach::{EventReach, ReachAction, ReachBeacon, ReachCounts, ReachDay, REACH_DEFAULT_DAYS, REACH_MAX_DAYS};
pub use rsvp::{
    Field, FieldError, Problem, RsvpRequest, ValidRsvp, MAX_COMPANY, MAX_EMAIL, MAX_GUESTS, MAX_NAME, MAX_NOTE,
};
pub use schema::{schema_event, script_safe};
pub use search::{fold, matches_query, matches_words, query_words};
pub use series::{series_dates, Repeat, MAX_OCCURRENCES};
mod webhook;
pub mod when;
pub use webhook::{
    DeliveryList, DeliveryState, EventChange, EventHookData, EventRef, HookBody, HookData, HookEvent, RsvpHookData,
    Webhook, WebhookDelivery, WebhookInput, WebhookList, DELIVERY_GIVE_UP_HOURS, MAX_DELIVERIES_LISTED, MAX_WEBHOOKS,
    MAX_WEBHOOK_ID, MAX_WEBHOOK_SECRET, MIN_WEBHOOK_SECRET,
};

//! Every text the console shows, one catalogue per language: the compiler refuses a
//! catalogue that lacks one. German speaks to the organizer formally ("Sie").

mod de;
mod en;

use stammtisch_model::{DeliveryState, HookEvent, Kind, Lang};

pub struct Texts {
    pub app_title: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub error_prefix: &'static str,
    pub error_network: &'static str,
    pub error_status: fn(u16) -> String,
    pub error_unreadable: &'static str,
    // signing in
    pub sign_in_intro: &'static str,
    pub token_label: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub sign_out: &'static str,
    pub token_missing: &'static str,
    pub token_wrong: &'static str,
    pub token_expired: &'static str,
    pub signed_out: &'static str,
    // navigation and common buttons
    pub nav_label: &'static str,
    pub nav_events: &'static str,
    pub nav_series: &'static str,
    pub nav_sources: &'static str,
    pub nav_webhooks: &'static str,
    pub edit: &'static str,
    pub delete: &'static str,
    pub delete_anyway: &'static str,
    pub cancel: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub back_to_events: &'static str,
    pub form_problems_hint: &'static str,
    pub col_actions: &'static str,
    // events
    pub events_title: &'static str,
    pub new_event: &'static str,
    pub show_past: &'static str,
    pub no_events: &'static str,
    pub no_upcoming: &'static str,
    pub past_hidden: fn(usize) -> String,
    pub unreadable_events: fn(usize) -> String,
    pub col_when: &'static str,
    pub col_title: &'static str,
    pub col_kind: &'static str,
    pub col_seats: &'static str,
    pub col_waitlist: &'static str,
    pub col_rsvp: &'static str,
    pub unlimited: &'static str,
    /// Seats held until their RSVPs are confirmed by mail, after the confirmed count.
    pub held: fn(u32) -> String,
    pub rsvp_open: &'static str,
    pub rsvp_closed: &'static str,
    pub rsvp_off: &'static str,
    pub rsvp_deadline: fn(&str) -> String,
    pub mark_series: fn(&str) -> String,
    pub mark_source: fn(&str) -> String,
    pub mark_removed: fn(&str) -> String,
    pub mark_retention: fn(&str) -> String,
    pub duplicate: &'static str,
    pub attendees: &'static str,
    pub open_rsvp: &'static str,
    pub close_rsvp: &'static str,
    pub capacity_short: &'static str,
    pub save_capacity: &'static str,
    pub confirm_delete: fn(&str) -> String,
    pub event_deleted: fn(&str) -> String,
    pub confirm_delete_with_rsvps: fn(&str) -> String,
    // the event form
    pub new_event_title: &'static str,
    pub edit_event_title: fn(&str) -> String,
    pub event_saved: fn(&str) -> String,
    pub legend_event: &'static str,
    pub legend_time: &'static str,
    pub legend_text: &'static str,
    pub legend_place: &'static str,
    pub legend_organizer: &'static str,
    pub legend_rsvp: &'static str,
    pub f_title: &'static str,
    pub f_id: &'static str,
    pub f_id_hint: &'static str,
    pub f_kind: &'static str,
    pub f_starts_at: &'static str,
    pub f_ends_at: &'static str,
    pub f_time_zone: &'static str,
    pub f_time_zone_hint: &'static str,
    pub f_summary: &'static str,
    pub f_description: &'static str,
    pub f_description_hint: &'static str,
    pub f_tags: &'static str,
    pub f_tags_hint: &'static str,
    pub f_url: &'static str,
    pub f_location_name: &'static str,
    pub f_location_address: &'static str,
    pub f_location_city: &'static str,
    pub f_online_url: &'static str,
    pub f_organizer_name: &'static str,
    pub f_organizer_url: &'static str,
    pub f_capacity: &'static str,
    pub f_capacity_hint: &'static str,
    pub f_rsvp_enabled: &'static str,
    pub f_rsvp_open: &'static str,
    pub f_rsvp_closes_at: &'static str,
    pub f_rsvp_closes_at_hint: &'static str,
    pub f_rsvp_mail_consent: &'static str,
    // the organizer's own questions
    pub legend_questions: &'static str,
    pub questions_hint: &'static str,
    pub f_question_label: fn(usize) -> String,
    pub f_question_kind: &'static str,
    pub question_kind_text: &'static str,
    pub question_kind_choice: &'static str,
    pub question_kind_checkbox: &'static str,
    pub f_question_required: &'static str,
    pub f_question_options: &'static str,
    pub f_question_options_hint: &'static str,
    pub question_remove: fn(usize) -> String,
    pub question_add: &'static str,
    pub col_answers: &'static str,
    pub col_mail_consent: &'static str,
    // problems the console finds itself
    pub problem_id: fn(usize) -> String,
    pub problem_whole_number: fn(u32) -> String,
    pub problem_between: fn(u32, u32) -> String,
    pub problem_date: &'static str,
    pub problem_dates: &'static str,
    pub problem_time: &'static str,
    // attendees
    pub attendees_title: &'static str,
    pub attendees_summary: fn(u32, u32) -> String,
    pub no_rsvps: &'static str,
    pub col_name: &'static str,
    pub col_email: &'static str,
    pub col_company: &'static str,
    pub col_guests: &'static str,
    pub col_status: &'static str,
    pub col_note: &'static str,
    pub col_created: &'static str,
    pub status_confirmed: &'static str,
    pub status_waitlisted: fn(Option<u32>) -> String,
    pub status_pending: &'static str,
    pub status_cancelled: &'static str,
    pub data_deleted: fn(&str) -> String,
    pub this_rsvp: &'static str,
    pub cancel_rsvp: &'static str,
    pub confirm_cancel: fn(&str) -> String,
    // check-in at the door
    pub door_open: &'static str,
    pub door_title: &'static str,
    pub door_search: &'static str,
    pub door_counts: fn(usize, usize, usize, bool) -> String,
    pub check_in: &'static str,
    pub check_in_named: fn(&str) -> String,
    pub check_in_undo: &'static str,
    pub check_in_undo_named: fn(&str) -> String,
    pub checked_in_at: fn(&str) -> String,
    pub door_print: &'static str,
    pub door_empty: &'static str,
    pub door_none_found: &'static str,
    pub back_to_attendees: &'static str,
    // approval
    pub status_requested: &'static str,
    pub status_declined: &'static str,
    pub approve: &'static str,
    pub decline: &'static str,
    pub confirm_decline: fn(&str) -> String,
    pub select_request: fn(&str) -> String,
    pub requests_open: fn(usize) -> String,
    pub approve_selected: &'static str,
    pub decline_selected: &'static str,
    pub confirm_decline_selected: fn(usize) -> String,
    pub f_rsvp_approval: &'static str,
    pub csv_download: &'static str,
    // reach
    pub reach_title: &'static str,
    pub reach_intro: &'static str,
    pub reach_board_shown: &'static str,
    pub reach_details_opened: &'static str,
    pub reach_rsvp_started: &'static str,
    pub reach_rsvp_sent: &'static str,
    /// The chart of one count: its name, its total and over how many days.
    pub reach_chart_label: fn(&str, i64, usize) -> String,
    pub reach_per_day: &'static str,
    pub reach_day: &'static str,
    pub reach_none: &'static str,
    pub csv_again: &'static str,
    // series
    pub series_title: &'static str,
    pub series_existing: &'static str,
    pub no_series: &'static str,
    pub col_series: &'static str,
    pub col_rule: &'static str,
    pub col_upcoming: &'static str,
    pub new_series_title: &'static str,
    pub edit_series_title: fn(&str) -> String,
    pub new_series: &'static str,
    pub save_series: &'static str,
    pub series_written: fn(&str, usize, &[String]) -> String,
    pub series_deleted: fn(&str, &[String]) -> String,
    pub confirm_delete_series: fn(&str) -> String,
    pub legend_rule: &'static str,
    pub legend_dates: &'static str,
    pub legend_shared: &'static str,
    pub f_series_id: &'static str,
    pub f_series_id_hint: &'static str,
    pub f_rule: &'static str,
    pub rule_names: [&'static str; 3],
    pub f_interval: &'static str,
    pub f_interval_hint: &'static str,
    pub f_nth: &'static str,
    pub nth_names: [&'static str; 6],
    pub f_weekday: &'static str,
    /// Monday first.
    pub weekdays: [&'static str; 7],
    pub f_day: &'static str,
    pub f_first_date: &'static str,
    pub f_until: &'static str,
    pub f_until_hint: &'static str,
    pub f_count: &'static str,
    pub f_time: &'static str,
    pub f_duration: &'static str,
    pub f_except: &'static str,
    pub f_except_hint: &'static str,
    pub rule_week: fn(u32) -> String,
    pub rule_month_weekday: fn(i8, &str, u32) -> String,
    pub rule_month_day: fn(u32, u32) -> String,
    pub at_time: fn(&str) -> String,
    // partner feeds
    pub sources_title: &'static str,
    pub sources_intro: &'static str,
    pub no_sources: &'static str,
    pub col_source: &'static str,
    pub col_url: &'static str,
    pub col_mode: &'static str,
    pub col_interval: &'static str,
    pub col_last_success: &'static str,
    pub col_last_error: &'static str,
    pub col_events: &'static str,
    pub mode_rsvp: &'static str,
    pub mode_read_only: &'static str,
    pub every_minutes: fn(u32) -> String,
    pub never: &'static str,
    pub last_checked: fn(&str) -> String,
    pub skipped_events: fn(u32) -> String,
    /// " (Zeile 14)": where in a calendar file a skipped event starts.
    pub at_line: fn(u32) -> String,
    pub refresh_now: &'static str,
    pub refreshing: &'static str,
    /// Id, events, skipped, whether reading failed.
    pub source_refreshed: fn(&str, u32, u32, bool) -> String,
    /// Id, events, skipped, and why the first read failed (see [`Texts::source_failure`]).
    pub source_saved: fn(&str, u32, u32, Option<&str>) -> String,
    pub source_deleted: fn(&str) -> String,
    pub confirm_delete_source: fn(&str) -> String,
    pub new_source_title: &'static str,
    pub edit_source_title: fn(&str) -> String,
    pub new_source: &'static str,
    pub f_source_id: &'static str,
    pub f_source_id_hint: &'static str,
    pub f_source_url: &'static str,
    pub f_default_kind: &'static str,
    pub no_default_kind: &'static str,
    pub f_source_tags: &'static str,
    pub f_refresh_minutes: &'static str,
    pub f_mode: &'static str,
    /// `http_status`, `timeout`, `too_large`, `unreadable`, `unreachable`.
    source_problems: [&'static str; 5],
    source_problem_other: fn(&str) -> String,
    kinds: [&'static str; 7],
    // webhooks
    pub webhooks_title: &'static str,
    pub webhooks_intro: &'static str,
    pub no_webhooks: &'static str,
    pub col_follows: &'static str,
    pub col_deliveries: &'static str,
    pub col_last_delivered: &'static str,
    /// Waiting, failed.
    pub delivery_counts: fn(u32, u32) -> String,
    pub show_deliveries: &'static str,
    pub hide_deliveries: &'static str,
    pub deliveries_title: fn(&str) -> String,
    pub no_deliveries: &'static str,
    pub col_change: &'static str,
    pub col_state: &'static str,
    pub col_attempts: &'static str,
    pub col_answer: &'static str,
    pub col_occurred: &'static str,
    /// `waiting`, `delivered`, `failed`.
    pub delivery_states: [&'static str; 3],
    pub next_try: fn(&str) -> String,
    pub resend: &'static str,
    pub resending: &'static str,
    pub delivery_resent: fn(&str) -> String,
    pub webhook_saved: fn(&str) -> String,
    pub webhook_deleted: fn(&str) -> String,
    pub confirm_delete_webhook: fn(&str) -> String,
    pub new_webhook_title: &'static str,
    pub edit_webhook_title: fn(&str) -> String,
    pub new_webhook: &'static str,
    pub f_webhook_url: &'static str,
    pub f_webhook_url_hint: &'static str,
    pub f_webhook_events: &'static str,
    pub f_webhook_secret: &'static str,
    pub f_webhook_secret_hint: &'static str,
    /// What each of [`HookEvent::ALL`] means, for its checkbox.
    hook_events: [&'static str; 5],
    /// The endpoint was added and the server made its secret: shown once, before it.
    pub secret_once: fn(&str) -> String,
    pub secret_ends: fn(&str) -> String,
}

const SOURCE_PROBLEM_CODES: [&str; 5] = ["http_status", "timeout", "too_large", "unreadable", "unreachable"];

impl Texts {
    pub fn hook_event(&self, event: HookEvent) -> &'static str {
        let index = HookEvent::ALL.iter().position(|e| *e == event).unwrap_or(0);
        self.hook_events[index]
    }

    pub fn delivery_state(&self, state: DeliveryState) -> &'static str {
        match state {
            DeliveryState::Waiting => self.delivery_states[0],
            DeliveryState::Delivered => self.delivery_states[1],
            DeliveryState::Failed => self.delivery_states[2],
        }
    }

    pub fn kind(&self, kind: Kind) -> &'static str {
        let index = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(Kind::ALL.len() - 1);
        self.kinds[index]
    }

    /// Why a partner feed could not be read, by the server's code.
    pub fn source_problem(&self, code: &str) -> String {
        match SOURCE_PROBLEM_CODES.iter().position(|c| *c == code) {
            Some(index) => self.source_problems[index].to_owned(),
            None => (self.source_problem_other)(code),
        }
    }

    /// Why a partner feed could not be read, with the server's detail: one sentence.
    pub fn source_failure(&self, code: &str, detail: &str) -> String {
        let problem = self.source_problem(code);
        let text = match detail.trim() {
            "" => problem,
            detail => format!("{problem}: {detail}"),
        };
        if text.ends_with(['.', '!', '?']) {
            text
        } else {
            format!("{text}.")
        }
    }
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &de::DE,
        Lang::En => &en::EN,
    }
}

//! Attendee mail (docs/OPERATIONS.md): what each mail says, and its delivery from the outbox.

pub mod compose;
pub mod qr;
mod sender;

pub use sender::{deliver_outbox, Mailer};

/// How long an unconfirmed RSVP holds its place under `--require-confirmation`.
pub const HOLD_MINUTES: u32 = 30;

/// What the store needs to write mails into the outbox.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// Base of the links in mails, without a trailing slash.
    pub public_url: String,
    /// Host part of calendar UIDs, so that a changed event replaces the old one in calendars.
    pub uid_host: String,
    /// Double opt-in: new RSVPs wait for the link in their mail.
    pub require_confirmation: bool,
}

//! The outbox: mails written in the transaction of the change that causes them, and what the
//! sender needs to deliver them once and retry them with backoff.

use super::DbConn;
use chrono::{DateTime, Utc};
use stammtisch_model::{ics, Event, Lang};

use super::events::{event_row, EventRow};
use super::{Engine, StoreError, DIALECT};

/// How long a server's claim on a mail it is sending lasts (shared database only). Longer
/// than a batch of sends can take with the SMTP timeout.
const CLAIM_MINUTES: i64 = 15;
use crate::mail::compose::{compose, MailKind, Recipient};
use crate::mail::MailSettings;
use crate::store::types::{MailRow, OutgoingMail};
use crate::store::MailStatus;
use crate::token::CancelToken;

/// The attendee a mail goes to.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(super) struct MailTo {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub guests: i64,
    pub locale: String,
}

impl MailTo {
    pub(super) async fn load(conn: &mut DbConn, rsvp_id: i64) -> Result<Option<MailTo>, sqlx::Error> {
        sqlx::query_as("SELECT id, name, email, guests, locale FROM rsvps WHERE id = $1")
            .bind(rsvp_id)
            .fetch_optional(conn)
            .await
    }

    /// Everyone whose RSVP to the event still stands.
    pub(super) async fn all_of(conn: &mut DbConn, event_id: &str) -> Result<Vec<MailTo>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, name, email, guests, locale FROM rsvps
             WHERE event_id = $1 AND status NOT IN ('cancelled', 'declined') AND personal_data_deleted_at IS NULL ORDER BY id",
        )
        .bind(event_id)
        .fetch_all(conn)
        .await
    }
}

fn kind_name(kind: MailKind) -> &'static str {
    match kind {
        MailKind::Confirmed => "confirmed",
        MailKind::Waitlisted { .. } => "waitlisted",
        MailKind::PleaseConfirm { .. } => "please_confirm",
        MailKind::Promoted => "promoted",
        MailKind::Changed => "changed",
        MailKind::Cancelled => "cancelled",
        MailKind::LinkAgain => "link_again",
        MailKind::Reminder => "reminder",
        MailKind::Requested => "requested",
        MailKind::Declined => "declined",
    }
}

/// Writes one mail into the outbox, inside the caller's transaction. A mail that links to the
/// RSVP's page gets a link of its own (only its hash is stored).
pub(super) async fn enqueue(
    conn: &mut DbConn,
    mail: &MailSettings,
    kind: MailKind,
    to: &MailTo,
    event: &Event,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if to.email.is_empty() {
        return Ok(()); // personal data already deleted
    }
    // Called off or declined: nothing left to see or cancel behind a link.
    let url = if matches!(kind, MailKind::Cancelled | MailKind::Declined) {
        String::new()
    } else {
        let link = CancelToken::generate().map_err(|e| sqlx::Error::Io(std::io::Error::other(e.to_string())))?;
        sqlx::query("INSERT INTO rsvp_links (token_hash, rsvp_id) VALUES ($1, $2)")
            .bind(&link.hash)
            .bind(to.id)
            .execute(&mut *conn)
            .await?;
        format!("{}/rsvp/{}", mail.public_url, link.token)
    };
    let lang = Lang::from_tag(&to.locale).unwrap_or(Lang::De);
    let calendar = ics::calendar(std::slice::from_ref(event), None, &mail.uid_host, now);
    // A mail that gives or confirms a seat carries the code the door list opens (`#check-in/…`
    // in the console: only a signed-in organizer can act on it).
    let check_in_url = matches!(kind, MailKind::Confirmed | MailKind::Promoted | MailKind::Reminder)
        .then(|| format!("{}/admin#check-in/{}/{}", mail.public_url, event.id, to.id));
    let recipient = Recipient {
        name: &to.name,
        guests: u8::try_from(to.guests).unwrap_or(0),
        rsvp_url: &url,
        check_in_code: check_in_url.is_some(),
    };
    let composed = compose(kind, event, &recipient, lang, &calendar);
    sqlx::query(
        "INSERT INTO outbox (rsvp_id, event_id, kind, recipient, subject, body_text, body_html, calendar,
            created_at, next_attempt_unix, check_in_url) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(to.id)
    .bind(&event.id)
    .bind(kind_name(kind))
    .bind(&to.email)
    .bind(&composed.subject)
    .bind(&composed.text)
    .bind(&composed.html)
    .bind(&composed.calendar)
    .bind(now.to_rfc3339())
    // Due at once; `now` may be a test clock ahead of the sender's real one.
    .bind(Utc::now().timestamp().min(now.timestamp()))
    .bind(check_in_url)
    .execute(conn)
    .await?;
    Ok(())
}

/// The same mail to everyone registered for the event.
pub(super) async fn tell_everyone(
    conn: &mut DbConn,
    mail: &MailSettings,
    kind: MailKind,
    event: &Event,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for to in MailTo::all_of(conn, &event.id).await? {
        enqueue(conn, mail, kind, &to, event, now).await?;
    }
    Ok(())
}

/// After an event was rewritten: a "Geändert" mail to everyone registered, when its time or
/// place is not what it was (`before`, read in the same transaction).
pub(super) async fn tell_if_moved(
    conn: &mut DbConn,
    mail: Option<&MailSettings>,
    before: Option<EventRow>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let (Some(mail), Some(before)) = (mail, before) else { return Ok(()) };
    let before = before.into_event(now)?;
    if let Some(after) = event_row(conn, &before.id).await? {
        let after = after.into_event(now)?;
        if moved(&before, &after) {
            tell_everyone(conn, mail, MailKind::Changed, &after, now).await?;
        }
    }
    Ok(())
}

/// Whether attendees need to hear of a change: another time or another place.
fn moved(before: &Event, after: &Event) -> bool {
    before.starts_at != after.starts_at
        || before.ends_at != after.ends_at
        || before.time_zone != after.time_zone
        || before.location != after.location
}

impl Engine {
    /// Mails whose next try is due, oldest first.
    pub async fn due_mails(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<OutgoingMail>, StoreError> {
        if DIALECT.shared {
            // Every server's sender looks here: each mail is claimed by one of them for
            // `CLAIM_MINUTES`, so none goes out twice. Should that server die while
            // sending, another tries again once the claim has run out.
            let mut mails: Vec<OutgoingMail> = sqlx::query_as(
                "UPDATE outbox SET next_attempt_unix = $3 WHERE id IN
                    (SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_unix <= $1
                     ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
                 RETURNING id, recipient, subject, body_text, body_html, calendar, created_at, attempts,
                    check_in_url",
            )
            .bind(now.timestamp())
            .bind(limit)
            .bind(now.timestamp() + CLAIM_MINUTES * 60)
            .fetch_all(&self.pool)
            .await?;
            mails.sort_by_key(|mail| mail.id);
            return Ok(mails);
        }
        Ok(sqlx::query_as(
            "SELECT id, recipient, subject, body_text, body_html, calendar, created_at, attempts, check_in_url
             FROM outbox
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_unix <= $1 ORDER BY id LIMIT $2",
        )
        .bind(now.timestamp())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The SMTP server took the mail: it is not sent again, and its links leave the database
    /// (a mail whose RSVP is gone, a cancellation notice, its address too).
    pub async fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL, body_text = '',
                body_html = '', calendar = NULL,
                recipient = CASE WHEN rsvp_id IS NULL THEN '' ELSE recipient END WHERE id = $2",
        )
        .bind(now.to_rfc3339())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Delivery failed: tried again at `retry_at`, or never when `retry_at` is `None` (then its
    /// text, which holds a link, goes).
    pub async fn mail_not_sent(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $1,
                next_attempt_unix = COALESCE($2, next_attempt_unix),
                failed_at = CASE WHEN $2 IS NULL THEN $3 END,
                body_text = CASE WHEN $2 IS NULL THEN '' ELSE body_text END,
                body_html = CASE WHEN $2 IS NULL THEN '' ELSE body_html END,
                calendar = CASE WHEN $2 IS NULL THEN NULL ELSE calendar END WHERE id = $4",
        )
        .bind(error)
        .bind(retry_at.map(|t| t.timestamp()))
        .bind(now.to_rfc3339())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Mails not delivered (yet): failed for good, or retrying after an error; with `all`,
    /// the sent ones too.
    pub async fn mail_status(&self, all: bool) -> Result<Vec<MailStatus>, StoreError> {
        let filter = if all { "TRUE" } else { "sent_at IS NULL AND (failed_at IS NOT NULL OR attempts > 0)" };
        let sql = format!(
            "SELECT id, event_id, kind, recipient, subject, created_at, attempts, last_error, sent_at, failed_at
             FROM outbox WHERE {filter} ORDER BY id DESC LIMIT 1000"
        );
        let rows: Vec<MailRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(MailStatus::from).collect())
    }
}

//! Moving waiting parties up: in arrival order, each party that fits into the free seats is
//! confirmed; one that does not is skipped, so a smaller party behind it can still get in.

use super::DbConn;
use chrono::{DateTime, Utc};

use super::events::event_row;
use super::outbox::{enqueue, MailTo};
use super::webhooks::rsvp_changed;
use crate::mail::compose::MailKind;
use crate::mail::MailSettings;
use stammtisch_model::HookEvent;

/// Seats taken: held by confirmed RSVPs, or for RSVPs waiting for their confirmation. A party
/// of three holds three.
pub(super) async fn confirmed_seats(conn: &mut DbConn, event_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT confirmed_seats + pending_seats FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_one(conn)
        .await
}

/// An RSVP's 1-based place among the event's waiting parties, in arrival order.
pub(super) async fn waitlist_position(conn: &mut DbConn, event_id: &str, rsvp_id: i64) -> Result<u32, sqlx::Error> {
    let ahead: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM rsvps WHERE event_id = $1 AND status = 'waitlisted' AND id <= $2")
            .bind(event_id)
            .bind(rsvp_id)
            .fetch_one(conn)
            .await?;
    Ok(u32::try_from(ahead).unwrap_or(u32::MAX))
}

/// Promotes whoever fits, inside the caller's write transaction, and writes their "Sie haben
/// einen Platz" mails when mail is on. Waiting parties that have not confirmed their address
/// yet (double opt-in) wait. Returns how many RSVPs moved.
pub(super) async fn promote(
    conn: &mut DbConn,
    event_id: &str,
    mail: Option<&MailSettings>,
    now: DateTime<Utc>,
) -> Result<u32, sqlx::Error> {
    let capacity: Option<i64> = sqlx::query_scalar("SELECT capacity FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_optional(&mut *conn)
        .await?
        .flatten();
    let taken = confirmed_seats(conn, event_id).await?;
    let waiting: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, 1 + guests FROM rsvps
         WHERE event_id = $1 AND status = 'waitlisted' AND confirm_by_unix IS NULL ORDER BY id",
    )
    .bind(event_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut free = capacity.map(|c| c - taken);
    let mut promoted = Vec::new();
    for (id, party) in waiting {
        if free.is_some_and(|free| party > free) {
            continue;
        }
        sqlx::query("UPDATE rsvps SET status = 'confirmed' WHERE id = $1").bind(id).execute(&mut *conn).await?;
        free = free.map(|f| f - party);
        rsvp_changed(conn, HookEvent::RsvpPromoted, id, now).await?;
        promoted.push(id);
    }
    if let (Some(mail), false) = (mail, promoted.is_empty()) {
        if let Some(event) = event_row(conn, event_id).await? {
            let event = event.into_event(now)?;
            for id in &promoted {
                if let Some(to) = MailTo::load(conn, *id).await? {
                    enqueue(conn, mail, MailKind::Promoted, &to, &event, now).await?;
                }
            }
        }
    }
    Ok(u32::try_from(promoted.len()).unwrap_or(u32::MAX))
}

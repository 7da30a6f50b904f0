//! Approval per event (CONTRACT §8): the organizer's yes or no to a request. A yes takes a seat,
//! or a place on the waitlist, by the rule a new RSVP meets, in one transaction with the event
//! held: approvals and RSVPs at the same moment can never take more seats than there are.

use chrono::{DateTime, Utc};
use stammtisch_model::{Decision, HookEvent, RsvpStatus};

use super::events::any_event_row;
use super::outbox::{enqueue, MailTo};
use super::waitlist::waitlist_position;
use super::webhooks::rsvp_changed;
use super::{lock_event, Change, Engine, StoreError};
use crate::mail::compose::MailKind;

impl Engine {
    /// Approves (`approve`) or declines a request, mails the attendee the result and tells the
    /// webhooks (`rsvp.confirmed` for a yes, `rsvp.cancelled` for a no). Deciding again the
    /// same way answers the first decision; anything else that is not a request is refused.
    pub async fn decide_rsvp(
        &self,
        event_id: &str,
        rsvp_id: i64,
        approve: bool,
        now: DateTime<Utc>,
    ) -> Result<Decision, StoreError> {
        let mut tx = self.begin_write().await?;
        lock_event(&mut tx, event_id).await?;
        let found: Option<(RsvpStatus, i64, Option<i64>)> =
            sqlx::query_as("SELECT status, guests, confirm_by_unix FROM rsvps WHERE id = $1 AND event_id = $2")
                .bind(rsvp_id)
                .bind(event_id)
                .fetch_optional(&mut *tx)
                .await?;
        let (status, guests, confirm_by) = found.ok_or(StoreError::RsvpNotFound)?;
        match (status, approve) {
            (RsvpStatus::Confirmed, true) | (RsvpStatus::Declined, false) => {
                return Ok(Decision { status, waitlist_position: None });
            }
            (RsvpStatus::Waitlisted, true) => {
                let position = waitlist_position(&mut tx, event_id, rsvp_id).await?;
                return Ok(Decision { status, waitlist_position: Some(position) });
            }
            (RsvpStatus::Requested, _) if confirm_by.is_some() => {
                return Err(StoreError::NotRequested { awaiting_address: true });
            }
            (RsvpStatus::Requested, _) => {}
            _ => return Err(StoreError::NotRequested { awaiting_address: false }),
        }
        let event = any_event_row(&mut tx, event_id).await?.ok_or(StoreError::EventNotFound)?;
        let decided = if approve {
            let party = 1 + guests;
            let fits = event.capacity.is_none_or(|capacity| event.confirmed + event.pending + party <= capacity);
            if fits {
                RsvpStatus::Confirmed
            } else {
                RsvpStatus::Waitlisted
            }
        } else {
            RsvpStatus::Declined
        };
        sqlx::query("UPDATE rsvps SET status = $1 WHERE id = $2").bind(decided).bind(rsvp_id).execute(&mut *tx).await?;
        let hook = if approve { HookEvent::RsvpConfirmed } else { HookEvent::RsvpCancelled };
        rsvp_changed(&mut tx, hook, rsvp_id, now).await?;
        let waitlist = match decided {
            RsvpStatus::Waitlisted => Some(waitlist_position(&mut tx, event_id, rsvp_id).await?),
            _ => None,
        };
        if let (Some(mail), Some(to)) = (self.mail(), MailTo::load(&mut tx, rsvp_id).await?) {
            let kind = match (decided, waitlist) {
                (RsvpStatus::Waitlisted, Some(position)) => MailKind::Waitlisted { position },
                (RsvpStatus::Declined, _) => MailKind::Declined,
                _ => MailKind::Confirmed,
            };
            enqueue(&mut tx, mail, kind, &to, &event.into_event(now)?, now).await?;
        }
        tx.commit().await?;
        self.changed([Change::Seats(event_id.to_owned())]);
        Ok(Decision { status: decided, waitlist_position: waitlist })
    }
}

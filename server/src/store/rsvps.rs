use chrono::{DateTime, Utc};
use stammtisch_model::{Lang, RsvpState, RsvpStatus, ValidRsvp};

use super::events::{event_row, rsvp_is_open, rsvp_state};
use super::{is_unique_violation, parse_time, Store, StoreError};

/// What became of a new RSVP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsvpOutcome {
    pub status: RsvpStatus,
    /// 1-based place among the waiting parties.
    pub waitlist_position: Option<u32>,
    /// The event's counts right after this RSVP.
    pub state: RsvpState,
}

impl Store {
    /// Stores an RSVP: confirmed when the party fits into the free seats, else waitlisted.
    /// Counting and inserting happen in one write transaction, so concurrent RSVPs can never
    /// take more seats than there are.
    pub async fn create_rsvp(
        &self,
        event_id: &str,
        rsvp: &ValidRsvp,
        lang: Lang,
        cancel_token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<RsvpOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let seats = event_row(&mut tx, event_id).await?.ok_or(StoreError::EventNotFound)?;
        let starts_at = parse_time(&seats.starts_at)?;
        let closes_at = seats.rsvp_closes_at.as_deref().map(parse_time).transpose()?;
        if !seats.rsvp_enabled || !rsvp_is_open(seats.rsvp_open, closes_at, starts_at, now) {
            return Err(StoreError::RsvpClosed);
        }

        let party = 1 + i64::from(rsvp.guests);
        let fits = seats.capacity.is_none_or(|capacity| seats.confirmed + party <= capacity);
        let status = if fits { RsvpStatus::Confirmed } else { RsvpStatus::Waitlisted };

        let inserted = sqlx::query(
            "INSERT INTO rsvps (event_id, name, email, email_normalized, company, guests, note, status,
                cancel_token_hash, locale, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(event_id)
        .bind(&rsvp.name)
        .bind(&rsvp.email)
        .bind(&rsvp.email_normalized)
        .bind(&rsvp.company)
        .bind(i64::from(rsvp.guests))
        .bind(&rsvp.note)
        .bind(status)
        .bind(cancel_token_hash)
        .bind(lang.tag())
        .bind(now.to_rfc3339())
        .execute(&mut *tx)
        .await;
        // The unique index, not a prior SELECT, is what makes "one RSVP per address" hold.
        let inserted = match inserted {
            Err(error) if is_unique_violation(&error) => return Err(StoreError::AlreadyRegistered),
            other => other?,
        };

        let waitlist_position = match status {
            RsvpStatus::Waitlisted => {
                let ahead: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM rsvps WHERE event_id = ? AND status = 'waitlisted' AND id <= ?",
                )
                .bind(event_id)
                .bind(inserted.last_insert_rowid())
                .fetch_one(&mut *tx)
                .await?;
                Some(u32::try_from(ahead).unwrap_or(u32::MAX))
            }
            _ => None,
        };
        tx.commit().await?;
        self.changed();

        let (confirmed, waitlisted) = match status {
            RsvpStatus::Confirmed => (seats.confirmed + party, seats.waitlisted),
            _ => (seats.confirmed, seats.waitlisted + party),
        };
        let state = rsvp_state(seats.capacity, confirmed, waitlisted, true, closes_at);
        Ok(RsvpOutcome { status, waitlist_position, state })
    }
}

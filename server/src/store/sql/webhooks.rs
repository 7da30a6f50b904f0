//! Webhooks: the organizer's endpoints, and their deliveries written in the transaction of the
//! change that causes them (like mail), so that a delivery is lost neither by a crash nor by a
//! receiver that is away, and the sender's claim keeps several servers from sending one twice.

use chrono::{DateTime, Utc};
use stammtisch_model::{
    DeliveryState, Event, EventChange, EventHookData, EventRef, HookBody, HookData, HookEvent, RsvpHookData, Webhook,
    WebhookDelivery, DELIVERY_GIVE_UP_HOURS, MAX_DELIVERIES_LISTED, MAX_WEBHOOKS,
};

use super::events::event_row;
use super::{DbConn, Engine, StoreError, DIALECT};
use crate::store::types::{count, stored_time, AttendeeRow, DueDelivery, ATTENDEE_COLUMNS};

/// How long a server's claim on a delivery it is sending lasts (shared database only): longer
/// than one round of sends with their timeouts.
const CLAIM_SECONDS: i64 = 300;
/// How long finished deliveries stay listed (and can be sent again).
const KEEP_DAYS: i64 = 30;

/// The endpoints that follow `event`. Most boards have none, and then nothing else is read.
async fn followers(conn: &mut DbConn, event: HookEvent) -> Result<Vec<String>, sqlx::Error> {
    let sql = format!("SELECT id, events FROM webhooks ORDER BY id{}", DIALECT.lock_followers);
    let all: Vec<(String, String)> = sqlx::query_as(&sql).fetch_all(conn).await?;
    Ok(all
        .into_iter()
        .filter(|(_, events)| events.split(' ').any(|name| name == event.as_str()))
        .map(|(id, _)| id)
        .collect())
}

/// A delivery's id: random, so that receivers of several boards never see one twice.
fn delivery_id() -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| sqlx::Error::Io(std::io::Error::other(e.to_string())))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Writes one delivery per follower of `event`, inside the caller's transaction.
async fn enqueue(
    conn: &mut DbConn,
    followers: &[String],
    event: HookEvent,
    event_id: &str,
    rsvp_id: Option<i64>,
    data: &HookData,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for webhook in followers {
        let delivery = delivery_id()?;
        let body = HookBody { delivery: delivery.clone(), event, occurred_at: now.fixed_offset(), data: data.clone() };
        let body = serde_json::to_string(&body).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO webhook_deliveries (id, webhook_id, event, event_id, rsvp_id, body, created_at, created_unix,
                next_attempt_unix) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&delivery)
        .bind(webhook)
        .bind(event.as_str())
        .bind(event_id)
        .bind(rsvp_id)
        .bind(&body)
        .bind(now.to_rfc3339())
        .bind(now.timestamp())
        // Due at once; `now` may be a test clock ahead of the sender's real one.
        .bind(Utc::now().timestamp().min(now.timestamp()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// An RSVP changed (`rsvp.*`): its followers get the RSVP as it is now, inside the caller's
/// transaction.
pub(super) async fn rsvp_changed(
    conn: &mut DbConn,
    event: HookEvent,
    rsvp_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let followers = followers(conn, event).await?;
    if followers.is_empty() {
        return Ok(());
    }
    let row: Option<AttendeeRow> = sqlx::query_as(&format!("SELECT {ATTENDEE_COLUMNS} FROM rsvps r WHERE r.id = $1"))
        .bind(rsvp_id)
        .fetch_optional(&mut *conn)
        .await?;
    let event_id: Option<String> =
        sqlx::query_scalar("SELECT event_id FROM rsvps WHERE id = $1").bind(rsvp_id).fetch_optional(&mut *conn).await?;
    let (Some(row), Some(event_id)) = (row, event_id) else { return Ok(()) };
    let Some(stored) = event_row(conn, &event_id).await? else { return Ok(()) };
    let stored = stored.into_event(now)?;
    let data = HookData::Rsvp(RsvpHookData {
        event: EventRef {
            id: stored.id.clone(),
            title: stored.title.clone(),
            starts_at: stored.starts_at,
            ends_at: stored.ends_at,
            time_zone: stored.time_zone.clone(),
        },
        rsvp: row.into(),
    });
    enqueue(conn, &followers, event, &event_id, Some(rsvp_id), &data, now).await
}

/// An event as a receiver compares it: without its seat counts, which `rsvp.*` report.
fn as_followed(mut event: Event) -> Event {
    if let Some(rsvp) = event.rsvp.as_mut() {
        (rsvp.confirmed, rsvp.waitlisted, rsvp.seats_left) = (0, 0, None);
    }
    event
}

/// Watches one event through a change: `start` before it, `finish` after it, in the same
/// transaction. `event.changed` goes out only when what the feed shows of it is different.
pub(super) struct EventWatch {
    id: String,
    followers: Vec<String>,
    before: Option<Event>,
}

impl EventWatch {
    pub(super) async fn start(conn: &mut DbConn, id: &str, now: DateTime<Utc>) -> Result<EventWatch, sqlx::Error> {
        let followers = followers(conn, HookEvent::EventChanged).await?;
        let before = match followers.is_empty() {
            true => None,
            false => listed_event(conn, id, now).await?,
        };
        Ok(EventWatch { id: id.to_owned(), followers, before })
    }

    pub(super) async fn finish(self, conn: &mut DbConn, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
        if self.followers.is_empty() {
            return Ok(());
        }
        let after = listed_event(conn, &self.id, now).await?;
        let change = match (&self.before, &after) {
            (None, Some(_)) => EventChange::Created,
            (Some(_), None) => EventChange::Deleted,
            (Some(before), Some(after)) if as_followed(before.clone()) != as_followed(after.clone()) => {
                EventChange::Updated
            }
            _ => return Ok(()),
        };
        let data = HookData::Event(EventHookData { change, event_id: self.id.clone(), event: after });
        enqueue(conn, &self.followers, HookEvent::EventChanged, &self.id, None, &data, now).await
    }
}

/// The event as the board lists it; `None` when it is gone or hidden.
async fn listed_event(conn: &mut DbConn, id: &str, now: DateTime<Utc>) -> Result<Option<Event>, sqlx::Error> {
    match event_row(conn, id).await? {
        Some(row) if row.removed_at.is_none() => Ok(Some(row.into_event(now)?)),
        _ => Ok(None),
    }
}

#[derive(sqlx::FromRow)]
struct WebhookRow {
    id: String,
    url: String,
    events: String,
    secret: String,
    created_at: String,
    updated_at: String,
    waiting: i64,
    failed: i64,
    last_delivered_at: Option<String>,
}

impl From<WebhookRow> for Webhook {
    fn from(row: WebhookRow) -> Webhook {
        let epoch = DateTime::UNIX_EPOCH.fixed_offset();
        let hint: String = row.secret.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        Webhook {
            id: row.id,
            url: row.url,
            events: row.events.split(' ').filter_map(HookEvent::from_name).collect(),
            secret_hint: format!("…{hint}"),
            secret: None,
            created_at: stored_time(&row.created_at).unwrap_or(epoch),
            updated_at: stored_time(&row.updated_at).unwrap_or(epoch),
            waiting: count(row.waiting),
            failed: count(row.failed),
            last_delivered_at: row.last_delivered_at.as_deref().and_then(stored_time),
        }
    }
}

const WEBHOOK_COLUMNS: &str = "w.id, w.url, w.events, w.secret, w.created_at, w.updated_at,
    (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.delivered_at IS NULL AND d.failed_at IS NULL) AS waiting,
    (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.failed_at IS NOT NULL) AS failed,
    (SELECT MAX(d.delivered_at) FROM webhook_deliveries d WHERE d.webhook_id = w.id) AS last_delivered_at";

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: String,
    event: String,
    event_id: String,
    created_at: String,
    attempts: i64,
    next_attempt_unix: i64,
    last_status: Option<i64>,
    last_error: Option<String>,
    delivered_at: Option<String>,
    failed_at: Option<String>,
}

impl DeliveryRow {
    fn into_delivery(self) -> Option<WebhookDelivery> {
        let state = match (&self.delivered_at, &self.failed_at) {
            (Some(_), _) => DeliveryState::Delivered,
            (None, Some(_)) => DeliveryState::Failed,
            (None, None) => DeliveryState::Waiting,
        };
        Some(WebhookDelivery {
            id: self.id,
            event: HookEvent::from_name(&self.event)?,
            event_id: self.event_id,
            state,
            created_at: stored_time(&self.created_at)?,
            attempts: count(self.attempts),
            last_status: self.last_status.and_then(|s| u16::try_from(s).ok()),
            last_error: self.last_error,
            delivered_at: self.delivered_at.as_deref().and_then(stored_time),
            next_attempt_at: (state == DeliveryState::Waiting)
                .then(|| DateTime::from_timestamp(self.next_attempt_unix, 0).map(|t| t.fixed_offset()))
                .flatten(),
        })
    }
}

/// A new secret: 32 random bytes, as receivers' frameworks make them.
fn new_secret() -> Result<String, sqlx::Error> {
    use base64::Engine as _;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| sqlx::Error::Io(std::io::Error::other(e.to_string())))?;
    Ok(format!("whsec_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)))
}

impl Engine {
    pub async fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let rows: Vec<WebhookRow> = sqlx::query_as(&format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks w ORDER BY w.id"))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(Webhook::from).collect())
    }

    /// Adds or changes an endpoint; returns it and whether it is new. A new endpoint without a
    /// secret gets one, shown in this answer only.
    pub async fn save_webhook(
        &self,
        id: &str,
        url: &str,
        events: &[HookEvent],
        secret: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(Webhook, bool), StoreError> {
        let mut tx = self.begin_write().await?;
        let old: Option<String> =
            sqlx::query_scalar("SELECT secret FROM webhooks WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        let created = old.is_none();
        if created {
            let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhooks").fetch_one(&mut *tx).await?;
            if existing >= i64::try_from(MAX_WEBHOOKS).unwrap_or(i64::MAX) {
                return Err(StoreError::TooManyWebhooks);
            }
        }
        let made = match (secret, created) {
            (None, true) => Some(new_secret()?),
            _ => None,
        };
        let secret = secret.map(str::to_owned).or(made.clone()).or(old).unwrap_or_default();
        let names: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
        sqlx::query(
            "INSERT INTO webhooks (id, url, events, secret, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (id) DO UPDATE SET url = excluded.url, events = excluded.events, secret = excluded.secret,
                updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(url)
        .bind(names.join(" "))
        .bind(&secret)
        .bind(now.to_rfc3339())
        .execute(&mut *tx)
        .await?;
        // The organizer fixed or changed the endpoint: what waits for it is tried at once.
        sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_unix = $1
             WHERE webhook_id = $2 AND delivered_at IS NULL AND failed_at IS NULL AND next_attempt_unix > $1",
        )
        .bind(now.timestamp())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let row: WebhookRow = sqlx::query_as(&format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks w WHERE w.id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        let mut webhook = Webhook::from(row);
        webhook.secret = made;
        Ok((webhook, created))
    }

    /// Removes an endpoint with its deliveries, sent or not.
    pub async fn delete_webhook(&self, id: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM webhooks WHERE id = $1").bind(id).execute(&self.pool).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::WebhookNotFound);
        }
        Ok(())
    }

    /// The endpoint's most recent deliveries, newest first.
    pub async fn webhook_deliveries(&self, id: &str) -> Result<Vec<WebhookDelivery>, StoreError> {
        let exists: Option<i64> = sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM webhooks WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        exists.ok_or(StoreError::WebhookNotFound)?;
        let rows: Vec<DeliveryRow> = sqlx::query_as(
            "SELECT id, event, event_id, created_at, attempts, next_attempt_unix, last_status, last_error,
                delivered_at, failed_at FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY seq DESC LIMIT $2",
        )
        .bind(id)
        .bind(i64::try_from(MAX_DELIVERIES_LISTED).unwrap_or(100))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().filter_map(DeliveryRow::into_delivery).collect())
    }

    /// The organizer sends a delivery again: due at once, with the same id and body, and
    /// retried for another [`DELIVERY_GIVE_UP_HOURS`]. One whose attendee's data is gone
    /// cannot be sent (its body is empty).
    pub async fn resend_delivery(
        &self,
        webhook_id: &str,
        delivery_id: &str,
        now: DateTime<Utc>,
    ) -> Result<WebhookDelivery, StoreError> {
        let done = sqlx::query(
            "UPDATE webhook_deliveries SET delivered_at = NULL, failed_at = NULL, next_attempt_unix = $1,
                created_unix = $1 WHERE webhook_id = $2 AND id = $3 AND body <> ''",
        )
        .bind(now.timestamp())
        .bind(webhook_id)
        .bind(delivery_id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::DeliveryNotFound);
        }
        let row: DeliveryRow = sqlx::query_as(
            "SELECT id, event, event_id, created_at, attempts, next_attempt_unix, last_status, last_error,
                delivered_at, failed_at FROM webhook_deliveries WHERE id = $1",
        )
        .bind(delivery_id)
        .fetch_one(&self.pool)
        .await?;
        row.into_delivery().ok_or(StoreError::DeliveryNotFound)
    }

    /// Deliveries whose next try is due, oldest first; on a shared database claimed for this
    /// server for [`CLAIM_SECONDS`], so no other sends them meanwhile.
    pub async fn due_deliveries(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<DueDelivery>, StoreError> {
        const COLUMNS: &str = "d.seq, d.id, d.event, d.body, d.attempts, d.created_unix, w.url, w.secret";
        if DIALECT.shared {
            let mut due: Vec<DueDelivery> = sqlx::query_as(&format!(
                "WITH claimed AS (
                    UPDATE webhook_deliveries SET next_attempt_unix = $3 WHERE seq IN
                        (SELECT seq FROM webhook_deliveries
                         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_unix <= $1
                         ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
                    RETURNING *)
                 SELECT {COLUMNS} FROM claimed d JOIN webhooks w ON w.id = d.webhook_id"
            ))
            .bind(now.timestamp())
            .bind(limit)
            .bind(now.timestamp() + CLAIM_SECONDS)
            .fetch_all(&self.pool)
            .await?;
            due.sort_by_key(|d| d.seq);
            return Ok(due);
        }
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
             WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_unix <= $1 ORDER BY d.seq LIMIT $2"
        ))
        .bind(now.timestamp())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The receiver answered 2xx: never sent again.
    pub async fn delivered(&self, seq: i64, status: u16, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE webhook_deliveries SET delivered_at = $1, attempts = attempts + 1, last_status = $2,
                last_error = NULL WHERE seq = $3",
        )
        .bind(now.to_rfc3339())
        .bind(i64::from(status))
        .bind(seq)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A try failed: tried again at `retry_at`, or given up when the delivery is older than
    /// [`DELIVERY_GIVE_UP_HOURS`].
    pub async fn not_delivered(
        &self,
        seq: i64,
        status: Option<u16>,
        error: &str,
        retry_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $1,
                last_error = CASE WHEN body = '' THEN last_error ELSE $2 END,
                next_attempt_unix = $3,
                -- Failed meanwhile (the attendee's data went) stays failed.
                failed_at = COALESCE(failed_at, CASE WHEN created_unix < $4 THEN $5 END) WHERE seq = $6",
        )
        .bind(status.map(i64::from))
        .bind(error)
        .bind(retry_at.timestamp())
        .bind((now - chrono::Duration::hours(DELIVERY_GIVE_UP_HOURS)).timestamp())
        .bind(now.to_rfc3339())
        .bind(seq)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Finished deliveries older than [`KEEP_DAYS`] go; the list shows recent ones only.
    pub async fn prune_deliveries(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "DELETE FROM webhook_deliveries WHERE created_unix < $1 AND (delivered_at IS NOT NULL OR failed_at IS NOT NULL)",
        )
        .bind((now - chrono::Duration::days(KEEP_DAYS)).timestamp())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}

/// Deliveries about attendees whose data went, written before it went, lose their bodies; one
/// not sent yet is not sent at all. (Both times are this server's RFC 3339 in UTC, which sort
/// as text.) A delivery written after, such as the cancellation of "delete my data", holds no
/// personal data and goes out.
pub(super) async fn forget_deliveries(conn: &mut DbConn, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE webhook_deliveries SET body = '',
            failed_at = CASE WHEN delivered_at IS NULL THEN COALESCE(failed_at, $1) ELSE failed_at END,
            last_error = CASE WHEN delivered_at IS NULL THEN 'personal data deleted before it was sent'
                ELSE last_error END
         WHERE body <> '' AND EXISTS (SELECT 1 FROM rsvps r WHERE r.id = webhook_deliveries.rsvp_id
            AND r.personal_data_deleted_at IS NOT NULL AND webhook_deliveries.created_at < r.personal_data_deleted_at)",
    )
    .bind(now.to_rfc3339())
    .execute(conn)
    .await?;
    Ok(())
}

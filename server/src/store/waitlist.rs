//! Moving waiting parties up: in arrival order, each party that fits into the free seats is
//! confirmed; one that does not is skipped, so a smaller party behind it can still get in.

use sqlx::SqliteConnection;

/// Seats held by confirmed RSVPs; a party of three holds three.
pub(super) async fn confirmed_seats(conn: &mut SqliteConnection, event_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT confirmed_seats FROM events WHERE id = ?").bind(event_id).fetch_one(conn).await
}

/// Promotes whoever fits, inside the caller's write transaction. Returns how many RSVPs moved.
pub(super) async fn promote(conn: &mut SqliteConnection, event_id: &str) -> Result<u32, sqlx::Error> {
    let capacity: Option<i64> = sqlx::query_scalar("SELECT capacity FROM events WHERE id = ?")
        .bind(event_id)
        .fetch_optional(&mut *conn)
        .await?
        .flatten();
    let confirmed = confirmed_seats(conn, event_id).await?;
    let waiting: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, 1 + guests FROM rsvps WHERE event_id = ? AND status = 'waitlisted' ORDER BY id")
            .bind(event_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut free = capacity.map(|c| c - confirmed);
    let mut promoted = 0;
    for (id, party) in waiting {
        if free.is_some_and(|free| party > free) {
            continue;
        }
        sqlx::query("UPDATE rsvps SET status = 'confirmed' WHERE id = ?").bind(id).execute(&mut *conn).await?;
        free = free.map(|f| f - party);
        promoted += 1;
    }
    Ok(promoted)
}

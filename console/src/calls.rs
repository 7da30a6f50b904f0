//! The organizer API's calls, one function each.

use serde::Deserialize;
use stammtisch_model::{EventInput, Lang};
use wasm_bindgen_futures::JsFuture;

use crate::api::{fetch, read, send, send_with, submit, ClientError, Method};
use crate::session::Session;
use stammtisch_model::{
    AdminEvent, Attendee, AttendeeList, DeliveryList, EventReach, SeriesEntry, SeriesInput, SeriesList, SeriesWritten,
    Source, SourceInput, SourceList, Webhook, WebhookDelivery, WebhookInput, WebhookList,
};

const ADMIN: &str = "/api/v1/admin";

/// An id as one path segment, whatever was typed.
fn segment(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

fn event_path(id: &str) -> String {
    format!("{ADMIN}/events/{}", segment(id))
}

/// The events, and how many could not be read (one broken event does not hide the others).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EventList {
    pub events: Vec<AdminEvent>,
    pub unreadable: usize,
}

/// The list read event by event: one this console cannot read (a newer server's) is counted,
/// not fatal.
#[derive(Deserialize)]
struct Listed {
    #[serde(default)]
    events: Vec<Box<serde_json::value::RawValue>>,
}

fn event_list(listed: Listed) -> EventList {
    let total = listed.events.len();
    let events: Vec<AdminEvent> = listed.events.iter().filter_map(|raw| serde_json::from_str(raw.get()).ok()).collect();
    EventList { unreadable: total - events.len(), events }
}

pub async fn list_events(session: Session) -> Result<EventList, ClientError> {
    fetch(session, Method::Get, &format!("{ADMIN}/events")).await.map(event_list)
}

/// Whether the server takes `token`, before it is kept.
pub async fn check_token(token: &str, lang: Lang) -> Result<(), ClientError> {
    let response = send_with::<()>(token, lang, Method::Get, &format!("{ADMIN}/events"), None).await?;
    read::<Listed>(response).await.map(|_| ())
}

pub async fn get_event(session: Session, id: &str) -> Result<AdminEvent, ClientError> {
    fetch(session, Method::Get, &event_path(id)).await
}

pub async fn create_event(session: Session, input: &EventInput) -> Result<AdminEvent, ClientError> {
    submit(session, Method::Post, &format!("{ADMIN}/events"), input).await
}

pub async fn update_event(session: Session, id: &str, input: &EventInput) -> Result<AdminEvent, ClientError> {
    submit(session, Method::Put, &event_path(id), input).await
}

/// `force` deletes the event's RSVPs with it.
pub async fn delete_event(session: Session, id: &str, force: bool) -> Result<(), ClientError> {
    let path = if force { format!("{}?force=true", event_path(id)) } else { event_path(id) };
    send::<()>(session, Method::Delete, &path, None).await.map(|_| ())
}

pub async fn list_rsvps(session: Session, event_id: &str) -> Result<Vec<Attendee>, ClientError> {
    fetch(session, Method::Get, &format!("{}/rsvps", event_path(event_id))).await.map(|list: AttendeeList| list.rsvps)
}

/// An event with everybody who answered: what the attendee list and the door list show.
pub async fn event_with_rsvps(session: Session, id: &str) -> Result<(AdminEvent, Vec<Attendee>), ClientError> {
    let event = get_event(session, id).await?;
    let rsvps = list_rsvps(session, id).await?;
    Ok((event, rsvps))
}

/// The event's reach over the last 30 days.
pub async fn event_reach(session: Session, event_id: &str) -> Result<EventReach, ClientError> {
    fetch(session, Method::Get, &format!("{}/reach", event_path(event_id))).await
}

/// Cancels on the attendee's behalf; the waitlist moves up.
pub async fn cancel_rsvp(session: Session, event_id: &str, rsvp_id: &str) -> Result<(), ClientError> {
    let path = format!("{}/rsvps/{}", event_path(event_id), segment(rsvp_id));
    send::<()>(session, Method::Delete, &path, None).await.map(|_| ())
}

/// Approval: the organizer's yes (`approve`) or no to a request.
pub async fn decide_rsvp(session: Session, event_id: &str, rsvp_id: i64, approve: bool) -> Result<(), ClientError> {
    let verb = if approve { "approve" } else { "decline" };
    let path = format!("{}/rsvps/{rsvp_id}/{verb}", event_path(event_id));
    send::<()>(session, Method::Post, &path, None).await.map(|_| ())
}

/// Check-in at the door (`arrived`), or taking it back; answers when the attendee arrived.
pub async fn check_in(
    session: Session,
    event_id: &str,
    rsvp_id: i64,
    arrived: bool,
) -> Result<stammtisch_model::CheckIn, ClientError> {
    let path = format!("{}/rsvps/{rsvp_id}/check-in", event_path(event_id));
    let method = if arrived { Method::Post } else { Method::Delete };
    let response = send::<()>(session, method, &path, None).await?;
    response.json().await.map_err(|_| ClientError::Unreadable)
}

/// The attendee list as the server's CSV file.
pub async fn rsvps_csv(session: Session, event_id: &str) -> Result<web_sys::Blob, ClientError> {
    let response = send::<()>(session, Method::Get, &format!("{}/rsvps.csv", event_path(event_id)), None).await?;
    let raw = web_sys::Response::from(response);
    let promise = raw.blob().map_err(|_| ClientError::Unreadable)?;
    let blob = JsFuture::from(promise).await.map_err(|_| ClientError::Network)?;
    Ok(blob.into())
}

pub async fn list_series(session: Session) -> Result<Vec<SeriesEntry>, ClientError> {
    fetch(session, Method::Get, &format!("{ADMIN}/series")).await.map(|s: SeriesList| s.series)
}

pub async fn put_series(session: Session, id: &str, body: &SeriesInput) -> Result<SeriesWritten, ClientError> {
    submit(session, Method::Put, &format!("{ADMIN}/series/{}", segment(id)), body).await
}

pub async fn delete_series(session: Session, id: &str) -> Result<SeriesWritten, ClientError> {
    fetch(session, Method::Delete, &format!("{ADMIN}/series/{}", segment(id))).await
}

pub async fn list_sources(session: Session) -> Result<Vec<Source>, ClientError> {
    fetch(session, Method::Get, &format!("{ADMIN}/sources")).await.map(|list: SourceList| list.sources)
}

pub async fn put_source(session: Session, id: &str, input: &SourceInput) -> Result<Source, ClientError> {
    submit(session, Method::Put, &format!("{ADMIN}/sources/{}", segment(id)), input).await
}

pub async fn delete_source(session: Session, id: &str) -> Result<(), ClientError> {
    send::<()>(session, Method::Delete, &format!("{ADMIN}/sources/{}", segment(id)), None).await.map(|_| ())
}

/// Reads the partner feed now instead of at its next turn.
pub async fn refresh_source(session: Session, id: &str) -> Result<Source, ClientError> {
    fetch(session, Method::Post, &format!("{ADMIN}/sources/{}/refresh", segment(id))).await
}

fn webhook_path(id: &str) -> String {
    format!("{ADMIN}/webhooks/{}", segment(id))
}

pub async fn list_webhooks(session: Session) -> Result<Vec<Webhook>, ClientError> {
    fetch(session, Method::Get, &format!("{ADMIN}/webhooks")).await.map(|list: WebhookList| list.webhooks)
}

/// The answer holds the secret once, when the server made it.
pub async fn put_webhook(session: Session, id: &str, input: &WebhookInput) -> Result<Webhook, ClientError> {
    submit(session, Method::Put, &webhook_path(id), input).await
}

pub async fn delete_webhook(session: Session, id: &str) -> Result<(), ClientError> {
    send::<()>(session, Method::Delete, &webhook_path(id), None).await.map(|_| ())
}

pub async fn list_deliveries(session: Session, id: &str) -> Result<Vec<WebhookDelivery>, ClientError> {
    fetch(session, Method::Get, &format!("{}/deliveries", webhook_path(id)))
        .await
        .map(|list: DeliveryList| list.deliveries)
}

/// Sends a delivery again now, with its id and body.
pub async fn resend_delivery(session: Session, id: &str, delivery: &str) -> Result<WebhookDelivery, ClientError> {
    let path = format!("{}/deliveries/{}/resend", webhook_path(id), segment(delivery));
    fetch(session, Method::Post, &path).await
}

//! `GET /api/v1/admin/webhooks`, `PUT|DELETE /api/v1/admin/webhooks/{id}`, and the
//! endpoint's deliveries: where the board's changes go to the organizer's CRM or automation.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::Utc;
use stammtisch_model::{ApiError, DeliveryList, Done, Webhook, WebhookDelivery, WebhookInput, WebhookList};

use super::admin::Admin;
use super::json::read_json_body;
use super::request_lang;
use crate::{AppError, AppState};

/// `GET /api/v1/admin/webhooks`
#[utoipa::path(get, path = "/api/v1/admin/webhooks", tag = "organizer",
    responses((status = 200, description = "Every endpoint with its deliveries' counts; never a secret", body = WebhookList)))]
pub async fn list_webhooks(
    _: Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<WebhookList>, AppError> {
    let lang = request_lang(&headers);
    let webhooks = state.store.webhooks().await.map_err(|e| AppError::from_store(e, lang))?;
    Ok(Json(WebhookList { webhooks }))
}

/// `PUT /api/v1/admin/webhooks/{id}`: adds or changes an endpoint. Changes from now on are
/// delivered to it; earlier ones are not.
#[utoipa::path(put, path = "/api/v1/admin/webhooks/{id}", tag = "organizer",
    params(("id" = String, Path, description = "The endpoint's id, e.g. `crm`: lower-case letters, digits and hyphens, at most 32")),
    request_body = WebhookInput,
    responses(
        (status = 200, description = "Changed", body = Webhook),
        (status = 201, description = "Added; `secret` is shown here once when the server made it", body = Webhook),
        (status = 400, description = "Not JSON", body = ApiError),
        (status = 413, description = "Too large", body = ApiError),
        (status = 422, description = "A rule broken; `field` names it", body = ApiError),
    ))]
pub async fn put_webhook(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Webhook>), AppError> {
    let lang = request_lang(&headers);
    let body = body.map_err(|rejection| AppError::unreadable_body(&rejection, lang))?;
    let input: WebhookInput = read_json_body(&body, lang)?;
    let events = input.check(&id).map_err(|problem| AppError::invalid_event(problem, lang))?;
    let (webhook, created) = state
        .store
        .save_webhook(&id, input.url.trim(), &events, input.secret.as_deref(), Utc::now())
        .await
        .map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(webhook = %id, created, "webhook saved");
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(webhook)))
}

/// `DELETE /api/v1/admin/webhooks/{id}`
#[utoipa::path(delete, path = "/api/v1/admin/webhooks/{id}", tag = "organizer",
    params(("id" = String, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "Removed with its deliveries, sent or not", body = Done),
        (status = 404, description = "No such endpoint", body = ApiError),
    ))]
pub async fn delete_webhook(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Done>, AppError> {
    let lang = request_lang(&headers);
    state.store.delete_webhook(&id).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(webhook = %id, "webhook deleted");
    Ok(Json(Done::DELETED))
}

/// `GET /api/v1/admin/webhooks/{id}/deliveries`
#[utoipa::path(get, path = "/api/v1/admin/webhooks/{id}/deliveries", tag = "organizer",
    params(("id" = String, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "Its latest 100 deliveries, newest first, with their state", body = DeliveryList),
        (status = 404, description = "No such endpoint", body = ApiError),
    ))]
pub async fn list_deliveries(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<DeliveryList>, AppError> {
    let lang = request_lang(&headers);
    let deliveries = state.store.webhook_deliveries(&id).await.map_err(|e| AppError::from_store(e, lang))?;
    Ok(Json(DeliveryList { deliveries }))
}

/// `POST /api/v1/admin/webhooks/{id}/deliveries/{delivery}/resend`: tries a delivery again now,
/// with the same id and body (a receiver that has it already can tell by the id).
#[utoipa::path(post, path = "/api/v1/admin/webhooks/{id}/deliveries/{delivery}/resend", tag = "organizer",
    params(("id" = String, Path, description = "The endpoint's id"),
        ("delivery" = String, Path, description = "The delivery's id (`Stammtisch-Delivery`)")),
    responses(
        (status = 200, description = "Due again at once", body = WebhookDelivery),
        (status = 404, description = "No such delivery, or its attendee's data is deleted", body = ApiError),
    ))]
pub async fn resend_delivery(
    _: Admin,
    State(state): State<AppState>,
    Path((id, delivery)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<WebhookDelivery>, AppError> {
    let lang = request_lang(&headers);
    let resent =
        state.store.resend_delivery(&id, &delivery, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(webhook = %id, delivery = %delivery, "webhook delivery sent again");
    Ok(Json(resent))
}

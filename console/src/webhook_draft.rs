//! The webhook form's state and the body of `PUT /api/v1/admin/webhooks/{id}`, checked by the
//! model's rules, the ones the server applies.

use stammtisch_model::{HookEvent, Webhook, WebhookInput};

use crate::problems::{FieldProblem, Issue};

pub const WEBHOOK_FIELDS: [&str; 4] = ["id", "url", "events", "secret"];

/// `events` → `webhook-events`.
pub fn webhook_field_id(field: &str) -> String {
    format!("webhook-{}", field.replace(['.', '_'], "-"))
}

#[derive(Clone, Debug, PartialEq)]
pub struct WebhookDraft {
    pub id: String,
    /// Changing a stored endpoint: its id stays, and an empty secret keeps the old one.
    pub editing: bool,
    pub url: String,
    pub events: Vec<HookEvent>,
    pub secret: String,
}

impl Default for WebhookDraft {
    /// A new endpoint follows the RSVPs, which is what a CRM wants.
    fn default() -> Self {
        WebhookDraft {
            id: String::new(),
            editing: false,
            url: String::new(),
            events: vec![
                HookEvent::RsvpCreated,
                HookEvent::RsvpConfirmed,
                HookEvent::RsvpCancelled,
                HookEvent::RsvpPromoted,
            ],
            secret: String::new(),
        }
    }
}

impl WebhookDraft {
    pub fn from_webhook(webhook: &Webhook) -> Self {
        WebhookDraft {
            id: webhook.id.clone(),
            editing: true,
            url: webhook.url.clone(),
            events: webhook.events.clone(),
            secret: String::new(),
        }
    }

    pub fn follows(&self, event: HookEvent) -> bool {
        self.events.contains(&event)
    }

    pub fn set_follows(&mut self, event: HookEvent, on: bool) {
        self.events.retain(|e| *e != event);
        if on {
            self.events.push(event);
            // In the contract's order, as the server lists them.
            self.events.sort_by_key(|e| HookEvent::ALL.iter().position(|a| a == e));
        }
    }

    /// The id and body for the API, or the first broken rule at its field.
    pub fn to_input(&self) -> Result<(String, WebhookInput), Vec<FieldProblem>> {
        let id = self.id.trim().to_owned();
        let secret = Some(self.secret.trim()).filter(|s| !s.is_empty()).map(str::to_owned);
        let input = WebhookInput {
            url: self.url.trim().to_owned(),
            events: self.events.iter().map(|e| e.as_str().to_owned()).collect(),
            secret,
        };
        match input.check(&id) {
            Ok(_) => Ok((id, input)),
            Err(problem) => Err(vec![FieldProblem::new(problem.field, Issue::Rule(problem.problem))]),
        }
    }
}

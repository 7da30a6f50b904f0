//! Delivering the outbox over SMTP: one sender per server, oldest mail first, each mail marked
//! sent as soon as the SMTP server took it, retried with growing pauses while it cannot be
//! delivered.

use std::time::Duration;

use chrono::Utc;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{header, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::store::{OutgoingMail, Store};

/// Longest pause between two tries of one mail.
const MAX_BACKOFF_SECONDS: i64 = 300;
/// How often an idle sender looks for new mail.
const IDLE: Duration = Duration::from_millis(250);

/// `Auto-Submitted: auto-generated` (RFC 3834): no out-of-office replies, and a sign to
/// filters that a program, not a person, wrote this.
#[derive(Clone)]
struct AutoSubmitted;

impl header::Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `smtp_url`: `smtp://host:port` (plain), `smtp://host?tls=required` (STARTTLS) or
    /// `smtps://host` (TLS from the start), with `user:password@` when the server asks.
    pub fn new(smtp_url: &str, from: &str) -> anyhow::Result<Self> {
        // The URL may carry a password: errors name it without.
        let shown = crate::config::without_credentials(smtp_url);
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|error| anyhow::anyhow!("--smtp-url {shown:?} is not usable: {error}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from: Mailbox =
            from.parse().map_err(|error| anyhow::anyhow!("--mail-from {from:?} is not an address: {error}"))?;
        Ok(Mailer { transport, from })
    }

    fn message(&self, mail: &OutgoingMail) -> anyhow::Result<Message> {
        let to: Mailbox = mail.recipient.parse()?;
        // One Message-ID per outbox entry: should a mail ever go out twice (a crash right
        // after the SMTP server took it), mail programs see the same message.
        let created = chrono::DateTime::parse_from_rfc3339(&mail.created_at).map(|t| t.timestamp()).unwrap_or(0);
        let message_id = format!("<stammtisch.{}.{created}@{}>", mail.id, self.from.email.domain());
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(message_id))
            .date_now()
            .header(AutoSubmitted);
        let picture = mail.check_in_url.as_deref().and_then(super::qr::qr_png);
        let text_and_html = match picture {
            // The HTML and its picture belong together (multipart/related), the text stands apart.
            Some(png) => MultiPart::alternative().singlepart(SinglePart::plain(mail.body_text.clone())).multipart(
                MultiPart::related().singlepart(SinglePart::html(mail.body_html.clone())).singlepart(
                    Attachment::new_inline(super::compose::CHECK_IN_CID.to_owned())
                        .body(png, ContentType::parse("image/png")?),
                ),
            ),
            None => MultiPart::alternative_plain_html(mail.body_text.clone(), mail.body_html.clone()),
        };
        let message = match &mail.calendar {
            Some(calendar) => builder.multipart(
                MultiPart::mixed().multipart(text_and_html).singlepart(
                    Attachment::new("termin.ics".to_owned())
                        .body(calendar.clone(), ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")?),
                ),
            )?,
            None => builder.multipart(text_and_html)?,
        };
        Ok(message)
    }

    async fn deliver(&self, store: &Store, mail: OutgoingMail) {
        let now = Utc::now();
        let message = match self.message(&mail) {
            Ok(message) => message,
            Err(error) => {
                tracing::warn!(mail = mail.id, "mail cannot be written (no valid address?); not retried");
                let _ = store.mail_not_sent(mail.id, &error.to_string(), None, now).await;
                return;
            }
        };
        let outcome = self.transport.send(message).await;
        let recorded = match outcome {
            Ok(_) => record_sent(store, mail.id).await,
            // SMTP answers often quote the address: logs get the code only, the organizer's
            // list of failed mails the whole answer.
            Err(error) if error.is_permanent() => {
                tracing::warn!(mail = mail.id, code = ?error.status(), "SMTP server refused the mail for good");
                store.mail_not_sent(mail.id, &error.to_string(), None, now).await
            }
            Err(error) => {
                let pause = (1i64 << mail.attempts.clamp(0, 16)).min(MAX_BACKOFF_SECONDS);
                tracing::info!(mail = mail.id, code = ?error.status(), pause, "mail not delivered yet; trying again");
                store
                    .mail_not_sent(mail.id, &error.to_string(), Some(now + chrono::Duration::seconds(pause)), now)
                    .await
            }
        };
        if let Err(error) = recorded {
            tracing::error!(mail = mail.id, %error, "cannot record a mail's delivery");
        }
    }
}

/// The SMTP server took the mail: until that is on record the mail counts as unsent and
/// would go out again, so a busy database is waited out.
async fn record_sent(store: &Store, id: i64) -> Result<(), crate::store::StoreError> {
    let mut pause = Duration::from_millis(50);
    loop {
        match store.mail_sent(id, Utc::now()).await {
            Err(error) if pause < Duration::from_secs(30) => {
                tracing::warn!(mail = id, %error, "cannot record a sent mail yet; trying again");
                tokio::time::sleep(pause).await;
                pause *= 2;
            }
            done => return done,
        }
    }
}

/// Runs for the server's life.
pub async fn deliver_outbox(store: Store, mailer: Mailer) {
    loop {
        match store.due_mails(Utc::now(), 32).await {
            Ok(due) if !due.is_empty() => {
                for mail in due {
                    mailer.deliver(&store, mail).await;
                }
            }
            Ok(_) => tokio::time::sleep(IDLE).await,
            Err(error) => {
                tracing::warn!(%error, "cannot read the outbox");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

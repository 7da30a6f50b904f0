use chrono::{DateTime, Duration, FixedOffset, Utc};
use clap::Parser;
use serde_json::Value;
use stammtisch_model::{Event, Kind, Location, Organizer};
use stammtisch_server::{app, AppState, Config, NewEvent, Reach, Store};
use tempfile::TempDir;

use crate::database::{fresh_database, raw_pool};
use tokio::net::TcpListener;

pub struct TestApp {
    pub address: String,
    pub store: Store,
    /// The store's database, for looking behind the API.
    pub raw: sqlx::AnyPool,
    #[allow(dead_code, reason = "tests/postgres opens connections of its own to it")]
    pub database: String,
    pub client: reqwest::Client,
    /// The server's reach counter, to write its counts now rather than at its next flush.
    #[allow(dead_code, reason = "only the reach tests flush")]
    pub reach: Reach,
    /// Holds the database folder until the test ends.
    _dir: TempDir,
}

/// Starts the whole app on a free port with an empty database in a fresh folder.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(extra_args: &[&str]) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = fresh_database(dir.path()).await;
    spawn_app_on(dir, database, extra_args).await
}

/// Starts the app on `database`, which may already hold data or serve another instance.
pub async fn spawn_app_on(dir: TempDir, database: String, extra_args: &[&str]) -> TestApp {
    let widget_dir = dir.path().join("dist");
    std::fs::create_dir_all(&widget_dir).unwrap();
    std::fs::write(widget_dir.join("embed.js"), "// test widget\n").unwrap();
    let mut args = vec!["stammtisch-server", "--database", &database, "--widget-dir", widget_dir.to_str().unwrap()];
    args.extend_from_slice(extra_args);
    // Tests post many RSVPs from one address; the limit has tests of its own.
    if !extra_args.contains(&"--rsvp-rate-limit") {
        args.extend_from_slice(&["--rsvp-rate-limit", "0"]);
    }
    let config = Config::parse_from(args);
    let store = Store::open(&config.database).await.expect("database opens");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store.clone(), &config, address.clone()).unwrap();
    let reach = state.reach.clone();
    let limits = config.limits();
    tokio::spawn(stammtisch_server::serve(listener, app(state), limits, std::future::pending()));
    let raw = raw_pool(&database).await;
    TestApp { address, store, raw, database, client: reqwest::Client::new(), reach, _dir: dir }
}

impl TestApp {
    /// Puts a file among the widget files the server serves.
    pub fn add_widget_file(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self._dir.path().join("dist").join(name), bytes).unwrap();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn post_rsvp(&self, event_id: &str, body: &Value) -> reqwest::Response {
        self.client.post(self.url(&format!("/api/v1/events/{event_id}/rsvps"))).json(body).send().await.unwrap()
    }

    pub async fn feed(&self) -> Value {
        self.client.get(self.url("/api/v1/feed")).send().await.unwrap().json().await.unwrap()
    }

    /// The feed's entry for one event.
    pub async fn feed_event(&self, id: &str) -> Value {
        let feed = self.feed().await;
        feed["events"].as_array().unwrap().iter().find(|e| e["id"] == id).cloned().expect("event in feed")
    }

    /// The token at the end of a `cancel_url`.
    pub fn token_of(created: &Value) -> String {
        created["cancel_url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned()
    }

    /// The organizer API's JSON answer to `GET path`, read with `token`.
    pub async fn admin_json(&self, path: &str, token: &str) -> Value {
        self.client.get(self.url(path)).bearer_auth(token).send().await.unwrap().json().await.unwrap()
    }

    /// The organizer's attendee list of `event`, read with `token`.
    pub async fn attendee_list(&self, event: &str, token: &str) -> Vec<Value> {
        let list = self.admin_json(&format!("/api/v1/admin/events/{event}/rsvps"), token).await;
        list["rsvps"].as_array().unwrap().clone()
    }

    pub async fn add_event(&self, new: NewEvent) {
        self.store.insert_event(&new, Utc::now()).await.unwrap();
    }

    pub async fn rsvp_rows(&self, event_id: &str) -> Vec<(String, String, String, i64)> {
        sqlx::query_as("SELECT name, email_normalized, status, guests FROM rsvps WHERE event_id = $1 ORDER BY id")
            .bind(event_id)
            .fetch_all(&self.raw)
            .await
            .unwrap()
    }
}

pub fn in_days(days: i64) -> DateTime<FixedOffset> {
    (Utc::now() + Duration::days(days)).fixed_offset()
}

/// An upcoming event with open RSVP and the given capacity.
pub fn event(id: &str, capacity: Option<u32>) -> NewEvent {
    NewEvent {
        event: Event {
            id: id.into(),
            title: format!("Testtermin {id}"),
            kind: Kind::Meetup,
            starts_at: in_days(7),
            ends_at: Some(in_days(7) + Duration::hours(3)),
            time_zone: "Europe/Berlin".into(),
            summary: Some("Kurz.".into()),
            description: None,
            location: Some(Location {
                name: Some("Café".into()),
                address: None,
                city: Some("Köln".into()),
                online_url: None,
            }),
            organizer: Some(Organizer { name: "Systemhaus".into(), url: None }),
            tags: vec!["Netzwerk".into()],
            url: None,
            capacity,
            rsvp: None,
            series: None,
            questions: Vec::new(),
        },
        rsvp_enabled: true,
        rsvp_open: true,
        rsvp_closes_at: None,
        rsvp_mail_consent: false,
        rsvp_approval: false,
    }
}

pub fn rsvp_body(name: &str, email: &str, guests: u8) -> Value {
    serde_json::json!({ "name": name, "email": email, "guests": guests, "consent": true })
}

//! Random sequences of RSVPs, cancellations and capacity changes against the real store on a
//! SQLite file, compared step by step with a plain model of the rules.

use chrono::{Duration, Utc};
use proptest::prelude::*;
use stammtisch_model::{Event, Kind, Lang, RsvpRequest, RsvpStatus};
use stammtisch_server::{NewEvent, Store, StoreError};

#[path = "common/database.rs"]
mod database;
use database::{fresh_database, raw_pool};

const EVENT: &str = "modell";

#[derive(Clone, Debug)]
enum Op {
    Rsvp {
        guests: u8,
    },
    /// Cancels the n-th RSVP made so far (modulo their number).
    Cancel {
        pick: usize,
    },
    Capacity(Option<u32>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0u8..=9).prop_map(|guests| Op::Rsvp { guests }),
        2 => any::<usize>().prop_map(|pick| Op::Cancel { pick }),
        1 => prop_oneof![4 => (0u32..=30).prop_map(Some), 1 => Just(None)].prop_map(Op::Capacity),
    ]
}

/// The rules, written as plainly as possible.
#[derive(Default)]
struct Model {
    capacity: Option<u32>,
    /// (party size, status) in arrival order.
    parties: Vec<(u32, RsvpStatus)>,
}

impl Model {
    fn taken(&self) -> u32 {
        self.parties.iter().filter(|p| p.1 == RsvpStatus::Confirmed).map(|p| p.0).sum()
    }

    fn fits(&self, party: u32) -> bool {
        self.capacity.is_none_or(|c| self.taken() + party <= c)
    }

    fn promote(&mut self) {
        for i in 0..self.parties.len() {
            if self.parties[i].1 == RsvpStatus::Waitlisted && self.fits(self.parties[i].0) {
                self.parties[i].1 = RsvpStatus::Confirmed;
            }
        }
    }
}

fn new_event(capacity: Option<u32>) -> NewEvent {
    let starts_at = (Utc::now() + Duration::days(30)).fixed_offset();
    NewEvent {
        event: Event {
            id: EVENT.into(),
            title: "Modell".into(),
            kind: Kind::Meetup,
            starts_at,
            ends_at: None,
            time_zone: "Europe/Berlin".into(),
            summary: None,
            description: None,
            location: None,
            organizer: None,
            tags: vec![],
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

async fn statuses(raw: &sqlx::AnyPool) -> Vec<RsvpStatus> {
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT status FROM rsvps ORDER BY id").fetch_all(raw).await.unwrap();
    statuses.iter().map(|s| serde_json::from_value(serde_json::Value::String(s.clone())).unwrap()).collect()
}

async fn run(ops: Vec<Op>, initial_capacity: Option<u32>) {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let store = Store::open(&database).await.unwrap();
    let raw = raw_pool(&database).await;
    let now = Utc::now();
    store.insert_event(&new_event(initial_capacity), now).await.unwrap();
    let mut model = Model { capacity: initial_capacity, parties: vec![] };
    let mut tokens: Vec<Vec<u8>> = vec![];

    for (step, op) in ops.into_iter().enumerate() {
        match op {
            Op::Rsvp { guests } => {
                let request = RsvpRequest {
                    name: "P".into(),
                    email: format!("p{step}@example.org"),
                    guests,
                    consent: true,
                    ..RsvpRequest::default()
                };
                let hash = format!("token-{step}").into_bytes();
                let outcome =
                    store.create_rsvp(EVENT, &request.validate().unwrap(), Lang::De, &hash, now).await.unwrap();
                let party = 1 + u32::from(guests);
                let expected = if model.fits(party) { RsvpStatus::Confirmed } else { RsvpStatus::Waitlisted };
                assert_eq!(outcome.status, expected, "step {step}: {op:?}");
                model.parties.push((party, expected));
                tokens.push(hash);
            }
            Op::Cancel { pick } if !tokens.is_empty() => {
                let index = pick % tokens.len();
                store.cancel_rsvp(&tokens[index], now).await.unwrap();
                model.parties[index].1 = RsvpStatus::Cancelled;
                model.promote();
            }
            Op::Cancel { .. } => {}
            Op::Capacity(capacity) => {
                let result = store.update_event(&new_event(capacity), now).await;
                if capacity.is_some_and(|c| c < model.taken()) {
                    assert!(matches!(result, Err(StoreError::CapacityBelowTaken(_))), "step {step}: {result:?}");
                } else {
                    result.unwrap();
                    model.capacity = capacity;
                    model.promote();
                }
            }
        }

        let stored = statuses(&raw).await;
        let expected: Vec<RsvpStatus> = model.parties.iter().map(|p| p.1).collect();
        assert_eq!(stored, expected, "after step {step}");
        // The event row's seat counters (kept by triggers) agree with the RSVPs themselves.
        let counts = store.admin_event(EVENT, now).await.unwrap().event.rsvp.expect("RSVP through the board");
        assert_eq!(counts.confirmed, model.taken(), "confirmed seats after step {step}");
        if let Some(capacity) = model.capacity {
            assert!(model.taken() <= capacity, "never overfilled");
        }
        let free = model.capacity.map(|c| c - model.taken());
        assert!(
            model.parties.iter().all(|p| p.1 != RsvpStatus::Waitlisted || free.is_some_and(|f| p.0 > f)),
            "nobody waits while their party fits"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_store_follows_the_rules(ops in prop::collection::vec(op(), 1..40), capacity in prop::option::weighted(0.85, 0u32..=20)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(run(ops, capacity));
    }
}

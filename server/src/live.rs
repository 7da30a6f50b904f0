//! Live updates (docs/API.md §1): every committed change the store reports becomes one numbered
//! event, kept in a bounded log for replay and fanned out to every open stream.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::Utc;
use stammtisch_model::stream::{self, FeedChanged, SeatsChanged};
use tokio::sync::{broadcast, watch};

use crate::feed_cache::{current_feed, FeedCache};
use crate::store::{Change, Store};

/// Changes kept for `Last-Event-ID` replay; a reader further behind gets one `feed` event.
const LOG_SIZE: usize = 1024;

/// One server-sent event: `seats` or `feed`, with its JSON data.
#[derive(Clone, Debug)]
pub struct LiveEvent {
    pub id: u64,
    pub name: &'static str,
    pub data: String,
}

struct Inner {
    /// Tells this process's event ids from those of an earlier one: ids are `{boot}-{n}`, and a
    /// reader coming back with another boot's id gets a `feed` event, not a wrong replay.
    boot: String,
    log: Mutex<(u64, VecDeque<Arc<LiveEvent>>)>,
    fanout: broadcast::Sender<Arc<LiveEvent>>,
    streams_per_client: Mutex<HashMap<IpAddr, usize>>,
    open_streams: AtomicUsize,
    max_per_client: usize,
    closing: watch::Sender<bool>,
}

#[derive(Clone)]
pub struct LiveHub(Arc<Inner>);

/// What a reconnecting reader missed.
pub enum Missed {
    Events(Vec<Arc<LiveEvent>>),
    TooOld,
}

/// Counts one open stream for its client while it lives.
pub struct StreamSlot {
    hub: LiveHub,
    client: IpAddr,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut counts = lock(&self.hub.0.streams_per_client);
        if let Some(count) = counts.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.client);
            }
        }
        self.hub.0.open_streams.fetch_sub(1, Ordering::Relaxed);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl LiveHub {
    /// Starts turning the store's changes into events; runs until the store is gone.
    pub fn start(store: Store, feed_cache: FeedCache, max_per_client: usize) -> LiveHub {
        let (fanout, _) = broadcast::channel(LOG_SIZE);
        let (closing, _) = watch::channel(false);
        let hub = LiveHub(Arc::new(Inner {
            boot: Utc::now().timestamp_millis().to_string(),
            log: Mutex::new((0, VecDeque::with_capacity(LOG_SIZE))),
            fanout,
            streams_per_client: Mutex::new(HashMap::new()),
            open_streams: AtomicUsize::new(0),
            max_per_client,
            closing,
        }));
        let mut changes = store.subscribe();
        let publisher = hub.clone();
        tokio::spawn(async move {
            loop {
                let change = match changes.recv().await {
                    Ok(change) => change,
                    // Fell behind the store: whatever was missed, readers refetch the feed.
                    Err(broadcast::error::RecvError::Lagged(_)) => Change::Events,
                    Err(broadcast::error::RecvError::Closed) => break,
                };
                let event = match change {
                    Change::Seats(id) => match store.rsvp_state(&id, Utc::now()).await {
                        Ok(Some(state)) => Some((stream::SEATS, to_json(&SeatsChanged::new(id, &state)))),
                        Ok(None) => None,
                        Err(error) => {
                            tracing::warn!(%error, "seat counts for a live update could not be read");
                            None
                        }
                    },
                    Change::Events => match current_feed(&store, &feed_cache).await {
                        Ok(feed) => Some((stream::FEED, to_json(&FeedChanged { etag: Some(feed.etag) }))),
                        Err(error) => {
                            tracing::warn!(%error, "the feed for a live update could not be built");
                            None
                        }
                    },
                };
                if let Some((name, data)) = event {
                    publisher.publish(name, data);
                }
            }
        });
        hub
    }

    fn publish(&self, name: &'static str, data: String) {
        let mut log = lock(&self.0.log);
        log.0 += 1;
        let event = Arc::new(LiveEvent { id: log.0, name, data });
        if log.1.len() == LOG_SIZE {
            log.1.pop_front();
        }
        log.1.push_back(event.clone());
        // Sent under the lock, so a new subscriber sees each event either in the log or live.
        let _ = self.0.fanout.send(event);
    }

    /// The id a reader sends back for event number `n` of this process.
    pub fn event_id(&self, n: u64) -> String {
        format!("{}-{n}", self.0.boot)
    }

    /// Subscribes to new events and says what came after `last_id`, consistently: nothing is
    /// missed between the two and nothing comes twice. Returns the newest id too, for the
    /// reader to come back with even if no event reaches it.
    pub fn subscribe(&self, last_id: Option<&str>) -> (broadcast::Receiver<Arc<LiveEvent>>, Missed, String) {
        let log = lock(&self.0.log);
        let receiver = self.0.fanout.subscribe();
        let last_id = last_id.map(|id| match id.trim().split_once('-') {
            Some((boot, n)) if boot == self.0.boot => n.parse::<u64>().unwrap_or(u64::MAX),
            _ => u64::MAX, // another process's id (or none we know): too old
        });
        let missed = match last_id {
            None => Missed::Events(Vec::new()),
            Some(last) if last == log.0 => Missed::Events(Vec::new()),
            Some(last) if last > log.0 => Missed::TooOld, // from before a restart
            Some(last) => match log.1.front() {
                Some(oldest) if oldest.id <= last + 1 => {
                    Missed::Events(log.1.iter().filter(|e| e.id > last).cloned().collect())
                }
                _ => Missed::TooOld,
            },
        };
        let newest = self.event_id(log.0);
        (receiver, missed, newest)
    }

    /// A slot for one more stream from `client`, unless it holds its maximum already.
    pub fn open_stream(&self, client: IpAddr) -> Option<StreamSlot> {
        let mut counts = lock(&self.0.streams_per_client);
        let count = counts.entry(client).or_insert(0);
        if *count >= self.0.max_per_client {
            return None;
        }
        *count += 1;
        self.0.open_streams.fetch_add(1, Ordering::Relaxed);
        Some(StreamSlot { hub: self.clone(), client })
    }

    pub fn open_streams(&self) -> usize {
        self.0.open_streams.load(Ordering::Relaxed)
    }

    /// Ends every stream, so that a graceful shutdown does not wait for them forever.
    pub fn close(&self) {
        self.0.closing.send_replace(true);
    }

    pub fn closing(&self) -> watch::Receiver<bool> {
        self.0.closing.subscribe()
    }
}

/// A stream event's data: the model's wire type as JSON, which cannot fail for these types.
pub(crate) fn to_json(data: &impl serde::Serialize) -> String {
    serde_json::to_string(data).unwrap_or_else(|_| "{}".to_owned())
}

//! What every date of a series shares, from the series form and the series as stored.

use stammtisch_model::{EventInput, Location};

/// The stored series' `event` (empty for a new series) with the fields the form shows written
/// over it. Everything else stays as it was, so a series written through the API keeps its
/// description, organizer, address, links and `rsvp_enabled` when it is changed here.
pub fn shared_event(stored: &EventInput, form: &EventInput) -> EventInput {
    let mut event = stored.clone();
    event.title = form.title.clone();
    event.kind = form.kind;
    event.capacity = form.capacity;
    event.summary = form.summary.clone();
    event.tags = form.tags.clone();
    event.time_zone = form.time_zone.clone();
    // The form shows the place's name and city; its address and online link stay.
    let place = form.location.clone().unwrap_or_default();
    let mut location = event.location.take().unwrap_or_default();
    location.name = place.name;
    location.city = place.city;
    event.location = (location != Location::default()).then_some(location);
    event
}

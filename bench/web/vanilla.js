// The practical limit for the render benchmark: the same feed rendered into the same markup
// as the board's list view (toolbar, filters, months, days, cards) with plain DOM calls and
// the same Intl formatting, no framework. Kept deliberately straightforward, as a careful
// developer would write it by hand.

const KINDS = {
  meetup: "Meetup", service_club: "Service-Club", business_club: "Business-Club", webinar: "Webinar",
  partner_day: "Partnertag", conference: "Konferenz", other: "Termin",
};

const formats = new Map();
function format(zone, options) {
  const key = zone + JSON.stringify(options);
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat("de-DE", { ...options, timeZone: zone })));
  return f;
}
const DATE_AND_TIME = { weekday: "short", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function when(event, zone) {
  const start = new Date(event.starts_at);
  const f = format(zone, DATE_AND_TIME);
  return event.ends_at ? f.formatRange(start, new Date(event.ends_at)) : f.format(start);
}

function seats(rsvp) {
  if (!rsvp) return null;
  if (!rsvp.open) return el("p", "st-seats st-closed", "Anmeldung geschlossen");
  if (rsvp.seats_left == null) return el("p", "st-seats st-open", "Freie Plätze");
  if (rsvp.seats_left === 0) return el("p", "st-seats st-full", "Ausgebucht – Warteliste");
  const n = rsvp.seats_left;
  return el("p", n <= 5 ? "st-seats st-few" : "st-seats st-open", n === 1 ? "noch 1 Platz" : `noch ${n} Plätze`);
}

function card(event, api, viewerZone) {
  const article = el("article", "st-card");
  article.dataset.eventId = event.id;
  article.setAttribute("aria-labelledby", `st-${event.id}-title`);
  article.append(el("p", `st-badge st-kind-${event.kind}`, KINDS[event.kind] ?? KINDS.other));
  const title = el("h3", "st-title", event.title);
  title.id = `st-${event.id}-title`;
  article.append(title);
  const time = el("time", null, when(event, event.time_zone));
  time.setAttribute("datetime", event.starts_at);
  const whenLine = el("p", "st-when");
  whenLine.append(time);
  article.append(whenLine);
  if (viewerZone !== event.time_zone) article.append(el("p", "st-viewer-time", `Bei Ihnen: ${when(event, viewerZone)}`));
  const location = event.location;
  const online = !location || (!location.name && !location.city && location.online_url);
  const place = online ? "Online" : [location.name, location.city].filter(Boolean).join(", ");
  article.append(el("p", "st-where", place));
  if (event.summary) article.append(el("p", "st-summary", event.summary));
  if (event.organizer?.name) article.append(el("p", "st-organizer", `Veranstalter: ${event.organizer.name}`));
  const calendar = el("p", "st-calendar");
  calendar.setAttribute("role", "group");
  calendar.setAttribute("aria-label", `${event.title} in den Kalender`);
  const ics = el("a", null, "Kalendereintrag (.ics)");
  ics.href = `${api}/api/v1/events/${event.id}.ics`;
  ics.download = `${event.id}.ics`;
  const google = el("a", null, "Google Kalender");
  google.href = `https://calendar.google.com/calendar/render?action=TEMPLATE&text=${encodeURIComponent(event.title)}`;
  google.target = "_blank";
  google.rel = "noopener noreferrer";
  calendar.append(ics, " · ", google);
  article.append(calendar);
  const foot = el("div", "st-card-foot");
  const seatLine = seats(event.rsvp);
  if (seatLine) foot.append(seatLine);
  const button = el("button", "st-button", event.rsvp?.open ? "Anmelden" : "Details");
  button.type = "button";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", `st-${event.id}-form`);
  foot.append(button);
  article.append(foot);
  const panel = el("div", "st-form-panel");
  panel.id = `st-${event.id}-form`;
  panel.hidden = true;
  article.append(panel);
  return article;
}

function select(label, first, values) {
  const wrap = el("label", "st-select");
  wrap.append(el("span", null, label));
  const box = el("select");
  box.append(new Option(first, ""));
  for (const value of values) box.append(new Option(value, value));
  wrap.append(box);
  return wrap;
}

function toolbar(events) {
  const bar = el("div", "st-toolbar");
  const filters = el("div", "st-filters");
  const search = el("label", "st-search");
  search.append(el("span", null, "Suche"), Object.assign(el("input"), { type: "search" }));
  filters.append(search);
  const chips = el("div", "st-chips");
  for (const kind of new Set(events.map((e) => e.kind))) {
    const chip = el("button", `st-chip st-kind-${kind}`, KINDS[kind] ?? KINDS.other);
    chip.setAttribute("aria-pressed", "false");
    chips.append(chip);
  }
  filters.append(chips);
  const tags = [...new Set(events.flatMap((e) => e.tags ?? []))].sort();
  if (tags.length) filters.append(select("Thema", "Alle Themen", tags));
  const cities = [...new Set(events.map((e) => e.location?.city).filter(Boolean))].sort((a, b) => a.localeCompare(b, "de"));
  filters.append(select("Ort", "Überall", cities));
  bar.append(filters);
  return bar;
}

/** Fetches the feed and renders it into `root`, replacing what was there. */
export async function renderVanilla(root, feedUrl, api) {
  const feed = await (await fetch(feedUrl, { credentials: "omit" })).json();
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const now = Date.now();
  const events = feed.events.filter((e) => new Date(e.ends_at ?? e.starts_at).getTime() >= now);
  const dayKey = format("UTC", { year: "numeric", month: "2-digit", day: "2-digit" });
  const monthLabel = format("UTC", { month: "long", year: "numeric" });
  const dayLabel = format("UTC", { weekday: "long", day: "numeric", month: "long" });

  const fragment = document.createDocumentFragment();
  if (feed.board?.title) fragment.append(el("h2", "st-board-title", feed.board.title));
  fragment.append(toolbar(events));
  fragment.append(el("p", "st-found", `${events.length} Termine`));
  const list = el("div", "st-events");
  let month = null, monthSection = null, day = null, dayList = null;
  for (const event of events) {
    const parts = Object.fromEntries(format(event.time_zone, { year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date(event.starts_at)).map((p) => [p.type, p.value]));
    // The event's own calendar day, as noon UTC so that formatting in UTC cannot shift it.
    const local = new Date(`${parts.year}-${parts.month}-${parts.day}T12:00:00Z`);
    const thisDay = dayKey.format(local);
    const thisMonth = thisDay.slice(3);
    if (thisMonth !== month) {
      month = thisMonth;
      monthSection = el("section", "st-month");
      monthSection.append(el("h3", "st-month-title", monthLabel.format(local)));
      list.append(monthSection);
      day = null;
    }
    if (thisDay !== day) {
      day = thisDay;
      const dayBox = el("div", "st-day");
      dayBox.append(el("h4", "st-day-title", dayLabel.format(local)));
      dayList = el("ul", "st-list");
      dayBox.append(dayList);
      monthSection.append(dayBox);
    }
    const item = el("li");
    item.append(card(event, api, viewerZone));
    dayList.append(item);
  }
  fragment.append(list);
  root.replaceChildren(fragment);
}

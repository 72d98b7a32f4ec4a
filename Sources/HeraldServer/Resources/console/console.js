// Herald's console: progressive enhancement only. Every page works without this file; it adds
// small conveniences through data- attributes. Later screens register their hooks in `hooks`.
const hooks = {
  // <button data-confirm="Really?"> asks before its form is sent.
  confirm(element) {
    element.addEventListener("click", (event) => {
      if (!window.confirm(element.dataset.confirm)) event.preventDefault();
    });
  },
  // <code data-copy> gets a button that copies its text.
  copy(element) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button link";
    if (!element.dataset.copy) return;
    button.textContent = element.dataset.copy;
    button.addEventListener("click", () => navigator.clipboard?.writeText(element.textContent.trim()));
    element.after(" ", button);
  },
};

export function enhance(root = document) {
  for (const [name, hook] of Object.entries(hooks)) {
    for (const element of root.querySelectorAll(`[data-${name}]`)) hook(element);
  }
}

export function register(name, hook) {
  hooks[name] = hook;
}

enhance();

// Incidents: <ol data-live-timeline="/console/incidents/ID/stream?after=N"> appends each event the
// stream sends, written as the server writes the timeline (the kind in the reader's words from
// data-kinds, the time in data-zone with its offset); everything as text, nothing as HTML.
function incidentTime(iso, zone, language) {
  const date = new Date(iso);
  const parts = {};
  for (const part of new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    timeZoneName: "longOffset",
  }).formatToParts(date)) parts[part.type] = part.value;
  const offset = (parts.timeZoneName || "GMT").replace("GMT", "UTC") || "UTC";
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${offset === "UTC" ? "UTC+00:00" : offset})`;
}

function liveTimeline(list) {
  if (!window.EventSource || list.dataset.liveStarted) return;
  list.dataset.liveStarted = "1";
  const kinds = JSON.parse(list.dataset.kinds || "{}");
  const { zone, language } = list.dataset;
  const source = new EventSource(list.dataset.liveTimeline);
  const add = (message) => {
    const event = JSON.parse(message.data);
    if (list.querySelector(`li[data-position="${CSS.escape(message.lastEventId)}"]`)) return;
    const item = document.createElement("li");
    item.dataset.position = message.lastEventId;
    item.className = "arrived";
    const when = document.createElement("span");
    when.className = "meta";
    const time = document.createElement("time");
    time.dateTime = event.at;
    time.textContent = incidentTime(event.at, zone, language);
    when.append(time);
    const kind = document.createElement("strong");
    kind.textContent = kinds[event.kind] || event.kind;
    const visibility = document.createElement("span");
    visibility.className = `pill ${event.public ? "public" : "internal"}`;
    visibility.textContent = event.public ? list.dataset.public : list.dataset.internal;
    const actor = document.createElement("span");
    actor.className = "actor";
    actor.textContent = event.actor;
    item.append(when, " ", kind, " ", visibility, " ", actor);
    const text = (event.translations && event.translations[language]) || event.detail;
    if (text) {
      const detail = document.createElement("p");
      detail.className = "detail";
      detail.textContent = text;
      item.append(detail);
    }
    list.append(item);
    list.dispatchEvent(new CustomEvent("herald:timeline", { bubbles: true, detail: event }));
    if (event.kind === "resolved") source.close();
  };
  for (const kind of Object.keys(kinds)) source.addEventListener(kind, add);
}

register("live-timeline", liveTimeline);

// <div data-live-summary="/console/incidents/ID/summary">: the incident's summary card (state,
// severity, who acknowledged) is fetched again, as HTML the server escaped in the reader's words and
// zone, a moment after the live timeline brings events, so the card never contradicts the timeline.
function liveSummary(card) {
  if (card.dataset.liveStarted) return;
  card.dataset.liveStarted = "1";
  let timer = null;
  const refresh = async () => {
    try {
      const answer = await fetch(card.dataset.liveSummary, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (answer.ok) card.innerHTML = await answer.text();
    } catch {
      // Offline or signed out: the card stays as it was; a reload brings it up to date.
    }
  };
  document.addEventListener("herald:timeline", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
}

register("live-summary", liveSummary);
for (const card of document.querySelectorAll("[data-live-summary]")) liveSummary(card);
// This block comes after the page was enhanced above; start its own hook (the guard keeps it once).
for (const list of document.querySelectorAll("[data-live-timeline]")) liveTimeline(list);
// Notices (Screens/NoticesScreen.swift): <form data-notice-check="/console/notices/check"> is
// checked while the operator types, a moment after they stop: the form is posted (with its csrf
// field) to the check route, which stores nothing and answers with the summary's HTML (escaped by
// the server) and each note with the input it belongs to; the notes are put beside those inputs.
// Without this the form's Check button does the same with a full page.
register("notice-check", (form) => {
  const summary = form.querySelector("[data-check-summary]");
  let timer = null;
  let sent = 0;
  const place = (notes) => {
    for (const old of form.querySelectorAll("[data-notes], [data-live-note]")) old.remove();
    for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
    for (const note of notes) {
      const target = document.getElementById(`f-${note.field}`);
      if (!target) continue;
      const box = target.closest(".field, fieldset") ?? target;
      const p = document.createElement("p");
      p.className = note.kind === "error" ? "problem" : "warning";
      p.dataset.liveNote = "";
      p.textContent = note.text;
      if (box.tagName === "FIELDSET") box.querySelector("legend").after(p); else box.append(p);
      if (note.kind === "error" && target.matches("input, select, textarea")) target.setAttribute("aria-invalid", "true");
    }
  };
  const check = async () => {
    const number = ++sent;
    const body = new URLSearchParams(new FormData(form));
    body.delete("intent");
    try {
      const answer = await fetch(form.dataset.noticeCheck, {
        method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" },
      });
      if (!answer.ok || number !== sent) return;
      const result = await answer.json();
      if (summary) summary.innerHTML = result.summary;
      place(result.notes);
    } catch {
      // Offline or signed out: the Check button still works.
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(check, 600);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
});
// This file's enhance() ran above, before the hook was registered: start it on this page's forms.
for (const form of document.querySelectorAll("[data-notice-check]")) hooks["notice-check"](form);
// Regulatory clocks (Screens/IncidentClocksScreen.swift): <time datetime="…" data-countdown
// data-left="{time} left" data-overdue="overdue by {time}"> counts down each second, in the reader's
// words from those attributes; without this the server's "time left" at page load stands.
function countdown(element) {
  if (element.dataset.countdownStarted) return;
  element.dataset.countdownStarted = "1";
  const deadline = Date.parse(element.getAttribute("datetime"));
  if (Number.isNaN(deadline)) return;
  const pad = (number) => String(number).padStart(2, "0");
  const tick = () => {
    const left = deadline - Date.now();
    const seconds = Math.floor(Math.abs(left) / 1000);
    const days = Math.floor(seconds / 86400);
    const clock = `${pad(Math.floor(seconds % 86400 / 3600))}:${pad(Math.floor(seconds % 3600 / 60))}:${pad(seconds % 60)}`;
    const shown = days > 0 ? `${days} d ${clock}` : clock;
    element.textContent = (left >= 0 ? element.dataset.left : element.dataset.overdue).replace("{time}", shown);
    element.classList.toggle("overdue", left < 0);
  };
  tick();
  setInterval(tick, 1000);
}

register("countdown", countdown);
for (const element of document.querySelectorAll("[data-countdown]")) countdown(element);

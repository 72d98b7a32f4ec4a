import SQLKit

/// Herald's schema, oldest first. Append new steps; never edit a released one.
enum Migrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "service catalogue and api tokens") { dialect in
            [
                """
                CREATE TABLE component_groups (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    description TEXT,
                    position BIGINT NOT NULL DEFAULT 0,
                    managed_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE components (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    description TEXT,
                    group_id TEXT REFERENCES component_groups(id) ON DELETE SET NULL,
                    position BIGINT NOT NULL DEFAULT 0,
                    runbook_url TEXT,
                    owner_team TEXT,
                    status TEXT NOT NULL,
                    managed_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX components_group ON components (group_id)",
                """
                CREATE TABLE component_status_changes (
                    id \(dialect.serialPrimaryKey),
                    component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
                    old_status TEXT NOT NULL,
                    new_status TEXT NOT NULL,
                    source TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    reason TEXT,
                    changed_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX component_status_changes_component ON component_status_changes (component_id, id)",
                """
                CREATE TABLE api_tokens (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    secret_sha256 TEXT NOT NULL UNIQUE,
                    hint TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_used_at BIGINT,
                    revoked_at BIGINT
                )
                """,
            ]
        },
        Migration(version: 2, name: "planned downtime notices") { dialect in
            [
                """
                CREATE TABLE notices (
                    id TEXT PRIMARY KEY,
                    state TEXT NOT NULL,
                    content TEXT NOT NULL,
                    planned_start BIGINT NOT NULL,
                    planned_end BIGINT,
                    published_at BIGINT,
                    short_notice_reason TEXT,
                    actual_start BIGINT,
                    actual_end BIGINT,
                    cancelled_at BIGINT,
                    cancellation_reason TEXT,
                    extensions BIGINT NOT NULL DEFAULT 0,
                    statuses_before TEXT,
                    created_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX notices_state ON notices (state, planned_start)",
                """
                CREATE TABLE notice_steps (
                    notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
                    step TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    late BIGINT NOT NULL,
                    reason TEXT,
                    done_at BIGINT NOT NULL,
                    PRIMARY KEY (notice_id, step)
                )
                """,
                """
                CREATE TABLE announcements (
                    id \(dialect.serialPrimaryKey),
                    idempotency_key TEXT NOT NULL UNIQUE,
                    notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
                    step TEXT NOT NULL,
                    audience TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    late BIGINT NOT NULL,
                    messages TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    claimed_until BIGINT,
                    handed_over_at BIGINT
                )
                """,
                "CREATE INDEX announcements_pending ON announcements (handed_over_at, id)",
                """
                CREATE TABLE notice_events (
                    id \(dialect.serialPrimaryKey),
                    notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    detail TEXT,
                    at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX notice_events_notice ON notice_events (notice_id, id)",
            ]
        },
        Migration(version: 3, name: "durable delivery queue") { dialect in
            [
                """
                CREATE TABLE deliveries (
                    id \(dialect.serialPrimaryKey),
                    idempotency_key TEXT NOT NULL UNIQUE,
                    channel TEXT NOT NULL,
                    address TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    priority BIGINT NOT NULL,
                    subject TEXT,
                    body TEXT NOT NULL,
                    html TEXT,
                    state TEXT NOT NULL,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    claimed_until BIGINT,
                    last_error TEXT,
                    announcement_id BIGINT REFERENCES announcements(id) ON DELETE SET NULL,
                    contact_id TEXT,
                    fallback_from BIGINT,
                    created_at BIGINT NOT NULL,
                    sent_at BIGINT
                )
                """,
                "CREATE INDEX deliveries_due ON deliveries (state, priority, next_attempt_at)",
                """
                CREATE TABLE delivery_attempts (
                    id \(dialect.serialPrimaryKey),
                    delivery_id BIGINT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
                    number BIGINT NOT NULL,
                    at BIGINT NOT NULL,
                    outcome TEXT NOT NULL,
                    detail TEXT,
                    latency_ms BIGINT NOT NULL,
                    cost DOUBLE PRECISION
                )
                """,
                "CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id)",
            ]
        },
        Migration(version: 4, name: "contacts") { _ in
            [
                """
                CREATE TABLE contacts (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    language TEXT NOT NULL,
                    time_zone TEXT NOT NULL,
                    groups_json TEXT NOT NULL,
                    roles_json TEXT NOT NULL,
                    addresses_json TEXT NOT NULL,
                    preferences_json TEXT NOT NULL,
                    subscriptions_json TEXT NOT NULL,
                    quiet_hours TEXT,
                    consent TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
            ]
        },
        Migration(version: 5, name: "attempts by time") { _ in
            // Monthly spending per channel sums the attempts since the month began.
            ["CREATE INDEX delivery_attempts_at ON delivery_attempts (at)"]
        },
        Migration(version: 6, name: "delivery texts stored once") { dialect in
            [
                """
                CREATE TABLE delivery_contents (
                    content_id \(dialect.serialPrimaryKey),
                    digest TEXT NOT NULL UNIQUE,
                    subject TEXT,
                    body TEXT NOT NULL,
                    html TEXT
                )
                """,
                "ALTER TABLE deliveries ADD COLUMN content_id BIGINT REFERENCES delivery_contents(content_id)",
                // Existing deliveries keep their own copy; new ones share.
                "INSERT INTO delivery_contents (digest, subject, body, html) SELECT 'delivery:' || id, subject, body, html FROM deliveries",
                """
                UPDATE deliveries SET content_id =
                    (SELECT c.content_id FROM delivery_contents c WHERE c.digest = 'delivery:' || deliveries.id)
                """,
                "ALTER TABLE deliveries DROP COLUMN subject",
                "ALTER TABLE deliveries DROP COLUMN body",
                "ALTER TABLE deliveries DROP COLUMN html",
                // The claim's order exactly, so taking the next batch reads it off the index instead of
                // sorting every pending delivery (priority is descending, which the old index could not serve).
                "DROP INDEX deliveries_due",
                "CREATE INDEX deliveries_due ON deliveries (state, priority DESC, next_attempt_at, id)",
            ]
        },
        Migration(version: 7, name: "one-click unsubscribe") { dialect in
            [
                "ALTER TABLE contacts ADD COLUMN unsubscribe_token TEXT",
                dialect == .sqlite
                    ? "UPDATE contacts SET unsubscribe_token = lower(hex(randomblob(16)))"
                    : "UPDATE contacts SET unsubscribe_token = md5(random()::text || clock_timestamp()::text || id)",
                "CREATE UNIQUE INDEX contacts_unsubscribe_token ON contacts (unsubscribe_token)",
                "ALTER TABLE deliveries ADD COLUMN unsubscribe_url TEXT",
            ]
        },
        Migration(version: 8, name: "delivery receipts") { _ in
            [
                "ALTER TABLE deliveries ADD COLUMN provider_id TEXT",
                "ALTER TABLE deliveries ADD COLUMN confirm_by BIGINT",
                "ALTER TABLE deliveries ADD COLUMN confirmed_at BIGINT",
                "CREATE INDEX deliveries_provider_id ON deliveries (provider_id)",
                "CREATE INDEX deliveries_confirm_by ON deliveries (confirm_by)",
            ]
        },
        Migration(version: 9, name: "alerts and incidents") { dialect in
            [
                """
                CREATE TABLE integrations (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    key_hash TEXT NOT NULL UNIQUE,
                    key_hint TEXT NOT NULL,
                    group_by_json TEXT NOT NULL,
                    notify_group TEXT,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE incidents (
                    id TEXT PRIMARY KEY,
                    title TEXT NOT NULL,
                    status TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    impact TEXT,
                    components_json TEXT NOT NULL,
                    integration_id TEXT REFERENCES integrations(id) ON DELETE SET NULL,
                    group_key TEXT,
                    created_at BIGINT NOT NULL,
                    acknowledged_at BIGINT,
                    acknowledged_by TEXT,
                    resolved_at BIGINT
                )
                """,
                "CREATE INDEX incidents_group ON incidents (group_key, status)",
                "CREATE INDEX incidents_created ON incidents (created_at)",
                """
                CREATE TABLE alerts (
                    id \(dialect.serialPrimaryKey),
                    integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
                    dedup_key TEXT NOT NULL,
                    status TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    source TEXT,
                    source_severity TEXT,
                    labels_json TEXT NOT NULL,
                    annotations_json TEXT NOT NULL,
                    links_json TEXT NOT NULL,
                    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                    events BIGINT NOT NULL,
                    first_at BIGINT NOT NULL,
                    last_at BIGINT NOT NULL,
                    resolved_at BIGINT
                )
                """,
                // One open alert per key: after it resolves, the same key opens a new one (PagerDuty's rule).
                "CREATE UNIQUE INDEX alerts_open_key ON alerts (integration_id, dedup_key) WHERE status <> 'resolved'",
                "CREATE INDEX alerts_incident ON alerts (incident_id)",
                """
                CREATE TABLE incident_events (
                    id \(dialect.serialPrimaryKey),
                    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    detail TEXT,
                    public BIGINT NOT NULL,
                    at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX incident_events_incident ON incident_events (incident_id, id)",
            ]
        },
        Migration(version: 10, name: "signed integrations") { _ in
            ["ALTER TABLE integrations ADD COLUMN signing_secret TEXT"]
        },
        Migration(version: 11, name: "link secret") { dialect in
            [
                "CREATE TABLE herald_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                // 256 random bits, made once per database so every node signs links alike.
                dialect == .sqlite
                    ? "INSERT INTO herald_settings (name, value) VALUES ('link_secret', lower(hex(randomblob(32))))"
                    : "INSERT INTO herald_settings (name, value) VALUES ('link_secret', md5(random()::text || clock_timestamp()::text) || md5(random()::text || clock_timestamp()::text))",
            ]
        },
        Migration(version: 12, name: "escalation") { _ in
            [
                "ALTER TABLE integrations ADD COLUMN escalation_json TEXT",
                // The step paged last (0 is the first page) and when the next one is due, while nobody has acknowledged.
                "ALTER TABLE incidents ADD COLUMN escalation_step BIGINT",
                "ALTER TABLE incidents ADD COLUMN next_escalation_at BIGINT",
                "CREATE INDEX incidents_next_escalation ON incidents (next_escalation_at)",
            ]
        },
        Migration(version: 13, name: "silences") { _ in
            [
                """
                CREATE TABLE silences (
                    id TEXT PRIMARY KEY,
                    matchers_json TEXT NOT NULL,
                    starts_at BIGINT NOT NULL,
                    ends_at BIGINT NOT NULL,
                    created_by TEXT NOT NULL,
                    comment TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX silences_ends ON silences (ends_at)",
            ]
        },
        Migration(version: 14, name: "on-call schedules") { _ in
            ["CREATE TABLE schedules (id TEXT PRIMARY KEY, definition_json TEXT NOT NULL, created_at BIGINT NOT NULL)"]
        },
        Migration(version: 15, name: "teams, routes, group timing and flapping") { _ in
            [
                "CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, escalation_json TEXT NOT NULL, created_at BIGINT NOT NULL)",
                // Tried in position order; the first whose matchers hold chooses the team.
                "CREATE TABLE alert_routes (position BIGINT PRIMARY KEY, definition_json TEXT NOT NULL)",
                "ALTER TABLE integrations ADD COLUMN group_wait BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE integrations ADD COLUMN group_interval BIGINT NOT NULL DEFAULT 300",
                "ALTER TABLE incidents ADD COLUMN team_id TEXT",
                "ALTER TABLE incidents ADD COLUMN runbook_url TEXT",
                // When responders were last told about the incident, and when alerts that joined since are due to be told.
                "ALTER TABLE incidents ADD COLUMN notified_at BIGINT",
                "ALTER TABLE incidents ADD COLUMN update_due_at BIGINT",
                // A flapping incident whose alerts all cleared resolves only once it has been quiet until then.
                "ALTER TABLE incidents ADD COLUMN quiet_until BIGINT",
                "CREATE INDEX incidents_update_due ON incidents (update_due_at)",
                "CREATE INDEX incidents_quiet_until ON incidents (quiet_until)",
                "CREATE INDEX alerts_firings ON alerts (integration_id, dedup_key, first_at)",
            ]
        },
        Migration(version: 16, name: "subscriptions") { _ in
            [
                """
                CREATE TABLE subscriptions (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    email TEXT NOT NULL,
                    webhook_url TEXT,
                    components_json TEXT NOT NULL,
                    language TEXT NOT NULL,
                    state TEXT NOT NULL,
                    -- Secrets in the confirmation link and in the link to manage it.
                    confirm_token TEXT NOT NULL UNIQUE,
                    manage_token TEXT NOT NULL UNIQUE,
                    client TEXT NOT NULL,
                    contact_id TEXT,
                    created_at BIGINT NOT NULL,
                    confirmed_at BIGINT
                )
                """,
                "CREATE INDEX subscriptions_state ON subscriptions (state, kind)",
                // How far the subscriber notifier has read each public stream.
                "CREATE TABLE outbox_positions (name TEXT PRIMARY KEY, position BIGINT NOT NULL)",
            ]
        },
        Migration(version: 17, name: "feedback") { dialect in
            [
                """
                CREATE TABLE feedback_tickets (
                    id TEXT PRIMARY KEY,
                    subject_kind TEXT NOT NULL,
                    subject_id TEXT NOT NULL,
                    name TEXT,
                    contact TEXT,
                    message TEXT NOT NULL,
                    language TEXT NOT NULL,
                    state TEXT NOT NULL,
                    assignee TEXT,
                    client TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX feedback_subject ON feedback_tickets (subject_kind, subject_id, state)",
                """
                CREATE TABLE feedback_replies (
                    id \(dialect.serialPrimaryKey),
                    ticket_id TEXT NOT NULL REFERENCES feedback_tickets(id) ON DELETE CASCADE,
                    author TEXT NOT NULL,
                    message TEXT NOT NULL,
                    emailed BIGINT NOT NULL,
                    at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX feedback_replies_ticket ON feedback_replies (ticket_id, id)",
            ]
        },
        // Resolving an incident now settles its alerts; alerts left open under incidents resolved
        // before that would swallow their next firing, so they are settled (at the incident's end).
        Migration(version: 18, name: "alerts of resolved incidents settled") { _ in
            [
                """
                UPDATE alerts SET status = 'resolved',
                    resolved_at = (SELECT resolved_at FROM incidents WHERE incidents.id = alerts.incident_id)
                WHERE status <> 'resolved'
                    AND incident_id IN (SELECT id FROM incidents WHERE status = 'resolved')
                """,
            ]
        },
        // An incident's live timeline is read in the order its events became visible. Row ids come
        // from a sequence when the row is inserted, so on PostgreSQL a transaction that inserted id 5
        // may commit after one that inserted id 6, and a reader past 6 never sees 5. `position` is
        // given at commit instead, under a per-incident lock held until the commit is visible, so
        // positions only ever appear in order. SQLite has one writer; its position is the row id.
        Migration(version: 19, name: "incident event positions in commit order") { dialect in
            switch dialect {
            case .sqlite:
                [
                    "ALTER TABLE incident_events ADD COLUMN position BIGINT",
                    "UPDATE incident_events SET position = id",
                    """
                    CREATE TRIGGER incident_events_position AFTER INSERT ON incident_events
                    BEGIN UPDATE incident_events SET position = NEW.id WHERE id = NEW.id; END
                    """,
                    "CREATE INDEX incident_events_position ON incident_events (incident_id, position)",
                ]
            case .postgres:
                [
                    "ALTER TABLE incident_events ADD COLUMN position BIGINT",
                    "UPDATE incident_events SET position = id",
                    "CREATE SEQUENCE incident_event_positions",
                    "SELECT setval('incident_event_positions', COALESCE((SELECT MAX(id) FROM incident_events), 0) + 1, false)",
                    """
                    CREATE FUNCTION herald_incident_event_position() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        PERFORM pg_advisory_xact_lock(hashtext('incident-events:' || NEW.incident_id));
                        UPDATE incident_events SET position = nextval('incident_event_positions') WHERE id = NEW.id;
                        RETURN NULL;
                    END $$
                    """,
                    """
                    CREATE CONSTRAINT TRIGGER incident_events_position AFTER INSERT ON incident_events
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION herald_incident_event_position()
                    """,
                    "CREATE INDEX incident_events_position ON incident_events (incident_id, position)",
                ]
            }
        },
        // Pages claim in a lane of their own (their keys begin `incident:`, as DeliveryKind reads
        // them); the destination (a URL's origin, or the channel) is what per-destination limits
        // and the circuit breaker count by, and is filled in when a row queued before this is first
        // claimed, since the rule lives in Core; the retry budget runs from the first attempt, read
        // here off the history; `claimed_at` dates an attempt whose worker died mid-send.
        Migration(version: 20, name: "delivery lanes, destinations and retries by time") { _ in
            [
                "ALTER TABLE deliveries ADD COLUMN lane TEXT NOT NULL DEFAULT 'bulk'",
                "UPDATE deliveries SET lane = 'urgent' WHERE idempotency_key LIKE 'incident:%'",
                "ALTER TABLE deliveries ADD COLUMN destination TEXT",
                "ALTER TABLE deliveries ADD COLUMN first_attempt_at BIGINT",
                """
                UPDATE deliveries SET first_attempt_at =
                    (SELECT MIN(a.at) FROM delivery_attempts a WHERE a.delivery_id = deliveries.id)
                WHERE state = 'pending'
                """,
                "ALTER TABLE deliveries ADD COLUMN claimed_at BIGINT",
                // The claim's order within a lane, read off the index as before.
                "DROP INDEX deliveries_due",
                "CREATE INDEX deliveries_due ON deliveries (state, lane, priority DESC, next_attempt_at, id)",
                // Parking a destination's queue.
                "CREATE INDEX deliveries_destination ON deliveries (destination, state, next_attempt_at)",
            ]
        },
        // What people changed and deleted through the API and CLI, with who and when; an erased
        // contact leaves a line here that holds none of their personal data.
        Migration(version: 21, name: "audit of changes and deletions") { dialect in
            [
                """
                CREATE TABLE audit_events (
                    id \(dialect.serialPrimaryKey),
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    record_kind TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    detail TEXT
                )
                """,
                "CREATE INDEX audit_events_record ON audit_events (record_kind, record_id, id)",
            ]
        },
        // Internal components are for staff and stay off the public side.
        Migration(version: 22, name: "internal components") { _ in
            ["ALTER TABLE components ADD COLUMN internal BIGINT NOT NULL DEFAULT 0"]
        },
        // Names and descriptions per language, and public updates written in both languages.
        Migration(version: 23, name: "catalogue and update translations") { _ in
            [
                "ALTER TABLE components ADD COLUMN translations_json TEXT",
                "ALTER TABLE component_groups ADD COLUMN translations_json TEXT",
                "ALTER TABLE incident_events ADD COLUMN detail_translations_json TEXT",
            ]
        },
        // The console: operators who sign in, their sessions, failed sign-ins and the first-admin link.
        Migration(version: 24, name: "console operators and sessions") { dialect in
            [
                """
                CREATE TABLE operators (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    language TEXT,
                    time_zone TEXT,
                    totp_secret TEXT,
                    totp_pending_secret TEXT,
                    disabled_at BIGINT,
                    created_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE operator_recovery_codes (
                    operator_id TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
                    code_sha256 TEXT NOT NULL,
                    used_at BIGINT,
                    PRIMARY KEY (operator_id, code_sha256)
                )
                """,
                """
                CREATE TABLE console_sessions (
                    id TEXT PRIMARY KEY,
                    operator_id TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
                    secret_sha256 TEXT NOT NULL UNIQUE,
                    client_address TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_seen_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                "CREATE INDEX console_sessions_operator ON console_sessions (operator_id)",
                """
                CREATE TABLE login_failures (
                    id \(dialect.serialPrimaryKey),
                    email TEXT NOT NULL,
                    client_address TEXT NOT NULL,
                    failed_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX login_failures_email ON login_failures (email, failed_at)",
                "CREATE INDEX login_failures_address ON login_failures (client_address, failed_at)",
                """
                CREATE TABLE setup_links (
                    secret_sha256 TEXT PRIMARY KEY,
                    created_at BIGINT NOT NULL,
                    used_at BIGINT
                )
                """,
            ]
        },
        // Buttons a message carries (a page's acknowledge and resolve), stored with its text; texts
        // stored before have none and still send.
        Migration(version: 25, name: "message buttons") { _ in
            ["ALTER TABLE delivery_contents ADD COLUMN actions_json TEXT"]
        },
        // Why a notice's end was last moved (`herald notice extend --reason`).
        Migration(version: 26, name: "extension reasons") { _ in
            ["ALTER TABLE notices ADD COLUMN extension_reason TEXT"]
        },
        // Heartbeat monitors (dead man's switches). Their alerts belong to one built-in integration,
        // grouped by the `heartbeat` label (the monitor's name), so each monitor has its own incident
        // and goes through the same intake, routing and paging as any alert. Its key hash is not a
        // SHA-256, so no key reaches it through the ingest routes.
        Migration(version: 27, name: "heartbeat monitors") { _ in
            [
                """
                CREATE TABLE heartbeat_monitors (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    key_hash TEXT NOT NULL UNIQUE,
                    key_hint TEXT NOT NULL,
                    period_seconds BIGINT NOT NULL,
                    grace_seconds BIGINT NOT NULL,
                    team_id TEXT,
                    labels_json TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    paused BIGINT NOT NULL DEFAULT 0,
                    state TEXT NOT NULL,
                    last_beat_at BIGINT,
                    watched_since BIGINT NOT NULL,
                    due_at BIGINT,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX heartbeat_monitors_due ON heartbeat_monitors (due_at)",
                """
                INSERT INTO integrations (id, name, kind, key_hash, key_hint, group_by_json, notify_group, created_at)
                VALUES ('heartbeat', 'heartbeat', 'heartbeat', 'none: heartbeat monitors have keys of their own', '', '["heartbeat"]', NULL, 0)
                """,
            ]
        },
        // The audit log becomes a hash chain: each entry's sequence number, role, client address,
        // before/after of the fields changed, the hash it chains to and its own; and the signed
        // checkpoints. Entries written before are sealed into the chain once, here, in their order.
        Migration(
            version: 28, name: "tamper-evident audit log",
            statements: { dialect in
                [
                    "ALTER TABLE audit_events ADD COLUMN sequence BIGINT",
                    "ALTER TABLE audit_events ADD COLUMN role TEXT",
                    "ALTER TABLE audit_events ADD COLUMN client TEXT",
                    "ALTER TABLE audit_events ADD COLUMN change_json TEXT",
                    "ALTER TABLE audit_events ADD COLUMN previous_hash TEXT",
                    "ALTER TABLE audit_events ADD COLUMN hash TEXT",
                    "CREATE INDEX audit_events_sequence ON audit_events (sequence, id)",
                    "CREATE INDEX audit_events_actor ON audit_events (actor, sequence)",
                    """
                    CREATE TABLE audit_checkpoints (
                        id \(dialect.serialPrimaryKey),
                        sequence BIGINT NOT NULL,
                        hash TEXT NOT NULL,
                        at BIGINT NOT NULL,
                        public_key TEXT NOT NULL,
                        signature TEXT NOT NULL
                    )
                    """,
                ]
            },
            then: { database, _ in try await Store.sealUnchainedAuditEvents(database) }),
        // The console lists contact groups and offers groups and roles in the composer; these read
        // only the contacts that have any, so 100,000 contacts without groups cost nothing.
        Migration(version: 29, name: "contacts by group and role") { _ in
            [
                "CREATE INDEX contacts_grouped ON contacts (groups_json) WHERE groups_json <> '[]'",
                "CREATE INDEX contacts_with_roles ON contacts (roles_json) WHERE roles_json <> '[]'",
            ]
        },
        // Regulatory clocks (issue 18): an incident's classification under a regime with the awareness
        // time its deadlines run from, every correction of it, each step's filings (a step's later
        // entries are its phases), and the reminders and misses already sent, one row per key, so a
        // second node or a restart claims none twice.
        Migration(version: 30, name: "regulatory clocks") { dialect in
            [
                """
                CREATE TABLE incident_classifications (
                    id TEXT PRIMARY KEY,
                    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                    regime_id TEXT NOT NULL,
                    awareness_at BIGINT NOT NULL,
                    recorded_by TEXT NOT NULL,
                    recorded_at BIGINT NOT NULL,
                    not_notifying_reason TEXT,
                    not_notifying_by TEXT,
                    not_notifying_at BIGINT,
                    UNIQUE (incident_id, regime_id)
                )
                """,
                """
                CREATE TABLE awareness_corrections (
                    id \(dialect.serialPrimaryKey),
                    classification_id TEXT NOT NULL REFERENCES incident_classifications(id) ON DELETE CASCADE,
                    previous_at BIGINT NOT NULL,
                    awareness_at BIGINT NOT NULL,
                    reason TEXT NOT NULL,
                    corrected_by TEXT NOT NULL,
                    corrected_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX awareness_corrections_classification ON awareness_corrections (classification_id, id)",
                """
                CREATE TABLE regulatory_filings (
                    id \(dialect.serialPrimaryKey),
                    classification_id TEXT NOT NULL REFERENCES incident_classifications(id) ON DELETE CASCADE,
                    step_id TEXT NOT NULL,
                    filed_at BIGINT NOT NULL,
                    filed_by TEXT NOT NULL,
                    reference TEXT,
                    late_reason TEXT,
                    recorded_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX regulatory_filings_classification ON regulatory_filings (classification_id, step_id, filed_at)",
                """
                CREATE TABLE compliance_clock_events (
                    key TEXT PRIMARY KEY,
                    classification_id TEXT NOT NULL REFERENCES incident_classifications(id) ON DELETE CASCADE,
                    step_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    deadline_at BIGINT NOT NULL,
                    sent_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX compliance_clock_events_classification ON compliance_clock_events (classification_id)",
            ]
        },
        // Work one node of several does at a time (a scheduled backup): who holds it, until when, and how it last went.
        Migration(version: 31, name: "scheduled jobs") { _ in
            [
                """
                CREATE TABLE scheduled_jobs (
                    name TEXT PRIMARY KEY,
                    leased_until BIGINT NOT NULL,
                    leased_by TEXT NOT NULL,
                    last_success_at BIGINT,
                    last_failure_at BIGINT,
                    last_error TEXT,
                    last_result TEXT
                )
                """
            ]
        },
        // The console's overview counts every open incident by severity on each render: from this
        // index alone (10,000 open incidents: 3 ms instead of 30 on PostgreSQL under load), not the table.
        Migration(version: 32, name: "open incidents by severity") { _ in
            ["CREATE INDEX incidents_open_severity ON incidents (severity) WHERE status <> 'resolved'"]
        },
        // Milestones a responder set or corrected on an incident (impact started, mitigated, or a
        // corrected detected/acknowledged/resolved), one per incident and milestone, with who and why.
        // Herald's own times stay in `incidents`; these are read over them.
        Migration(version: 33, name: "incident milestones") { _ in
            [
                """
                CREATE TABLE incident_milestones (
                    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                    milestone TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    reason TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    recorded_at BIGINT NOT NULL,
                    PRIMARY KEY (incident_id, milestone)
                )
                """,
            ]
        },
        // One postmortem per incident: its state and the sections people write (root cause, what went
        // well and wrong, action items) as JSON. What Herald recorded is read again, not copied here.
        Migration(version: 34, name: "postmortems") { _ in
            [
                """
                CREATE TABLE postmortems (
                    incident_id TEXT PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
                    state TEXT NOT NULL,
                    sections_json TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    published_at BIGINT
                )
                """,
            ]
        },
        // What responders wrote for a classification's reports (the data subjects, the records, the
        // measures…), by field id, as one JSON object: each step's pre-filled report takes the fields it asks for.
        Migration(version: 35, name: "regulatory report fields") { _ in
            ["ALTER TABLE incident_classifications ADD COLUMN report_json TEXT NOT NULL DEFAULT '{}'"]
        },
        // The console's overview lists the worst open incidents first: per severity, newest first,
        // read from this index alone however many open incidents there are.
        Migration(version: 36, name: "open incidents, worst first") { _ in
            ["CREATE INDEX incidents_open_worst ON incidents (severity, created_at DESC, id) WHERE status <> 'resolved'"]
        },
        // Which node made each attempt, when several share one PostgreSQL: an operator following a
        // delivery sees whose log to read, and the tests see every node take a share of a fan-out.
        // Null for attempts no node made (a lease that ran out, a provider's receipt) and older ones.
        Migration(version: 37, name: "the node of each delivery attempt") { _ in
            ["ALTER TABLE delivery_attempts ADD COLUMN node TEXT"]
        },
        // One storm in progress per team ("" for alerts routed to no team), kept by the unique
        // index; ended storms stay as history. Counting a team's new incidents needs its index.
        Migration(version: 38, name: "alert storms") { dialect in
            [
                """
                CREATE TABLE alert_storms (
                    id \(dialect.serialPrimaryKey),
                    team_key TEXT NOT NULL,
                    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                    started_at BIGINT NOT NULL,
                    last_digest_at BIGINT NOT NULL,
                    digests INTEGER NOT NULL DEFAULT 0,
                    digested_through BIGINT NOT NULL DEFAULT 0,
                    ended_at BIGINT
                )
                """,
                "CREATE UNIQUE INDEX alert_storms_active ON alert_storms (team_key) WHERE ended_at IS NULL",
                "CREATE INDEX alert_storms_incident ON alert_storms (incident_id)",
                "CREATE INDEX incidents_team_created ON incidents (team_id, created_at)",
            ]
        },
        // A postmortem published on the status page too; its public summary is then also a public
        // incident event, which the page, its JSON, the feeds and subscribers read as they read updates.
        Migration(version: 39, name: "public postmortems") { _ in
            ["ALTER TABLE postmortems ADD COLUMN public INTEGER NOT NULL DEFAULT 0"]
        },
        // Drills (演练) and tests: an incident's kind, set when it opens. Their alerts belong to one
        // built-in integration, as heartbeats' do, which no key reaches.
        Migration(version: 40, name: "drills") { _ in
            [
                "ALTER TABLE incidents ADD COLUMN kind TEXT NOT NULL DEFAULT 'real'",
                "CREATE INDEX incidents_kind_created ON incidents (kind, created_at) WHERE kind <> 'real'",
                """
                INSERT INTO integrations (id, name, kind, key_hash, key_hint, group_by_json, notify_group, created_at)
                VALUES ('drill', 'drill', 'drill', 'none: drills are started by people, not sent', '', '["drill"]', NULL, 0)
                """,
            ]
        },
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }
}

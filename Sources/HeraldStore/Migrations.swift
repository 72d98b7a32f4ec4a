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
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }
}

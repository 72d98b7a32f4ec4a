#!/usr/bin/env python3
"""The source of Sources/HeraldServer/Resources/openapi.json: edit this, then run
    python3 scripts/openapi.py > Sources/HeraldServer/Resources/openapi.json
scripts/test checks that the two agree and that the result is valid OpenAPI 3.1."""
import json
ref = lambda n: {"$ref": f"#/components/schemas/{n}"}
def nullable(t, **kw): d = {"type": [t, "null"]}; d.update(kw); return d
ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,62}$", "description": "Lowercase letters, digits, '-' and '_'."}
TIME = {"type": "string", "format": "date-time"}
action_item = {"type": "object", "additionalProperties": False, "required": ["title", "owner", "due"], "properties": {
  "title": {"type": "string", "minLength": 1, "maxLength": 300}, "owner": {"type": "string", "minLength": 1, "maxLength": 200},
  "due": {"type": "string", "format": "date", "description": "YYYY-MM-DD"}, "done": {"type": "boolean", "default": False}}}
STATUS = {"type": "string", "enum": ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"]}
ROLE = {"type": "string", "enum": ["viewer", "responder", "admin"]}
problem = lambda desc: {"description": desc, "content": {"application/problem+json": {"schema": ref("Problem")}}}
def jsonresp(desc, schema): return {"description": desc, "content": {"application/json": {"schema": schema}}}
def body(schema, required=True): return {"required": required, "content": {"application/json": {"schema": schema}}}
idparam = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}

def op(summary, role, responses, request=None, params=None, opid=None, desc=None):
    o = {"operationId": opid, "summary": summary, "security": [{"bearerToken": []}], "x-herald-role": role}
    if desc: o["description"] = desc
    if params: o["parameters"] = params
    if request: o["requestBody"] = request
    r = dict(responses)
    r["401"] = problem("No token, or an unknown or revoked one.")
    if role != "viewer": r["403"] = problem(f"The token's role is below {role}.")
    else: r["403"] = problem("The token's role is too low.")
    o["responses"] = r
    return o

bad = problem("Invalid fields, unknown fields, wrong types, a member given twice, text that is not UTF-8, or malformed JSON; `errors` names each field.")
notfound = problem("No such record.")
conflict = problem("The record is declared in the config file, or the id is taken.")
large = problem("The body is larger than the server accepts.")
media = problem("The body is not application/json.")

paths = {
 "/healthz": {"get": {"operationId": "health", "summary": "Whether Herald and its database answer, and how its scheduler and queue are doing.", "security": [],
   "description": "`ok`, or `degraded` (still 200) with `reasons` when the schema is behind this build, this node's notice scheduler is not running or has not finished a pass for 60 s, or the oldest due delivery has waited over 300 s. 503 only when the database does not answer.",
   "responses": {"200": jsonresp("Up: ok or degraded.", ref("Health")), "503": problem("The database does not answer.")}}},
 "/metrics": {"get": {"operationId": "metrics", "summary": "Prometheus metrics in the text exposition format.", "security": [],
   "responses": {"200": {"description": "Metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
 "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document.", "security": [],
   "responses": {"200": {"description": "The OpenAPI 3.1 description of the API.", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
 "/unsubscribe/{token}": {"parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}],
   "get": {"operationId": "unsubscribePage", "security": [],
     "summary": "The page an email's unsubscribe link opens: a button, so that mail scanners opening links unsubscribe no one.",
     "responses": {"200": {"description": "The page (zh-CN, or en by Accept-Language).", "content": {"text/html": {"schema": {"type": "string"}}}},
                   "404": {"description": "No contact has this link.", "content": {"text/html": {"schema": {"type": "string"}}}}}},
   "post": {"operationId": "unsubscribe", "security": [],
     "summary": "Withdraw the contact's consent (RFC 8058 one-click, body `List-Unsubscribe=One-Click`, or the page's button). Repeating it is harmless.",
     "responses": {"200": {"description": "Unsubscribed.", "content": {"text/html": {"schema": {"type": "string"}}}},
                   "404": {"description": "No contact has this link.", "content": {"text/html": {"schema": {"type": "string"}}}}}}},
 "/receipts/twilio": {"post": {"operationId": "twilioReceipt", "security": [],
   "summary": "Twilio's status callbacks for SMS and calls (set `status_callback` to this address). Checked by X-Twilio-Signature; delivered or answered confirms the message, undelivered, failed, busy, no-answer or canceled hands it to its fallback. Served when a Twilio account has a status callback. Twilio signs no timestamp, so no age can be checked; a replayed callback changes nothing, since each message settles once.",
   "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object",
     "properties": {"AccountSid": {"type": "string"}, "MessageSid": {"type": "string"}, "MessageStatus": {"type": "string"},
       "CallSid": {"type": "string"}, "CallStatus": {"type": "string"}, "ErrorCode": {"type": "string"}}}}}},
   "responses": {"204": {"description": "Applied (or about a message Herald did not send)."}, "400": problem("A field that is not UTF-8, or neither MessageSid and MessageStatus nor CallSid and CallStatus."),
     "403": problem("The signature does not match a configured account.")}}},
 "/api/v1/components": {
   "get": op("List components in display order.", "viewer", {"200": jsonresp("The catalogue.", ref("ComponentList"))}, opid="listComponents"),
   "post": op("Add a component.", "admin", {"201": jsonresp("The new component.", ref("Component")), "400": bad, "409": conflict, "413": large, "415": media},
              request=body(ref("ComponentCreate")), opid="createComponent")},
 "/api/v1/components/{id}": {
   "parameters": [idparam],
   "get": op("One component.", "viewer", {"200": jsonresp("The component.", ref("Component")), "404": notfound}, opid="getComponent"),
   "patch": op("Change a component's descriptive fields; null clears an optional field.", "admin",
               {"200": jsonresp("The changed component.", ref("Component")), "400": bad, "404": notfound, "409": conflict, "413": large, "415": media},
               request=body(ref("ComponentPatch")), opid="updateComponent"),
   "delete": op("Delete a component and its status history.", "admin", {"204": {"description": "Deleted."}, "404": notfound, "409": conflict}, opid="deleteComponent")},
 "/api/v1/components/{id}/status": {
   "parameters": [idparam],
   "put": op("Set a component's status; the change is recorded with the token as actor and source manual.", "responder",
             {"200": jsonresp("The component and the recorded change (null when the status was already that).", ref("StatusResult")), "400": bad, "404": notfound, "413": large, "415": media},
             request=body(ref("StatusUpdate")), opid="setComponentStatus")},
 "/api/v1/components/{id}/status-changes": {
   "parameters": [idparam],
   "get": op("A component's status history, newest first.", "viewer",
             {"200": jsonresp("The history.", ref("StatusChangeList")), "400": bad, "404": notfound},
             params=[{"name": "before", "in": "query", "required": False, "description": "Only changes with a smaller id (for paging).", "schema": {"type": "integer", "minimum": 1}},
                     {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}}],
             opid="listStatusChanges")},
 "/api/v1/component-groups": {
   "get": op("List component groups in display order.", "viewer", {"200": jsonresp("The groups.", ref("GroupList"))}, opid="listComponentGroups"),
   "post": op("Add a component group.", "admin", {"201": jsonresp("The new group.", ref("ComponentGroup")), "400": bad, "409": conflict, "413": large, "415": media},
              request=body(ref("GroupCreate")), opid="createComponentGroup")},
 "/api/v1/component-groups/{id}": {
   "parameters": [idparam],
   "get": op("One component group.", "viewer", {"200": jsonresp("The group.", ref("ComponentGroup")), "404": notfound}, opid="getComponentGroup"),
   "patch": op("Change a group; null clears the description.", "admin",
               {"200": jsonresp("The changed group.", ref("ComponentGroup")), "400": bad, "404": notfound, "409": conflict, "413": large, "415": media},
               request=body(ref("GroupPatch")), opid="updateComponentGroup"),
   "delete": op("Delete a group; its components stay, ungrouped.", "admin", {"204": {"description": "Deleted."}, "404": notfound, "409": conflict}, opid="deleteComponentGroup")},
 "/api/v1/tokens": {
   "get": op("List API tokens, never their secrets.", "admin", {"200": jsonresp("The tokens.", ref("TokenList"))}, opid="listTokens"),
   "post": op("Make a token; its secret is in this response only.", "admin",
              {"201": jsonresp("The token and its secret.", ref("NewToken")), "400": bad, "413": large, "415": media},
              request=body(ref("TokenCreate")), opid="createToken")},
 "/api/v1/tokens/{id}": {
   "parameters": [idparam],
   "delete": op("Revoke a token at once; revoking twice is harmless.", "admin", {"200": jsonresp("The revoked token.", ref("Token")), "404": notfound}, opid="revokeToken")},
 "/api/v1/config/reload": {
   "post": op("Read the config file again and apply its catalogue (as SIGHUP does).", "admin",
              {"200": jsonresp("What changed; all lists are empty when nothing did.", ref("ReloadResult")),
               "409": problem("Herald was started without a config file."), "422": problem("The config file has problems; nothing was applied.")},
              opid="reloadConfig")},
}

schemas = {
 "Problem": {"type": "object", "description": "RFC 9457 problem details.", "required": ["type", "title", "status", "instance"],
   "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
                  "instance": {"type": "string"}, "errors": {"type": "array", "items": ref("FieldError")}}},
 "FieldError": {"type": "object", "required": ["field", "reason", "pointer"], "additionalProperties": False,
   "properties": {"field": {"type": "string", "examples": ["name"]}, "reason": {"type": "string", "examples": ["is required"]},
                  "pointer": {"type": "string", "description": "JSON Pointer (as a URI fragment) to the field.", "examples": ["#/name"]}}},
 "Health": {"type": "object", "required": ["status", "store", "database", "scheduler", "queue", "reasons"], "additionalProperties": False,
   "properties": {"status": {"type": "string", "enum": ["ok", "degraded"]}, "store": {"type": "string", "enum": ["sqlite", "postgres"]},
                  "database": {"type": "object", "required": ["reachable", "expected_schema_version"], "additionalProperties": False,
                    "properties": {"reachable": {"type": "boolean"}, "schema_version": {"type": "integer"}, "expected_schema_version": {"type": "integer"}}},
                  "scheduler": {"type": "object", "required": ["node", "running"], "additionalProperties": False,
                    "description": "This node's notice scheduler. There is no leader election: every node running `herald serve` runs one, and row locks apply each step once.",
                    "properties": {"node": {"type": "string", "description": "The host's name."}, "running": {"type": "boolean"},
                                   "last_pass_seconds_ago": {"type": "number", "description": "Absent before the first pass."}}},
                  "queue": {"type": "object", "required": ["lag_seconds", "pending", "dead_letters"], "additionalProperties": False,
                    "properties": {"lag_seconds": {"type": "number", "description": "How long the oldest due delivery nobody is sending has waited."},
                                   "pending": {"type": "integer"}, "dead_letters": {"type": "integer"}}},
                  "reasons": {"type": "array", "items": {"type": "string"}, "description": "Why the status is not ok, in plain words."}}},
 "Translations": {"type": "object", "additionalProperties": False,
   "description": "The entry's name and description in other languages; a reader of a language without its own words sees `name`. PATCH replaces them all; null removes them.",
   "properties": {lang: {"type": "object", "additionalProperties": False, "required": ["name"],
                         "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 255}, "description": nullable("string", maxLength=2000)}}
                  for lang in ["zh-CN", "en"]}},
 "Component": {"type": "object", "additionalProperties": False,
   "required": ["id", "name", "description", "translations", "group_id", "position", "runbook_url", "owner_team", "internal", "status", "managed_by", "created_at", "updated_at"],
   "properties": {"id": ID, "name": {"type": "string"}, "description": nullable("string"), "translations": ref("Translations"), "group_id": nullable("string"), "position": {"type": "integer"},
                  "runbook_url": nullable("string", format="uri"), "owner_team": nullable("string"), "internal": {"type": "boolean", "description": "Internal components are for staff: never on the status page, its feeds or documents."}, "status": STATUS,
                  "managed_by": {"type": "string", "enum": ["config", "api"], "description": "Entries from the config file are changed there, not through the API."},
                  "created_at": TIME, "updated_at": TIME}},
 "ComponentList": {"type": "object", "required": ["components"], "properties": {"components": {"type": "array", "items": ref("Component")}}},
 "ComponentCreate": {"type": "object", "additionalProperties": False, "required": ["name"],
   "properties": {"id": ID, "name": {"type": "string", "minLength": 1, "maxLength": 255}, "description": {"type": "string", "maxLength": 2000},
                  "translations": ref("Translations"), "group_id": {"type": "string"}, "position": {"type": "integer", "minimum": 0, "maximum": 1000000},
                  "runbook_url": {"type": "string", "format": "uri"}, "owner_team": {"type": "string", "maxLength": 100}, "internal": {"type": "boolean", "description": "Internal components are for staff: never on the status page, its feeds or documents."}, "status": STATUS}},
 "ComponentPatch": {"type": "object", "additionalProperties": False,
   "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 255}, "description": nullable("string", maxLength=2000),
                  "translations": {"oneOf": [ref("Translations"), {"type": "null"}]}, "group_id": nullable("string"), "position": {"type": "integer", "minimum": 0, "maximum": 1000000},
                  "runbook_url": nullable("string", format="uri"), "owner_team": nullable("string", maxLength=100), "internal": {"type": "boolean", "description": "Internal components are for staff: never on the status page, its feeds or documents."}}},
 "StatusUpdate": {"type": "object", "additionalProperties": False, "required": ["status"],
   "properties": {"status": STATUS, "reason": {"type": "string", "maxLength": 2000}}},
 "StatusChange": {"type": "object", "additionalProperties": False,
   "required": ["id", "component_id", "old_status", "new_status", "source", "actor", "reason", "changed_at"],
   "properties": {"id": {"type": "integer"}, "component_id": {"type": "string"}, "old_status": STATUS, "new_status": STATUS,
                  "source": {"type": "string", "enum": ["manual", "config", "alert", "maintenance"]}, "actor": {"type": "string"},
                  "reason": nullable("string"), "changed_at": TIME}},
 "StatusChangeList": {"type": "object", "required": ["status_changes"], "properties": {"status_changes": {"type": "array", "items": ref("StatusChange")}}},
 "StatusResult": {"type": "object", "required": ["component", "change"],
   "properties": {"component": ref("Component"), "change": {"oneOf": [ref("StatusChange"), {"type": "null"}]}}},
 "ComponentGroup": {"type": "object", "additionalProperties": False,
   "required": ["id", "name", "description", "translations", "position", "managed_by", "created_at", "updated_at"],
   "properties": {"id": ID, "name": {"type": "string"}, "description": nullable("string"), "translations": ref("Translations"), "position": {"type": "integer"},
                  "managed_by": {"type": "string", "enum": ["config", "api"]}, "created_at": TIME, "updated_at": TIME}},
 "GroupList": {"type": "object", "required": ["component_groups"], "properties": {"component_groups": {"type": "array", "items": ref("ComponentGroup")}}},
 "GroupCreate": {"type": "object", "additionalProperties": False, "required": ["name"],
   "properties": {"id": ID, "name": {"type": "string", "minLength": 1, "maxLength": 255}, "description": {"type": "string", "maxLength": 2000},
                  "translations": ref("Translations"),
                  "position": {"type": "integer", "minimum": 0, "maximum": 1000000}}},
 "GroupPatch": {"type": "object", "additionalProperties": False,
   "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 255}, "description": nullable("string", maxLength=2000),
                  "translations": {"oneOf": [ref("Translations"), {"type": "null"}]},
                  "position": {"type": "integer", "minimum": 0, "maximum": 1000000}}},
 "Token": {"type": "object", "additionalProperties": False,
   "required": ["id", "name", "role", "hint", "created_by", "created_at", "last_used_at", "revoked_at"],
   "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "role": ROLE,
                  "hint": {"type": "string", "description": "The secret's last four characters."}, "created_by": {"type": "string"},
                  "created_at": TIME, "last_used_at": nullable("string", format="date-time", description="Updated at most once a minute."),
                  "revoked_at": nullable("string", format="date-time")}},
 "TokenList": {"type": "object", "required": ["tokens"], "properties": {"tokens": {"type": "array", "items": ref("Token")}}},
 "TokenCreate": {"type": "object", "additionalProperties": False, "required": ["name", "role"],
   "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100}, "role": ROLE}},
 "NewToken": {"type": "object", "required": ["token", "secret"],
   "properties": {"token": ref("Token"), "secret": {"type": "string", "pattern": "^hrld_[0-9a-f]{48}$", "description": "Shown only in this response."}}},
 "ReloadResult": {"type": "object",
   "required": ["created_groups", "updated_groups", "created_components", "updated_components", "status_changes", "undeclared_groups", "undeclared_components"],
   "properties": {k: {"type": "array", "items": {"type": "string"}} for k in ["created_groups", "updated_groups", "created_components", "updated_components", "status_changes", "undeclared_groups", "undeclared_components"]}},
}


LOC = {"type": "object", "additionalProperties": False, "properties": {"zh-CN": {"type": "string"}, "en": {"type": "string"}},
       "description": "The same text per language; readers get theirs, else the other."}
OFFSET_TIME = {"type": "string", "format": "date-time", "description": "RFC 3339 with its offset, e.g. 2026-12-01T02:00:00+08:00."}
nullable_time = {"type": ["string", "null"], "format": "date-time"}
AUDIENCE = {"type": "object", "additionalProperties": False,
  "description": "Who the notice is for. Without groups and roles: everyone following its components. An internal notice reaches staff only and never appears on the status page, its feeds or documents.",
  "properties": {"visibility": {"type": "string", "enum": ["public", "internal"], "default": "public"},
    "groups": {"type": "array", "items": {"type": "string", "minLength": 1}}, "roles": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "subscribers": {"type": "boolean", "default": True, "description": "Whether status-page subscribers of its components get it; false for internal notices."}}}
schemas_more = {
 "NoticeInput": {"type": "object", "additionalProperties": False, "required": ["time_zone", "planned_start"],
   "properties": {"title": LOC, "reason": LOC, "impact": LOC, "precautions": LOC, "follow_up": LOC, "closing": LOC, "signature": LOC,
     "contact": {"type": "object", "additionalProperties": False, "required": ["name"],
                 "properties": {"name": {"type": "string"}, "phone": {"type": "string"}, "email": {"type": "string"}, "url": {"type": "string", "format": "uri"}}},
     "components": {"type": "array", "items": {"type": "string"}}, "severity": {"type": "string", "enum": ["low", "medium", "high"]},
     "time_zone": {"type": "string", "examples": ["Asia/Shanghai"]}, "planned_start": OFFSET_TIME, "planned_end": OFFSET_TIME,
     "expected_duration_minutes": {"type": "integer", "minimum": 1},
     "reminder_minutes": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 43200}, "default": [1440, 60]},
     "audience": AUDIENCE}},
 "Notice": {"type": "object",
   "required": ["id", "state", "title", "components", "severity", "time_zone", "planned_start", "planned_end", "published_at", "actual_start", "actual_end"],
   "properties": {"id": {"type": "string"}, "state": {"type": "string", "enum": ["draft", "scheduled", "in_progress", "completed", "cancelled"]},
     "title": LOC, "reason": LOC, "impact": LOC, "precautions": LOC, "follow_up": LOC, "closing": LOC, "signature": LOC,
     "contact": {"type": ["object", "null"]}, "components": {"type": "array", "items": {"type": "string"}},
     "severity": {"type": "string", "enum": ["low", "medium", "high"]}, "time_zone": {"type": "string"},
     "planned_start": OFFSET_TIME, "planned_end": nullable_time, "expected_duration_minutes": {"type": ["integer", "null"]},
     "reminder_minutes": {"type": "array", "items": {"type": "integer"}}, "audience": AUDIENCE, "published_at": nullable_time,
     "short_notice_reason": {"type": ["string", "null"]}, "actual_start": nullable_time, "actual_end": nullable_time,
     "cancelled_at": nullable_time, "cancellation_reason": {"type": ["string", "null"]}, "extensions": {"type": "integer"},
     "extension_reason": {"type": ["string", "null"], "description": "Why the end was last moved, as the extend request said."},
     "created_by": {"type": "string"}, "created_at": TIME, "updated_at": TIME}},
 "NoticeList": {"type": "object", "required": ["notices"], "properties": {"notices": {"type": "array", "items": ref("Notice")}}},
 "CheckReport": {"type": "object", "required": ["can_publish", "errors", "warnings"],
   "properties": {"can_publish": {"type": "boolean"}, "errors": {"type": "array", "items": {"type": "object", "required": ["field", "reason"], "properties": {"field": {"type": "string"}, "reason": {"type": "string"}}}},
     "warnings": {"type": "array", "items": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string", "enum": ["short_notice", "no_duration", "jargon", "sms_too_long", "missing_language", "unknown_audience", "no_audience"]},
        "field": {"type": "string"}, "message": {"type": "string"}}}},
     "reach": {"type": "object", "required": ["people", "channels"], "description": "Whom one step of the notice reaches: people, and messages per channel.",
        "properties": {"people": {"type": "integer"}, "channels": {"type": "object", "additionalProperties": {"type": "integer"}}}}}},
 "RenderedMessages": {"type": "object", "description": "By template kind (email, sms, im, status_page, webhook), then language (zh-CN, en).",
   "additionalProperties": {"type": "object", "additionalProperties": {"type": "object", "required": ["text"],
     "properties": {"subject": {"type": "string"}, "text": {"type": "string"}, "html": {"type": "string"}}}}},
 "Preview": {"type": "object", "required": ["step", "messages"], "properties": {"step": {"type": "string"}, "messages": ref("RenderedMessages")}},
 "Announcement": {"type": "object", "required": ["id", "idempotency_key", "notice_id", "step", "audience", "severity", "late", "messages", "created_at", "handed_over_at"],
   "properties": {"id": {"type": "integer"}, "idempotency_key": {"type": "string"}, "notice_id": {"type": "string"},
     "step": {"type": "string", "examples": ["announcement", "reminder-1440", "start", "extension-1", "reschedule-1", "completion", "cancellation", "test-1"]},
     "audience": {"type": "string", "examples": ["notice", "test:operators"]}, "severity": {"type": "string"}, "late": {"type": "boolean"},
     "messages": ref("RenderedMessages"), "created_at": TIME, "handed_over_at": nullable_time}},
 "AnnouncementList": {"type": "object", "required": ["announcements"], "properties": {"announcements": {"type": "array", "items": ref("Announcement")}}},
 "NoticeEventList": {"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": {"type": "object",
   "required": ["id", "notice_id", "kind", "actor", "at"], "properties": {"id": {"type": "integer"}, "notice_id": {"type": "string"},
   "kind": {"type": "string", "examples": ["created", "announcement_sent", "reminder_skipped", "start_sent_late", "completion_sent", "test_sent"]},
   "actor": {"type": "string"}, "detail": {"type": ["string", "null"]}, "at": TIME}}}}},
}
schemas.update(schemas_more)
unprocessable = problem("The notice has errors (listed) or needs a short_notice_reason; nothing was sent.")
stateconflict = problem("The notice's state does not allow this.")
paths.update({
 "/api/v1/notices": {
   "get": op("List notices, newest planned start first.", "viewer", {"200": jsonresp("The notices.", ref("NoticeList")), "400": bad},
             params=[{"name": "state", "in": "query", "required": False, "description": "Comma-separated states.", "schema": {"type": "string"}}], opid="listNotices"),
   "post": op("Write a draft notice.", "responder", {"201": jsonresp("The draft.", ref("Notice")), "400": bad, "413": large, "415": media},
              request=body(ref("NoticeInput")), opid="createNotice")},
 "/api/v1/notices/{id}": {"parameters": [idparam],
   "get": op("One notice.", "viewer", {"200": jsonresp("The notice.", ref("Notice")), "404": notfound}, opid="getNotice"),
   "put": op("Replace a draft's content.", "responder", {"200": jsonresp("The draft.", ref("Notice")), "400": bad, "404": notfound, "409": stateconflict, "413": large, "415": media},
             request=body(ref("NoticeInput")), opid="updateNotice")},
 "/api/v1/notices/{id}/check": {"parameters": [idparam],
   "post": op("Check the notice as if published now: errors block publishing, warnings advise.", "responder",
              {"200": jsonresp("The report.", ref("CheckReport")), "404": notfound}, opid="checkNotice")},
 "/api/v1/notices/{id}/preview": {"parameters": [idparam],
   "get": op("Render one step for every template kind and language, sending nothing.", "viewer",
             {"200": jsonresp("The renderings.", ref("Preview")), "400": bad, "404": notfound},
             params=[{"name": "step", "in": "query", "required": False, "schema": {"type": "string", "default": "announcement"}}], opid="previewNotice")},
 "/api/v1/notices/{id}/test-send": {"parameters": [idparam],
   "post": op("Send the notice as it stands to a configured test audience only.", "responder",
              {"201": jsonresp("What was handed over.", ref("Announcement")), "400": bad, "404": notfound, "413": large, "415": media},
              request=body({"type": "object", "additionalProperties": False, "required": ["audience"], "properties": {"audience": {"type": "string"}}}), opid="testSendNotice")},
 "/api/v1/notices/{id}/publish": {"parameters": [idparam],
   "post": op("Publish: the announcement goes out and the schedule starts. Publishing again changes nothing.", "responder",
              {"200": jsonresp("The scheduled notice.", ref("Notice")), "400": bad, "404": notfound, "422": unprocessable},
              request=body({"type": "object", "additionalProperties": False, "properties": {"short_notice_reason": {"type": "string", "description": "Required when the start is less than 24 h away."}}}, required=False),
              opid="publishNotice")},
 "/api/v1/notices/{id}/extend": {"parameters": [idparam],
   "post": op("Move the planned end later; the update goes out at once: a rescheduling (step reschedule-N) before the start, an extension (extension-N) during the work.", "responder",
              {"200": jsonresp("The notice.", ref("Notice")), "400": bad, "404": notfound, "409": stateconflict},
              request=body({"type": "object", "additionalProperties": False, "required": ["planned_end"], "properties": {
                  "planned_end": OFFSET_TIME,
                  "reason": {"type": "string", "maxLength": 1000, "description": "Why, said in the update's messages (both languages) and on the public page."}}}),
              opid="extendNotice")},
 "/api/v1/notices/{id}/complete": {"parameters": [idparam],
   "post": op("End the downtime now: components return to their earlier status and the recovery notice goes out.", "responder",
              {"200": jsonresp("The completed notice.", ref("Notice")), "404": notfound, "409": stateconflict}, opid="completeNotice")},
 "/api/v1/notices/{id}/cancel": {"parameters": [idparam],
   "post": op("Cancel before completion; a published notice gets a cancellation notice.", "responder",
              {"200": jsonresp("The cancelled notice.", ref("Notice")), "400": bad, "404": notfound, "409": stateconflict},
              request=body({"type": "object", "additionalProperties": False, "properties": {"reason": {"type": "string"}}}, required=False), opid="cancelNotice")},
 "/api/v1/notices/{id}/timeline": {"parameters": [idparam],
   "get": op("Everything that happened to the notice, in order.", "viewer", {"200": jsonresp("The events.", ref("NoticeEventList")), "404": notfound}, opid="noticeTimeline")},
 "/api/v1/notices/{id}/announcements": {"parameters": [idparam],
   "get": op("Every rendered step handed to delivery, with its idempotency key.", "viewer", {"200": jsonresp("The announcements.", ref("AnnouncementList")), "404": notfound}, opid="noticeAnnouncements")},
})

CHANNEL = {"type": "string", "enum": ["email", "sms", "voice", "dingtalk", "wecom", "feishu", "slack", "teams", "discord", "webhook", "log", "mattermost", "ntfy"]}
schemas.update({
 "ContactInput": {"type": "object", "additionalProperties": False, "required": ["name", "addresses"],
   "properties": {"id": ID, "name": {"type": "string"}, "language": {"type": "string", "enum": ["zh-CN", "en"], "default": "zh-CN"},
     "time_zone": {"type": "string", "default": "Asia/Shanghai"}, "groups": {"type": "array", "items": {"type": "string"}},
     "roles": {"type": "array", "items": {"type": "string"}},
     "addresses": {"type": "object", "description": "One address per channel: email address, E.164 phone, IM user id or URL.",
                   "propertyNames": CHANNEL, "additionalProperties": {"type": "string"}},
     "preferences": {"type": "object", "description": "Channels per severity, replacing the defaults (high: sms, voice, IM, email; medium: IM, email; low: email).",
                     "propertyNames": {"enum": ["low", "medium", "high"]}, "additionalProperties": {"type": "array", "items": CHANNEL}},
     "subscriptions": {"type": "array", "items": {"type": "string"}, "description": "Component ids followed; empty follows all."},
     "quiet_hours": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]$", "examples": ["22:00-07:30"]},
     "consent": {"type": "string", "enum": ["pending", "granted", "withdrawn"], "default": "granted"}}},
 "Contact": {"type": "object", "required": ["id", "name", "language", "time_zone", "addresses", "consent"],
   "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "language": {"type": "string"}, "time_zone": {"type": "string"},
     "groups": {"type": "array", "items": {"type": "string"}}, "roles": {"type": "array", "items": {"type": "string"}},
     "addresses": {"type": "object", "additionalProperties": {"type": "string"}}, "preferences": {"type": "object"},
     "subscriptions": {"type": "array", "items": {"type": "string"}}, "quiet_hours": {"type": ["string", "null"]},
     "consent": {"type": "string"}, "created_at": TIME}},
 "ContactList": {"type": "object", "required": ["contacts"], "properties": {"contacts": {"type": "array", "items": ref("Contact")}}},
 "Delivery": {"type": "object", "required": ["id", "idempotency_key", "channel", "address", "severity", "state", "attempts", "next_attempt_at"],
   "properties": {"id": {"type": "integer"}, "idempotency_key": {"type": "string"}, "channel": CHANNEL, "address": {"type": "string"},
     "severity": {"type": "string"}, "subject": {"type": ["string", "null"]}, "state": {"type": "string", "enum": ["pending", "sent", "dead", "withdrawn"]},
     "attempts": {"type": "integer"}, "next_attempt_at": TIME, "last_error": {"type": ["string", "null"]},
     "announcement_id": {"type": ["integer", "null"]}, "created_at": TIME, "sent_at": nullable_time}},
 "DeliveryList": {"type": "object", "required": ["deliveries"], "properties": {"deliveries": {"type": "array", "items": ref("Delivery")}}},
 "AttemptList": {"type": "object", "required": ["attempts"], "properties": {"attempts": {"type": "array", "items": {"type": "object",
   "required": ["number", "at", "outcome", "latency_ms"], "properties": {"number": {"type": "integer"}, "at": TIME,
   "outcome": {"type": "string", "enum": ["sent", "retryable", "permanent", "undelivered", "unconfirmed"],
     "description": "undelivered: the provider's receipt said it failed after sending; unconfirmed: no receipt came in time. Both hand over to the fallback."}, "detail": {"type": ["string", "null"]},
   "latency_ms": {"type": "integer"}, "cost": {"type": ["number", "null"]},
   "node": {"type": "string", "description": "The node that made the attempt (host:process id); absent when no node made it."}}}}}},
 "DeliveryCounts": {"type": "object", "description": "Counts by channel, then by state.",
   "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}}},
 "DeliverySummary": {"type": "object", "required": ["channels", "month"], "properties": {"channels": ref("DeliveryCounts"),
   "month": {"type": "object", "required": ["start", "currency", "channels"], "description": "This month's spending, in the configured budget time zone.",
     "properties": {"start": TIME, "currency": {"type": "string"}, "channels": {"type": "object", "additionalProperties": {"type": "object",
       "required": ["sent", "cost"], "properties": {"sent": {"type": "integer"}, "cost": {"type": "number"},
       "budget": {"type": ["number", "null"]}, "used": {"type": ["number", "null"], "description": "cost / budget; above 1 only high severity was sent."}}}}}}}},
 "NoticeDeliveries": {"type": "object", "required": ["counts", "deliveries"], "properties": {"counts": ref("DeliveryCounts"),
   "deliveries": {"type": "array", "items": ref("Delivery")}}},
})
numparam = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
paths.update({
 "/api/v1/contacts": {
   "get": op("List contacts.", "viewer", {"200": jsonresp("The contacts.", ref("ContactList"))}, opid="listContacts"),
   "post": op("Add a contact.", "admin", {"201": jsonresp("The contact.", ref("Contact")), "400": bad, "409": conflict, "413": large, "415": media},
              request=body(ref("ContactInput")), opid="createContact")},
 "/api/v1/contacts/{id}": {"parameters": [idparam],
   "get": op("One contact.", "viewer", {"200": jsonresp("The contact.", ref("Contact")), "404": notfound}, opid="getContact")},
 "/api/v1/deliveries/summary": {
   "get": op("Deliveries counted by channel and state, and this month's spending per channel against its budget.", "viewer",
             {"200": jsonresp("The counts and spending.", ref("DeliverySummary"))}, opid="deliverySummary")},
 "/api/v1/deliveries/dead-letters": {
   "get": op("Deliveries that failed for good or ran out of attempts, newest first.", "viewer", {"200": jsonresp("The dead letters.", ref("DeliveryList"))}, opid="deadLetters")},
 "/api/v1/deliveries/{id}/retry": {"parameters": [numparam],
   "post": op("Queue a dead letter again for a fresh round of attempts; its history is kept.", "responder",
              {"200": jsonresp("The delivery, pending again.", ref("Delivery")), "400": bad, "404": notfound, "409": problem("It is not a dead letter.")}, opid="retryDelivery")},
 "/api/v1/deliveries/{id}/attempts": {"parameters": [numparam],
   "get": op("Every attempt at a delivery: time, outcome, provider answer, latency, cost.", "viewer",
             {"200": jsonresp("The attempts.", ref("AttemptList")), "400": bad, "404": notfound}, opid="deliveryAttempts")},
 "/api/v1/notices/{id}/deliveries": {"parameters": [idparam],
   "get": op("Every delivery made for a notice, per recipient and channel.", "viewer",
             {"200": jsonresp("Counts by channel and state, and each delivery.", ref("NoticeDeliveries")), "404": notfound}, opid="noticeDeliveries")},
})

schemas.update({
 "IntegrationInput": {"type": "object", "additionalProperties": False, "required": ["name", "kind"], "properties": {
   "name": {"type": "string", "maxLength": 100}, "kind": {"type": "string", "enum": ["pagerduty", "alertmanager", "grafana", "generic"]},
   "signing_secret": {"type": "string", "minLength": 16, "description": "Grafana only: its HMAC secret; requests must then carry a valid X-Grafana-Alerting-Signature."},
   "group_by": {"type": "array", "items": {"type": "string"},
     "description": "Labels whose values put alerts in one incident (Alertmanager's group_by); [\"...\"] groups by every label. PagerDuty events carry component, group and class as labels."},
   "notify_group": {**ID, "description": "The contact group paged when one of this integration's incidents opens (when there is no escalation policy)."},
   "group_wait_seconds": {"type": "integer", "minimum": 0, "maximum": 3600, "default": 0, "description": "Alertmanager's group_wait: the first page of a new incident waits this long to gather the alerts that arrive together. Nothing is paged if they all clear meanwhile."},
   "group_interval_seconds": {"type": "integer", "minimum": 1, "maximum": 86400, "default": 300, "description": "Alertmanager's group_interval: alerts that join an incident already paged are announced to its responders at most this often."},
   "escalation": {"type": "object", "additionalProperties": False, "required": ["steps"],
     "description": "Paged until someone acknowledges: step 1 when the incident opens, each next step after the previous one's wait; after the last, the policy starts over `repeats` times, then records that it ran out.",
     "properties": {"steps": {"type": "array", "minItems": 1, "items": {"type": "object", "additionalProperties": False, "properties": {
       "group": {"type": "string"}, "contact": {"type": "string"}, "schedule": {"type": "string", "description": "Whoever the schedule names at the time of the page."}, "wait_minutes": {"type": "integer", "minimum": 0, "maximum": 1440, "default": 0}}}},
       "repeats": {"type": "integer", "minimum": 0, "maximum": 10, "default": 0}}}}},
 "Integration": {"type": "object", "required": ["id", "name", "kind", "group_by", "key_hint", "created_at"], "properties": {
   "id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string", "enum": ["pagerduty", "alertmanager", "grafana", "generic"]},
   "signing_secret": {"type": "string", "minLength": 16, "description": "Grafana only: its HMAC secret; requests must then carry a valid X-Grafana-Alerting-Signature."},
   "group_by": {"type": "array", "items": {"type": "string"}}, "notify_group": {"type": ["string", "null"]},
   "group_wait_seconds": {"type": "integer"}, "group_interval_seconds": {"type": "integer"},
   "key_hint": {"type": "string", "description": "The key's last four characters."}, "created_at": TIME}},
 "IntegrationList": {"type": "object", "required": ["integrations"], "properties": {"integrations": {"type": "array", "items": ref("Integration")}}},
 "NewIntegration": {"type": "object", "required": ["integration", "key"], "properties": {"integration": ref("Integration"),
   "key": {"type": "string", "description": "32 hex characters: the PagerDuty routing_key, or Alertmanager's bearer credentials. Shown once."}}},
 "Incident": {"type": "object", "required": ["id", "title", "status", "severity", "created_at"], "properties": {
   "id": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "string", "enum": ["investigating", "identified", "monitoring", "resolved"]},
   "severity": {"type": "string", "enum": ["low", "medium", "high"]}, "impact": {"type": ["string", "null"]},
   "components": {"type": "array", "items": {"type": "string"}}, "integration_id": {"type": ["string", "null"]}, "created_at": TIME,
   "acknowledged_at": nullable_time, "acknowledged_by": {"type": ["string", "null"]}, "resolved_at": nullable_time,
   "team": {"type": ["string", "null"], "description": "The team a routing rule gave it to."}, "runbook_url": {"type": ["string", "null"]},
   "kind": {"type": "string", "enum": ["real", "drill", "test"], "description": "Set when it opens, never changed. Drills and tests page like any incident, every message marked, but never reach the public side and are left out of analytics unless asked for."}}},
 "IncidentList": {"type": "object", "required": ["incidents"], "properties": {"incidents": {"type": "array", "items": ref("Incident")}}},
 "IncidentDetail": {"type": "object", "required": ["incident", "alerts"], "properties": {"incident": ref("Incident"), "alerts": {"type": "array", "items": {
   "type": "object", "required": ["id", "dedup_key", "status", "severity", "summary", "events", "first_at", "last_at"], "properties": {
     "id": {"type": "integer"}, "dedup_key": {"type": "string"}, "status": {"type": "string", "enum": ["triggered", "acknowledged", "resolved"]},
     "severity": {"type": "string"}, "summary": {"type": "string"}, "source": {"type": ["string", "null"]},
     "labels": {"type": "object", "additionalProperties": {"type": "string"}}, "events": {"type": "integer", "description": "Triggers received while it was open."},
     "first_at": TIME, "last_at": TIME, "resolved_at": nullable_time}}}}},
 "IncidentTimeline": {"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": {"type": "object",
   "required": ["id", "kind", "actor", "public", "at"], "properties": {"id": {"type": "integer"},
     "kind": {"type": "string", "examples": ["opened", "alert_received", "page_queued", "acknowledged", "alert_resolved", "resolved", "status_changed", "update", "note", "severity_raised", "severity_changed", "reassigned", "heartbeat", "milestone", "storm"]},
     "actor": {"type": "string"}, "detail": {"type": ["string", "null"]},
     "translations": {"type": "object", "additionalProperties": False, "properties": {"zh-CN": {"type": "string"}, "en": {"type": "string"}}, "description": "The detail as written for readers of other languages."},
     "public": {"type": "boolean"}, "at": TIME}}}}},
 "IncidentUpdate": {"type": "object", "additionalProperties": False, "required": ["message"], "properties": {
   "message": {"type": "string", "maxLength": 5000},
   "translations": {"type": "object", "additionalProperties": False, "description": "The message as written for readers of other languages; the status page, feeds and subscribers' mails show each reader theirs, else `message`.",
                    "properties": {"zh-CN": {"type": "string", "maxLength": 5000}, "en": {"type": "string", "maxLength": 5000}}},
   "status": {"type": "string", "enum": ["investigating", "identified", "monitoring", "resolved"]},
   "public": {"type": "boolean", "default": False, "description": "Public updates reach the status page and subscribers; the rest are internal notes. An incident appears on the status page once it has a public update."},
   "title": {"type": "string", "maxLength": 255, "description": "Renames the incident as the public sees it."},
   "impact": {"type": "string", "enum": ["none", "minor", "major", "critical"], "description": "Statuspage's impact; without it, the severity decides (high: critical, medium: major, low: minor)."}}},
 "PagerDutyEvent": {"type": "object", "required": ["routing_key", "event_action"], "properties": {
   "routing_key": {"type": "string", "minLength": 32, "maxLength": 32}, "event_action": {"type": "string", "enum": ["trigger", "acknowledge", "resolve"]},
   "dedup_key": {"type": "string", "maxLength": 255}, "payload": {"type": "object", "required": ["summary", "source", "severity"], "properties": {
     "summary": {"type": "string", "maxLength": 1024}, "source": {"type": "string"}, "severity": {"type": "string", "enum": ["critical", "error", "warning", "info"]},
     "timestamp": TIME, "component": {"type": "string"}, "group": {"type": "string"}, "class": {"type": "string"}, "custom_details": {"type": "object"}}},
   "images": {"type": "array", "items": {"type": "object", "required": ["src"]}}, "links": {"type": "array", "items": {"type": "object", "required": ["href"]}},
   "client": {"type": "string"}, "client_url": {"type": "string"}}},
 "PagerDutyResponse": {"type": "object", "required": ["status", "message"], "properties": {"status": {"type": "string"}, "message": {"type": "string"},
   "dedup_key": {"type": "string"}, "errors": {"type": "array", "items": {"type": "string"}}}},
 "AlertmanagerWebhook": {"type": "object", "required": ["version", "alerts"], "description": "Alertmanager's webhook_config payload, version 4.", "properties": {
   "version": {"const": "4"}, "groupKey": {"type": "string"}, "truncatedAlerts": {"type": "integer"}, "status": {"type": "string", "enum": ["firing", "resolved"]},
   "receiver": {"type": "string"}, "groupLabels": {"type": "object"}, "commonLabels": {"type": "object"}, "commonAnnotations": {"type": "object"},
   "externalURL": {"type": "string"}, "notification_reason": {"type": "string"}, "routeLabels": {"type": "object"},
   "alerts": {"type": "array", "items": {"type": "object", "required": ["status", "labels", "startsAt"], "properties": {
     "status": {"type": "string", "enum": ["firing", "resolved"]}, "labels": {"type": "object", "additionalProperties": {"type": "string"}},
     "annotations": {"type": "object", "additionalProperties": {"type": "string"}}, "startsAt": TIME, "endsAt": TIME,
     "generatorURL": {"type": "string"}, "fingerprint": {"type": "string"}}}}}},
})
MATCHER = {"type": "object", "required": ["name", "value"], "properties": {"name": {"type": "string"}, "value": {"type": "string"},
  "is_regex": {"type": "boolean", "default": False}, "is_equal": {"type": "boolean", "default": True}}}
ESCALATION = schemas["IntegrationInput"]["properties"]["escalation"]
schemas.update({
 "Team": {"type": "object", "required": ["id", "name", "escalation"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "escalation": ESCALATION}},
 "RouteList": {"type": "object", "additionalProperties": False, "required": ["routes"], "properties": {"routes": {"type": "array", "items": {
   "type": "object", "additionalProperties": False, "required": ["matchers", "team"], "properties": {
     "matchers": {"type": "array", "items": MATCHER, "description": "All must hold; none matches every alert."}, "team": ID,
     "severity": {"type": ["string", "null"], "enum": ["low", "medium", "high", None], "description": "Replaces the severity graded from the source."},
     "runbook_url": {"type": ["string", "null"], "format": "uri", "description": "Put into every page of the incident."}}}}}},
 "ScheduleInput": {"type": "object", "additionalProperties": False, "required": ["id", "name", "members", "start"], "properties": {
   "id": ID, "name": {"type": "string"}, "time_zone": {"type": "string", "default": "Asia/Shanghai"}, "members": {"type": "array", "minItems": 1, "items": {"type": "string"}},
   "start": TIME, "rotation_days": {"type": "integer", "minimum": 1, "maximum": 90, "default": 7}}},
 "Schedule": {"type": "object", "required": ["id", "name", "time_zone", "members", "start", "rotation_days", "overrides"], "properties": {
   "id": {"type": "string"}, "name": {"type": "string"}, "time_zone": {"type": "string"}, "members": {"type": "array", "items": {"type": "string"}},
   "start": TIME, "rotation_days": {"type": "integer"}, "overrides": {"type": "array", "items": {"type": "object", "properties": {
     "contact": {"type": "string"}, "start": TIME, "end": TIME}}}, "on_call_now": {"type": ["string", "null"]}}},
 "SilenceInput": {"type": "object", "additionalProperties": False, "required": ["matchers", "ends_at", "comment"], "properties": {
   "matchers": {"type": "array", "minItems": 1, "items": MATCHER}, "starts_at": TIME, "ends_at": TIME, "comment": {"type": "string", "maxLength": 500}}},
 "Silence": {"type": "object", "required": ["id", "matchers", "starts_at", "ends_at", "created_by", "comment"], "properties": {
   "id": {"type": "string"}, "matchers": {"type": "array", "items": MATCHER}, "starts_at": TIME, "ends_at": TIME,
   "created_by": {"type": "string"}, "comment": {"type": "string"}}},
})
pdresp = lambda desc: {"description": desc, "content": {"application/json": {"schema": ref("PagerDutyResponse")}}}
# Every ingest format, in the order of IngestFormats.all (Sources/HeraldServer/Ingest/IngestFormats.swift): its
# integration kind, where it is posted, the labels its incidents group by when an integration names none, and the
# operation. IngestRegistryTests fails when this list and the registry disagree.
keyparam = [{"name": "key", "in": "query", "required": False, "schema": {"type": "string"}}]
INGEST_FORMATS = [
 {"kind": "pagerduty", "path": "/v2/enqueue", "group_by": ["alertname"], "operation": {"operationId": "pagerDutyEnqueue", "security": [],
   "summary": "PagerDuty Events API v2: trigger, acknowledge or resolve an alert. The routing_key selects the Herald integration, so PagerDuty clients work by changing only the base URL.",
   "requestBody": body(ref("PagerDutyEvent")),
   "responses": {"202": pdresp("{status: success, message: Event processed, dedup_key}."), "400": pdresp("{status: invalid event, message, errors[]}; do not retry."),
     "413": problem("Larger than the 512 KB an event may be."), "429": pdresp("Over the integration's rate (alerts.rate_per_minute); retry later.")}}},
 {"kind": "alertmanager", "path": "/api/v1/ingest/alertmanager", "group_by": ["alertname"], "operation": {"operationId": "alertmanagerWebhook", "security": [],
   "summary": "Prometheus Alertmanager webhook_config (version 4). The integration key comes as Authorization: Bearer KEY or ?key=KEY. Firing alerts trigger, resolved ones resolve.",
   "parameters": keyparam,
   "requestBody": body(ref("AlertmanagerWebhook")),
   "responses": {"202": jsonresp("Applied: how many alerts and what each did.", {"type": "object"}), "400": bad, "401": problem("No key, or not an Alertmanager integration's."),
     "413": large, "429": problem("Over the integration's rate.")}}},
 {"kind": "grafana", "path": "/api/v1/ingest/grafana", "group_by": ["alertname"], "operation": {"operationId": "grafanaWebhook", "security": [],
   "summary": "Grafana alerting's webhook contact point (version 1). Key as for Alertmanager; with a signing secret, X-Grafana-Alerting-Signature must be hex HMAC-SHA256 of the body, or of `timestamp:body` when X-Grafana-Alerting-Timestamp (Unix seconds) is sent; a timestamp more than alerts.signature_window_seconds (300) from Herald's clock is refused, so a captured request cannot be replayed.",
   "parameters": keyparam,
   "requestBody": body({"type": "object"}),
   "responses": {"202": jsonresp("Applied.", {"type": "object"}), "400": bad, "401": problem("No key, a key of another kind, a bad signature, or a signed timestamp outside the window (a replay)."),
     "413": large, "429": problem("Over the integration's rate.")}}},
 {"kind": "generic", "path": "/api/v1/ingest/generic", "group_by": ["alertname"], "operation": {"operationId": "genericAlert", "security": [],
   "summary": "Herald's own format, for scripts: {action (trigger|acknowledge|resolve, default trigger), dedup_key, summary, severity, source, labels, links}.",
   "parameters": keyparam,
   "requestBody": body({"type": "object", "additionalProperties": False, "required": ["dedup_key"], "properties": {
     "action": {"type": "string", "enum": ["trigger", "acknowledge", "resolve"], "default": "trigger"}, "dedup_key": {"type": "string", "maxLength": 255},
     "summary": {"type": "string", "maxLength": 1024}, "severity": {"type": "string"}, "source": {"type": "string"},
     "labels": {"type": "object", "additionalProperties": {"type": "string"}}, "links": {"type": "array", "items": {"type": "string"}}}}),
   "responses": {"202": jsonresp("What the event did.", {"type": "object", "properties": {"outcome": {"type": "string",
       "enum": ["opened", "grouped", "repeated", "acknowledged", "resolved", "dropped"]}, "dedup_key": {"type": "string"}, "incident_id": {"type": ["string", "null"]}}}),
     "400": bad, "401": problem("No key, or a key of another kind."), "413": large, "429": problem("Over the integration's rate.")}}},
 {"kind": "uptime-kuma", "path": "/api/v1/ingest/uptime-kuma", "group_by": ["monitor"], "operation": {"operationId": "uptimeKumaWebhook", "security": [],
   "summary": "Uptime Kuma's webhook notification: {heartbeat, monitor, msg} as JSON, as multipart/form-data with the JSON in the field `data`, or a custom body (JSON under any content type). The key comes as Authorization: Bearer KEY (an additional header) or ?key=KEY. Heartbeat status 0 (down) triggers and 1 (up) resolves, keyed uptime-kuma:<monitor.id>; 2 (pending) and 3 (maintenance), the test notification and messages without a heartbeat (certificate and domain expiry) store nothing.",
   "parameters": keyparam,
   "requestBody": {"required": True, "content": {
     "application/json": {"schema": ref("UptimeKumaNotification")},
     "multipart/form-data": {"schema": {"type": "object", "required": ["data"], "properties": {"data": {"type": "string", "description": "The notification as JSON."}}}}}},
   "responses": {"202": jsonresp("What the notification did; `reason` says why nothing was stored.", {"type": "object", "required": ["outcome"], "properties": {
       "outcome": {"type": "string", "enum": ["opened", "grouped", "repeated", "resolved", "dropped", "test", "ignored"]},
       "dedup_key": {"type": "string"}, "incident_id": {"type": "string"}, "reason": {"type": "string"}}}),
     "400": bad, "401": problem("No key, or a key of another kind."), "413": large, "429": problem("Over the integration's rate.")}}},
 {"kind": "nightingale", "path": "/api/v1/ingest/nightingale", "group_by": ["rule_name"], "operation": {"operationId": "nightingaleEvents", "security": [],
   "summary": "Nightingale (夜莺, n9e) v6+ alert events from global webhooks and rule callbacks: one AlertCurEvent, or an array of them (v7 batch sending, v8 Callback channel). The key comes as Authorization: Bearer KEY (a custom header), the password of the webhook's basic auth, or ?key=KEY (rule callbacks send no headers). `hash` identifies the alert across firing and recovery; is_recovered resolves; severity 1 (Emergency), 2 (Warning), 3 (Notice) is graded as critical, warning, info; tags and tags_map become labels, with rule_name, target_ident, group_name and cluster where the tags lack them.",
   "parameters": keyparam,
   "requestBody": body({"oneOf": [ref("NightingaleEvent"), {"type": "array", "items": ref("NightingaleEvent")}]}),
   "responses": {"202": jsonresp("Applied: how many events and what each did.", {"type": "object", "required": ["status", "alerts", "outcomes"], "properties": {
       "status": {"const": "success"}, "alerts": {"type": "integer"}, "outcomes": {"type": "object", "additionalProperties": {"type": "integer"}}}}),
     "400": bad, "401": problem("No key, or a key of another kind."), "413": large, "429": problem("Over the integration's rate.")}}},
]
schemas["NightingaleEvent"] = {"type": "object", "required": ["hash", "rule_name", "severity", "is_recovered", "trigger_time"],
  "description": "Nightingale's AlertCurEvent (models/alert_cur_event.go); fields not listed are ignored. An array's fields are named [i].field in errors.", "properties": {
  "hash": {"type": "string", "minLength": 1}, "rule_name": {"type": "string"}, "rule_note": {"type": "string"},
  "severity": {"type": "integer", "enum": [1, 2, 3], "description": "1 Emergency, 2 Warning, 3 Notice."}, "is_recovered": {"type": "boolean"},
  "tags": {"type": "array", "items": {"type": "string", "description": "key=value"}}, "tags_map": {"type": "object", "additionalProperties": {"type": "string"}},
  "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
  "trigger_time": {"type": "integer", "description": "Unix seconds."}, "first_trigger_time": {"type": "integer"}, "last_eval_time": {"type": "integer"},
  "target_ident": {"type": "string"}, "group_name": {"type": "string"}, "cluster": {"type": "string"}, "runbook_url": {"type": "string"}, "trigger_value": {"type": "string"}}}
schemas["UptimeKumaNotification"] = {"type": "object", "required": ["msg"], "description": "Uptime Kuma's webhook.js body; fields not listed are ignored.", "properties": {
  "heartbeat": {"type": ["object", "null"], "required": ["status", "time"], "properties": {
    "status": {"type": "integer", "enum": [0, 1, 2, 3], "description": "0 down, 1 up, 2 pending, 3 maintenance."},
    "time": {"type": "string", "description": "UTC without a zone: YYYY-MM-DD HH:mm:ss.SSS (older builds without .SSS)."}, "msg": {"type": "string"}}},
  "monitor": {"type": ["object", "null"], "required": ["id", "name"], "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}, "type": {"type": "string"}, "url": {"type": ["string", "null"]}, "hostname": {"type": ["string", "null"]},
    "tags": {"type": "array", "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "value": {"type": ["string", "null"]}}}}}},
  "msg": {"type": "string"}}}
for format in INGEST_FORMATS:
    paths[format["path"]] = {"post": {**format["operation"], "x-herald-ingest-kind": format["kind"]}}
for schema in ("IntegrationInput", "Integration"):
    schemas[schema]["properties"]["kind"]["enum"] = [format["kind"] for format in INGEST_FORMATS]
own_grouping = [f'{format["kind"]}: {json.dumps(format["group_by"])}' for format in INGEST_FORMATS if format["group_by"] != ["alertname"]]
schemas["IntegrationInput"]["properties"]["group_by"]["description"] += ' Without it: ["alertname"]' + (
    " (" + "; ".join(own_grouping) + ")" if own_grouping else "") + "."
paths.update({
 "/respond/{token}": {"parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}],
   "get": {"operationId": "respondPage", "security": [], "summary": "The page a page's link opens: the incident and two buttons. Shows only; changes nothing.",
     "responses": {"200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}},
                   "403": {"description": "The link is not signed by this Herald or has expired (24 h).", "content": {"text/html": {"schema": {"type": "string"}}}}}},
   "post": {"operationId": "respond", "security": [], "summary": "Acknowledge or resolve the incident, recorded as the paged contact (form field action=acknowledge|resolve).",
     "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["action"],
       "properties": {"action": {"type": "string", "enum": ["acknowledge", "resolve"]}}}}}},
     "responses": {"200": {"description": "Done.", "content": {"text/html": {"schema": {"type": "string"}}}}, "400": bad,
                   "403": {"description": "The link is not valid or has expired.", "content": {"text/html": {"schema": {"type": "string"}}}}}}},
 "/respond/{token}/runbook": {"parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}],
   "get": {"operationId": "respondRunbook", "security": [], "summary": "A drill's page links its runbook through here: records that the runbook was opened from a page (for the drill's scorecard), then sends the reader on to it.",
     "responses": {"303": {"description": "On to the runbook (Location)."},
                   "403": {"description": "The link is not valid, has expired, or its incident has no runbook.", "content": {"text/html": {"schema": {"type": "string"}}}}}}},
 "/api/v1/integrations": {
   "get": op("Monitoring integrations (never their keys).", "admin", {"200": jsonresp("The integrations.", ref("IntegrationList"))}, opid="listIntegrations"),
   "post": op("Add an integration; its key is shown once.", "admin", {"201": jsonresp("The integration and its key.", ref("NewIntegration")), "400": bad, "413": large, "415": media},
              request=body(ref("IntegrationInput")), opid="createIntegration")},
 "/api/v1/incidents": {
   "get": op("Incidents, newest first.", "viewer", {"200": jsonresp("The incidents.", ref("IncidentList")), "400": bad},
             params=[{"name": "state", "in": "query", "required": False, "schema": {"type": "string", "enum": ["open", "all"], "default": "all"}}], opid="listIncidents")},
 "/api/v1/incidents/{id}": {"parameters": [idparam],
   "get": op("One incident and its alerts.", "viewer", {"200": jsonresp("The incident.", ref("IncidentDetail")), "404": notfound}, opid="getIncident")},
 "/api/v1/incidents/{id}/timeline": {"parameters": [idparam],
   "get": op("Everything that happened to the incident, with actor and time.", "viewer", {"200": jsonresp("The timeline.", ref("IncidentTimeline")), "404": notfound}, opid="incidentTimeline")},
 "/api/v1/incidents/{id}/stream": {"parameters": [idparam],
   "get": {**op("The timeline live, as Server-Sent Events: past events, then each new one as it is recorded (id: the event's position in the order events became visible, which only ever rises, so a late-committing event is never skipped; event: its kind; data: the event as JSON). Send Last-Event-ID to resume; the stream ends once the incident is resolved.", "viewer",
             {"200": {"description": "text/event-stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}}, "404": notfound}, opid="incidentStream"),
     "parameters": [{"name": "Last-Event-ID", "in": "header", "required": False, "schema": {"type": "integer"}}]}},
 "/api/v1/schedules": {
   "get": op("On-call schedules, each with who is on call now.", "viewer", {"200": jsonresp("The schedules.", {"type": "object", "required": ["schedules"], "properties": {"schedules": {"type": "array", "items": ref("Schedule")}}})}, opid="listSchedules"),
   "post": op("Add a schedule: members take turns, handing off every rotation_days days at start's local time in time_zone.", "admin",
              {"201": jsonresp("The schedule.", ref("Schedule")), "400": bad, "409": conflict, "413": large, "415": media}, request=body(ref("ScheduleInput")), opid="createSchedule")},
 "/api/v1/schedules/{id}": {"parameters": [idparam],
   "get": op("One schedule and who is on call now.", "viewer", {"200": jsonresp("The schedule.", ref("Schedule")), "404": notfound}, opid="getSchedule")},
 "/api/v1/schedules/{id}/overrides": {"parameters": [idparam],
   "post": op("Someone else takes a span (a swap, a holiday cover); the latest override wins where they overlap.", "responder",
              {"201": jsonresp("The schedule.", ref("Schedule")), "400": bad, "404": notfound, "413": large, "415": media},
              request=body({"type": "object", "additionalProperties": False, "required": ["contact", "start", "end"], "properties": {
                "contact": {"type": "string"}, "start": TIME, "end": TIME}}), opid="addOverride")},
 "/api/v1/teams": {
   "get": op("Teams and their escalation policies.", "viewer", {"200": jsonresp("The teams.", {"type": "object", "required": ["teams"], "properties": {"teams": {"type": "array", "items": ref("Team")}}})}, opid="listTeams")},
 "/api/v1/teams/{id}": {"parameters": [idparam],
   "put": op("Create or replace a team: who it pages, step by step, for the alerts routed to it.", "admin",
             {"200": jsonresp("The team.", ref("Team")), "400": bad, "413": large, "415": media},
             request=body({"type": "object", "additionalProperties": False, "required": ["name", "escalation"], "properties": {
               "name": {"type": "string", "maxLength": 100}, "escalation": ESCALATION}}), opid="saveTeam")},
 "/api/v1/alert-routes": {
   "get": op("The routing rules, in the order they are tried.", "viewer", {"200": jsonresp("The rules.", ref("RouteList"))}, opid="listAlertRoutes"),
   "put": op("Replace every routing rule at once. A triggered alert goes to the team of the first rule whose matchers all hold (Alertmanager's matching: regexes anchored, a missing label is empty); the rule may override its severity and gives its incident a runbook. Alerts no rule matches stay with their integration's escalation. Incidents are grouped within a team.", "admin",
             {"200": jsonresp("The rules.", ref("RouteList")), "400": bad, "413": large, "415": media}, request=body(ref("RouteList")), opid="replaceAlertRoutes")},
 "/api/v1/silences": {
   "get": op("Silences that have not ended.", "viewer", {"200": jsonresp("The silences.", {"type": "object", "required": ["silences"], "properties": {"silences": {"type": "array", "items": ref("Silence")}}})}, opid="listSilences"),
   "post": op("Mute alerts whose labels match every matcher (Alertmanager's rules: regexes anchored, a missing label is empty) until ends_at; they are recorded on the timeline and page nobody.", "responder",
              {"201": jsonresp("The silence.", ref("Silence")), "400": bad, "413": large, "415": media}, request=body(ref("SilenceInput")), opid="createSilence")},
 "/api/v1/storms": {
   "get": op("Alert storms: those in progress and the latest that ended, the 50 newest first. A team goes into storm mode when it opens more than alerts.storm.threshold new incidents within window_minutes; its new alerts then join the storm's incident and its people get a digest every digest_minutes until fewer than the threshold join within a window.", "viewer",
             {"200": jsonresp("The storms.", {"type": "object", "required": ["storms"], "properties": {"storms": {"type": "array", "items": {
               "type": "object", "required": ["id", "team", "incident_id", "active", "started_at", "last_digest_at", "digests", "ended_at"], "properties": {
                 "id": {"type": "integer"}, "team": {"type": ["string", "null"], "description": "null for alerts routed to no team."},
                 "incident_id": {"type": "string"}, "active": {"type": "boolean"}, "started_at": {"type": "string", "format": "date-time"},
                 "last_digest_at": {"type": "string", "format": "date-time", "description": "The last digest, or the start while none went out."},
                 "digests": {"type": "integer", "minimum": 0}, "ended_at": {"type": ["string", "null"], "format": "date-time"}}}}}})}, opid="listStorms")},
 "/api/v1/silences/{id}": {"parameters": [idparam],
   "delete": op("End a silence now.", "responder", {"200": jsonresp("The silence, ended.", ref("Silence")), "404": notfound}, opid="expireSilence")},
 "/api/v1/incidents/{id}/acknowledge": {"parameters": [idparam],
   "post": op("Take the incident; recorded once, with the token as actor.", "responder", {"200": jsonresp("The incident.", ref("Incident")), "404": notfound}, opid="acknowledgeIncident")},
 "/api/v1/incidents/{id}/severity": {"parameters": [idparam],
   "post": op("Set the severity by hand; recorded on the timeline (severity_changed) with the token as actor.", "responder",
              {"200": jsonresp("The incident.", ref("Incident")), "400": bad, "404": notfound, "413": large, "415": media},
              request=body({"type": "object", "additionalProperties": False, "required": ["severity"], "properties": {"severity": {"type": "string", "enum": ["high", "medium", "low"]}}}), opid="changeIncidentSeverity")},
 "/api/v1/incidents/{id}/reassign": {"parameters": [idparam],
   "post": op("Hand the incident to another team: its later escalation steps, and escalating by hand, page that team's policy. Recorded on the timeline (reassigned).", "responder",
              {"200": jsonresp("The incident.", ref("Incident")), "400": bad, "404": notfound, "413": large, "415": media},
              request=body({"type": "object", "additionalProperties": False, "required": ["team"], "properties": {"team": {"type": "string"}}}), opid="reassignIncident")},
 "/api/v1/incidents/{id}/updates": {"parameters": [idparam],
   "post": op("Post an update (public) or a note (internal), optionally changing the status.", "responder",
              {"201": jsonresp("The incident.", ref("Incident")), "400": bad, "404": notfound, "413": large, "415": media}, request=body(ref("IncidentUpdate")), opid="postIncidentUpdate")},
 "/api/v1/incidents/{id}/postmortem": {"parameters": [idparam],
   "post": op("Start the incident's postmortem, as a draft with nothing written. Only a resolved incident, once (409 otherwise).", "responder",
              {"201": jsonresp("The postmortem.", ref("Postmortem")), "404": notfound, "409": problem("The incident is not resolved, or has a postmortem already.")}, opid="createPostmortem"),
   "get": op("The postmortem: its state, the written sections, and what Herald recorded (summary, impact, milestones, timeline, alerts, who was paged, public updates).", "viewer",
             {"200": jsonresp("The postmortem.", ref("Postmortem")), "404": notfound}, opid="postmortem"),
   "patch": op("Write sections: each field given replaces that section (null empties it); action_items replaces the list. A published postmortem does not change (409).", "responder",
               {"200": jsonresp("The postmortem.", ref("Postmortem")), "400": bad, "404": notfound, "409": problem("The postmortem is published."), "413": large, "415": media},
               request=body({"type": "object", "additionalProperties": False, "properties": {
                 "root_cause": nullable("string", maxLength=20000), "went_well": nullable("string", maxLength=20000), "went_wrong": nullable("string", maxLength=20000),
                 "action_items": {"type": "array", "maxItems": 100, "items": action_item},
                 "public_summary": {"type": ["object", "null"], "additionalProperties": False,
                   "description": "What customers read on the status page once the postmortem is published there, per language; replaced whole (null: none).",
                   "properties": {"zh-CN": {"type": "string", "minLength": 1, "maxLength": 20000}, "en": {"type": "string", "minLength": 1, "maxLength": 20000}}}}}),
               opid="updatePostmortem")},
 "/api/v1/incidents/{id}/postmortem/state": {"parameters": [idparam],
   "post": op("Move the postmortem: draft → in_review → published, or in_review back to draft. Published is final; any other step is 409.", "responder",
              {"200": jsonresp("The postmortem.", ref("Postmortem")), "400": bad, "404": notfound, "409": problem("Not a step a postmortem takes."), "413": large, "415": media},
              request=body({"type": "object", "additionalProperties": False, "required": ["state"], "properties": {"state": {"type": "string", "enum": ["draft", "in_review", "published"]},
                "public": {"type": "boolean", "default": False, "description": "Publishing only (400 otherwise): also put the public summary on the status page, in its Statuspage JSON (status postmortem, postmortem_body), the feeds and subscribers' messages. Needs a public summary (400)."}}}),
              opid="changePostmortemState")},
 "/api/v1/incidents/{id}/postmortem/markdown": {"parameters": [idparam],
   "get": op("The postmortem as Markdown, its fixed words in `language` and every time in `zone`.", "viewer",
             {"200": {"description": "The Markdown document.", "content": {"text/markdown": {"schema": {"type": "string"}}}}, "400": problem("A language or zone that is not known."), "404": notfound},
             params=[{"name": "language", "in": "query", "required": False, "schema": {"type": "string", "enum": ["zh-CN", "en"], "default": "zh-CN"}},
                     {"name": "zone", "in": "query", "required": False, "description": "An IANA time zone.", "schema": {"type": "string", "default": "UTC"}}],
             opid="postmortemMarkdown")},
 "/api/v1/incidents/{id}/milestones": {"parameters": [idparam],
   "get": op("The incident's milestones in order (impact_started, detected, acknowledged, mitigated, resolved), each with its time in force and whose word it is (herald: recorded; responder: set or corrected, with the reason, who and when), and the response times they make.", "viewer",
             {"200": jsonresp("The milestones.", ref("Milestones")), "404": notfound}, opid="incidentMilestones")},
 "/api/v1/incidents/{id}/milestones/{milestone}": {"parameters": [idparam, {"name": "milestone", "in": "path", "required": True, "schema": {"type": "string", "enum": ["impact_started", "detected", "acknowledged", "mitigated", "resolved"]}}],
   "put": op("Set or correct a milestone with a reason (at: a time), or take back a responder's time (at: null; Herald's recorded time, if any, is in force again). Recorded on the timeline (milestone) and in the audit log. Refused with 400 naming every problem: no reason, a time in the future, acknowledged or resolved before the incident was, nothing to take back, or an order that makes a response time negative (impact_started ≤ detected ≤ acknowledged, detected ≤ resolved, impact_started ≤ mitigated ≤ resolved).", "responder",
             {"200": jsonresp("The milestones after the change.", ref("Milestones")), "400": bad, "404": notfound, "413": large, "415": media},
             request=body({"type": "object", "additionalProperties": False, "required": ["at", "reason"], "properties": {
               "at": nullable("string", format="date-time", description="RFC 3339 with offset; null takes back a responder's time."),
               "reason": {"type": "string", "minLength": 1, "maxLength": 1000}}}), opid="changeIncidentMilestone")},
})

# The public side: no token; cached (ETag, Cache-Control: public, max-age=30) and readable from any origin.
def public_get(opid, summary, media, params=None):
    operation = {"operationId": opid, "security": [], "summary": summary,
                 "responses": {"200": {"description": "The document.", "content": {media: {"schema": {"type": "string"} if media != "application/json" else {"type": "object"}}}},
                               "304": {"description": "Unchanged since the ETag sent in If-None-Match."}}}
    if params: operation["parameters"] = params
    return {"get": operation}
lang = [{"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": ["zh-CN", "en"]}, "description": "Overrides Accept-Language."}]
html = "text/html"
paths.update({
 "/": public_get("statusPage", "The public status page: overall status, active incidents with their public updates, maintenance in progress and upcoming, components by group with 90-day uptime bars. zh-CN or en by Accept-Language.", html, lang),
 "/history": public_get("statusHistory", "Past incidents and maintenance.", html, lang),
 "/incidents/{id}": {**public_get("statusIncident", "One announced incident with every public update.", html, lang), "parameters": [idparam]},
 "/maintenance/{id}": {**public_get("statusMaintenance", "One published maintenance: window, affected services, reason, impact, precautions, contact, updates.", html, lang), "parameters": [idparam]},
 "/feed.atom": public_get("atomFeed", "Atom feed of incidents and maintenance, one entry each, updated with every public update.", "application/atom+xml"),
 "/feed.rss": public_get("rssFeed", "The same as RSS 2.0.", "application/rss+xml"),
 "/maintenance.ics": public_get("maintenanceCalendar", "iCalendar (RFC 5545): one event per maintenance window; SEQUENCE rises with every change to its times or status (each move of its end, a start or end at another time than planned, a cancellation), and a cancelled one has STATUS:CANCELLED.", "text/calendar",
   [{"name": "components", "in": "query", "required": False, "schema": {"type": "string"}, "description": "Comma-separated component ids: only windows affecting one of them."}] + lang),
 "/cap.xml": public_get("capLatest", "The newest OASIS CAP 1.2 message (incidents and maintenance as Alert, Update, Cancel with references).", "application/cap+xml"),
 "/cap.atom": public_get("capFeed", "CAP over Atom: one entry per CAP message, embedding it and linking to /cap/{identifier}.xml.", "application/atom+xml"),
 "/cap/{file}": {**public_get("capMessage", "One CAP message, at {identifier}.xml.", "application/cap+xml"),
   "parameters": [{"name": "file", "in": "path", "required": True, "schema": {"type": "string", "pattern": "\\.xml$"}}]},
})
form_or_json = {"required": True, "content": {
  "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["email"], "properties": {
    "email": {"type": "string", "format": "email"}, "webhook_url": {"anyOf": [{"type": "string", "format": "uri"}, {"const": ""}], "description": "Empty is none."},
    "components": {"type": "string", "description": "Repeat for each component followed; none: all."}, "language": {"type": "string", "enum": ["zh-CN", "en"]}}}},
  "application/json": {"schema": {"type": "object", "additionalProperties": False, "required": ["email"], "properties": {
    "email": {"type": "string", "format": "email"}, "webhook_url": {"anyOf": [{"type": "string", "format": "uri"}, {"const": ""}], "description": "Receives Statuspage-style subscriber payloads; empty, as a form's empty field, is none."},
    "components": {"type": "array", "items": {"type": "string"}}, "language": {"type": "string", "enum": ["zh-CN", "en"]}}}}}}
token_param = [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}]
page_response = lambda desc: {"description": desc, "content": {"text/html": {"schema": {"type": "string"}}}}
paths.update({
 "/subscribe": {
   "get": {"operationId": "subscribeForm", "security": [], "summary": "The subscription form.", "parameters": lang, "responses": {"200": page_response("The form.")}},
   "post": {"operationId": "subscribe", "security": [], "summary": "Ask to subscribe by email, or by webhook with an email to confirm it; only the confirmation email is sent until it is confirmed. At most status_page.subscriptions_per_hour requests per client address.",
     "parameters": lang, "requestBody": form_or_json,
     "responses": {"202": {"description": "Awaiting confirmation: a page, or the subscription as JSON.", "content": {"text/html": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}}},
                   "400": bad, "429": problem("Too many subscriptions from this address; Retry-After says when to try again.")}}},
 "/subscribe/confirm/{token}": {"parameters": token_param,
   "get": {"operationId": "confirmSubscriptionPage", "security": [], "summary": "Shows the confirm button; changes nothing (mail scanners open links).", "responses": {"200": page_response("The page.")}},
   "post": {"operationId": "confirmSubscription", "security": [], "summary": "Confirms: an email subscription becomes a contact following its components. A link works for 7 days after subscribing (the email says so); confirming again later changes nothing.",
            "responses": {"200": page_response("Confirmed, with the link to manage it."), "404": page_response("Unknown link."),
                          "410": page_response("The link expired before it was confirmed; subscribing again sends a new one.")}}},
 "/subscription/{token}": {"parameters": token_param,
   "get": {"operationId": "manageSubscriptionPage", "security": [], "summary": "The subscription: its components and language, with save and unsubscribe buttons.", "responses": {"200": page_response("The page."), "404": page_response("Unknown link.")}},
   "post": {"operationId": "manageSubscription", "security": [], "summary": "action=update with components and language, or action=unsubscribe.",
            "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
              "action": {"type": "string", "enum": ["update", "unsubscribe"]}, "components": {"type": "string"}, "language": {"type": "string"}}}}}},
            "responses": {"200": page_response("Saved, or unsubscribed."), "400": bad, "404": page_response("Unknown link.")}}},
})
schemas["FeedbackTicket"] = {"type": "object", "required": ["id", "message", "language", "state", "replies", "created_at", "updated_at"], "properties": {
  "id": {"type": "string"}, "notice": {"type": ["string", "null"]}, "incident": {"type": ["string", "null"]}, "name": {"type": ["string", "null"]},
  "contact": {"type": ["string", "null"]}, "message": {"type": "string"}, "language": {"type": "string"},
  "state": {"type": "string", "enum": ["open", "answered", "closed"]}, "assignee": {"type": ["string", "null"]},
  "replies": {"type": "array", "items": {"type": "object", "properties": {"author": {"type": "string"}, "message": {"type": "string"},
    "emailed": {"type": "boolean"}, "at": TIME}}}, "created_at": TIME, "updated_at": TIME}}
feedback_fields = {"notice": {"type": "string"}, "incident": {"type": "string"}, "name": {"type": "string", "maxLength": 100},
  "contact": {"type": "string", "maxLength": 254, "description": "An email address (gets the replies) or a phone number."},
  "message": {"type": "string", "minLength": 1, "maxLength": 2000}}
paths.update({
 "/feedback": {"post": {"operationId": "sendFeedback", "security": [], "parameters": lang,
   "summary": "A question or report about a published notice or an announced incident (one of notice, incident), from its page's form or as JSON; at most status_page.feedback_per_hour per client address, 8 KB.",
   "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["message"], "properties": feedback_fields}},
     "application/json": {"schema": {"type": "object", "additionalProperties": False, "required": ["message"], "properties": feedback_fields}}}},
   "responses": {"201": {"description": "Received: a thank-you page, or the ticket as JSON.", "content": {"text/html": {"schema": {"type": "string"}}, "application/json": {"schema": ref("FeedbackTicket")}}},
                 "400": bad, "413": large, "429": problem("Too many messages from this address.")}}},
 "/api/v1/feedback": {
   "get": op("Feedback tickets, open ones first: after a recovery, ?notice=ID lists what is left to answer.", "viewer",
             {"200": jsonresp("The tickets.", {"type": "object", "required": ["tickets"], "properties": {"tickets": {"type": "array", "items": ref("FeedbackTicket")}}}), "400": bad},
             params=[{"name": "notice", "in": "query", "required": False, "schema": {"type": "string"}}, {"name": "incident", "in": "query", "required": False, "schema": {"type": "string"}},
                     {"name": "state", "in": "query", "required": False, "schema": {"type": "string", "enum": ["open", "answered", "closed"]}}], opid="listFeedback")},
 "/api/v1/feedback/{id}": {"parameters": [idparam],
   "get": op("One ticket with its replies.", "viewer", {"200": jsonresp("The ticket.", ref("FeedbackTicket")), "404": notfound}, opid="getFeedback"),
   "patch": op("Close or reopen a ticket, or assign it (an empty assignee clears it).", "responder",
               {"200": jsonresp("The ticket.", ref("FeedbackTicket")), "400": bad, "404": notfound, "413": large, "415": media},
               request=body({"type": "object", "additionalProperties": False, "properties": {"state": {"type": "string", "enum": ["open", "answered", "closed"]}, "assignee": {"type": "string"}}}), opid="updateFeedback")},
 "/api/v1/feedback/{id}/replies": {"parameters": [idparam],
   "post": op("Answer a ticket: recorded, and emailed to the user when they left an email address (queued with the reply). The ticket becomes answered.", "responder",
              {"201": jsonresp("The ticket.", ref("FeedbackTicket")), "400": bad, "404": notfound, "413": large, "415": media},
              request=body({"type": "object", "additionalProperties": False, "required": ["message"], "properties": {"message": {"type": "string", "maxLength": 5000}}}), opid="replyToFeedback")},
})
for name, summary in [("summary", "Page, status, components, unresolved incidents, upcoming and active maintenance."), ("status", "The page's indicator and description."),
                      ("components", "Components, groups among them."), ("incidents", "The 50 most recent announced incidents."),
                      ("incidents/unresolved", "Announced incidents not resolved."), ("scheduled-maintenances", "The 50 most recent maintenances."),
                      ("scheduled-maintenances/upcoming", "Maintenances not yet started."), ("scheduled-maintenances/active", "Maintenances in progress.")]:
    paths[f"/api/v2/{name}.json"] = public_get("statuspage_" + name.replace("/", "_").replace("-", "_"), "Atlassian Statuspage v2 compatible: " + summary, "application/json")

# Every list is paginated the same way: ?limit (default 100, at most 500) and ?cursor (the `next` of
# the page before); the answer's `next` is the cursor of the page after, null on the last page.
# Keyset pagination: a page never skips or repeats an item because items were added or removed before it.
page_params = [
  {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}, "description": "How many items per page."},
  {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"}, "description": "The `next` of the previous page; leave out for the first page."}]
# Heartbeat monitors (dead man's switches): managed here, beaten at /hb/{key}.
schemas["HeartbeatInput"] = {"type": "object", "additionalProperties": False, "required": ["name", "period_seconds"], "properties": {
  "name": {**ID, "description": "Unique; the incident's title and its `heartbeat` label name it."},
  "period_seconds": {"type": "integer", "minimum": 60, "maximum": 2678400, "description": "How often a beat is expected."},
  "grace_seconds": {"type": "integer", "minimum": 0, "maximum": 604800, "default": 60, "description": "How long after the period a beat may still come."},
  "team": {**ID, "description": "The team its incidents go to. Without one, the routing rules decide from its labels (then labels are required)."},
  "labels": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Put on its alert, for routing rules, silences and components (`component`); `heartbeat` is set to the name."},
  "severity": {"type": "string", "enum": ["high", "medium", "low"], "default": "high"}}}
schemas["Heartbeat"] = {"type": "object", "required": ["id", "name", "key_hint", "period_seconds", "grace_seconds", "labels", "severity", "paused", "state", "created_at"], "properties": {
  "id": {"type": "string"}, "name": {"type": "string"},
  "key": {"type": "string", "description": "Only in the answer that created it: the secret in its URL, shown once (Herald keeps a SHA-256)."},
  "url": {"type": "string", "description": "Only in the answer that created it: server.public_url + /hb/ + key (the path alone without server.public_url)."},
  "key_hint": {"type": "string", "description": "The key's last four characters."},
  "period_seconds": {"type": "integer"}, "grace_seconds": {"type": "integer"}, "team": {"type": ["string", "null"]},
  "labels": {"type": "object", "additionalProperties": {"type": "string"}}, "severity": {"type": "string", "enum": ["high", "medium", "low"]},
  "paused": {"type": "boolean"}, "state": {"type": "string", "enum": ["waiting", "up", "late", "failed"]},
  "last_beat_at": {**TIME, "type": ["string", "null"]}, "next_beat_by": {**TIME, "type": ["string", "null"], "description": "When it becomes late without a beat; absent while paused, late or failed."},
  "created_at": TIME}}
schemas["BeatReply"] = {"type": "object", "required": ["status", "monitor", "state", "outcome"], "properties": {
  "status": {"type": "string", "enum": ["ok"]}, "monitor": {"type": "string"}, "state": {"type": "string", "enum": ["waiting", "up", "late", "failed"]},
  "outcome": {"type": "string", "enum": ["on_time", "late", "failed", "recovered", "unchanged"], "description": "recovered: the monitor's incident resolved; failed: one opened; unchanged: paused or already down."},
  "incident_id": {"type": "string"}, "next_beat_by": TIME}}
paths["/api/v1/heartbeats"] = {
  "get": op("Heartbeat monitors, by name, with their state and last beat.", "viewer", {"200": jsonresp("The monitors.", {"type": "object", "required": ["heartbeats"], "properties": {"heartbeats": {"type": "array", "items": ref("Heartbeat")}}})}, opid="listHeartbeats"),
  "post": op("Make a heartbeat monitor. A job calls its URL every period_seconds; when no call comes within the period and grace_seconds, an incident opens through the alert pipeline (routed, escalated and paged like an alert's) and the next call resolves it. The key is in this answer only.", "responder",
             {"201": jsonresp("The monitor, with its key and URL.", ref("Heartbeat")), "400": bad, "409": problem("A monitor has this name."), "413": large, "415": media},
             request=body(ref("HeartbeatInput")), opid="createHeartbeat")}
paths["/api/v1/heartbeats/{id}"] = {"parameters": [idparam],
  "get": op("One heartbeat monitor.", "viewer", {"200": jsonresp("The monitor.", ref("Heartbeat")), "404": notfound}, opid="getHeartbeat"),
  "delete": op("Delete a monitor: its URL stops working at once; its incidents stay.", "responder", {"204": {"description": "Deleted."}, "404": notfound}, opid="deleteHeartbeat")}
paths["/api/v1/heartbeats/{id}/pause"] = {"parameters": [idparam],
  "post": op("Pause a monitor: beats are recorded and nothing opens until it is resumed.", "responder", {"200": jsonresp("The monitor.", ref("Heartbeat")), "404": notfound}, opid="pauseHeartbeat")}
paths["/api/v1/heartbeats/{id}/resume"] = {"parameters": [idparam],
  "post": op("Resume a monitor: the period counts from now.", "responder", {"200": jsonresp("The monitor.", ref("Heartbeat")), "404": notfound}, opid="resumeHeartbeat")}
def beat_op(opid, summary, fail):
    params = [] if fail else [{"name": "status", "in": "query", "required": False, "schema": {"type": "string", "enum": ["fail"]}, "description": "fail reports a failure: an incident opens at once."}]
    operation = {"operationId": opid, "security": [], "summary": summary,
                 "responses": {"200": jsonresp("What Herald made of it.", ref("BeatReply")), "404": problem("No monitor has this key."),
                               "429": problem("More beats than alerts.rate_per_minute allows one monitor.")}}
    if params: operation["parameters"] = params
    return operation
keypath = {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
paths["/hb/{key}"] = {"parameters": [keypath],
  "get": beat_op("heartbeatBeatGet", "A beat from the job holding this monitor's key (the body is not read). A beat after being late or failed resolves the incident.", False),
  "post": beat_op("heartbeatBeat", "A beat, as GET.", False)}
paths["/hb/{key}/fail"] = {"parameters": [keypath],
  "get": beat_op("heartbeatFailGet", "The job reports a failure: an incident opens at once (once; while it is open, further failures change nothing).", True),
  "post": beat_op("heartbeatFail", "A failure, as GET.", True)}
NEXT = {"type": ["string", "null"], "description": "Pass as ?cursor= for the next page; null on the last page."}
for path, schema in [("/api/v1/components", "ComponentList"), ("/api/v1/component-groups", "GroupList"), ("/api/v1/tokens", "TokenList"),
                     ("/api/v1/notices", "NoticeList"), ("/api/v1/contacts", "ContactList"), ("/api/v1/deliveries/dead-letters", "DeliveryList"),
                     ("/api/v1/integrations", "IntegrationList"), ("/api/v1/incidents", "IncidentList"),
                     ("/api/v1/schedules", None), ("/api/v1/teams", None), ("/api/v1/silences", None), ("/api/v1/heartbeats", None)]:
    get = paths[path]["get"]
    get["parameters"] = get.get("parameters", []) + page_params
    get["responses"]["400"] = bad
    target = schemas[schema] if schema else get["responses"]["200"]["content"]["application/json"]["schema"]
    target["properties"]["next"] = NEXT
    target["required"] = target["required"] + ["next"]
schemas["AuditEvent"] = {"type": "object", "required": ["id", "sequence", "at", "actor", "role", "client", "action", "record_kind", "record_id", "change", "detail", "previous_hash", "hash"], "properties": {
  "id": {"type": "integer"}, "sequence": {"type": "integer", "description": "The entry's place in the hash chain, from 1."}, "at": TIME,
  "actor": {"type": "string", "description": "user:EMAIL, token:NAME, cli:USER, config:reload, integration:NAME or herald:SERVICE."},
  "role": {"type": ["string", "null"]}, "client": {"type": ["string", "null"], "description": "The request's client address; null for the command line and Herald itself."},
  "action": {"type": "string"}, "record_kind": {"type": "string"}, "record_id": {"type": "string"},
  "change": {"type": "object", "description": "Each field changed, with its value before and after (null where absent); secrets appear as \"(secret)\", a contact's values as \"(personal data)\".",
             "additionalProperties": {"type": "object", "required": ["before", "after"], "properties": {"before": {}, "after": {}}}},
  "detail": {"type": ["string", "null"]}, "previous_hash": {"type": "string"}, "hash": {"type": "string", "description": "Lowercase hex SHA-256 of the entry's canonical form."}}}
in_use = problem("Something still uses the record (an escalation step, a schedule, a routing rule, an open incident); `detail` names each.")
merge = "The body is a JSON Merge Patch (RFC 7396): a field left out stays, null clears it (or, for a required field, is refused); the result is checked as a new one would be."
def patch_body(properties, required=()):
    # null clears an optional field; a required one cannot be cleared.
    properties = {k: (v if k in required else {"anyOf": [v, {"type": "null"}]}) for k, v in properties.items()}
    return {"required": True, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": False, "properties": properties}},
                                          "application/merge-patch+json": {"schema": {"type": "object", "additionalProperties": False, "properties": properties}}}}
paths["/api/v1/contacts/{id}"]["patch"] = op("Change a contact. " + merge, "admin",
  {"200": jsonresp("The contact.", ref("Contact")), "400": bad, "404": notfound, "413": large, "415": media},
  request=patch_body(schemas["ContactInput"]["properties"], schemas["ContactInput"]["required"]), opid="updateContact")
paths["/api/v1/contacts/{id}"]["delete"] = op(
  "Delete a contact and erase their personal data (the right to erasure, PIPL art. 47 and GDPR art. 17): the deliveries sent to them keep their channel, state, attempts and costs, so counts and spending stay; their address, the texts rendered for them and their name or address in providers' answers become \"erased\". Deliveries still waiting become dead letters and are not sent. Their subscriptions go. The audit log records the erasure without personal data.", "admin",
  {"200": jsonresp("What was erased.", {"type": "object", "required": ["deleted", "deliveries_erased", "deliveries_withdrawn"], "properties": {
     "deleted": {"type": "string"}, "deliveries_erased": {"type": "integer"}, "deliveries_withdrawn": {"type": "integer"}}}),
   "404": notfound, "409": in_use}, opid="deleteContact")
paths["/api/v1/teams/{id}"]["delete"] = op("Delete a team; refused while a routing rule sends alerts to it or one of its incidents is open.", "admin",
  {"204": {"description": "Deleted."}, "404": notfound, "409": in_use}, opid="deleteTeam")
paths["/api/v1/schedules/{id}"]["patch"] = op("Change a schedule (members, times, overrides). " + merge, "admin",
  {"200": jsonresp("The schedule.", ref("Schedule")), "400": bad, "404": notfound, "413": large, "415": media},
  request=patch_body({**schemas["ScheduleInput"]["properties"], "overrides": {"type": "array", "items": {"type": "object", "additionalProperties": False,
    "required": ["contact", "start", "end"], "properties": {"contact": {"type": "string"}, "start": TIME, "end": TIME}}}}, schemas["ScheduleInput"]["required"]), opid="updateSchedule")
paths["/api/v1/schedules/{id}"]["delete"] = op("Delete a schedule; refused while an escalation step pages it.", "admin",
  {"204": {"description": "Deleted."}, "404": notfound, "409": in_use}, opid="deleteSchedule")
paths["/api/v1/integrations/{id}"] = {"parameters": [idparam],
  "patch": op("Change an integration's name, grouping, signing secret, notify group or escalation; its kind and key stay. " + merge, "admin",
    {"200": jsonresp("The integration.", ref("Integration")), "400": bad, "404": notfound, "413": large, "415": media},
    request=patch_body({k: v for k, v in schemas["IntegrationInput"]["properties"].items() if k != "kind"}, ["name"]), opid="updateIntegration"),
  "delete": op("Delete an integration: its key stops working at once. Refused while one of its incidents is open; resolved incidents stay.", "admin",
    {"204": {"description": "Deleted."}, "404": notfound, "409": in_use}, opid="deleteIntegration")}
paths["/api/v1/silences/{id}"]["patch"] = op("Change a silence's matchers, times or comment. " + merge, "responder",
  {"200": jsonresp("The silence.", ref("Silence")), "400": bad, "404": notfound, "413": large, "415": media},
  request=patch_body(schemas["SilenceInput"]["properties"], schemas["SilenceInput"]["required"]), opid="updateSilence")
paths["/api/v1/audit-events"] = {"get": op("The tamper-evident audit log: every change by anyone (console, API, CLI, config reload, ingest, Herald itself) and bulk reads of contacts, newest first. `herald audit verify` checks its chain.", "admin",
  {"200": jsonresp("The events.", {"type": "object", "required": ["audit_events", "next"], "properties": {"audit_events": {"type": "array", "items": ref("AuditEvent")}, "next": NEXT}}),
   "400": bad}, params=page_params, opid="listAuditEvents")}
paths["/api/v1/deliveries/{id}/retry"]["post"]["responses"]["409"] = problem("It is not a dead letter, or its contact was deleted and erased.")

# The contract pass: what every route of a kind can answer, said once here rather than at each route.
# - A public form (subscribe, feedback, manage, respond) answers its own mistakes as its page again, in
#   the reader's language with what was typed; sent as JSON, the same problems come as problem+json.
form_bad = {"description": "Invalid fields: the form again with each problem next to its field (text/html), or, for a JSON body, problem+json naming each field.",
            "content": {"text/html": {"schema": {"type": "string"}}, "application/problem+json": {"schema": ref("Problem")}}}
for path, method in [("/subscribe", "post"), ("/feedback", "post")]:
    paths[path][method]["responses"]["400"] = form_bad
    paths[path][method]["responses"].setdefault("413", large)
respond = paths["/respond/{token}"]["post"]
respond["summary"] = "Act on the incident, recorded as the paged contact: form field action=acknowledge, resolve, note (with `note`, the text added to the timeline) or escalate (page the next step now)."
respond["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["properties"] = {
    "action": {"type": "string", "enum": ["acknowledge", "resolve", "note", "escalate"]}, "note": {"type": "string", "maxLength": 2000}}
respond["responses"]["400"] = page_response("An unknown action, or a note that is empty, too long or not one text: the page again, saying which.")
respond["responses"]["409"] = page_response("Nothing to escalate to: the incident is resolved, has no escalation policy, or is at its last step.")
respond["responses"]["413"] = large
# - A page or document naming a record answers 404 when there is none: pages as a page, documents as problem+json.
for path in ["/incidents/{id}", "/maintenance/{id}"]:
    paths[path]["get"]["responses"]["404"] = page_response("No such incident or maintenance, or not public.")
paths["/cap/{file}"]["get"]["responses"]["404"] = problem("No CAP message has this identifier.")
paths["/cap.xml"]["get"]["responses"]["404"] = problem("Nothing has been announced yet.")
paths["/receipts/twilio"]["post"]["responses"]["404"] = problem("No Twilio account has a status_callback, so no receipts are taken.")
paths["/receipts/twilio"]["post"]["responses"]["413"] = large
# - ?lang picks the page's language; any other value is ignored (the page is in Accept-Language's or the
#   site's language), as a browser's link with a stale parameter should still open the page.
for parameter in lang:
    parameter["schema"] = {"type": "string", "examples": ["zh-CN", "en"]}
    parameter["description"] = "zh-CN or en: overrides Accept-Language; another value is ignored."
# - Every operation that reads a JSON body can refuse it as malformed (400), too large (413) or not JSON
#   (415); every path with a parameter can name nothing (404).
for path, item in paths.items():
    for method, operation in item.items():
        if method == "parameters": continue
        responses = operation["responses"]
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content and "application/x-www-form-urlencoded" not in content:
            responses.setdefault("400", bad)
            responses.setdefault("413", large)
            if operation.get("security") != []: responses.setdefault("415", media)
        has_parameter = "{" in path and not path.startswith("/cap/")
        if has_parameter and "404" not in responses and operation.get("security") != []:
            responses["404"] = notfound
# - A create body (POST, PUT) may send null for an optional field: it means the same as leaving it out,
#   as clients that write every field (a Go struct, Python's None) send it. A required field is never null.
#   A merge patch says so in its own schema (null clears).
def accept_null(schema, seen):
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        if name not in seen:
            seen.add(name)
            accept_null(schemas[name], seen)
        return
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        accept_null(schema["items"], seen)
    required = set(schema.get("required", []))
    for key, value in (schema.get("properties") or {}).items():
        accept_null(value, seen)
        if key in required or value.get("const") is not None: continue
        if isinstance(value.get("type"), str):
            value["type"] = [value["type"], "null"]
            if "enum" in value and None not in value["enum"]: value["enum"] = value["enum"] + [None]
        elif isinstance(value.get("type"), list):
            if "null" not in value["type"]: value["type"] = value["type"] + ["null"]
            if "enum" in value and None not in value["enum"]: value["enum"] = value["enum"] + [None]
        elif "anyOf" in value:
            if {"type": "null"} not in value["anyOf"]: value["anyOf"].append({"type": "null"})
        elif "$ref" in value:
            properties = schema["properties"]
            properties[key] = {"anyOf": [value, {"type": "null"}]}
    if isinstance(schema.get("additionalProperties"), dict):
        accept_null(schema["additionalProperties"], seen)
figures = {"type": "object", "required": ["count", "mean_seconds", "median_seconds", "p90_seconds"],
  "description": "Durations in seconds; median and p90 are nearest-rank (a duration one incident really took). Null when count is 0.",
  "properties": {"count": {"type": "integer", "description": "The incidents with both milestones."},
    "mean_seconds": nullable("number"), "median_seconds": nullable("number"), "p90_seconds": nullable("number")}}
milestone_item = {"type": "object", "required": ["milestone", "at", "source", "recorded_at", "reason", "set_by", "set_at"], "properties": {
  "milestone": {"type": "string", "enum": ["impact_started", "detected", "acknowledged", "mitigated", "resolved"]},
  "at": nullable("string", format="date-time", description="The time in force: the responder's, else Herald's; null while unknown."),
  "source": {"type": ["string", "null"], "enum": ["herald", "responder", None]},
  "recorded_at": nullable("string", format="date-time", description="Herald's own time, when it records this milestone."),
  "reason": nullable("string"), "set_by": nullable("string"), "set_at": nullable("string", format="date-time")}}
schemas["Milestones"] = {"type": "object", "required": ["milestones", "durations"], "properties": {
  "milestones": {"type": "array", "items": milestone_item},
  "durations": {"type": "object", "required": ["mtta", "mttr", "mttd", "mttm"], "description": "Seconds: mtta detected → acknowledged, mttr detected → resolved, mttd impact_started → detected, mttm impact_started → mitigated; null while a milestone is unknown.",
    "properties": {"mtta": nullable("number"), "mttr": nullable("number"), "mttd": nullable("number"), "mttm": nullable("number")}}}}
schemas["Postmortem"] = {"type": "object", "required": ["incident_id", "title", "severity", "impact_level", "state", "created_by", "created_at", "updated_at", "published_at",
    "public", "public_summary", "root_cause", "went_well", "went_wrong", "action_items", "impact", "milestones", "timeline", "alerts", "pages", "public_updates"],
  "description": "The sections people write, with what Herald recorded about the incident read again (so a corrected milestone shows here too).",
  "properties": {
  "incident_id": {"type": "string"}, "title": {"type": "string"}, "severity": {"type": "string"}, "impact_level": nullable("string"),
  "state": {"type": "string", "enum": ["draft", "in_review", "published"]}, "created_by": {"type": "string"},
  "created_at": TIME, "updated_at": TIME, "published_at": nullable("string", format="date-time"),
  "public": {"type": "boolean", "description": "Published on the status page too."},
  "public_summary": {"type": "object", "description": "The public summary per language (zh-CN, en), as written.", "additionalProperties": {"type": "string"}},
  "root_cause": {"type": "string"}, "went_well": {"type": "string"}, "went_wrong": {"type": "string"},
  "action_items": {"type": "array", "items": {"type": "object", "required": ["title", "owner", "due", "done"], "properties": action_item["properties"]}},
  "impact": {"type": "object", "required": ["components", "seconds", "from", "to"], "description": "How long users were affected: from impact_started (else detected) to mitigated (else resolved).",
    "properties": {"components": {"type": "array", "items": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}},
      "seconds": nullable("number"), "from": nullable("string"), "to": nullable("string")}},
  "milestones": ref("Milestones"),
  "timeline": {"type": "array", "description": "The incident's events, without the milestone lines and the pages (listed on their own).", "items": {"type": "object"}},
  "alerts": {"type": "array", "items": {"type": "object"}},
  "pages": {"type": "array", "description": "Who was paged, on which channel, when, and whether it arrived; fallbacks marked.", "items": {"type": "object",
    "required": ["contact_id", "contact_name", "channel", "state", "queued_at", "sent_at", "fallback"], "properties": {
      "contact_id": nullable("string"), "contact_name": nullable("string"), "channel": {"type": "string"},
      "state": {"type": "string", "enum": ["pending", "sent", "dead", "withdrawn"]}, "queued_at": TIME, "sent_at": nullable("string", format="date-time"), "fallback": {"type": "boolean"}}}},
  "public_updates": {"type": "array", "items": {"type": "object"}}}}
schemas["ResponseReport"] = {"type": "object", "required": ["by", "period", "zone", "since", "until", "definitions", "rows"], "properties": {
  "by": {"type": "string", "enum": ["team", "severity", "integration", "component", "all"]},
  "period": {"type": "string", "enum": ["week", "month", "all"]},
  "zone": {"type": "string"}, "since": TIME, "until": TIME,
  "definitions": {"type": "object", "description": "Each metric's milestones: mtta from detected (the first alert) to acknowledged, mttr from detected to resolved, mttd from impact_started to detected, mttm (time to mitigate) from impact_started to mitigated. A responder's milestones are used over Herald's; incidents without both milestones are not in a figure.",
    "additionalProperties": {"type": "object", "required": ["from", "to"], "properties": {"from": {"type": "string"}, "to": {"type": "string"}}}},
  "rows": {"type": "array", "items": {"type": "object", "required": ["group", "period", "incidents", "mtta", "mttr", "mttd", "mttm"], "properties": {
    "group": {"type": "string", "description": "The team, severity, integration or component; none when an incident has none; all for by=all."},
    "period": nullable("string", description="The first day of the week (Monday) or month, YYYY-MM-DD in `zone`; null for period=all."),
    "incidents": {"type": "integer"}, "mtta": figures, "mttr": figures, "mttd": figures, "mttm": figures}}}}}
paths["/api/v1/analytics/response"] = {"get": op(
  "Response times: MTTA, MTTR, MTTD and time to mitigate (mttm) over the real incidents opened in [since, until) (drills and tests with `include`), per team, severity, integration or component, and per week or month in `zone`, with the count behind each figure.",
  "viewer", {"200": {"description": "The report, as JSON or (format=csv) as CSV.", "content": {"application/json": {"schema": ref("ResponseReport")},
    "text/csv": {"schema": {"type": "string"}}}}, "400": problem("A parameter that is not one of its values; `errors` names each.")},
  params=[{"name": "by", "in": "query", "required": False, "schema": {"type": "string", "enum": ["team", "severity", "integration", "component", "all"], "default": "team"}},
          {"name": "period", "in": "query", "required": False, "schema": {"type": "string", "enum": ["week", "month", "all"], "default": "month"}},
          {"name": "zone", "in": "query", "required": False, "description": "An IANA time zone for the periods and the times in the answer.", "schema": {"type": "string", "default": "UTC"}},
          {"name": "since", "in": "query", "required": False, "description": "RFC 3339 with offset; default 90 days before until.", "schema": TIME},
          {"name": "until", "in": "query", "required": False, "description": "RFC 3339 with offset; default now.", "schema": TIME},
          {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"}},
          {"name": "include", "in": "query", "required": False, "description": "Drills and tests are left out unless named here.", "schema": {"type": "string", "enum": ["drill", "test", "drill,test"]}}],
  opid="responseAnalytics")}
LATENCY = {"type": "object", "required": ["count", "p50_seconds", "p95_seconds"], "properties": {
  "count": {"type": "integer", "description": "Messages that got there."},
  "p50_seconds": nullable("number", description="Nearest-rank: a time one message really took."), "p95_seconds": nullable("number")}}
schemas["DeliveryReport"] = {"type": "object", "required": ["zone", "since", "until", "channels"], "properties": {
  "zone": {"type": "string"}, "since": TIME, "until": TIME,
  "channels": {"type": "array", "items": {"type": "object", "required": ["channel", "queued", "sent", "failed", "pending", "withdrawn", "fallbacks", "success_rate", "to_sent", "to_confirmed", "cost"], "properties": {
    "channel": {"type": "string"}, "queued": {"type": "integer", "description": "Every delivery queued in the period."},
    "sent": {"type": "integer"}, "failed": {"type": "integer", "description": "Dead letters."}, "pending": {"type": "integer"},
    "withdrawn": {"type": "integer", "description": "Never sent: what they announced was cancelled first."},
    "fallbacks": {"type": "integer", "description": "Queued as the fallback of a delivery on another channel."},
    "success_rate": nullable("number", description="sent / (sent + failed); null while none settled."),
    "to_sent": {**LATENCY, "description": "From queued to handed to the provider."},
    "to_confirmed": {**LATENCY, "description": "From queued to confirmed by the provider's receipt, where the channel has receipts."},
    "cost": {"type": "number", "description": "The recorded cost of the attempts, in the configured currency."}}}}}}
DRILL = {"type": "object", "required": ["incident", "over", "acknowledge_seconds", "target_seconds", "met_target", "steps_paged", "channels", "runbook_opened", "postmortem", "trend"],
  "description": "A drill's scorecard, read afresh: it fills in as the drill goes and is final once the incident is resolved.",
  "properties": {"incident": ref("Incident"), "over": {"type": "boolean", "description": "The drill's incident is resolved."},
    "acknowledge_seconds": nullable("number", description="From the first page to the acknowledgement; null until someone acknowledged."),
    "target_seconds": {"type": "number", "description": "drills.acknowledge_target_minutes (or the team's), in seconds."},
    "met_target": {"type": ["boolean", "null"]}, "steps_paged": {"type": "integer", "minimum": 0, "description": "Escalation steps paged, the first included."},
    "channels": {"type": "array", "items": {"type": "object", "required": ["channel", "queued", "arrived", "failed"], "properties": {
      "channel": {"type": "string"}, "queued": {"type": "integer"}, "arrived": {"type": "integer"}, "failed": {"type": "integer"}}}},
    "runbook_opened": {"type": ["boolean", "null"], "description": "Whether someone opened the runbook through a page's link; null without a runbook."},
    "postmortem": {"type": ["string", "null"], "enum": ["draft", "in_review", "published", None]},
    "trend": {"type": ["object", "null"], "description": "In the history: the acknowledgement against the team's drill before.", "required": ["direction", "seconds"], "properties": {
      "direction": {"type": "string", "enum": ["first", "faster", "slower", "same", "unknown"]}, "seconds": nullable("number")}}}}
paths["/api/v1/drills"] = {
  "post": op("Start a drill (or a test) on the real pipeline: an incident of that kind routed to the team, whose first escalation step is paged now on their real channels, every message marked 【演练】/[DRILL] (【测试】/[TEST]). It never reaches the status page, feeds or subscribers.", "responder",
    {"201": jsonresp("The drill's scorecard, as it starts.", DRILL), "400": bad, "413": large, "415": media},
    request=body({"type": "object", "additionalProperties": False, "required": ["team"], "properties": {
      "team": {"type": "string"}, "severity": {"type": "string", "enum": ["low", "medium", "high"], "default": "high"},
      "kind": {"type": "string", "enum": ["drill", "test"], "default": "drill"}, "title": {"type": "string", "minLength": 1, "maxLength": 255},
      "runbook_url": {"type": "string", "format": "uri", "description": "Linked from the pages through Herald, so the scorecard knows whether it was opened."}}}),
    opid="startDrill"),
  "get": op("Drill history, the newest first, of one team or all, each scorecard with its trend against the team's drill before.", "viewer",
    {"200": jsonresp("The drills.", {"type": "object", "required": ["drills"], "properties": {"drills": {"type": "array", "items": DRILL}}}),
     "400": problem("A team that does not exist.")},
    params=[{"name": "team", "in": "query", "required": False, "schema": {"type": "string"}}], opid="listDrills")}
paths["/api/v1/drills/{id}"] = {"parameters": [idparam],
  "get": op("A drill's or a test's scorecard.", "viewer", {"200": jsonresp("The scorecard.", DRILL), "404": notfound}, opid="drill")}
paths["/api/v1/action-items"] = {"get": op(
  "The open action items of every postmortem, the earliest due first. An owner who is a contact (their id, an address, or the name of exactly one) is reminded once a day from 09:00 in their zone once the due day has passed, until the item is done.",
  "viewer", {"200": jsonresp("The open action items.", {"type": "object", "required": ["action_items"], "properties": {"action_items": {"type": "array", "items": {
    "type": "object", "required": ["incident_id", "incident_title", "team", "postmortem_state", "index", "title", "owner", "owner_contact_id", "due", "overdue", "days_overdue"],
    "properties": {"incident_id": {"type": "string"}, "incident_title": {"type": "string"}, "team": {"type": ["string", "null"], "description": "null for incidents routed to no team."},
      "postmortem_state": {"type": "string", "enum": ["draft", "in_review", "published"]}, "index": {"type": "integer", "minimum": 0, "description": "Its place in the postmortem's action_items."},
      "title": {"type": "string"}, "owner": {"type": "string"}, "owner_contact_id": {"type": ["string", "null"], "description": "The contact reminded; null when the owner is not one."},
      "due": {"type": "string", "format": "date"}, "overdue": {"type": "boolean"},
      "days_overdue": {"type": "integer", "description": "Whole days since the due day ended, in the owner's zone (else `zone`); 0 on the day, negative before."}}}}}}),
    "400": problem("A team that does not exist, an overdue that is not true or false, or a zone that is not known; `errors` names each.")},
  params=[{"name": "team", "in": "query", "required": False, "description": "Only the action items of this team's incidents.", "schema": {"type": "string"}},
          {"name": "overdue", "in": "query", "required": False, "description": "true: only those past their due day.", "schema": {"type": "string", "enum": ["true", "false"], "default": "false"}},
          {"name": "zone", "in": "query", "required": False, "description": "The IANA zone the due day is read in for owners who are not contacts.", "schema": {"type": "string", "default": "UTC"}}],
  opid="listActionItems")}
paths["/api/v1/analytics/deliveries"] = {"get": op(
  "The delivery report: per channel, the deliveries queued in [since, until), what became of them, the success rate, p50/p95 from queued to sent and to confirmed, the fallbacks taken and the cost.",
  "viewer", {"200": {"description": "The report, as JSON or (format=csv) as CSV.", "content": {"application/json": {"schema": ref("DeliveryReport")},
    "text/csv": {"schema": {"type": "string"}}}}, "400": problem("A parameter that is not one of its values; `errors` names each.")},
  params=[{"name": "zone", "in": "query", "required": False, "description": "An IANA time zone for the times in the answer.", "schema": {"type": "string", "default": "UTC"}},
          {"name": "since", "in": "query", "required": False, "description": "RFC 3339 with offset; default 90 days before until.", "schema": TIME},
          {"name": "until", "in": "query", "required": False, "description": "RFC 3339 with offset; default now.", "schema": TIME},
          {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"}}],
  opid="deliveryReport")}
# Regulatory clocks (issue 18): every time is RFC 3339 with the offset `time_zone` had then.
OFFSET_TIME = {"type": "string", "format": "date-time", "description": "RFC 3339 with the offset of time_zone at that instant."}
regimeparam = {"name": "regime", "in": "path", "required": True, "schema": {"type": "string"}, "description": "A configured regime's id, e.g. gdpr, cac-cii, nis2."}
zoneparam = {"name": "zone", "in": "query", "required": False, "description": "An IANA time zone to write times in; default compliance.time_zone (else status_page.time_zone).", "schema": {"type": "string"}}
NAMES = {"type": "object", "description": "The name in each language it has one in.", "properties": {"zh-CN": {"type": "string"}, "en": {"type": "string"}}}
schemas["Classification"] = {"type": "object", "required": ["id", "incident_id", "regime", "regime_name", "regime_names", "personal_data", "awareness_at", "recorded_by", "recorded_at", "time_zone", "corrections", "not_notifying_reason", "report_fields", "steps"], "properties": {
  "id": {"type": "string"}, "incident_id": {"type": "string"}, "regime": {"type": "string"}, "regime_name": {"type": "string", "description": "The English name (else the other)."},
  "regime_names": NAMES,
  "personal_data": {"type": "boolean", "description": "Whether the regime is about personal data: its incidents are in the breach register."},
  "awareness_at": OFFSET_TIME, "recorded_by": {"type": "string"}, "recorded_at": OFFSET_TIME,
  "time_zone": {"type": "string", "description": "The IANA zone every time here is written in."},
  "corrections": {"type": "array", "items": {"type": "object", "required": ["from", "to", "reason", "by", "at"], "properties": {
    "from": OFFSET_TIME, "to": OFFSET_TIME, "reason": {"type": "string"}, "by": {"type": "string"}, "at": OFFSET_TIME}}},
  "not_notifying_reason": nullable("string", description="For a personal-data breach not notified: why."),
  "report_fields": {"type": "object", "additionalProperties": {"type": "string"}, "description": "What responders wrote for the reports, by field id."},
  "steps": {"type": "array", "items": {"type": "object", "required": ["id", "name", "names", "fields", "state", "late", "filings"], "properties": {
    "id": {"type": "string"}, "name": {"type": "string"}, "names": NAMES,
    "fields": {"type": "array", "items": {"type": "string"}, "description": "The ids of the fields its report asks for, in order."},
    "opens_at": {**OFFSET_TIME, "description": "When the step's window opened (awareness, or the earlier step it counts from)."},
    "deadline": {**OFFSET_TIME, "description": "The instant the step is due; absent for a step due without undue delay."},
    "state": {"type": "string", "enum": ["filed", "running", "missed", "undated"]},
    "late": {"type": "boolean", "description": "Whether the first filing came after the deadline."},
    "filings": {"type": "array", "items": {"type": "object", "required": ["filed_at", "by"], "properties": {
      "filed_at": OFFSET_TIME, "by": {"type": "string"}, "reference": {"type": "string"}, "late_reason": {"type": "string"}}}}}}}}}
schemas["ClockList"] = {"type": "object", "required": ["time_zone", "classifications"], "properties": {
  "time_zone": {"type": "string"}, "classifications": {"type": "array", "items": ref("Classification")}}}
schemas["BreachList"] = {"type": "object", "required": ["time_zone", "breaches"], "properties": {
  "time_zone": {"type": "string"}, "breaches": {"type": "array", "items": {"type": "object", "required": ["incident_id", "title", "incident_status", "notification", "classification"], "properties": {
    "incident_id": {"type": "string"}, "title": {"type": "string"}, "incident_status": {"type": "string"},
    "notification": {"type": "string", "enum": ["notified", "not_notified", "pending"]}, "classification": ref("Classification")}}}}}
def clock_body(required, properties): return body({"type": "object", "additionalProperties": False, "required": required, "properties": properties})
paths["/api/v1/incidents/{id}/classifications"] = {"parameters": [idparam], "post": op(
  "Classify the incident under a regulatory regime and record the awareness time its deadlines run from; on the timeline (compliance).", "responder",
  {"201": jsonresp("The classification with each step's deadline.", ref("Classification")), "400": bad, "404": notfound,
   "409": problem("The incident is already classified under this regime; correct its awareness time instead."), "413": large, "415": media},
  request=clock_body(["regime", "awareness_at"], {"regime": {"type": "string"}, "awareness_at": TIME,
    "recorded_by": {"type": "string", "description": "Who became aware or decided (default: the token)."}}), opid="classifyIncident")}
paths["/api/v1/incidents/{id}/clocks"] = {"parameters": [idparam], "get": op(
  "The incident's regulatory clocks: each classification with each step's absolute deadline, its filings and where it stands.", "viewer",
  {"200": jsonresp("The clocks.", ref("ClockList")), "400": problem("An unknown zone."), "404": notfound}, params=[zoneparam], opid="incidentClocks")}
paths["/api/v1/incidents/{id}/classifications/{regime}/awareness"] = {"parameters": [idparam, regimeparam], "post": op(
  "Correct the awareness time, with the reason (required); every deadline counts from the new time. On the timeline.", "responder",
  {"200": jsonresp("The classification.", ref("Classification")), "400": bad, "404": notfound, "413": large, "415": media},
  request=clock_body(["awareness_at", "reason"], {"awareness_at": TIME, "reason": {"type": "string"}}), opid="correctAwareness")}
paths["/api/v1/incidents/{id}/classifications/{regime}/filings"] = {"parameters": [idparam, regimeparam], "post": op(
  "Mark a step filed: when (default now), the authority's reference, and for a first filing after the deadline the reason for the delay, which is then required (400 naming late_reason, nothing stored). Later filings of a step are its phases (GDPR Art. 33(4), supplementary reports).", "responder",
  {"201": jsonresp("The classification.", ref("Classification")), "400": bad, "404": notfound, "413": large, "415": media},
  request=clock_body(["step"], {"step": {"type": "string"}, "filed_at": TIME, "reference": {"type": "string"}, "late_reason": {"type": "string"}}), opid="fileStep")}
paths["/api/v1/incidents/{id}/classifications/{regime}/not-notifying"] = {"parameters": [idparam, regimeparam], "post": op(
  "Record the decision not to notify a personal-data breach, with its reasoning (kept in the breach register).", "responder",
  {"200": jsonresp("The classification.", ref("Classification")), "400": bad, "404": notfound, "413": large, "415": media},
  request=clock_body(["reason"], {"reason": {"type": "string"}}), opid="decideNotToNotify")}
REPORT_FIELD_IDS = "nature, occurred, awareness, components, timeline, contact, delay_reason, organisation, level, subjects, records, data_categories, consequences, measures, cause, advice, outlook, support, malicious, cross_border, indicators"
schemas["ComplianceReport"] = {"type": "object", "description": "A step's report pre-filled from the incident, what responders entered and compliance.contact. Herald files nothing; a person checks it and sends it.",
  "required": ["incident_id", "regime", "regime_name", "step", "step_name", "language", "time_zone", "fields", "missing", "markdown"], "properties": {
  "incident_id": {"type": "string"}, "regime": {"type": "string"}, "regime_name": {"type": "string"}, "step": {"type": "string"}, "step_name": {"type": "string"},
  "language": {"type": "string", "enum": ["zh-CN", "en"]}, "time_zone": {"type": "string", "description": "The IANA zone every time here is written in."},
  "deadline": nullable("string", format="date-time", description="The step's deadline; null for one due without undue delay."),
  "fields": {"type": "array", "items": {"type": "object", "required": ["id", "label", "origin"], "properties": {
    "id": {"type": "string", "description": f"The field's id: one of Herald's ({REPORT_FIELD_IDS}) or the operator's own."},
    "label": {"type": "string", "description": "Its heading in the report's language."},
    "text": nullable("string", description="Its text; null while nobody has written it."),
    "origin": {"type": "string", "enum": ["herald", "responder", "missing"], "description": "herald: written from the incident's record; responder: entered by a responder (wins over Herald's); missing: still to write."}}}},
  "missing": {"type": "array", "items": {"type": "string"}, "description": "The ids of the fields still to write."},
  "markdown": {"type": "string", "description": "The same report as Markdown."}}}
paths["/api/v1/incidents/{id}/classifications/{regime}/report"] = {"parameters": [idparam, regimeparam], "get": op(
  "A step's report, pre-filled in the regime's fields from the incident's record and what responders entered, in `language` with every time in `zone`; `format=markdown` returns the Markdown alone.", "viewer",
  {"200": {"description": "The report.", "content": {"application/json": {"schema": ref("ComplianceReport")}, "text/markdown": {"schema": {"type": "string"}}}},
   "400": problem("A missing or unknown step, or a language, zone or format that is not known; `errors` names each."),
   "404": problem("No such incident, or it is not classified under the regime.")},
  params=[{"name": "step", "in": "query", "required": True, "description": "The step's id, e.g. art33-authority, initial, final-report.", "schema": {"type": "string"}},
          {"name": "language", "in": "query", "required": False, "schema": {"type": "string", "enum": ["zh-CN", "en"], "default": "zh-CN"}},
          zoneparam, {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "markdown"], "default": "json"}}],
  opid="complianceReport")}
paths["/api/v1/incidents/{id}/classifications/{regime}/report-fields"] = {"parameters": [idparam, regimeparam], "patch": op(
  "Write what Herald cannot know for the classification's reports (the data subjects, the records, the measures…): a merge patch, each member a field's text, null or an empty string to remove it; fields not named stay. Every step's report takes the fields it asks for. Each change is in the audit log.", "responder",
  {"200": jsonresp("The classification, with report_fields.", ref("Classification")),
   "400": problem("A field none of the regime's steps asks for, a text that is not a string, too long or with control characters, or malformed JSON; `errors` names each, and nothing is saved."),
   "404": notfound, "413": large, "415": media},
  request=body({"type": "object", "additionalProperties": nullable("string", maxLength=8000)}), opid="saveReportFields")}
paths["/api/v1/breaches"] = {"get": op(
  "The breach register (GDPR Art. 33(5)): every incident classified under a personal-data regime, notified or not, with the reasoning for not notifying. Reading it is recorded in the audit log.", "viewer",
  {"200": {"description": "The register as JSON, CSV or Markdown.", "content": {"application/json": {"schema": ref("BreachList")},
    "text/csv": {"schema": {"type": "string"}}, "text/markdown": {"schema": {"type": "string"}}}}, "400": problem("An unknown format or zone.")},
  params=[zoneparam, {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "csv", "markdown"], "default": "json"}}],
  opid="breachRegister")}
ingest_paths = {format["path"] for format in INGEST_FORMATS}
seen_inputs = set()
for path, item in paths.items():
    for method, operation in item.items():
        if method not in ("post", "put") or path in ingest_paths: continue
        schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if schema: accept_null(schema, seen_inputs)

doc = {
 "openapi": "3.1.0",
 "info": {"title": "Herald admin API", "version": "1",
          "description": "Herald's admin API: the service catalogue, component status and its history, planned-downtime notices, contacts and the delivery queue, monitoring integrations and incidents (with PagerDuty Events v2 and Alertmanager ingest), API tokens, configuration. Errors are application/problem+json (RFC 9457) with an `errors` list naming each field. Every operation names the least role it needs in `x-herald-role`: viewer < responder < admin. Any request may also get 408 (its head or body was not sent within server.header_timeout_seconds or body_timeout_seconds) or, when Herald holds server.max_connections and every one is busy, 503 with Retry-After; both close the connection."},
 "servers": [{"url": "http://127.0.0.1:8080"}],
 "security": [{"bearerToken": []}],
 "paths": paths,
 "components": {"schemas": schemas, "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer", "description": "An API token (hrld_…) from `herald token create` or POST /api/v1/tokens."}}},
}
print(json.dumps(doc, indent=2, ensure_ascii=False))

import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// One monitoring tool's alert format, declared whole in its own file and listed in `IngestFormats.all`.
///
/// `IngestRoutes` does what every format shares: the body size limit, finding the integration by
/// its key, the rate limit, and handing the alerts to the pipeline. The format says everything
/// that is its owner's: where the tool posts, where it puts the key, how its body reads, and how
/// the tool expects to be answered.
protocol IngestFormat: Sendable {
    /// The `kind` an integration names to take this format, e.g. `alertmanager`.
    var kind: Integration.Kind { get }
    /// Where the tool posts, e.g. `/api/v1/ingest/alertmanager`.
    var path: String { get }
    /// Where the tool puts its integration's key.
    var key: IngestKey { get }
    /// The labels that put its alerts in one incident when an integration does not name any (`group_by`).
    var groupBy: [String] { get }
    /// Whether its integrations may have a `signing_secret` (Grafana's HMAC).
    var signsRequests: Bool { get }

    /// Refuses a request the integration's key matches but that it did not send (a bad signature), or
    /// sent longer ago than `window` allows (a replay).
    func verify(_ body: IngestBody, for integration: Integration, now: Date, window: SignatureWindow) throws
    /// The body as the JSON the reader reads; not JSON is `IngestBody.notJSON`.
    func payload(of body: IngestBody) throws(ValidationFailure) -> JSONValue
    /// What the payload asks for, or every field that is wrong with it.
    func read(_ payload: JSONValue, now: Date) throws(ValidationFailure) -> IngestBatch

    /// 202: what the alerts did, in the shape the tool reads.
    func accepted(_ batch: IngestBatch, results: [IngestResult]) -> any ResponseGenerator
    /// Bad input: every field at once. Nothing of the request has been stored.
    func invalid(_ errors: [FieldError]) -> any ResponseGenerator
    /// No key, or not the key of an integration of this kind.
    func unknownKey() -> any ResponseGenerator
    /// Over `alerts.rate_per_minute`.
    func throttled() -> any ResponseGenerator
}

extension IngestFormat {
    var groupBy: [String] { ["alertname"] }
    var signsRequests: Bool { false }

    func verify(_ body: IngestBody, for integration: Integration, now: Date, window: SignatureWindow) throws {}

    func payload(of body: IngestBody) throws(ValidationFailure) -> JSONValue { try body.json() }

    /// Herald's own answers: problem+json (RFC 9457) naming each field.
    func invalid(_ errors: [FieldError]) -> any ResponseGenerator { Problem.invalid(errors) }

    func unknownKey() -> any ResponseGenerator {
        Problem(.unauthorized, detail: "send a \(kind.rawValue) integration's key as \(key)")
    }

    func throttled() -> any ResponseGenerator {
        Problem(.tooManyRequests, detail: "more alerts than this integration may send per minute")
    }
}

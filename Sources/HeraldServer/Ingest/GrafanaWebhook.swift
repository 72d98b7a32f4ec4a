import Crypto
import Foundation
import HTTPTypes
import HeraldCore
import HeraldStore
import Hummingbird

/// Grafana alerting's webhook contact point (version 1): Alertmanager's payload with dashboard and
/// panel links, keyed like Alertmanager's, and HMAC-signed when the integration has a signing secret.
struct GrafanaWebhook: IngestFormat {
    let kind = Integration.Kind.grafana
    let path = "/api/v1/ingest/grafana"
    let key: IngestKey = [.bearer, .query]
    let signsRequests = true

    /// Grafana's HMAC: hex HMAC-SHA256 of the body, or of `timestamp:body` when Grafana is set to send
    /// a timestamp header, in `X-Grafana-Alerting-Signature`. A signed timestamp outside `window` is
    /// refused after the signature is checked, so only a request Grafana really sent learns why.
    func verify(_ body: IngestBody, for integration: Integration, now: Date, window: SignatureWindow) throws {
        guard let secret = integration.signingSecret else { return }
        let timestamp = body.headers[Self.timestampHeader]
        var signed = Data()
        if let timestamp { signed.append(Data("\(timestamp):".utf8)) }
        signed.append(contentsOf: body.bytes.readableBytesView)
        let expected = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8))).hexadecimal
        let given = body.headers[HTTPField.Name("X-Grafana-Alerting-Signature")!] ?? ""
        guard expected.constantTimeEquals(given) else {
            throw Problem(.unauthorized, detail: "the X-Grafana-Alerting-Signature does not match the integration's signing secret")
        }
        if let timestamp, let reason = window.refusal(window.judge(timestamp, now: now), header: "X-Grafana-Alerting-Timestamp") {
            throw Problem(.unauthorized, detail: reason)
        }
    }

    static let timestampHeader = HTTPField.Name("X-Grafana-Alerting-Timestamp")!

    func read(_ payload: JSONValue, now: Date) throws(ValidationFailure) -> IngestBatch {
        IngestBatch(alerts: try AlertmanagerWebhook.read(payload, version: "1", sender: "Grafana"))
    }

    func accepted(_ batch: IngestBatch, results: [IngestResult]) -> any ResponseGenerator { BatchReply(results) }
}

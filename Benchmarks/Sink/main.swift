import Crypto
import Foundation
import HeraldChannels
import HeraldCore
import HTTPTypes
import Hummingbird
import Synchronization

/// A webhook receiver for the fan-out benchmark: checks each delivery's signature the way a real
/// receiver should, counts deliveries and distinct idempotency keys, and answers 200.
///
///     herald-bench-sink SECRET        prints "listening on PORT", then serves
///     GET  /count                     {"received": n, "unique": n, "bad_signatures": n}
///     POST /reset                     zeroes the counts
///
///     herald-bench-sink load URL COUNT CONCURRENCY SECRET
///         sends COUNT signed webhooks with Herald's own WebhookChannel and no queue, and prints the
///         rate: what the HTTP client alone can do, to set Herald's queue overhead apart.
final class Tally: Sendable {
    struct Counts {
        var received = 0
        var badSignatures = 0
        var keys = Set<String>()
    }

    let counts = Mutex(Counts())

    func record(key: String?, signed: Bool) {
        counts.withLock {
            $0.received += 1
            if !signed { $0.badSignatures += 1 }
            if let key { $0.keys.insert(key) }
        }
    }
}

func hexadecimal(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
}

if CommandLine.arguments.count == 6, CommandLine.arguments[1] == "load" {
    let arguments = CommandLine.arguments
    let (url, count, concurrency) = (arguments[2], Int(arguments[3])!, Int(arguments[4])!)
    let channel = WebhookChannel(client: .allowing(["127.0.0.0/8"]), secret: arguments[5])
    let body = String(repeating: "维护", count: 300)
    let clock = ContinuousClock()
    let start = clock.now
    let failures = await withTaskGroup(of: Bool.self) { group in
        var failures = 0
        for index in 0..<count {
            if index >= concurrency, await group.next() == false { failures += 1 }
            group.addTask {
                let message = OutgoingMessage(idempotencyKey: "load:\(index)", address: url, subject: nil, body: body, severity: .medium)
                if case .sent = await channel.send(message) { return true }
                return false
            }
        }
        for await sent in group where !sent { failures += 1 }
        return failures
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("sent \(count) in \(seconds) s, \(failures) failed, \(Double(count) / seconds) per second")
    exit(0)
}

let secret = SymmetricKey(data: Data((CommandLine.arguments.dropFirst().first ?? "bench-secret-0123456789").utf8))
let tally = Tally()
let router = Router()
router.get("/count") { _, _ -> Response in
    let text = tally.counts.withLock { #"{"received":\#($0.received),"unique":\#($0.keys.count),"bad_signatures":\#($0.badSignatures)}"# }
    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
}
router.post("/reset") { _, _ -> HTTPResponse.Status in
    tally.counts.withLock { $0 = Tally.Counts() }
    return .ok
}
router.post("**") { request, _ -> HTTPResponse.Status in
    var request = request
    let body = try await request.collectBody(upTo: 1 << 20)
    let timestamp = request.headers[HTTPField.Name("X-Herald-Timestamp")!] ?? ""
    var signed = Data("\(timestamp).".utf8)
    signed.append(contentsOf: body.readableBytesView)
    let mac = HMAC<SHA256>.authenticationCode(for: signed, using: secret)
    let expected = "v1=" + hexadecimal(mac)
    tally.record(key: request.headers[HTTPField.Name("Idempotency-Key")!], signed: request.headers[HTTPField.Name("X-Herald-Signature")!] == expected)
    return .ok
}
let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
    onServerRunning: { channel in
        FileHandle.standardOutput.write(Data("listening on \(channel.localAddress?.port ?? 0)\n".utf8))
    })
try await app.runService()

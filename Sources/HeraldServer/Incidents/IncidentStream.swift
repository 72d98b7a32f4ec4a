import Foundation
import HeraldCore
import HeraldStore
import Hummingbird
import ServiceLifecycle

/// An incident's timeline as Server-Sent Events: what happened so far, then each new event as it
/// is recorded, from whichever node records it, in the order events became visible (their
/// position), so none is skipped for committing late. `Last-Event-ID` resumes after a reconnect. The
/// stream ends once the incident is resolved and everything has been sent, or when the server shuts
/// down (an open console page would otherwise hold `herald serve` until its connection noticed).
enum IncidentStream {
    static func response(store: Store, incidentID: String, lastEventID: Int64?, poll: Duration = .milliseconds(500)) -> Response {
        let body = ResponseBody { writer in
            var last = lastEventID
            var quiet = Duration.zero
            while !Task.isCancelled, !Task.isShuttingDownGracefully {
                // The status first: an incident seen resolved here has its last events visible below,
                // since they commit with the resolution; read the other way round, they could be missed.
                let resolved = try await store.incident(id: incidentID).status == .resolved
                let events = try await store.incidentEvents(incidentID: incidentID, afterPosition: last)
                for event in events {
                    try await writer.write(ByteBuffer(string: frame(event)))
                    last = event.position
                }
                if events.isEmpty {
                    if resolved { break }
                    quiet += poll
                    // A comment now and then keeps proxies from closing a quiet stream.
                    if quiet >= .seconds(15) {
                        try await writer.write(ByteBuffer(string: ": still here\n\n"))
                        quiet = .zero
                    }
                } else {
                    quiet = .zero
                }
                try await Task.sleep(for: poll)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
    }

    static func frame(_ event: IncidentEvent) -> String {
        let data = (try? JSONResponseEncoder.encoder.encode(IncidentEventDocument(event))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "id: \(event.position)\nevent: \(event.kind.rawValue)\ndata: \(data)\n\n"
    }
}

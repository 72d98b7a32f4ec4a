import Crypto
import Foundation
import HeraldCore
import Hummingbird
import NIOCore

/// The console's stylesheet and script, shipped as resources of HeraldServer
/// (`Resources/console/`). Their URLs carry a hash of their content, so they are cached for a year
/// and a new build is fetched at once.
enum ConsoleAssets {
    struct Asset: Sendable {
        let body: ByteBuffer
        let type: String
        let version: String
    }

    static let css = load("console.css", type: "text/css; charset=utf-8")
    static let js = load("console.js", type: "text/javascript; charset=utf-8")

    static var cssURL: String { "/console/assets/console.css?v=\(css.version)" }
    static var jsURL: String { "/console/assets/console.js?v=\(js.version)" }

    static func load(_ name: String, type: String) -> Asset {
        let url = Bundle.module.url(forResource: "console", withExtension: nil)?.appendingPathComponent(name)
        let data = url.flatMap { try? Data(contentsOf: $0) } ?? Data()
        let version = String(SHA256.hash(data: data).hexadecimal.prefix(12))
        return Asset(body: ByteBuffer(bytes: data), type: type, version: version)
    }

    static func add(to console: Console) {
        for (name, asset) in [("console.css", css), ("console.js", js)] {
            console.open(.get, "assets/\(name)") { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: asset.type, .cacheControl: "public, max-age=31536000, immutable", .eTag: "\"\(asset.version)\""],
                    body: .init(byteBuffer: asset.body))
            }
        }
    }
}

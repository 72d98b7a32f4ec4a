import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1


/// A running Herald's admin API, for commands given `--server` (or HERALD_URL): operators need no
/// shell on the database host. Answers are JSON; a problem+json answer becomes a `RemoteProblem`.
struct RemoteClient: Sendable {
    let base: String
    let token: String

    init(server: String, token: String?) throws {
        guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw RemoteProblem(message: "--server must be an http or https URL such as https://herald.example.com, got '\(server)'")
        }
        guard let token, !token.isEmpty else {
            throw RemoteProblem(message: "--server needs an API token: pass --token hrld_… or set HERALD_TOKEN")
        }
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.token = token
    }

    @discardableResult
    func get(_ path: String) async throws -> JSONValue { try await send(.GET, path) }

    @discardableResult
    func post(_ path: String, _ body: JSONValue? = nil) async throws -> JSONValue { try await send(.POST, path, body) }

    @discardableResult
    func patch(_ path: String, _ body: JSONValue) async throws -> JSONValue { try await send(.PATCH, path, body) }

    /// Every item of a paginated list, following `next` page after page.
    func all(_ path: String, key: String) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var cursor: String?
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let page = try await get(path + separator + "limit=500" + (cursor.map { "&cursor=\($0)" } ?? ""))
            if case .array(let more)? = page.members[key] { items += more }
            if case .string(let next)? = page.members["next"] { cursor = next } else { cursor = nil }
        } while cursor != nil
        return items
    }

    /// A document the API serves as text (Markdown exports), as it came.
    func getText(_ path: String) async throws -> String {
        String(buffer: try await exchange(.GET, path, accept: "text/markdown, text/plain"))
    }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let bytes = try await exchange(method, path, body)
        return bytes.readableBytes == 0 ? JSONValue.null : ((try? JSONValue.parse(bytes.readableBytesView)) ?? .null)
    }

    private func exchange(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil, accept: String = "application/json") async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: base + "/api/v1" + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: accept)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(try JSONEncoder().encode(body))))
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        } catch {
            throw RemoteProblem(message: "cannot reach \(base): \(error)")
        }
        let bytes = try await response.body.collect(upTo: 64 << 20)
        guard (200..<300).contains(response.status.code) else {
            let problem = bytes.readableBytes == 0 ? JSONValue.null : ((try? JSONValue.parse(bytes.readableBytesView)) ?? .null)
            throw RemoteProblem(status: Int(response.status.code), problem: problem, method: method.rawValue, path: path)
        }
        return bytes
    }
}

/// An error from the server, shown as a person reads it: the status, the detail and each field
/// named in problem+json. The command exits 1.
struct RemoteProblem: Error, CustomStringConvertible {
    var message: String
    /// The HTTP status, when the server answered.
    var status: Int?

    init(message: String) {
        self.message = message
    }

    init(status: Int, problem: JSONValue, method: String, path: String) {
        self.status = status
        var lines: [String] = []
        let title = problem.members["title"].flatMap { if case .string(let text) = $0 { text } else { nil } }
        let detail = problem.members["detail"].flatMap { if case .string(let text) = $0 { text } else { nil } }
        lines.append("the server answered \(status)\(title.map { " \($0)" } ?? "") to \(method) /api/v1\(path)")
        if case .array(let errors)? = problem.members["errors"], !errors.isEmpty {
            for error in errors {
                if case .string(let field)? = error.members["field"], case .string(let reason)? = error.members["reason"] {
                    lines.append("  - \(field): \(reason)")
                }
            }
        } else if let detail {
            lines.append("  \(detail)")
        }
        message = lines.joined(separator: "\n")
    }

    var description: String { message }
}

extension JSONValue {
    /// The strings of a list member.
    func strings(_ key: String) -> [String] {
        guard case .array(let list)? = members[key] else { return [] }
        return list.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    /// The text of a string member, or of a localized text's zh-CN (else first) wording.
    func text(_ key: String) -> String? {
        switch members[key] {
        case .string(let text)?: return text
        case .integer(let number)?: return String(number)
        case .object(let words)?:
            if case .string(let text)? = words["zh-CN"] { return text }
            return words.sorted { $0.key < $1.key }.compactMap { if case .string(let text) = $0.value { text } else { nil } }.first
        default: return nil
        }
    }
}

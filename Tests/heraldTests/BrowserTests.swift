import Foundation
import HeraldTestSupport
import Testing

/// The public pages in a real browser (headless Chromium driven by Selenium), as readers open them:
/// in both languages, on a phone and a desktop, with the page's own security policy in force.
@Suite(.serialized) struct BrowserTests {
    @Test(.timeLimit(.minutes(4)))
    func thePublicPagesReadWellInABrowser() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            catalogue:
              groups:
                - {id: payments, name: 支付服务}
              components:
                - {id: pay, name: 支付网关, group: payments}
                - {id: web, name: 官方网站}
            """.write(to: directory.appendingPathComponent("herald.yaml"), atomically: true, encoding: .utf8)
        let server = try RunningServer(["--config", "herald.yaml"], in: directory)
        let base = try await server.baseURL()
        let token = String(try #require(server.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)).output)
        let format = ISO8601DateFormatter()
        format.timeZone = TimeZone(identifier: "Asia/Shanghai")
        let start = format.string(from: Date().addingTimeInterval(3 * 86400))
        let end = format.string(from: Date().addingTimeInterval(3 * 86400 + 7200))
        let notice = """
            {"title":{"zh-CN":"支付系统升级维护","en":"Payment system upgrade"},"reason":{"zh-CN":"升级支付系统","en":"An upgrade of the payment system"},
             "impact":{"zh-CN":"维护期间无法在线支付","en":"You cannot pay online during the maintenance"},
             "signature":{"zh-CN":"运维部","en":"Operations"},"contact":{"name":"值班工程师","email":"ops@example.com"},
             "components":["pay"],"severity":"medium","time_zone":"Asia/Shanghai","planned_start":"\(start)","planned_end":"\(end)"}
            """
        let created = try await fetch("\(base)/api/v1/notices", method: "POST", token: token, json: notice)
        let id = String(try #require(created.body.firstMatch(of: /"id":"([a-z0-9]{12})"/)?.output.1, "\(created.body)"))
        _ = try await fetch("\(base)/api/v1/notices/\(id)/publish", method: "POST", token: token)

        let shots = URL(fileURLWithPath: ProcessInfo.processInfo.environment["HERALD_SCREENSHOTS"] ?? directory.appendingPathComponent("shots").path)
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("support/browser_check.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, base, shots.path, "/", "/history", "/maintenance/\(id)", "/subscribe"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "the browser run failed (needs chromium, chromium-driver and pip install selenium): \(complaint)")
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pages = try #require(result["pages"] as? [[String: Any]])
        #expect(pages.count == 16)
        for page in pages {
            let label = "\(page["path"] ?? "") \(page["language"] ?? "") \(page["device"] ?? "")"
            #expect(page["lang"] as? String == page["language"] as? String, "\(label)")
            #expect(page["overflow"] as? Int == 0, "\(label): wider than the screen by \(page["overflow"] ?? "")px")
            #expect((page["complaints"] as? [String])?.isEmpty == true, "\(label): \(page["complaints"] ?? "")")
            let text = page["text"] as? String ?? ""
            if page["language"] as? String == "en" {
                #expect(text.contains("Subscribe to updates"), "\(label)")
            } else {
                #expect(text.contains("订阅通知"), "\(label)")
            }
        }
        let upgrade = try #require(pages.first { ($0["path"] as? String)?.hasPrefix("/maintenance/") == true && $0["language"] as? String == "en" })
        #expect((upgrade["text"] as? String)?.contains("Payment system upgrade") == true)
        let form = try #require(result["form"] as? [String: Any])
        #expect((form["text"] as? String)?.contains("Enter a valid email address") == true, "\(form)")
        #expect(form["email"] as? String == "li@example" && form["invalid"] as? String == "true", "\(form)")
        _ = try await server.stop()
    }
}

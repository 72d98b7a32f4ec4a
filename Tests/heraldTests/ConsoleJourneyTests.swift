import Foundation
import HeraldTestSupport
import Testing

/// The console as an operations team first uses it, in a real browser against a real `herald serve`:
/// the first admin from the setup link, invitations, CSRF, sign-in throttling, a viewer's limits,
/// markup from alerts that must never run, a live incident page, and a notice from the composer to the
/// public status page (Tests/support/console_journey.py drives Chromium).
@Suite(.serialized) struct ConsoleJourneyTests {
    @Test(.timeLimit(.minutes(10)))
    func anOperationsTeamStartsWithTheConsole() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await RunningServer([], in: directory)
        let base = try await server.baseURL()
        let token = String(try #require(server.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)).output)
        let link = try #require(server.stdout.firstMatch(of: /http:\/\/\S+(\/console\/setup\/[0-9a-f]{48})/))
        let shots = URL(fileURLWithPath: ProcessInfo.processInfo.environment["HERALD_SCREENSHOTS"] ?? directory.appendingPathComponent("shots").path)
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("support/console_journey.py")
        let run = try await PythonScript.run(script, [base, base + link.output.1, token, shots.path])
        try #require(run.status == 0, "the browser run failed (needs chromium, chromium-driver and pip install selenium): \(run.stderr)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")

        #expect(seen["setup_landed"] as? String == "\(base)/console/", "the setup link makes the admin and signs them in")
        #expect(seen["responder_password"] as? Bool == true, "an invitation shows its temporary password once")
        // A form without its CSRF token: refused, and the operator it asked for does not exist.
        let refused = seen["csrf_refused_text"] as? String ?? ""
        #expect(refused.contains("Not allowed") || refused.contains("无权操作"), "\(refused)")
        #expect(seen["forged_listed"] as? Bool == false)
        // Five wrong passwords: the right one is turned away too, and the page says why.
        #expect((seen["paused_text"] as? String)?.contains("Too many failed sign-ins") == true, "\(seen["paused_text"] ?? "")")
        #expect((seen["paused_url"] as? String)?.contains("/console/login") == true)
        // A viewer has no write forms, and its forged invitation with its own token is refused.
        #expect(seen["viewer_landed"] as? String == "\(base)/console/")
        for (path, forms) in try #require(seen["viewer_forms"] as? [String: [String]]) {
            #expect(forms.allSatisfy { $0.hasPrefix("/console/account") }, "\(path) offers a viewer \(forms)")
        }
        #expect(seen["viewer_forged_status"] as? Int == 403)
        #expect(seen["sneaky_listed"] as? Bool == false)
        // A responder's acknowledgement from a phone reaches the admin's open incident page live.
        #expect((seen["live_timeline"] as? String)?.contains("responder@example.com") == true, "\(seen["live_timeline"] ?? "")")
        #expect(seen["live_not_reloaded"] as? Bool == true)
        // Its summary card says who acknowledged, without a reload either.
        let summary = seen["live_summary"] as? String ?? ""
        #expect(summary.contains("responder@example.com"), "\(summary)")
        #expect(!summary.contains("Not acknowledged"), "\(summary)")

        // A bilingual notice from the composer to the public status page.
        let notice = try #require(seen["notice"] as? [String: Any])
        let before = notice["warnings_before"] as? [String] ?? []
        #expect(before.contains { $0.contains("Short notice") }, "the live check warns a notice two hours ahead: \(before)")
        #expect(!before.contains { $0.contains("failover") }, "\(before)")
        let jargon = notice["jargon_beside_reason"] as? [String] ?? []
        #expect(jargon.contains { $0.contains("'failover' may be unclear to users; consider 'switch to the backup system'") },
                "the jargon warning appears beside the English reason while typing: \(jargon)")
        #expect(notice["composer_not_reloaded"] as? Bool == true, "the check ran without a page load")
        #expect((notice["saved_url"] as? String)?.contains("/console/notices/") == true && (notice["saved_url"] as? String)?.contains("done=saved") == true,
                "\(notice["saved_url"] ?? "")")
        let previews = try #require(notice["previews"] as? [String: [String: String]], "\(notice)")
        let sms = try #require(previews["SMS and voice"], "an SMS preview: \(previews.keys)")
        // The SMS names the component and the start in the notice's zone, in each language, with the contact.
        #expect(sms["zh-CN"]?.contains("支付网关") == true && sms["zh-CN"]?.contains("停机维护") == true && sms["zh-CN"]?.contains("(UTC+8)") == true, "\(sms)")
        #expect(sms["en"]?.contains("maintenance") == true && sms["en"]?.contains("UTC+8") == true && sms["en"]?.contains("+86 10 1234 5678") == true, "\(sms)")
        let email = try #require(previews["Email"], "an email preview: \(previews.keys)")
        #expect(email["zh-CN"]?.contains("更换数据库服务器") == true && email["en"]?.contains("We replace the database servers") == true, "\(email)")
        #expect((notice["sms_length"] as? [String])?.count == 2, "each SMS says its length and parts")
        // Under 24 hours ahead, publishing without a reason is refused beside the reason's field.
        #expect((notice["publish_without_reason"] as? String)?.contains("must not be empty") == true, "\(notice["publish_without_reason"] ?? "")")
        #expect((notice["publish_without_reason_url"] as? String)?.contains("done=published") == false)
        #expect((notice["published_url"] as? String)?.contains("done=published") == true, "\(notice["published_url"] ?? "") \(notice["published_text"] ?? "")")
        #expect((notice["status_page_en"] as? String)?.contains("Payment gateway maintenance") == true, "the public page lists the notice in English")
        #expect((notice["status_page_zh"] as? String)?.contains("支付网关维护") == true, "the public page lists the notice in Chinese")
        #expect((notice["complaints"] as? [String])?.isEmpty == true, "\(notice["complaints"] ?? "")")
        // Markup in alerts and names is shown as text and never runs.
        let pages = try #require(seen["xss"] as? [[String: Any]])
        #expect(!pages.isEmpty)
        for page in pages {
            #expect(page["ran"] as? Bool == false, "a payload ran on \(page["path"] ?? "")")
            #expect(page["shown"] as? Bool == true, "\(page["path"] ?? "") shows the payload as text")
            #expect((page["complaints"] as? [String])?.isEmpty == true, "\(page["path"] ?? ""): \(page["complaints"] ?? "")")
        }
        _ = try await server.stop()
    }
}

/// Runs a Python script to its end, reading its output while it runs so a full pipe never stalls it.
enum PythonScript {
    static func run(_ script: URL, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try await ChildProcess.python(script, arguments)
        return (result.status, result.stdout, result.stderr)
    }
}

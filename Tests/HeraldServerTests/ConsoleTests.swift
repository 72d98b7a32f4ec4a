import Foundation
import HTTPTypes
import HeraldCore
import HeraldStore
import HeraldTestSupport
import HummingbirdOTP
import Testing

/// The console's foundation over real HTTP: sign-in and its cookie, throttling, CSRF, roles,
/// session expiry, logging out everywhere, the setup link and the second factor.
@Suite struct ConsoleTests {
    @Test(arguments: TestDatabase.allCases)
    func signingInSetsASessionCookieThatOpensTheConsole(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let li = try await server.consoleUser(.responder, email: "li@example.com")
            let signedIn = try await server.login(email: "LI@example.com", password: li.password, next: "/console/account?x=1")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/console/account?x=1")
            let cookie = try #require(signedIn.setCookie("herald_session"))
            #expect(cookie.value.count == 64)
            for attribute in ["HttpOnly", "SameSite=Lax", "Path=/console"] { #expect(cookie.line.contains(attribute), "\(cookie.line)") }
            #expect(!cookie.line.contains("Secure"), "plain http: a Secure cookie would never come back")

            let user = ConsoleUser(account: li.account, password: li.password, secret: cookie.value)
            let overview = try await server.get("/console/", as: user)
            #expect(overview.status == .ok)
            #expect(overview.headers[.cacheControl] == "no-store")
            let policy = try #require(overview.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"))
            #expect(overview.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(overview.body.contains("<link rel=\"stylesheet\" href=\"/console/assets/console.css?v="))
            #expect(!overview.body.contains("<style") && !overview.body.contains("style=\""), "the policy allows no inline styles")

            // Elsewhere, or to another site, `next` is not followed.
            for next in ["https://evil.example/", "//evil.example/console", "/api/v1/tokens"] {
                #expect(try await server.login(email: "li@example.com", password: li.password, next: next).headers[.location] == "/console/")
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func cookiesAreSecureBehindHTTPS(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.publicURL = "https://status.example.com" }) { server in
            let li = try await server.consoleUser(.viewer)
            let signedIn = try await server.login(email: li.account.email, password: li.password)
            #expect(try #require(signedIn.setCookie("herald_session")).line.contains("; Secure"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func withoutASessionEveryPageSendsYouToSignIn(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let reply = try await server.send(.get, "/console/users?cursor=abc")
            #expect(reply.status == .seeOther)
            #expect(reply.headers[.location] == "/console/login?next=/console/users%3Fcursor%3Dabc")
            let forged = try await server.send(.get, "/console/", headers: [.cookie: "herald_session=" + String(repeating: "a", count: 64)])
            #expect(forged.status == .seeOther)
            let login = try await server.send(.get, "/console/login?lang=en")
            #expect(login.status == .ok && login.body.contains("Sign in"))
            #expect(try #require(login.setCookie("herald_login")).line.contains("SameSite=Strict"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func fiveWrongPasswordsThrottleEvenTheRightOne(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let li = try await server.consoleUser(.admin, email: "li@example.com")
            for _ in 0..<5 {
                #expect(try await server.login(email: "li@example.com", password: "wrong password!").status == .unauthorized)
            }
            let refused = try await server.send(.get, "/console/login?lang=en")
            #expect(refused.status == .ok)
            let throttled = try await server.login(email: "li@example.com", password: li.password)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.setCookie("herald_session") == nil)
            #expect(throttled.body.contains("登录失败次数过多"))
            #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 > 0)
            // Another account from the same address is not held up by li's failures.
            let ann = try await server.consoleUser(.viewer, email: "ann@example.com")
            #expect(try await server.login(email: "ann@example.com", password: ann.password).status == .seeOther)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aFormWithoutItsTokenIsRefusedAndChangesNothing(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let li = try await server.consoleUser(.admin)
            let missing = try await server.post("/console/account/preferences", as: li, form: ["language": "en"], withCSRF: false)
            #expect(missing.status == .forbidden)
            let wrong = try await server.post("/console/account/preferences", as: li, form: ["language": "en"], csrf: String(repeating: "0", count: 64))
            #expect(wrong.status == .forbidden)
            #expect(try await server.store.operatorAccount(id: li.account.id)?.language == nil)
            // Another session's token does not do either.
            let other = try await server.session(for: li.account)
            let stolen = try await server.post("/console/account/preferences", as: li, form: ["language": "en"], csrf: try await server.csrfToken(for: other))
            #expect(stolen.status == .forbidden)
            let right = try await server.post("/console/account/preferences", as: li, form: ["language": "en", "time_zone": "Europe/Berlin"])
            #expect(right.status == .seeOther)
            let changed = try await server.store.operatorAccount(id: li.account.id)
            #expect(changed?.language == .en && changed?.timeZone == "Europe/Berlin")
            let account = try await server.get("/console/account", as: li)
            #expect(account.body.contains("Your account") && account.body.contains("Times are shown in Europe/Berlin"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aViewersForgedAdminFormIsForbidden(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let viewer = try await server.consoleUser(.viewer)
            let invite = try await server.post("/console/users", as: viewer, form: ["email": "x@example.com", "name": "X", "role": "admin"])
            #expect(invite.status == .forbidden)
            #expect(try await server.store.operatorCredentials(email: "x@example.com") == nil)
            #expect(try await server.get("/console/users", as: viewer).status == .forbidden)
            #expect(!(try await server.get("/console/", as: viewer).body.contains("href=\"/console/users\"")), "the viewer's navigation has no admin entries")

            let admin = try await server.consoleUser(.admin)
            let made = try await server.post("/console/users", as: admin, form: ["email": "x@example.com", "name": "X", "role": "responder"])
            #expect(made.status == .ok)
            let temporary = String(try #require(made.body.firstMatch(of: /<code>([A-Za-z0-9-]{19})<\/code>/)?.output.1))
            #expect(try await server.store.operatorCredentials(email: "x@example.com")?.account.createdBy == "user:admin@example.com")
            #expect(try await server.login(email: "x@example.com", password: temporary).status == .seeOther)

            let x = try #require(try await server.store.operatorCredentials(email: "x@example.com")).account
            #expect(try await server.post("/console/users/\(x.id)", as: admin, form: ["change": "disable"]).status == .seeOther)
            #expect(try await server.login(email: "x@example.com", password: temporary).status == .unauthorized)
            #expect(try await server.post("/console/users/\(admin.account.id)", as: admin, form: ["change": "disable"]).status == .conflict)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anIdleSessionEndsAfterTwelveHours(_ engine: TestDatabase) async throws {
        let clock = TestClock(TestServer.today)
        try await TestServer.run(engine, now: clock.now) { server in
            let li = try await server.consoleUser(.viewer)
            clock.advance(by: 11 * 3600)
            #expect(try await server.get("/console/account", as: li).status == .ok, "used within 12 hours: still signed in")
            clock.advance(by: 12 * 3600 + 1)
            let expired = try await server.get("/console/account", as: li)
            #expect(expired.status == .seeOther)
            #expect(expired.headers[.location] == "/console/login?next=/console/account")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func signingOutEverywhereElseEndsTheOtherSessions(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let phone = try await server.consoleUser(.responder)
            let laptop = try await server.session(for: phone.account)
            #expect(try await server.get("/console/", as: laptop).status == .ok)
            #expect(try await server.post("/console/account/sessions/end-others", as: phone, form: [:]).status == .seeOther)
            #expect(try await server.get("/console/", as: laptop).status == .seeOther)
            #expect(try await server.get("/console/", as: phone).status == .ok)
            let out = try await server.post("/console/logout", as: phone, form: [:])
            #expect(out.status == .seeOther && out.setCookie("herald_session")?.line.contains("Max-Age=0") == true)
            #expect(try await server.get("/console/", as: phone).status == .seeOther)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theSetupLinkMakesTheFirstAdminOnce(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let secret = try #require(try await server.store.createSetupLinkIfNoOperators())
            let page = try await server.send(.get, "/console/setup/\(secret)")
            #expect(page.status == .ok)
            let token = String(try #require(page.body.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.output.1))
            let headers: HTTPFields = [.cookie: "herald_login=\(token)", .contentType: "application/x-www-form-urlencoded"]
            let short = TestServer.formBody(["csrf": token, "email": "li@example.com", "name": "李伟", "password": "short", "password_again": "short"])
            let refused = try await server.send(.post, "/console/setup/\(secret)", body: short, headers: headers)
            #expect(refused.status == .unprocessableContent && refused.body.contains("aria-invalid"))
            let form = TestServer.formBody([
                "csrf": token, "email": "li@example.com", "name": "李伟", "password": "correct horse battery", "password_again": "correct horse battery",
            ])
            let made = try await server.send(.post, "/console/setup/\(secret)", body: form, headers: headers)
            #expect(made.status == .seeOther)
            #expect(made.setCookie("herald_session") != nil)
            #expect(try await server.store.operatorCredentials(email: "li@example.com")?.account.role == .admin)
            #expect(try await server.send(.post, "/console/setup/\(secret)", body: form, headers: headers).status == .notFound)
            #expect(try await server.send(.get, "/console/setup/\(secret)").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func twoStepSignInAsksForTheCodeFromTheApp(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let li = try await server.consoleUser(.responder, email: "li@example.com")
            let start = try await server.post("/console/account/totp/start", as: li, form: [:])
            #expect(start.status == .ok && start.body.contains("otpauth://totp/"))
            let secret = try #require(try await server.store.operatorCredentials(id: li.account.id)?.pendingTOTPSecret)
            let code = String(format: "%06d", TOTP(secret: secret).compute(date: TestServer.today))
            #expect(try await server.post("/console/account/totp/confirm", as: li, form: ["code": "000000"]).status == .unprocessableContent)
            let confirmed = try await server.post("/console/account/totp/confirm", as: li, form: ["code": code])
            #expect(confirmed.status == .ok)
            let recovery = confirmed.body.matches(of: /<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/).map { String($0.output.1) }
            #expect(recovery.count == 10)

            let noCode = try await server.login(email: "li@example.com", password: li.password)
            #expect(noCode.status == .unauthorized && noCode.setCookie("herald_session") == nil)
            #expect(try await server.login(email: "li@example.com", password: li.password, code: "123456").status == .unauthorized)
            #expect(try await server.login(email: "li@example.com", password: li.password, code: code).status == .seeOther)
            #expect(try await server.login(email: "li@example.com", password: li.password, code: recovery[0]).status == .seeOther)
            #expect(try await server.login(email: "li@example.com", password: li.password, code: recovery[0]).status == .unauthorized, "a recovery code works once")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theConsolesFilesAreCachedForAYear(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let css = try await server.send(.get, "/console/assets/console.css")
            #expect(css.status == .ok && css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.headers[.cacheControl]?.contains("immutable") == true)
            let js = try await server.send(.get, "/console/assets/console.js")
            #expect(js.status == .ok && js.body.contains("export function enhance"))
            // Public pages keep their own policy; the console's does not leak onto them.
            let status = try await server.send(.get, "/")
            #expect(status.headers[.contentSecurityPolicy]?.contains("style-src 'unsafe-inline'") == true)
        }
    }
}

import HeraldCore
import Hummingbird

/// The HTML around every console page. Styles and the script are the console's own files (its
/// security policy allows nothing inline); the page works without the script.
enum ConsoleShell {
    static func head(title: String, language: Language) -> String {
        """
        <!doctype html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <link rel="icon" href="data:,">
        <title>\(HTML.escape(title)) · Herald</title>
        <link rel="stylesheet" href="\(ConsoleAssets.cssURL)">
        <script type="module" src="\(ConsoleAssets.jsURL)"></script></head>
        """
    }

    static func document(viewer: ConsoleViewer, page: ConsolePage) -> String {
        let other: Language = viewer.language == .zhCN ? .en : .zhCN
        let links = ConsoleSection.visible(to: viewer).map { section, path -> String in
            let current = section == page.section ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(path)\"\(current)>\(HTML.escape(viewer.text(section.phrase)))</a></li>"
        }.joined()
        let switchForm = ConsoleForm(action: "/console/account/language", csrf: viewer.csrfToken, style: .inline)
            .hidden("language", other.rawValue).hidden("next", viewer.returnPath)
            .submit("<span lang=\"\(other.rawValue)\">\(other.text(.languageName))</span>", style: .link, rawLabel: true)
        let logout = ConsoleForm(action: "/console/logout", csrf: viewer.csrfToken, style: .inline)
            .submit(viewer.text(.consoleLogout), style: .link)
        return head(title: page.title, language: viewer.language) + """
            <body><a class="skip" href="#main">\(viewer.text(.consoleSkipToContent))</a>
            <header class="top"><a class="brand" href="/console/">Herald</a>
            <nav class="sections" aria-label="\(viewer.text(.consoleNavigation))"><ul>\(links)</ul></nav>
            <div class="who"><a href="/console/account" title="\(viewer.text(.consoleAccount))">\(HTML.escape(viewer.account.name))</a>
            \(switchForm.html)\(logout.html)</div></header>
            <main id="main">\(page.banner?.html ?? "")<h1>\(HTML.escape(page.title))</h1>
            \(page.body)</main>
            <footer class="foot">\(viewer.text(.consoleTimesIn, ["zone": HTML.escape(viewer.zone.identifier)]))</footer>
            </body></html>
            """
    }

    /// A page for someone not signed in (sign-in, the setup link): no navigation.
    static func bare(title: String, language: Language, body: String) -> String {
        let other: Language = language == .zhCN ? .en : .zhCN
        return head(title: title, language: language) + """
            <body class="bare"><main id="main" class="narrow"><p class="brand">Herald</p>
            <h1>\(HTML.escape(title))</h1>\(body)
            <p class="switch"><a href="?lang=\(other.rawValue)" hreflang="\(other.rawValue)" lang="\(other.rawValue)">\(other.text(.languageName))</a></p>
            </main></body></html>
            """
    }

    /// 403: the viewer's role does not allow this, or the form's token was missing or stale.
    static func forbidden(_ viewer: ConsoleViewer, reason: String? = nil) -> Response {
        ConsolePage(
            title: viewer.text(.consoleForbidden), section: nil,
            body: "<p>\(HTML.escape(reason ?? viewer.text(.consoleForbiddenRole, ["role": viewer.text(UsersScreen.roleLabel(viewer.role))])))</p>",
            status: .forbidden
        ).response(viewer)
    }
}

import Foundation
import HeraldApp
import HeraldCore

/// What the console takes from the configuration, read once when the routes are built.
struct ConsoleSettings: Sendable {
    /// Cookies are `Secure` when Herald is reached over https (`server.public_url`).
    var secureCookies: Bool
    /// The zone and language pages use when the operator set none: the status page's.
    var zone: TimeZone
    var language: Language
    /// The name in the page header.
    var siteName: [Language: String]

    init(_ configuration: HeraldConfiguration) {
        secureCookies = configuration.publicURL?.lowercased().hasPrefix("https://") ?? false
        zone = configuration.statusPage.timeZone
        language = configuration.statusPage.language
        siteName = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, configuration.statusPage.name($0)) })
    }

    /// The language of a page: `?lang=` first, then the operator's choice, then the browser's, then the status page's.
    func language(_ request: Hummingbird.Request, chosen: Language?) -> Language {
        if let asked = request.uri.queryParameters.get("lang"), let language = Language(rawValue: asked) { return language }
        if let chosen { return chosen }
        guard let accepted = request.headers[.acceptLanguage], !accepted.isEmpty else { return language }
        return PublicPage.prefersEnglish(request) ? .en : (accepted.lowercased().contains("zh") ? .zhCN : language)
    }
}

import Hummingbird

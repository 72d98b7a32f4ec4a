import HTTPTypes
import HeraldCore
import Hummingbird

/// A console page inside the shell every screen shares: the header with the navigation, the
/// signed-in operator, the language switch and logout; an optional banner; the screen's HTML.
public struct ConsolePage: Sendable {
    public var title: String
    /// The navigation entry shown as current; nil for pages outside the sections (account).
    public var section: ConsoleSection?
    /// The screen's HTML; everything in it that someone typed must have gone through `HTML.escape`.
    public var body: String
    public var banner: ConsoleBanner?
    public var status: HTTPResponse.Status

    public init(title: String, section: ConsoleSection?, body: String, banner: ConsoleBanner? = nil, status: HTTPResponse.Status = .ok) {
        self.title = title
        self.section = section
        self.body = body
        self.banner = banner
        self.status = status
    }

    public func response(_ viewer: ConsoleViewer) -> Response {
        ConsoleResponse.html(ConsoleShell.document(viewer: viewer, page: self), status: status)
    }
}

/// A message at the top of a page after something was done, or went wrong.
public enum ConsoleBanner: Sendable, Equatable {
    case done(String)
    case error(String)

    var html: String {
        switch self {
        case .done(let text): "<p class=\"banner done\" role=\"status\">\(HTML.escape(text))</p>"
        case .error(let text): "<p class=\"banner error\" role=\"alert\">\(HTML.escape(text))</p>"
        }
    }

    /// The banner a redirect asked for with `?done=<key>`, from the screen's own list of keys.
    public static func done(_ request: Request, _ viewer: ConsoleViewer, _ messages: [String: Phrase]) -> ConsoleBanner? {
        request.uri.queryParameters.get("done").flatMap { messages[$0] }.map { .done(viewer.text($0)) }
    }
}

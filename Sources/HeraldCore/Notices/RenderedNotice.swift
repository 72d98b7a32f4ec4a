/// The shapes a message takes, one template set each: channels of a kind share one template.
public enum TemplateKind: String, Sendable, CaseIterable, Codable {
    /// Subject, HTML and plain text.
    case email
    /// Plain text, as short as possible; also read out by voice calls.
    case sms
    /// Markdown for DingTalk, WeCom, Feishu, Slack, Teams and Discord.
    case im
    /// Markdown shown on the public status page and in feeds.
    case statusPage = "status_page"
    /// A JSON document for webhook receivers.
    case webhook

    /// The template files of this kind, by part (`subject`, `html`, `text`).
    public var parts: [String] {
        switch self {
        case .email: ["subject", "html", "text"]
        case .sms, .im, .statusPage, .webhook: ["text"]
        }
    }
}

/// One rendered message in one language.
public struct RenderedMessage: Sendable, Equatable, Codable {
    public var subject: String?
    public var text: String
    public var html: String?

    public init(subject: String? = nil, text: String, html: String? = nil) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// Every rendering of one notice step: each template kind in each language the notice is written in.
public struct RenderedNotice: Sendable, Equatable, Codable {
    public var messages: [String: [String: RenderedMessage]]

    public init(messages: [String: [String: RenderedMessage]] = [:]) {
        self.messages = messages
    }

    public subscript(kind: TemplateKind, language: Language) -> RenderedMessage? {
        get { messages[kind.rawValue]?[language.rawValue] }
        set { messages[kind.rawValue, default: [:]][language.rawValue] = newValue }
    }
}


/// A piece of text in zh-CN, English, or both; readers get their language, else the other one.
public struct LocalizedText: Sendable, Equatable, Codable {
    public var zhCN: String?
    public var en: String?

    public init(zhCN: String? = nil, en: String? = nil) {
        self.zhCN = zhCN
        self.en = en
    }

    public static let empty = LocalizedText()

    /// The text written in exactly this language.
    public subscript(language: Language) -> String? {
        get {
            switch language {
            case .zhCN: zhCN
            case .en: en
            }
        }
        set {
            switch language {
            case .zhCN: zhCN = newValue
            case .en: en = newValue
            }
        }
    }

    /// The text for a reader of `language`, falling back to the other language.
    public func text(for language: Language) -> String? {
        self[language] ?? Language.allCases.lazy.compactMap { self[$0] }.first
    }

    /// The languages this text is written in.
    public var languages: Set<Language> { Set(Language.allCases.filter { self[$0] != nil }) }

    public var isEmpty: Bool { languages.isEmpty }

    enum CodingKeys: String, CodingKey {
        case zhCN = "zh-CN"
        case en
    }
}

/// A language Herald writes messages in; zh-CN is first-class.
public enum Language: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
    case zhCN = "zh-CN"
    case en = "en"
}

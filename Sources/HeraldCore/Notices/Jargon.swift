/// Technical terms readers may not know, per language, each with a plain-language suggestion.
public struct Jargon: Sendable, Equatable {
    public var terms: [Language: [String: String]]

    public init(terms: [Language: [String: String]]) {
        self.terms = terms
    }

    /// The shipped list; operators add to it in the config file.
    public static let standard = Jargon(terms: [
        .zhCN: [
            "宕机": "服务暂停", "割接": "系统切换", "回滚": "恢复到之前的版本", "灰度": "分批上线",
            "扩容": "增加服务器容量", "DNS": "域名解析", "数据库迁移": "数据搬迁", "主从切换": "备用系统接管",
            "热修复": "紧急修复", "负载均衡": "流量分配", "CDN": "网络加速服务", "重启": "重新启动",
            "上线": "发布", "下线": "停止服务", "集群": "服务器组", "升级内核": "升级系统",
        ],
        .en: [
            "failover": "switch to the backup system", "DNS": "domain name system", "rollback": "return to the previous version",
            "cutover": "switch to the new system", "hotfix": "urgent fix", "load balancer": "traffic distribution",
            "cluster": "group of servers", "downtime window": "maintenance period", "latency": "delay",
            "deploy": "release", "migration": "move", "outage": "interruption", "SLA": "service commitment",
            "CDN": "content delivery network", "kernel": "operating system core",
        ],
    ])

    /// Adds or replaces terms; later lists win.
    public func merging(_ other: [Language: [String: String]]) -> Jargon {
        var merged = terms
        for (language, extra) in other { merged[language, default: [:]].merge(extra) { $1 } }
        return Jargon(terms: merged)
    }

    /// The terms found in `text`, longest first, case-insensitive for Latin letters: the text's own
    /// language's, then the other languages' (an English "failover" in Chinese text, a "割接" in
    /// English text), each with its own list's suggestion. A term both lists have counts once, with
    /// the suggestion in the text's language.
    public func find(in text: String, language: Language) -> [(term: String, suggestion: String)] {
        let folded = text.lowercased()
        var found: [(term: String, suggestion: String)] = []
        var seen: Set<String> = []
        for list in [language] + Language.allCases.filter({ $0 != language }) {
            let matches = (terms[list] ?? [:])
                .filter { term, _ in !seen.contains(term.lowercased()) && Self.contains(folded, term.lowercased()) }
                .sorted { $0.key.count != $1.key.count ? $0.key.count > $1.key.count : $0.key < $1.key }
            for (term, suggestion) in matches {
                seen.insert(term.lowercased())
                found.append((term, suggestion))
            }
        }
        return found
    }

    /// Whole-word match for Latin terms ("DNS" must not match "DNSSEC"); substring match for Chinese.
    private static func contains(_ text: String, _ term: String) -> Bool {
        guard term.unicodeScalars.allSatisfy(\.isASCII) else { return text.contains(term) }
        var searchRange = text.startIndex..<text.endIndex
        while let range = text.range(of: term, range: searchRange) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let isWordCharacter = { (c: Character?) in c.map { $0.isASCII && ($0.isLetter || $0.isNumber) } ?? false }
            if !isWordCharacter(before) && !isWordCharacter(after) { return true }
            searchRange = range.upperBound..<text.endIndex
        }
        return false
    }
}

import Foundation
import HeraldCore
import Mustache

/// The Mustache templates notices are rendered with: Herald's shipped set, with any file of the same
/// name in the operator's template directory taking its place.
public struct NoticeTemplates: Sendable {
    private let templates: [String: MustacheTemplate]
    /// Where each template came from, for error messages and `herald notice preview`.
    public let sources: [String: String]

    /// Every template file name: `{kind}-{part}.{language}.mustache`, or `{kind}.{language}.mustache`.
    public static var fileNames: [String] {
        TemplateKind.allCases.flatMap { kind in
            Language.allCases.flatMap { language in kind.parts.map { fileName(kind, $0, language) } }
        }
    }

    static func fileName(_ kind: TemplateKind, _ part: String, _ language: Language) -> String {
        let base = kind.rawValue.replacingOccurrences(of: "_", with: "-")
        return (kind.parts.count == 1 ? base : "\(base)-\(part)") + ".\(language.rawValue).mustache"
    }

    /// Loads the shipped templates and the overrides in `directory`. Every template is checked:
    /// it must parse and use only variables Herald fills.
    public static func load(overrides directory: String? = nil) throws -> NoticeTemplates {
        _ = registerJSONContentType
        guard let shipped = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw TemplateError(file: "templates", problem: "the shipped templates are missing from this build")
        }
        var texts: [String: (text: String, source: String)] = [:]
        for name in fileNames {
            let url = shipped.appendingPathComponent(name)
            texts[name] = (try String(contentsOf: url, encoding: .utf8), "shipped")
        }
        if let directory {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files.sorted() where file.hasSuffix(".mustache") {
                guard texts[file] != nil else {
                    throw TemplateError(
                        file: "\(directory)/\(file)",
                        problem: "is not a template Herald uses; the names are: \(fileNames.joined(separator: ", "))")
                }
                let path = "\(directory)/\(file)"
                texts[file] = (try String(contentsOfFile: path, encoding: .utf8), path)
            }
        }
        var templates: [String: MustacheTemplate] = [:]
        var sources: [String: String] = [:]
        for (name, entry) in texts {
            let unknown = TemplateVariables.unknown(in: entry.text)
            guard unknown.isEmpty else {
                throw TemplateError(
                    file: entry.source == "shipped" ? name : entry.source,
                    problem: "uses \(unknown.map { "{{\($0)}}" }.joined(separator: ", ")), which Herald does not fill; it fills: \(TemplateVariables.topLevel.sorted().joined(separator: ", "))")
            }
            do {
                templates[name] = try MustacheTemplate(string: entry.text)
            } catch {
                throw TemplateError(file: entry.source == "shipped" ? name : entry.source, problem: "is not valid Mustache: \(error)")
            }
            sources[name] = entry.source
        }
        return NoticeTemplates(templates: templates, sources: sources)
    }

    /// Renders every template kind in every language for one step of a notice.
    public func render(_ notice: Notice, step: NoticeStep, late: Bool, componentNames: ComponentNames, publicURL: String? = nil) throws
        -> RenderedNotice
    {
        var rendered = RenderedNotice()
        for language in Language.allCases {
            let context = NoticeTemplateContext(
                notice: notice, step: step, late: late, language: language, componentNames: componentNames, publicURL: publicURL
            ).values
            for kind in TemplateKind.allCases {
                func part(_ name: String) -> String {
                    let text = templates[Self.fileName(kind, name, language)]?.render(context) ?? ""
                    return text.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                switch kind {
                case .email:
                    rendered[kind, language] = RenderedMessage(subject: part("subject"), text: Self.tidy(part("text")), html: part("html"))
                case .webhook:
                    let text = part("text")
                    guard (try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil else {
                        throw TemplateError(
                            file: sources[Self.fileName(kind, "text", language)] ?? "webhook", problem: "did not render valid JSON")
                    }
                    rendered[kind, language] = RenderedMessage(text: text)
                case .sms, .statusPage:
                    rendered[kind, language] = RenderedMessage(text: part("text"))
                case .im:
                    rendered[kind, language] = RenderedMessage(text: Self.tidy(part("text")))
                }
            }
        }
        return rendered
    }

    /// Collapses the blank lines that skipped sections leave behind.
    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(line.trimmingCharacters(in: .whitespaces).isEmpty ? "" : line)
        }
        return lines.joined(separator: "\n")
    }

    private static let registerJSONContentType: Void = {
        MustacheContentTypes.register(JSONStringContentType(), named: "JSON")
    }()
}

/// A template that Herald refuses, and why.
public struct TemplateError: Error, CustomStringConvertible {
    public var file: String
    public var problem: String
    public var description: String { "template \(file) \(problem)" }
}

/// Escapes values for the inside of a JSON string, for webhook templates.
struct JSONStringContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

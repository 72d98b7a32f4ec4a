import Foundation
import HeraldCore
import Hummingbird
import HummingbirdCore

/// `?language=` and `?zone=` of a route that writes a document for people (a postmortem, a
/// regulatory report): each wrong one is added to `errors`, so the answer names them all at once.
struct DocumentQuery {
    var language: Language
    var zone: TimeZone

    init(_ parameters: FlatDictionary<Substring, Substring>, defaultZone: TimeZone, errors: inout [FieldError]) {
        language = .zhCN
        if let tag = parameters.get("language") {
            if let chosen = Language(rawValue: tag) { language = chosen } else {
                errors.append(FieldError("language", .problemMustBeOneOf, values: ["allowed": Language.allCases.map(\.rawValue).joined(separator: ", "), "got": tag]))
            }
        }
        zone = defaultZone
        if let name = parameters.get("zone") {
            if let chosen = TimeZone(identifier: name) { zone = chosen } else { errors.append(FieldError("zone", .problemTimeZone, values: ["zone": name])) }
        }
    }
}

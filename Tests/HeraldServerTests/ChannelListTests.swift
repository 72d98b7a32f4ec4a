import HeraldApp
import Foundation
import HeraldChannels
import HeraldCore
import HeraldServer
import Testing

/// Places outside Swift that name every channel must name exactly the registered ones.
@Suite struct ChannelListTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every enumeration of channel names in the OpenAPI document (scripts/openapi.py writes them).
    static func channelEnumerations(in value: Any) -> [[String]] {
        switch value {
        case let object as [String: Any]:
            let here = (object["enum"] as? [String]).map { $0.contains("dingtalk") ? [$0] : [] } ?? []
            return here + object.values.flatMap(channelEnumerations)
        case let array as [Any]:
            return array.flatMap(channelEnumerations)
        default:
            return []
        }
    }

    @Test func theOpenAPIDocumentListsTheRegisteredChannels() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("Sources/HeraldServer/Resources/openapi.json"))
        let enumerations = Self.channelEnumerations(in: try JSONSerialization.jsonObject(with: data))
        #expect(enumerations.count >= 3, "contact addresses, preferences and deliveries")
        for names in enumerations {
            #expect(names == Channels.catalogue.kinds.map(\.rawValue), "edit CHANNEL in scripts/openapi.py and regenerate openapi.json")
        }
    }

    /// The example's commented `channels` section, uncommented, is a valid configuration.
    @Test func theExampleConfigurationsChannelsAreValid() throws {
        let example = try String(contentsOf: Self.root.appendingPathComponent("herald.example.yaml"), encoding: .utf8)
        let lines = example.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "# channels:"))
        let section = [lines[start]] + lines[(start + 1)...].prefix { $0.hasPrefix("#   ") }
        // "…" marks what the operator fills in; it is not a valid URL character.
        let yaml = section.map { $0.dropFirst(2).replacingOccurrences(of: "…", with: "x") }.joined(separator: "\n")
        let configuration = try HeraldConfiguration.parse(yaml: yaml, file: "herald.example.yaml")
        let configured = Set(configuration.channels(logger: .init(label: "test")).map(\.kind))
        #expect(configured == Set(Channels.catalogue.kinds), "every channel has an example")
    }
}

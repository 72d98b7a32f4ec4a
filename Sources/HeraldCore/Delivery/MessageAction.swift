/// A button a message carries, for channels that show buttons: its words and the address it opens.
/// A button only opens a page; whatever it changes is done there, by a POST.
public struct MessageAction: Sendable, Hashable, Codable {
    public var label: String
    public var url: String

    public init(label: String, url: String) {
        self.label = label
        self.url = url
    }
}

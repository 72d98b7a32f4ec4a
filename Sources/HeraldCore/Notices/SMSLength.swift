/// How long a text is as an SMS: GSM-7 allows 160 characters in one message, UCS-2 (any Chinese) 70.
public struct SMSLength: Sendable, Equatable {
    public var encoding: Encoding
    /// Length in the encoding's units (GSM-7 septets, or UTF-16 code units for UCS-2).
    public var units: Int

    public enum Encoding: String, Sendable {
        case gsm7 = "GSM-7"
        case ucs2 = "UCS-2"
    }

    /// The most one message holds in this encoding.
    public var singleMessageLimit: Int { encoding == .gsm7 ? 160 : 70 }
    public var fitsOneMessage: Bool { units <= singleMessageLimit }
    /// How many messages a long text is split into (concatenated parts hold 153 or 67).
    public var segments: Int {
        fitsOneMessage ? 1 : (units + (encoding == .gsm7 ? 152 : 66)) / (encoding == .gsm7 ? 153 : 67)
    }

    public init(_ text: String) {
        var septets = 0
        for scalar in text.unicodeScalars {
            if Self.gsmBasic.contains(scalar) {
                septets += 1
            } else if Self.gsmExtension.contains(scalar) {
                septets += 2  // escape character plus the character
            } else {
                encoding = .ucs2
                units = text.utf16.count
                return
            }
        }
        encoding = .gsm7
        units = septets
    }

    // GSM 03.38 default alphabet and its extension table.
    private static let gsmBasic = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars)
    private static let gsmExtension = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}

import Crypto
import Foundation
import HeraldCore

/// The 32-byte key a backup's data files are sealed with (AES-256-GCM, a fresh nonce per file).
public struct BackupKey: Sendable {
    private let key: SymmetricKey
    /// Names the key in manifests and errors without revealing it.
    public let fingerprint: String

    /// Reads a key file: 32 bytes as they are, or written as 64 hexadecimal digits.
    public init(file path: String) throws {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw BackupFailure("cannot read the key file \(path)")
        }
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes: [UInt8]
        if contents.count == 32 {
            bytes = Array(contents)
        } else if text.count == 64, let decoded = Self.hex(text) {
            bytes = decoded
        } else {
            throw BackupFailure(
                "the key file \(path) must hold 32 bytes (or 64 hexadecimal digits); make one with `openssl rand -out \(path) 32`")
        }
        self.init(bytes: bytes)
    }

    init(bytes: [UInt8]) {
        key = SymmetricKey(data: bytes)
        fingerprint = String(SHA256.hash(data: bytes).hexadecimal.prefix(16))
    }

    /// The nonce, the sealed bytes and the tag; the file's name is authenticated with them, so
    /// files swapped between names do not open.
    func seal(_ data: Data, name: String) throws -> Data {
        try AES.GCM.seal(data, using: key, nonce: AES.GCM.Nonce(), authenticating: Data(name.utf8)).combined!
    }

    func open(_ data: Data, name: String) throws -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key, authenticating: Data(name.utf8))
        } catch {
            throw BackupFailure("\(name) does not open with this key: it was sealed with another key or has been changed")
        }
    }

    private static func hex(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

extension Digest {
    var hexadecimal: String { map { String(format: "%02x", $0) }.joined() }
}

import Crypto
import Foundation
import HeraldCore
import Testing

/// The audit log's canonical form, its secrets rule and the chain's verdicts, without a database.
@Suite struct AuditChainTests {
    static func sha256(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).hexadecimal }

    static let t0 = Date(timeIntervalSince1970: 1_772_352_000.25)  // 2026-03-01T08:00:00.250Z

    static func entry(_ sequence: Int64, previous: String, action: String = "updated", at: Date = t0) -> AuditEntry {
        AuditChain.sealed(
            AuditEntry(
                sequence: sequence, at: at.addingTimeInterval(Double(sequence)), actor: "user:li@example.com", role: "admin", client: "203.0.113.7",
                action: action, targetKind: "contact", targetID: "c\(sequence)", change: .none, detail: nil, previousHash: previous, hash: ""),
            digest: sha256)
    }

    /// A well-formed log of `count` entries.
    static func log(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for sequence in 1...Int64(count) {
            entries.append(entry(sequence, previous: entries.last?.hash ?? AuditChain.genesis))
        }
        return entries
    }

    @Test(arguments: [
        (JSONValue.object(["b": .integer(1), "a": .array([.bool(true), .null, .number(1.5)]), "é": .string("x"), "Z": .integer(-3)]),
         #"{"Z":-3,"a":[true,null,1.5],"b":1,"é":"x"}"#),
        (.string("quote \" back \\ slash / tab \t nl \n bell \u{07} 中文"), #""quote \" back \\ slash / tab \u0009 nl \u000a bell \u0007 中文""#),
        (.number(2.0), "2"),
        (.object([:]), "{}"),
    ])
    func canonicalJSONHasOneSpelling(_ value: JSONValue, _ expected: String) {
        #expect(CanonicalJSON.write(value) == expected)
    }

    @Test(arguments: [
        (Date(timeIntervalSince1970: 1_772_352_000.25), "2026-03-01T08:00:00.250Z"),
        (Date(timeIntervalSince1970: 0), "1970-01-01T00:00:00.000Z"),
        (Date(timeIntervalSince1970: 1_711_846_799.999), "2024-03-31T00:59:59.999Z"),
    ])
    func timesAreUTCWithMilliseconds(_ date: Date, _ expected: String) {
        #expect(AuditTime.write(date) == expected)
    }

    /// The hash an independent reader computes (here: Python's hashlib over the same line).
    @Test func anEntrysHashIsTheSHA256OfItsCanonicalForm() {
        let entry = AuditEntry(
            sequence: 1, at: Self.t0, actor: "user:li@example.com", role: "admin", client: "203.0.113.7", action: "updated",
            targetKind: "contact", targetID: "li", change: AuditChange(["name": .init(before: .string("Li"), after: .string("李伟"))]),
            detail: nil, previousHash: AuditChain.genesis, hash: "")
        #expect(
            entry.canonicalForm
                == #"{"action":"updated","actor":"user:li@example.com","at":"2026-03-01T08:00:00.250Z","change":{"name":{"after":"李伟","before":"Li"}},"client":"203.0.113.7","detail":null,"previous":"0000000000000000000000000000000000000000000000000000000000000000","role":"admin","seq":1,"target_id":"li","target_kind":"contact"}"#)
        #expect(AuditChain.sealed(entry, digest: Self.sha256).hash == "a08b963484d38d8d79f72ffd6f9cc68e483a0c7290531e241cc3236e085339d0")
    }

    @Test(arguments: [
        ("secret", true), ("secret_hash", true), ("password_hash", true), ("totp_secret", true), ("signing_secret", true),
        ("key", true), ("routing-key", true), ("name", false), ("secretary", false), ("email", false), ("role", false),
    ])
    func secretsAreKnownByTheirNamesWords(_ name: String, _ secret: Bool) {
        #expect(AuditChange.isSecret(name) == secret)
    }

    @Test func aChangeKeepsOnlyWhatChangedAndNeverASecretsValue() {
        let change = AuditChange.between(
            ["name": .string("ops"), "role": .string("viewer"), "secret_hash": .string("abc"), "kept": .integer(1)],
            ["name": .string("ops"), "role": .string("admin"), "secret_hash": .string("def"), "kept": .integer(1), "new": .bool(true)])
        #expect(
            change.fields == [
                "role": .init(before: .string("viewer"), after: .string("admin")),
                "secret_hash": .init(before: AuditChange.secretMarker, after: AuditChange.secretMarker),
                "new": .init(before: nil, after: .bool(true)),
            ])
        #expect(!CanonicalJSON.write(change.json).contains("abc") && !CanonicalJSON.write(change.json).contains("def"))
        let created = AuditChange.between(nil, ["password_hash": .string("$2b$12$x")])
        #expect(created.fields["password_hash"] == .init(before: nil, after: AuditChange.secretMarker))
        #expect(AuditChange(json: change.json) == change)
        let personal = AuditChange.between(["name": .string("李伟"), "id": .string("li")], ["name": .string("李雷"), "id": .string("li")], personal: true)
        #expect(personal.fields == ["name": .init(before: AuditChange.personalMarker, after: AuditChange.personalMarker)])
    }

    @Test func theNextEntryChainsToTheLast() {
        #expect(AuditChain.next(after: nil) == (1, AuditChain.genesis))
        #expect(AuditChain.next(after: (7, "ab")) == (8, "ab"))
    }

    enum Tamper: String, CaseIterable, Sendable {
        case none, editInPlace, editAndRehash, editAndRehashUnderCheckpoint, delete, deleteTail, insertCopy, insertFirst, editLink
    }

    /// Each way of tampering with a five-entry log, and the entry the verdict names.
    @Test(arguments: [
        (Tamper.none, nil),
        (.editInPlace, AuditFault.altered(sequence: 3)),
        (.editAndRehash, .unlinked(sequence: 4)),
        (.editAndRehashUnderCheckpoint, .contradictsCheckpoint(sequence: 5)),
        (.delete, .missing(sequence: 3)),
        (.deleteTail, .missing(sequence: 5)),
        (.insertCopy, .duplicate(sequence: 3, position: 3)),
        (.insertFirst, .duplicate(sequence: 3, position: 2)),
        (.editLink, .altered(sequence: 1)),
    ] as [(Tamper, AuditFault?)])
    func theVerdictNamesTheFirstEntryThatDoesNotFit(_ tamper: Tamper, _ expected: AuditFault?) {
        var entries = Self.log(5)
        let checkpoint = AuditCheckpoint(sequence: 5, hash: entries[4].hash, at: Self.t0, publicKey: "k", signature: "good")
        switch tamper {
        case .none: break
        case .editInPlace: entries[2].action = "deleted"
        case .editAndRehash:
            entries[2].actor = "user:someone@else"
            entries[2] = AuditChain.sealed(entries[2], digest: Self.sha256)
        case .editAndRehashUnderCheckpoint:
            // The last entry rewritten and resealed: nothing follows it, only the checkpoint knows.
            entries[4].detail = "nothing happened"
            entries[4] = AuditChain.sealed(entries[4], digest: Self.sha256)
        case .delete: entries.remove(at: 2)
        case .deleteTail: entries.removeLast()
        case .insertCopy:
            // A well-sealed entry claiming number 3, chained to 2, stored after the genuine 3.
            entries.insert(Self.entry(3, previous: entries[1].hash, action: "forged"), at: 3)
        case .insertFirst: entries.insert(Self.entry(3, previous: entries[1].hash, action: "forged"), at: 2)
        case .editLink: entries[0].previousHash = entries[1].hash
        }
        let verdict = AuditChain.verify(entries, checkpoints: [checkpoint], digest: Self.sha256) { $0.signature == "good" }
        #expect(verdict.first == expected, "\(verdict.faults)")
    }

    @Test func aCheckpointNotSignedByTheTrustedKeyIsNamed() {
        let entries = Self.log(3)
        let key = Curve25519.Signing.PrivateKey()
        let other = Curve25519.Signing.PrivateKey()
        func signed(_ sequence: Int64, by signer: Curve25519.Signing.PrivateKey) throws -> AuditCheckpoint {
            let message = AuditCheckpoint.signedMessage(sequence: sequence, hash: entries[Int(sequence) - 1].hash, at: Self.t0)
            return AuditCheckpoint(
                sequence: sequence, hash: entries[Int(sequence) - 1].hash, at: Self.t0, publicKey: signer.publicKey.rawRepresentation.hexadecimal,
                signature: try signer.signature(for: Data(message.utf8)).hexadecimal)
        }
        let trusted = { (checkpoint: AuditCheckpoint) -> Bool in
            guard let signature = [UInt8](hexadecimal: checkpoint.signature) else { return false }
            return key.publicKey.isValidSignature(Data(signature), for: Data(checkpoint.signedMessage.utf8))
        }
        let good = AuditChain.verify(entries, checkpoints: [try! signed(2, by: key)], digest: Self.sha256, trusted: trusted)
        #expect(good.faults.isEmpty)
        let forged = AuditChain.verify(entries, checkpoints: [try! signed(2, by: key), try! signed(3, by: other)], digest: Self.sha256, trusted: trusted)
        #expect(forged.faults == [.badSignature(checkpoint: 3, at: Self.t0)])
    }

    @Test func anExportFromTheMiddleTakesItsFirstLinkAsGiven() {
        let entries = Array(Self.log(5).dropFirst(2))
        let checkpoints = [AuditCheckpoint(sequence: 1, hash: "older", at: Self.t0, publicKey: "k", signature: "good")]
        #expect(AuditChain.verify(entries, checkpoints: checkpoints, startsAtGenesis: false, digest: Self.sha256) { _ in true }.faults.isEmpty)
        #expect(AuditChain.verify(entries, checkpoints: [], digest: Self.sha256) { _ in true }.first == .missing(sequence: 1))
    }
}

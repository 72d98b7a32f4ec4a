import Foundation

/// What does not fit in an audit log, named by the entry it concerns.
public enum AuditFault: Sendable, Equatable {
    /// The entry's content no longer gives its hash: it was edited in place.
    case altered(sequence: Int64)
    /// The entry is sealed but does not chain to the one before it: that one was rewritten with a new
    /// hash, or this one was put in its place.
    case unlinked(sequence: Int64)
    /// No entry has this sequence number though later ones do, or a checkpoint covers it: deleted.
    case missing(sequence: Int64)
    /// A second entry with this sequence number, at `position` in the order read: inserted.
    case duplicate(sequence: Int64, position: Int)
    /// A signed checkpoint says this entry had another hash: it was rewritten, hash and all.
    case contradictsCheckpoint(sequence: Int64)
    /// A checkpoint whose signature the trusted key does not verify: forged or signed with another key.
    case badSignature(checkpoint: Int64, at: Date)

    /// The sequence number of the entry (or checkpoint) named.
    public var sequence: Int64 {
        switch self {
        case .altered(let sequence), .unlinked(let sequence), .missing(let sequence), .duplicate(let sequence, _),
            .contradictsCheckpoint(let sequence):
            sequence
        case .badSignature(let checkpoint, _): checkpoint
        }
    }

    /// One line for an operator.
    public var description: String {
        switch self {
        case .altered(let sequence): "entry \(sequence) was edited: its content does not give its hash"
        case .unlinked(let sequence): "entry \(sequence) does not chain to entry \(sequence - 1): one of them was rewritten, or it was inserted"
        case .missing(let sequence): "entry \(sequence) is missing: it was deleted"
        case .duplicate(let sequence, _): "entry \(sequence) appears twice: one copy was inserted"
        case .contradictsCheckpoint(let sequence): "entry \(sequence) was rewritten: a signed checkpoint holds another hash for it"
        case .badSignature(let checkpoint, let at):
            "the checkpoint at entry \(checkpoint) (\(AuditTime.write(at))) is not signed by the trusted key"
        }
    }
}

/// What checking a log found.
public struct AuditVerdict: Sendable, Equatable {
    public var entries: Int
    public var checkpoints: Int
    /// Every fault found, the earliest first; the chain is walked up to its first break only.
    public var faults: [AuditFault]

    public var first: AuditFault? { faults.first }
}

/// The chain's rules: entry N holds the hash of entry N−1 (the first holds `genesis`), each entry's
/// hash is the SHA-256 of its canonical form, and every checkpoint is signed by the trusted key and
/// agrees with the entry it names.
public enum AuditChain {
    /// What the first entry chains to: 64 zeros.
    public static let genesis = String(repeating: "0", count: 64)

    /// The next entry's sequence number and the hash it chains to, after `last`.
    public static func next(after last: (sequence: Int64, hash: String)?) -> (sequence: Int64, previous: String) {
        guard let last else { return (1, genesis) }
        return (last.sequence + 1, last.hash)
    }

    /// Seals an entry: its hash from its canonical form.
    public static func sealed(_ entry: AuditEntry, digest: (String) -> String) -> AuditEntry {
        var sealed = entry
        sealed.hash = digest(entry.canonicalForm)
        return sealed
    }

    /// Checks `entries` (in the order read: by sequence, then as stored) and `checkpoints`.
    /// `digest` is lowercase hex SHA-256 of a string's UTF-8; `trusted` tells whether a checkpoint's
    /// signature is the trusted key's. A whole log starts at 1 and chains to `genesis`; an export
    /// from `--since` starts where it starts (`startsAtGenesis: false`), its first link taken as given.
    public static func verify(
        _ entries: [AuditEntry], checkpoints: [AuditCheckpoint], startsAtGenesis: Bool = true,
        digest: (String) -> String, trusted: (AuditCheckpoint) -> Bool
    ) -> AuditVerdict {
        var faults: [AuditFault] = []
        var expected: Int64 = startsAtGenesis ? 1 : (entries.first?.sequence ?? 1)
        var previous: String? = startsAtGenesis ? genesis : nil
        var hashes: [Int64: String] = [:]
        var index = 0
        walk: while index < entries.count {
            let sequence = entries[index].sequence
            var end = index
            while end < entries.count && entries[end].sequence == sequence { end += 1 }
            if sequence != expected {
                faults.append(sequence > expected ? .missing(sequence: expected) : .duplicate(sequence: sequence, position: index))
                break walk
            }
            let following = end < entries.count ? entries[end].previousHash : nil
            let copies = Array(index..<end)
            // Of several copies, the genuine one is sealed, chains to the one before, and is what the next chains to.
            func fits(_ position: Int) -> Bool {
                let entry = entries[position]
                return digest(entry.canonicalForm) == entry.hash && (previous == nil || entry.previousHash == previous)
            }
            let genuine = copies.first { fits($0) && (following == nil || entries[$0].hash == following) } ?? copies.first { fits($0) }
            if copies.count > 1 {
                let intruder = copies.first { $0 != genuine } ?? copies[1]
                faults.append(.duplicate(sequence: sequence, position: intruder))
                break walk
            }
            let entry = entries[index]
            if digest(entry.canonicalForm) != entry.hash {
                faults.append(.altered(sequence: sequence))
                break walk
            }
            if let previous, entry.previousHash != previous {
                faults.append(.unlinked(sequence: sequence))
                break walk
            }
            hashes[sequence] = entry.hash
            previous = entry.hash
            expected = sequence + 1
            index = end
        }
        let walkedTo = expected - 1
        let complete = faults.isEmpty
        for checkpoint in checkpoints {
            if !trusted(checkpoint) {
                faults.append(.badSignature(checkpoint: checkpoint.sequence, at: checkpoint.at))
                continue
            }
            guard checkpoint.sequence > 0 else { continue }
            if let hash = hashes[checkpoint.sequence] {
                if hash != checkpoint.hash { faults.append(.contradictsCheckpoint(sequence: checkpoint.sequence)) }
            } else if complete && checkpoint.sequence > walkedTo {
                // The log ends before what was signed: its tail was deleted.
                faults.append(.missing(sequence: walkedTo + 1))
            }
        }
        let ordered = faults.enumerated().sorted { ($0.element.sequence, $0.offset) < ($1.element.sequence, $1.offset) }.map(\.element)
        return AuditVerdict(entries: entries.count, checkpoints: checkpoints.count, faults: ordered)
    }
}

/// Why a backup, a drill or a restore stopped, in the words the operator reads.
public struct BackupFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

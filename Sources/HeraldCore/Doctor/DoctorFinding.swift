/// One thing `herald doctor` looked at: what it found and, when something is wrong, the fix.
public struct DoctorFinding: Sendable, Equatable {
    public enum Verdict: String, Sendable, Equatable, Comparable {
        case ok
        /// Works, but not as an operator would want (e.g. no public URL).
        case warning
        /// Herald will not work as configured until this is fixed.
        case problem

        public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
            [.ok, .warning, .problem].firstIndex(of: lhs)! < [.ok, .warning, .problem].firstIndex(of: rhs)!
        }
    }

    /// What was checked: `config`, `database`, `disk`, `clock`, `public_url`, `channels`.
    public var check: String
    public var verdict: Verdict
    /// What was found, in plain words.
    public var found: String
    /// What to do about it; nil when nothing needs doing.
    public var fix: String?

    public init(_ check: String, _ verdict: Verdict, _ found: String, fix: String? = nil) {
        self.check = check
        self.verdict = verdict
        self.found = found
        self.fix = fix
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open files (RLIMIT_NOFILE). Every connection is one, and the usual soft
/// limit of 1,024 is far below what the kernel allows (the hard limit), so `herald serve` raises it.
public enum FileDescriptorLimit {
    /// The soft limit now; nil when it cannot be read.
    public static func current() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return count(limit.rlim_cur)
    }

    /// A limit as a count; unlimited (RLIM_INFINITY) and huge limits count as Int32.max.
    static func count(_ limit: rlim_t) -> Int {
        Int(min(limit, rlim_t(Int32.max)))
    }

    /// Raises the soft limit to the hard limit and returns the limits before and after.
    @discardableResult
    public static func raiseToHard() -> (before: Int, after: Int)? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        let before = limit.rlim_cur
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            #if canImport(Darwin)
            // macOS refuses more than OPEN_MAX for the soft limit, whatever the hard limit says.
            limit.rlim_cur = min(limit.rlim_cur, rlim_t(OPEN_MAX))
            #endif
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        guard let after = current() else { return nil }
        return (count(before), after)
    }
}

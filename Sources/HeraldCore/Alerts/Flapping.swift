import Foundation

/// Keeps an alert that fires and clears over and over from paging each time.
///
/// An alert that has fired `threshold` times within `window` is flapping. When it clears, its
/// incident stays open until the alert has been quiet for `quiet`, so the next firing joins the same
/// incident instead of opening (and paging) a new one.
public struct FlapPolicy: Sendable, Equatable {
    public var threshold: Int
    public var window: TimeInterval
    public var quiet: TimeInterval

    public init(threshold: Int = 3, window: TimeInterval = 30 * 60, quiet: TimeInterval = 15 * 60) {
        self.threshold = threshold
        self.window = window
        self.quiet = quiet
    }

    /// Flap protection off: every clear resolves at once.
    public static let off = FlapPolicy(threshold: .max, window: 0, quiet: 0)

    /// Whether an alert that fired `firings` times in the window is flapping.
    public func isFlapping(firings: Int) -> Bool { firings >= threshold }
}

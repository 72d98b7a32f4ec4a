import Foundation

/// The right to erasure (PIPL art. 47, GDPR art. 17): when a contact is deleted, what the deliveries
/// sent to them keep. The rows stay, with their channel, state, attempts and costs, so counts, the
/// delivery report and the month's spending do not change; what identifies the person (the address,
/// the texts rendered for them, their name or address inside a provider's answer) is replaced.
public enum Erasure {
    /// What stands where personal data was.
    public static let marker = "erased"

    /// `text` with every occurrence of each personal value replaced by the marker; longer values
    /// first, so an address that contains the name is replaced whole.
    public static func redact(_ text: String?, removing personal: [String]) -> String? {
        guard var text else { return nil }
        for value in Set(personal).filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            text = text.replacingOccurrences(of: value, with: marker)
        }
        return text
    }

    /// A delivery of an erased contact: one still waiting is not sent to an address that is gone, it
    /// is withdrawn saying why (not a dead letter: there is nothing to retry); one settled keeps its state.
    public struct DeliveryChange: Sendable, Equatable {
        public var state: DeliveryState
        public var lastError: String?

        public init(state: DeliveryState, lastError: String?) {
            self.state = state
            self.lastError = lastError
        }
    }

    public static func delivery(state: DeliveryState, lastError: String?, removing personal: [String]) -> DeliveryChange {
        switch state {
        case .pending:
            DeliveryChange(state: .withdrawn, lastError: "not sent: the contact was deleted and their data erased")
        case .sent, .dead, .withdrawn:
            DeliveryChange(state: state, lastError: redact(lastError, removing: personal))
        }
    }

    /// What identifies a contact inside texts: their name and every address.
    public static func personalValues(of contact: Contact) -> [String] {
        [contact.name] + contact.addresses.values.sorted()
    }
}

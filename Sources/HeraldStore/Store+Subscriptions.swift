import Crypto
import Foundation
import HeraldCore
import SQLKit

extension Store {
    /// Records a pending subscription and queues its confirmation email in the same transaction, so
    /// a subscription is never stored without the email that confirms it. `confirmation` writes the
    /// email from the confirmation token.
    public func subscribe(
        _ subscription: Subscription, client: String, confirmation: @escaping @Sendable (_ confirmToken: String) -> NewDelivery
    ) async throws -> Subscription {
        let confirmToken = Self.newUnsubscribeToken()
        let manageToken = Self.newUnsubscribeToken()
        try await transaction { database in
            let now = self.timestamp()
            // Made from the public page: the address is personal data, masked in the log.
            try await Self.recordingChange(
                database, table: "subscriptions", id: subscription.id, kind: "subscription", detail: "\(subscription.kind.rawValue) from \(client)",
                personal: true, actor: "public", at: now
            ) {
                try await database.insert(into: "subscriptions")
                    .columns(
                        "id", "kind", "email", "webhook_url", "components_json", "language", "state", "confirm_token", "manage_token", "client",
                        "created_at")
                    .values(
                        SQLBind(subscription.id), SQLBind(subscription.kind.rawValue), SQLBind(subscription.email), SQLBind(subscription.webhookURL),
                        SQLBind(String(decoding: try JSONEncoder().encode(subscription.components), as: UTF8.self)),
                        SQLBind(subscription.language.rawValue), SQLBind(Subscription.State.pending.rawValue), SQLBind(confirmToken),
                        SQLBind(manageToken), SQLBind(client), SQLBind(Timestamp.milliseconds(subscription.createdAt)))
                    .run()
            }
            _ = try await Self.insert([confirmation(confirmToken)], into: database, at: now)
        }
        return subscription
    }

    /// What opening a confirmation link did.
    public enum ConfirmationOutcome: Sendable, Equatable {
        /// Confirmed now, or earlier: the subscription and its manage token.
        case confirmed(Subscription, manageToken: String)
        /// Still pending, and its link stopped working at `expiredAt` (`SubscriptionConfirmation`).
        case expired(Subscription, expiredAt: Date)
    }

    /// Confirms the subscription whose confirmation link this is, if the link is still in time
    /// (`SubscriptionConfirmation.decide`); nil for an unknown link. An email subscription becomes a
    /// contact following its components. Confirming twice changes nothing.
    public func confirmSubscription(
        token: String, lifetime: TimeInterval = SubscriptionConfirmation.lifetime
    ) async throws -> ConfirmationOutcome? {
        guard let row = try await read({ database in
            try await database.select().column("*").from("subscriptions").where("confirm_token", .equal, token).first()
        }) else { return nil }
        var subscription = try row.subscription()
        let manageToken = try row.text("manage_token")
        switch SubscriptionConfirmation.decide(subscription, now: now(), lifetime: lifetime) {
        case .unchanged: return .confirmed(subscription, manageToken: manageToken)
        case .expired(let expiredAt): return .expired(subscription, expiredAt: expiredAt)
        case .confirm: break
        }
        if subscription.kind == .email {
            // The contact first: after a crash in between, confirming again finds it pending and saves it again.
            let contact = Self.subscriberContact(subscription, consent: .granted, createdAt: now())
            try await saveContacts([contact])
            subscription.contactID = contact.id
        }
        let confirmedAt = timestamp()
        let (id, contactID) = (subscription.id, subscription.contactID)
        try await transaction { database in
            try await Self.recordingChange(
                database, table: "subscriptions", id: id, kind: "subscription", action: "confirmed", personal: true, actor: "subscriber", at: confirmedAt
            ) {
                try await database.update("subscriptions").set("state", to: SQLBind(Subscription.State.confirmed.rawValue))
                    .set("confirmed_at", to: SQLBind(confirmedAt)).set("contact_id", to: SQLBind(contactID))
                    .where("id", .equal, id).run()
            }
        }
        subscription.state = .confirmed
        subscription.confirmedAt = Timestamp.date(confirmedAt)
        return .confirmed(subscription, manageToken: manageToken)
    }

    /// The contact an email subscription becomes: one per address, so subscribing again updates it.
    static func subscriberContact(_ subscription: Subscription, consent: Consent, createdAt: Date) -> Contact {
        let id = "subscriber-" + String(SHA256.hash(data: Data(subscription.email.lowercased().utf8)).hexadecimal.prefix(20))
        return Contact(
            id: id, name: subscription.email, language: subscription.language, groups: ["subscribers"], addresses: [.email: subscription.email],
            subscriptions: subscription.components, consent: consent, createdAt: createdAt)
    }

    /// The subscription a manage link belongs to.
    public func subscription(manageToken token: String) async throws -> Subscription? {
        try await read { database in
            try await database.select().column("*").from("subscriptions").where("manage_token", .equal, token).first()?.subscription()
        }
    }

    /// Changes what a subscription follows and its language (its contact's too); nil for an unknown link.
    public func updateSubscription(manageToken token: String, components: [String], language: Language) async throws -> Subscription? {
        guard var subscription = try await subscription(manageToken: token), subscription.state != .unsubscribed else { return nil }
        subscription.components = components
        subscription.language = language
        if subscription.state == .confirmed, subscription.kind == .email {
            try await saveContacts([Self.subscriberContact(subscription, consent: .granted, createdAt: subscription.createdAt)])
        }
        let id = subscription.id
        try await transaction { database in
            try await Self.recordingChange(database, table: "subscriptions", id: id, kind: "subscription", personal: true, actor: "subscriber", at: self.timestamp()) {
                try await database.update("subscriptions")
                    .set("components_json", to: SQLBind(String(decoding: try JSONEncoder().encode(components), as: UTF8.self)))
                    .set("language", to: SQLBind(language.rawValue)).where("manage_token", .equal, token).run()
            }
        }
        return subscription
    }

    /// Ends a subscription: nothing more is sent to it, and its contact withdraws consent. `actor`
    /// is who the log names: the subscriber through their link, or nil for the operator at work.
    public func unsubscribeSubscription(manageToken token: String, actor: String? = "subscriber") async throws -> Subscription? {
        guard var subscription = try await subscription(manageToken: token) else { return nil }
        let (id, contactID) = (subscription.id, subscription.contactID)
        try await transaction { database in
            try await Self.recordingChange(
                database, table: "subscriptions", id: id, kind: "subscription", action: "unsubscribed", personal: true, actor: actor, at: self.timestamp()
            ) {
                try await database.update("subscriptions").set("state", to: SQLBind(Subscription.State.unsubscribed.rawValue))
                    .where("manage_token", .equal, token).run()
            }
            if let contact = contactID {
                try await database.update("contacts").set("consent", to: SQLBind(Consent.withdrawn.rawValue)).where("id", .equal, contact).run()
            }
        }
        subscription.state = .unsubscribed
        return subscription
    }

    /// Confirmed subscriptions of `kind`, with their manage tokens (for the links in what is sent).
    public func confirmedSubscriptions(kind: Subscription.Kind) async throws -> [(subscription: Subscription, manageToken: String)] {
        try await read { database in
            try await database.select().column("*").from("subscriptions").where("state", .equal, Subscription.State.confirmed.rawValue)
                .where("kind", .equal, kind.rawValue).orderBy("created_at").all().map { (try $0.subscription(), try $0.text("manage_token")) }
        }
    }

    public func subscriptions() async throws -> [Subscription] {
        try await read { database in
            try await database.select().column("*").from("subscriptions").orderBy("created_at", .descending).all().map { try $0.subscription() }
        }
    }
}

extension SQLRow {
    func subscription() throws -> Subscription {
        Subscription(
            id: try text("id"), kind: try enumeration("kind", as: Subscription.Kind.self), email: try text("email"),
            webhookURL: try optionalText("webhook_url"),
            components: try JSONDecoder().decode([String].self, from: Data(try text("components_json").utf8)),
            language: try enumeration("language", as: Language.self), state: try enumeration("state", as: Subscription.State.self),
            contactID: try optionalText("contact_id"), createdAt: try date("created_at"), confirmedAt: try optionalDate("confirmed_at"))
    }
}

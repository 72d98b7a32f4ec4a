import Foundation
import HTTPTypes
import HeraldChannels
import HeraldCore
import HeraldEngine
import Hummingbird

/// Twilio's status callbacks for messages and calls (the `status_callback` of `channels.sms` and
/// `channels.voice`), checked by their `X-Twilio-Signature` before anything is believed.
enum TwilioReceiptRoutes {
    static func add(to router: Router<HeraldRequestContext>, accounts: [TwilioAccount], receipts: DeliveryReceipts, maxBodyBytes: Int) {
        // Served always, so the path answers as documented (405 with Allow for another method); without
        // an account to check signatures against, nothing is believed.
        router.post("/receipts/twilio") { request, context -> Response in
            guard !accounts.isEmpty else {
                throw Problem(.notFound, detail: "no Twilio account has a status_callback, so Herald takes no receipts")
            }
            var request = request
            let fields = try FormFields.parse(try await request.collectBody(upTo: maxBodyBytes))
            let signature = request.headers[HTTPField.Name("X-Twilio-Signature")!] ?? ""
            guard accounts.contains(where: { $0.signed(fields, signature: signature) }) else {
                throw Problem(.forbidden, detail: "the X-Twilio-Signature does not match any configured Twilio account's status callback")
            }
            let (channel, sid, status): (ChannelKind, String?, String?) =
                fields["CallSid"] != nil
                ? (.voice, fields["CallSid"], fields["CallStatus"])
                : (.sms, fields["MessageSid"] ?? fields["SmsSid"], fields["MessageStatus"] ?? fields["SmsStatus"])
            guard let sid, let status else {
                throw Problem.invalid([FieldError("MessageSid", "a status callback names MessageSid and MessageStatus, or CallSid and CallStatus")])
            }
            let receipt = Receipt.twilio(status: status, errorCode: fields["ErrorCode"])
            _ = try await receipts.apply(channel: channel, providerID: sid, receipt: receipt)
            context.logger.debug("Twilio receipt", metadata: ["sid": "\(sid)", "status": "\(status)"])
            return Response(status: .noContent)
        }
    }
}

/// `application/x-www-form-urlencoded` bodies, read strictly (`FormEncoding`): a field that is not
/// UTF-8 is 400 naming it, and nothing of the request is used.
enum FormFields {
    /// The last value of each name.
    static func parse(_ body: ByteBuffer) throws -> [String: String] {
        Dictionary(try pairs(body), uniquingKeysWith: { _, last in last })
    }

    /// Every name and value in order, keeping repeated names (checkboxes).
    static func pairs(_ body: ByteBuffer) throws -> [(String, String)] {
        do {
            return try FormEncoding.pairs(body.readableBytesView)
        } catch {
            throw Problem.invalid(error.errors)
        }
    }
}

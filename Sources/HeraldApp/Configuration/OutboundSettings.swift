import HeraldCore

/// Reads the `outbound` section: `allow`, the internal ranges and hosts that contacts' webhooks and
/// IM webhook URLs (made by operators) may reach, and `subscriber_ports`, the ports public
/// subscribers' webhooks may use. Public subscriptions never reach what `allow` names.
func readOutbound(_ value: JSONValue, into parent: inout ObjectReader) -> OutboundPolicy {
    var section = ObjectReader(value, prefix: "outbound.")
    var errors: [FieldError] = []
    let entries: [String] = section.array("allow").enumerated().compactMap { index, value in
        if case .string(let text) = value { return text }
        errors.append(FieldError("outbound.allow[\(index)]", "must be an address range such as 10.1.0.0/16 or a host name"))
        return nil
    }
    var ports = OutboundPolicy.standardPorts
    if section.contains("subscriber_ports") {
        ports = []
        for (index, value) in section.array("subscriber_ports").enumerated() {
            if case .integer(let number) = value, (1...65535).contains(number) {
                ports.insert(Int(number))
            } else {
                errors.append(FieldError("outbound.subscriber_ports[\(index)]", "must be a port from 1 to 65535"))
            }
        }
        if ports.isEmpty, errors.isEmpty { errors.append(FieldError("outbound.subscriber_ports", "must name at least one port")) }
    }
    let policy = OutboundPolicy(allow: entries, subscriberPorts: ports, errors: &errors)
    section.add(errors)
    parent.add(section.errorsIncludingUnknown())
    return policy
}

/// Reads `server.trusted_proxies`: the addresses and ranges whose `Forwarded`/`X-Forwarded-For`
/// headers name the client.
func readTrustedProxies(_ section: inout ObjectReader) -> [AddressRange] {
    section.array("trusted_proxies").enumerated().compactMap { index, value in
        if case .string(let text) = value, let range = AddressRange(text) { return range }
        section.add([FieldError("server.trusted_proxies[\(index)]", "must be an address or range such as 10.0.0.0/8 or fd00::/8")])
        return nil
    }
}

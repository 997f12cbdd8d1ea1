import MinerRPC
import Testing

/// `MinerAddress(parsing:)`: the forms an operator writes, and the ones refused with what to write instead.
@Suite struct MinerAddressTests {
    /// 4028 in Arabic-Indic digits: digits to `Character.isNumber`, not to a port.
    static let arabicIndic4028 = "\u{664}\u{660}\u{662}\u{668}"

    /// Each accepted form gives its host and port (4028 when none is written) and keeps the text as given.
    @Test(arguments: [
        ("10.0.0.11", "10.0.0.11", 4028),
        ("10.0.0.11:4029", "10.0.0.11", 4029),
        ("10.0.0.11:65535", "10.0.0.11", 65535),
        ("10.0.0.11:00080", "10.0.0.11", 80),
        (" \tminer-07:80 ", "miner-07", 80),
        ("rack2_miner-07.site.example", "rack2_miner-07.site.example", 4028),
        ("[fd00::11]:4029", "fd00::11", 4029),
        ("[fd00::11]", "fd00::11", 4028),
        ("[fe80::1%eth0]:4029", "fe80::1%eth0", 4029),
        // Unbracketed IPv6, as before: the whole text is the host, on the default port.
        ("fd00::11", "fd00::11", 4028),
        ("::1", "::1", 4028),
        ("::ffff:10.0.0.11", "::ffff:10.0.0.11", 4028),
        ("fe80::1%eth0", "fe80::1%eth0", 4028),
    ])
    func acceptedForm(text: String, host: String, port: Int) throws {
        let address = try MinerAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.original == text)
    }

    /// Each refused form is refused with a reason that names what is wrong and ends with the form to write instead.
    @Test(arguments: [
        ("127.0.0.1:+4028", "port '+4028' is not a number of ASCII digits 0-9"),
        ("127.0.0.1:-4028", "port '-4028' is not a number of ASCII digits 0-9"),
        ("127.0.0.1: 4028", "port ' 4028' is not a number of ASCII digits 0-9"),
        ("127.0.0.1:0x0fbc", "port '0x0fbc' is not a number of ASCII digits 0-9"),
        ("127.0.0.1:\(arabicIndic4028)", "port '\(arabicIndic4028)' is not a number of ASCII digits 0-9"),
        ("127.0.0.1:65536", "port 65536 is outside 1-65535"),
        ("127.0.0.1:0", "port 0 is outside 1-65535"),
        ("127.0.0.1:99999999999999999999", "port 99999999999999999999 is outside 1-65535"),
        ("127.0.0.1:", "empty port after ':'"),
        ("http://127.0.0.1:4028", "'http://' is a URL scheme"),
        ("tcp://10.0.0.11", "'tcp://' is a URL scheme"),
        ("stratum+tcp://pool.example:3333", "'stratum+tcp://' is a URL scheme"),
        ("10.0.0.11:4028/", "an address has no '/'"),
        ("10.0.0.0/24", "an address has no '/'"),
        ("", "empty address"),
        (" \t", "empty address"),
        (":4028", "empty host"),
        ("[fd00::11", "unclosed '[' in IPv6 address"),
        ("[fd00::11]4028", "expected ':PORT' after ']'"),
        ("[10.0.0.11]:4028", "'10.0.0.11' between brackets is not an IPv6 address"),
        ("10.0.0.11:4028:1", "'10.0.0.11:4028:1' has several ':' but is not an IPv6 address"),
        ("miner 07", "'miner 07' is not a host name or IP address"),
        ("root@10.0.0.11", "'root@10.0.0.11' is not a host name or IP address"),
    ])
    func refusedForm(text: String, reason: String) {
        let error = #expect(throws: MinerAddressError.self) { try MinerAddress(parsing: text) }
        #expect(error?.reason.hasPrefix(reason) == true, "\(error?.reason ?? "accepted")")
        let advice = ["write HOST[:PORT], e.g. 10.0.0.11:4028", "write [IPv6]:PORT, e.g. [fd00::11]:4028"]
        #expect(advice.contains { error?.reason.contains($0) == true }, "\(error?.reason ?? "accepted")")
        #expect(error?.description.hasPrefix("invalid miner address '\(text)': ") == true)
    }
}

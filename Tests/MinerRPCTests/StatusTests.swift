import TestSupport
import Testing

@testable import MinerRPC

/// Both STATUS shapes, and E statuses surfaced as errors with Code and Msg.
@Suite struct StatusTests {
    @Test func cgminerArrayStatusIsRead() throws {
        let reply = try CGMinerDecoder.decode(
            command: "summary", bytes: try FixtureFiles.bytes("whatsminer-m30s-btminer", "summary.json"))
        #expect(reply.status.letter == "S")
        #expect(reply.status.code == 11)
        #expect(reply.status.message == "Summary")
        #expect(reply.section("SUMMARY").first?["Power"]?.doubleValue == 3230)
    }

    @Test func whatsminerStringStatusWithMsgObjectIsRead() throws {
        let reply = try CGMinerDecoder.decode(
            command: "status", bytes: try FixtureFiles.bytes("whatsminer-m31s-btminer", "status.sleeping.json"))
        #expect(reply.status.letter == "S")
        #expect(reply.status.code == 131)
        #expect(reply.status.message == nil)
        #expect(reply.section("Msg").count == 1)
        #expect(reply.status.description?.hasPrefix("whatsminer") == true)
    }

    @Test func missingCommandErrorCarriesCode24AndMessage() throws {
        let bytes = try FixtureFiles.bytes("whatsminer-m30s-btminer", "ERROR.cmd-form-pools+summary+edevs.json")
        #expect(
            throws: CGMinerError.firmwareStatus(
                command: "pools", letter: "E", code: 24, message: "Missing JSON 'command'")
        ) {
            try CGMinerDecoder.decode(command: "pools", bytes: bytes)
        }
    }

    @Test func accessDeniedErrorCarriesCode45() throws {
        let bytes = try FixtureFiles.bytes(
            "antminer-s9-bmminer", "issue-cryptoGlance-49.config.ERROR-access-denied.json")
        let error = #expect(throws: CGMinerError.self) { try CGMinerDecoder.decode(command: "config", bytes: bytes) }
        #expect(error?.firmwareCode == 45)
        #expect(error?.description.contains("Access denied") == true)
        #expect(error?.isUnreachable == false)
    }

    @Test func whatsminerStringErrorStatusIsThrown() {
        // SYNTHETIC: Whatsminer's string-shaped error.
        let bytes = Array(
            #"{"STATUS":"E","When":1700000000,"Code":132,"Msg":"can't access write cmd","Description":""}"#.utf8)
        #expect(
            throws: CGMinerError.firmwareStatus(
                command: "power_off", letter: "E", code: 132, message: "can't access write cmd")
        ) {
            try CGMinerDecoder.decode(command: "power_off", bytes: bytes)
        }
    }

    @Test func fatalStatusIsAnErrorToo() {
        // SYNTHETIC.
        let bytes = Array(#"{"STATUS":[{"STATUS":"F","Code":1,"Msg":"bug"}],"id":1}"#.utf8)
        #expect(throws: CGMinerError.firmwareStatus(command: "devs", letter: "F", code: 1, message: "bug")) {
            try CGMinerDecoder.decode(command: "devs", bytes: bytes)
        }
    }

    @Test func warningStatusIsAReplyNotAnError() throws {
        // SYNTHETIC.
        let bytes = Array(#"{"STATUS":[{"STATUS":"W","Code":99,"Msg":"No GPUs"}],"id":1}"#.utf8)
        let reply = try CGMinerDecoder.decode(command: "devs", bytes: bytes)
        #expect(reply.status.letter == "W")
        #expect(!reply.status.isError)
    }

    @Test func replyWithoutStatusHasAnEmptyLetter() throws {
        let bytes = try FixtureFiles.bytes("whatsminer-m31s-btminer", "privileged-reboot.response-encrypted.json")
        let reply = try CGMinerDecoder.decode(command: "reboot", bytes: bytes)
        #expect(reply.status.letter == "")
        #expect(reply.body["enc"]?.stringValue != nil)
    }
}

import Foundation
import NIOCore
import TestSupport
import Testing

@testable import MinerRPC

/// The client against SYNTHETIC good and misbehaving miners on 127.0.0.1, with a 1 s deadline: every call returns
/// within the deadline plus a margin, with the case that names what happened.
@Suite struct ClientTests {
    static let deadline = Duration.seconds(1)
    /// Slack for a loaded 2-core CI machine, where a finished request may wait for a free thread to resume on.
    /// Still far below what the misbehaving miners would cost without a deadline (a drip of 1 byte a second
    /// would take half an hour).
    static let margin = Duration.seconds(3)

    let client = CGMinerClient(timeout: ClientTests.deadline, maxReplyBytes: 256 * 1024)

    /// A recorded reply (corpus) the good miners send.
    static func summary() throws -> [UInt8] {
        try FixtureFiles.bytes("whatsminer-m30s-btminer", "summary.json")
    }

    /// Runs `send` and returns its error and how long it took.
    private func failure(
        _ behavior: TestMinerBehavior, client: CGMinerClient? = nil
    ) async throws -> (CGMinerError?, Duration) {
        let client = client ?? self.client
        let miner = try await TestMiner.start(behavior)
        let clock = ContinuousClock()
        let start = clock.now
        var caught: CGMinerError?
        do {
            _ = try await client.send("summary", to: miner.address)
        } catch {
            caught = error
        }
        let elapsed = clock.now - start
        await miner.stop()
        return (caught, elapsed)
    }

    @Test func goodMinerReplyWithNulIsRead() async throws {
        let miner = try await TestMiner.start(.reply(try Self.summary()))
        let reply = try await client.send("summary", to: miner.address)
        #expect(reply.section("SUMMARY").first?["Power"]?.doubleValue == 3230)
        #expect(miner.requests == [#"{"command":"summary"}"#])
        await miner.stop()
    }

    @Test func requestCarriesTheParameterOnlyWhenGiven() async throws {
        let miner = try await TestMiner.start(.reply(try Self.summary()))
        _ = try await client.send("ascset", parameter: #"0,softoff,1:"quoted""#, to: miner.address)
        #expect(miner.requests == [#"{"command":"ascset","parameter":"0,softoff,1:\"quoted\""}"#])
        await miner.stop()
    }

    @Test func replyWithNulIsFinishedWhileThePeerKeepsTheSocketOpen() async throws {
        let miner = try await TestMiner.start(.reply(try Self.summary(), nul: true, close: false))
        // Had the NUL not ended the reply, the 1 s deadline would have, and `send` would have thrown.
        let reply = try await client.send("summary", to: miner.address)
        #expect(reply.status.code == 11)
        await miner.stop()
    }

    @Test func replyWithoutNulEndsAtEOF() async throws {
        let miner = try await TestMiner.start(.reply(try Self.summary(), nul: false, close: true))
        let reply = try await client.send("summary", to: miner.address)
        #expect(reply.status.letter == "S")
        await miner.stop()
    }

    @Test func minerThatAcceptsThenHangsCostsOneDeadline() async throws {
        let (error, elapsed) = try await failure(.hang)
        #expect(error == .noReplyWithinDeadline(deadline: Self.deadline, receivedBytes: 0))
        #expect(error?.isUnreachable == true)
        #expect(elapsed >= .milliseconds(900) && elapsed < Self.deadline + Self.margin)
    }

    @Test func minerDrippingOneByteASecondIsCutAtTheDeadline() async throws {
        let (error, elapsed) = try await failure(.drip(try Self.summary(), interval: .seconds(1)))
        guard case .noReplyWithinDeadline(_, let received)? = error else {
            Issue.record("expected noReplyWithinDeadline, got \(String(describing: error))")
            return
        }
        #expect(received >= 1 && received <= 2)
        #expect(error?.isUnreachable == false)
        #expect(elapsed < Self.deadline + Self.margin)
    }

    @Test func garbageIsMalformed() async throws {
        // SYNTHETIC garbage.
        let (error, elapsed) = try await failure(.reply([0xDE, 0xAD, 0xBE, 0xEF, 0x7B, 0x01]))
        guard case .malformedJSON(0, _, _)? = error else {
            Issue.record("expected malformedJSON, got \(String(describing: error))")
            return
        }
        // Judged at once, not left to the deadline (which would have ended it as noReplyWithinDeadline).
        #expect(elapsed < Self.deadline + Self.margin)
    }

    @Test func halfAReplyThenCloseIsTruncated() async throws {
        let summary = try Self.summary()
        let (error, elapsed) = try await failure(.reply(Array(summary.prefix(summary.count / 2)), nul: false))
        guard case .truncatedReply(let count, _)? = error else {
            Issue.record("expected truncatedReply, got \(String(describing: error))")
            return
        }
        #expect(count == summary.count / 2)
        #expect(elapsed < Self.deadline + Self.margin)
    }

    /// The cap is the subject, not the deadline: 10 s to send 256 KiB (under the whole suite's load a 1 s deadline
    /// once ended the read at 30 KiB).
    @Test func endlessReplyIsCutAtTheSizeCap() async throws {
        let patient = CGMinerClient(timeout: .seconds(10), maxReplyBytes: 256 * 1024)
        let (error, elapsed) = try await failure(.endless, client: patient)
        #expect(error == .replyTooLarge(limit: 256 * 1024))
        #expect(elapsed < .seconds(10) + Self.margin)
    }

    @Test func resetIsReportedAsReset() async throws {
        let (error, elapsed) = try await failure(.reset)
        guard case .connectionReset? = error else {
            Issue.record("expected connectionReset, got \(String(describing: error))")
            return
        }
        #expect(elapsed < Self.deadline + Self.margin)
    }

    @Test func fullReplyWithoutNulOnAnOpenSocketIsCutAtTheDeadline() async throws {
        let summary = try Self.summary()
        let (error, elapsed) = try await failure(.reply(summary, nul: false, close: false))
        #expect(error == .noReplyWithinDeadline(deadline: Self.deadline, receivedBytes: summary.count))
        #expect(elapsed < Self.deadline + Self.margin)
    }

    @Test func closedPortIsConnectionRefused() async throws {
        let refusing = try RefusingPort()
        let address = MinerAddress(host: "127.0.0.1", port: refusing.port)
        let error = await #expect(throws: CGMinerError.self) { try await client.send("summary", to: address) }
        withExtendedLifetime(refusing) {}
        #expect(error == .connectionRefused)
        #expect(error?.isUnreachable == true)
    }

    @Test func closeWithoutAnyByteIsAnEmptyReply() async throws {
        let (error, _) = try await failure(.reply([], nul: false))
        #expect(error == .emptyReply)
    }

    @Test func firmwareErrorStatusOverTheWireCarriesCode() async throws {
        let (error, _) = try await failure(
            .reply(TestMiner.errorReply(code: 45, message: "Access denied to 'summary' command")))
        #expect(error?.firmwareCode == 45)
    }

    @Test func unresolvableHostIsADNSFailure() async {
        // A name with an empty label fails in the local resolver, without a network query.
        let address = MinerAddress(host: "miner..invalid")
        let error = await #expect(throws: CGMinerError.self) { try await client.send("summary", to: address) }
        guard case .dnsFailure(host: "miner..invalid", _)? = error else {
            Issue.record("expected dnsFailure, got \(String(describing: error))")
            return
        }
        #expect(error?.isUnreachable == true)
    }

    @Test func cancellationEndsTheRequestAtOnce() async throws {
        let miner = try await TestMiner.start(.hang)
        let slow = CGMinerClient(timeout: .seconds(30))
        let task = Task { try await slow.send("summary", to: miner.address) }
        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - start < .seconds(5))  // the deadline is 30 s
        #expect(throws: CGMinerError.cancelled) { try result.get() }
        await miner.stop()
    }
}

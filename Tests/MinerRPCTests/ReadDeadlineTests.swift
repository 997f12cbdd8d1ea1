import Foundation
import Testing

@testable import MinerRPC

/// The whole read's allowance is charged only while a connection of the read is open.
@Suite struct ReadDeadlineTests {
    /// Bounds from the time the connection was really open (a sleep on a loaded machine can overshoot).
    @Test func timeBetweenConnectionsIsNotCharged() async throws {
        let clock = ContinuousClock()
        let deadline = ReadDeadline(.seconds(1))
        let opened = clock.now
        _ = try #require(deadline.begin())
        try await Task.sleep(for: .milliseconds(100))
        deadline.end()
        let openFor = clock.now - opened
        // The agent decoding, or waiting for the CPU: not the miner's time.
        try await Task.sleep(for: .milliseconds(300))
        let left = deadline.remaining
        #expect(left < .milliseconds(905), "the open connection was charged: \(left)")
        #expect(left >= .seconds(1) - openFor, "time with no connection open was charged: \(left), open \(openFor)")
    }

    @Test func concurrentConnectionsAreChargedOnce() async throws {
        let clock = ContinuousClock()
        let deadline = ReadDeadline(.seconds(1))
        let opened = clock.now
        _ = try #require(deadline.begin())
        _ = try #require(deadline.begin())
        try await Task.sleep(for: .milliseconds(100))
        deadline.end()
        deadline.end()
        let openFor = clock.now - opened
        #expect(deadline.remaining >= .seconds(1) - openFor, "two connections at once cost their common time")
    }

    @Test func aSpentAllowanceOpensNothing() async throws {
        let deadline = ReadDeadline(.milliseconds(50))
        _ = try #require(deadline.begin())
        try await Task.sleep(for: .milliseconds(80))
        deadline.end()
        #expect(deadline.begin() == nil)
        #expect(deadline.remaining < .zero)
    }
}

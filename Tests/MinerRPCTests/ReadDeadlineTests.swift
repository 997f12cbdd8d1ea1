import Foundation
import Testing

@testable import MinerRPC

/// The whole read's allowance is charged only while a connection of the read is open.
@Suite struct ReadDeadlineTests {
    @Test func timeBetweenConnectionsIsNotCharged() throws {
        let deadline = ReadDeadline(.seconds(1))
        _ = try #require(deadline.begin())
        usleep(100_000)
        deadline.end()
        usleep(300_000)  // the agent decoding, or waiting for the CPU: not the miner's time
        let left = deadline.remaining
        #expect(left < .milliseconds(905) && left > .milliseconds(700), "\(left)")
    }

    @Test func concurrentConnectionsAreChargedOnce() throws {
        let deadline = ReadDeadline(.seconds(1))
        _ = try #require(deadline.begin())
        _ = try #require(deadline.begin())
        usleep(100_000)
        deadline.end()
        deadline.end()
        #expect(deadline.remaining > .milliseconds(700), "two connections at once cost their common time")
    }

    @Test func aSpentAllowanceOpensNothing() throws {
        let deadline = ReadDeadline(.milliseconds(50))
        _ = try #require(deadline.begin())
        usleep(80_000)
        deadline.end()
        #expect(deadline.begin() == nil)
        #expect(deadline.remaining < .zero)
    }
}

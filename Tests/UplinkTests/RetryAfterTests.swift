import Foundation
import Testing
import Uplink

@Suite struct RetryAfterTests {
    @Test func secondsAreTakenAsTheyAre() {
        #expect(RetryAfter.wait("120") == .seconds(120))
        #expect(RetryAfter.wait(" 0 ") == .zero)
    }

    @Test func anHTTPDateIsTheTimeUntilThen() {
        let now = Date(timeIntervalSince1970: 1_796_083_200)  // Tue, 01 Dec 2026 00:00:00 GMT
        #expect(RetryAfter.wait("Tue, 01 Dec 2026 00:01:30 GMT", now: now) == .seconds(90))
        #expect(RetryAfter.wait("Mon, 30 Nov 2026 23:00:00 GMT", now: now) == .zero)
    }

    @Test func aFarFutureIsCappedAndGarbageIgnored() {
        #expect(RetryAfter.wait("86400") == RetryAfter.longest)
        #expect(RetryAfter.wait("99999999999999999999999") == RetryAfter.longest)
        #expect(RetryAfter.wait("soon") == nil)
        #expect(RetryAfter.wait("-5") == nil)
        #expect(RetryAfter.wait(nil) == nil)
    }
}

@Suite struct DeliveryBackoffTests {
    @Test func waitsDoubleUpToTheLongestLessAtMostAFifth() {
        var backoff = DeliveryBackoff(first: .seconds(1), longest: .seconds(8))
        let expected: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8)]
        for bound in expected {
            let wait = backoff.next()
            #expect(wait <= bound && wait > bound * 0.8, "\(wait) for a bound of \(bound)")
        }
        #expect(backoff.failures == 6)
    }

    @Test func aLongerRetryAfterIsHonouredAndAShorterOneIsNot() {
        var backoff = DeliveryBackoff(first: .seconds(1), longest: .seconds(30))
        #expect(backoff.next(retryAfter: .seconds(20)) == .seconds(20))
        #expect(backoff.next(retryAfter: .milliseconds(1)) > .seconds(1))
    }

    @Test func aDeliveryStartsOver() {
        var backoff = DeliveryBackoff(first: .seconds(1), longest: .seconds(30))
        for _ in 0..<5 { _ = backoff.next() }
        backoff.reset()
        #expect(backoff.next() <= .seconds(1))
    }
}

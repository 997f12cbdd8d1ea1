import CGMinerJSON
import FleetCore

/// Why a cgminer request failed. Every case names what happened, for a person reading a reading's `error`.
///
/// Errors never carry request parameters (they may hold session ids or passwords), only command names.
public enum CGMinerError: Error, Sendable, Equatable {
    /// The host name did not resolve.
    case dnsFailure(host: String, reason: String)
    /// The miner's host answered the TCP connect with a refusal: nothing listens on the port (API disabled or down).
    case connectionRefused
    /// No TCP connection could be made within the deadline.
    case connectTimeout(after: Duration)
    /// The connect failed for another reason (host or network unreachable, ...).
    case connectFailed(reason: String)
    /// Connected, but the reply did not finish (NUL or close) within the deadline.
    case noReplyWithinDeadline(deadline: Duration, receivedBytes: Int)
    /// The reply grew past the size cap; it was cut there and the connection closed.
    case replyTooLarge(limit: Int)
    /// The peer reset the connection (RST) after sending this many bytes.
    case connectionReset(afterBytes: Int)
    /// Another socket error after connecting.
    case socketError(reason: String, afterBytes: Int)
    /// The miner closed the connection without sending anything.
    case emptyReply
    /// The miner answered, but with nothing: only the terminating NUL and/or whitespace (this many bytes), no JSON.
    case blankReply(byteCount: Int)
    /// The reply ends before its JSON value is complete; it is never guessed at.
    case truncatedReply(byteCount: Int, tail: String)
    /// The reply is not JSON even after the repair pass.
    case malformedJSON(position: Int, reason: String, excerpt: String)
    /// The firmware answered with an `E` (error) or `F` (fatal) STATUS.
    case firmwareStatus(command: String, letter: String, code: Int?, message: String)
    /// A joined reply has no section for this command.
    case missingSection(command: String)
    /// The request was cancelled before it finished.
    case cancelled
    /// Not asked: the whole read's deadline had passed (spent on the commands before it, or waiting for a socket).
    /// Counts as unreachable: the miner was not reached within the deadline.
    case readDeadlineSpent(deadline: Duration)

    /// True when the miner could not be reached at all or sent nothing (`unreachable` in a reading); false when it
    /// was reached and answered badly (`error`).
    public var isUnreachable: Bool {
        switch self {
        case .dnsFailure, .connectionRefused, .connectTimeout, .connectFailed, .emptyReply, .readDeadlineSpent:
            return true
        case .noReplyWithinDeadline(_, let received):
            return received == 0
        case .connectionReset(let after):
            return after == 0
        case .replyTooLarge, .socketError, .truncatedReply, .malformedJSON, .firmwareStatus, .missingSection,
            .cancelled, .blankReply:
            return false
        }
    }

    /// The firmware's status code, when the miner answered with an error status.
    public var firmwareCode: Int? {
        if case .firmwareStatus(_, _, let code, _) = self { return code }
        return nil
    }
}

extension CGMinerError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .dnsFailure(let host, let reason):
            return "DNS lookup of '\(host)' failed: \(reason)"
        case .connectionRefused:
            return "connection refused (nothing listens on the API port; is the miner's API enabled?)"
        case .connectTimeout(let after):
            return "could not connect within \(Self.seconds(after))"
        case .connectFailed(let reason):
            return "could not connect: \(reason)"
        case .noReplyWithinDeadline(let deadline, let received):
            return received == 0
                ? "no reply within \(Self.seconds(deadline)) (connected, nothing received)"
                : "reply not finished within \(Self.seconds(deadline)) (\(received) bytes received so far)"
        case .replyTooLarge(let limit):
            return "reply exceeded \(limit) bytes and was cut there"
        case .connectionReset(let after):
            return "connection reset by the miner after \(after) bytes"
        case .socketError(let reason, let after):
            return "socket error after \(after) bytes: \(reason)"
        case .emptyReply:
            return "empty reply (the miner closed the connection without sending anything)"
        case .blankReply(let count):
            let bytes = count == 1 ? "1 byte" : "\(count) bytes"
            return "blank reply (the miner answered with \(bytes) of NUL or whitespace and no JSON)"
        case .truncatedReply(let count, let tail):
            return "truncated reply: the JSON is incomplete after \(count) bytes (ends with '\(visible(tail))')"
        case .malformedJSON(let position, let reason, let excerpt):
            return "malformed JSON at byte \(position): \(reason) (near '\(visible(excerpt))')"
        case .firmwareStatus(let command, let letter, let code, let message):
            let codeText = code.map { " Code \($0)" } ?? ""
            return "miner answered '\(visible(command))' with STATUS \(visible(letter))\(codeText): \(visible(message))"
        case .missingSection(let command):
            return "the joined reply has no '\(command)' section"
        case .cancelled:
            return "request cancelled"
        case .readDeadlineSpent(let deadline):
            return "not asked: the read's \(Self.seconds(deadline)) deadline had passed"
        }
    }

    /// Text the miner sent, with control characters made visible (it ends up in terminals and logs).
    private func visible(_ text: String) -> String { VisibleText.escaping(text) }

    private static func seconds(_ d: Duration) -> String {
        let (s, atto) = d.components
        let ms = s * 1000 + atto / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
    }
}

extension CGMinerError {
    /// The reply's `byteCount` bytes could not be read as JSON: `emptyReply` (no bytes), `blankReply` (only NUL or
    /// whitespace), `truncatedReply` or `malformedJSON`.
    init(_ error: CGMinerJSONError, byteCount: Int) {
        switch error {
        case .empty: self = byteCount == 0 ? .emptyReply : .blankReply(byteCount: byteCount)
        case .truncated(let byteCount, let tail): self = .truncatedReply(byteCount: byteCount, tail: tail)
        case .malformed(let position, let reason, let excerpt):
            self = .malformedJSON(position: position, reason: reason, excerpt: excerpt)
        }
    }
}

import Foundation
import MinerRPC

/// One recorded miner: the replies of a fixture folder (`Fixtures/miners/<model>-<firmware>/`), ready to be served.
///
/// The folder's `fixture.json` says which recorded file answers which command:
/// `{"description": "...", "commands": {"stats": "stats.json"}, "joined": {"pools+summary+stats": "..."},
///   "errors": {"config": "..."}, "joins": true}`.
/// A command that was not recorded is answered as cgminer answers an unknown command (STATUS E, Code 14).
public struct FixtureMiner: Sendable {
    /// The folder name, e.g. `antminer-s19pro-bmminer`.
    public let name: String
    public let description: String
    /// Recorded replies by command, exact bytes as recorded (without the NUL the wire adds).
    public let replies: [String: [UInt8]]
    /// Recorded joined replies by the joined command as recorded (`pools+summary+stats`).
    public let joinedReplies: [String: [UInt8]]
    /// Whether the firmware answers joined commands at all.
    public let acceptsJoins: Bool
    /// The `Description` the firmware puts in its STATUS, used for replies it never recorded.
    public let statusDescription: String
    /// How the miner emulates its family's controls (the manifest's SYNTHETIC `controls` object); nil: none.
    public let controls: FixtureControls?
    /// Each section of the recorded joined replies, exact bytes, by command.
    let joinedSections: [String: ArraySlice<UInt8>]

    public init(
        name: String, description: String, replies: [String: [UInt8]], joinedReplies: [String: [UInt8]] = [:],
        acceptsJoins: Bool = true, statusDescription: String = "cgminer", controls: FixtureControls? = nil
    ) {
        self.controls = controls
        self.name = name
        self.description = description
        self.replies = replies
        self.joinedReplies = joinedReplies
        self.acceptsJoins = acceptsJoins
        self.statusDescription = statusDescription
        self.joinedSections = Self.sections(of: joinedReplies)
    }

    /// The same miner, emulating `controls` instead of its folder's.
    public func with(controls: FixtureControls?) -> FixtureMiner {
        FixtureMiner(
            name: name, description: description, replies: replies, joinedReplies: joinedReplies,
            acceptsJoins: acceptsJoins, statusDescription: statusDescription, controls: controls)
    }

    /// The same miner, refusing joined commands with Code 14 as firmware without joins does.
    public func refusingJoins() -> FixtureMiner {
        FixtureMiner(
            name: name, description: description, replies: replies, joinedReplies: joinedReplies, acceptsJoins: false,
            statusDescription: statusDescription, controls: controls)
    }

    /// Loads a fixture folder. Errors name the folder and the file that is wrong.
    public init(folder: String) throws(FixtureError) {
        let url = URL(fileURLWithPath: folder, isDirectory: true)
        let name = url.standardizedFileURL.lastPathComponent
        let manifestPath = url.appendingPathComponent("fixture.json").path
        guard let manifestData = FileManager.default.contents(atPath: manifestPath) else {
            throw FixtureError(path: manifestPath, reason: "missing or unreadable fixture manifest")
        }
        let manifest: FixtureManifest
        do {
            manifest = try JSONDecoder().decode(FixtureManifest.self, from: manifestData)
        } catch {
            throw FixtureError(path: manifestPath, reason: "malformed manifest: \(error)")
        }
        func load(_ file: String) throws(FixtureError) -> [UInt8] {
            let path = url.appendingPathComponent(file).path
            guard !file.contains("/"), let data = FileManager.default.contents(atPath: path) else {
                throw FixtureError(path: path, reason: "recorded reply named in fixture.json is missing")
            }
            return Array(data)
        }
        var replies: [String: [UInt8]] = [:]
        for (command, file) in (manifest.commands ?? [:]).merging(
            manifest.errors ?? [:], uniquingKeysWith: { a, _ in a })
        {
            replies[command] = try load(file)
        }
        var joined: [String: [UInt8]] = [:]
        for (command, file) in manifest.joined ?? [:] {
            joined[command] = try load(file)
        }
        self.init(
            name: name, description: manifest.description ?? name, replies: replies, joinedReplies: joined,
            acceptsJoins: manifest.joins ?? true,
            statusDescription: FixtureMiner.recordedDescription(replies: replies, joined: joined) ?? "cgminer",
            controls: manifest.controls)
    }

    /// The reply bytes for one request (without the NUL), as the recorded firmware would answer it.
    public func reply(to command: String, now: Int = Int(Date().timeIntervalSince1970)) -> [UInt8] {
        if let recorded = replies[command] ?? joinedReplies[command] { return recorded }
        guard command.contains("+"), acceptsJoins else {
            return errorReply(code: 14, message: "Invalid command", now: now)
        }
        // cgminer's joined form: each distinct sub-command's complete reply wrapped in a one-element array. A section
        // recorded only inside a joined reply is answered with its recorded bytes.
        var seen = Set<String>()
        var out = Array("{".utf8)
        for sub in command.split(separator: "+").map(String.init) where seen.insert(sub).inserted {
            if seen.count > 1 { out.append(UInt8(ascii: ",")) }
            out += Array("\"\(sub)\":".utf8)
            if let single = replies[sub] {
                out.append(UInt8(ascii: "["))
                out += trimmedTrailingWhitespace(single)
                out.append(UInt8(ascii: "]"))
            } else if let section = joinedSections[sub] {
                out += section
            } else {
                out.append(UInt8(ascii: "["))
                out += errorReply(code: 14, message: "Invalid command", now: now)
                out.append(UInt8(ascii: "]"))
            }
        }
        out += Array(",\"id\":1}".utf8)
        return out
    }

    /// Sections of the recorded joined replies, by command.
    static func sections(of joinedReplies: [String: [UInt8]]) -> [String: ArraySlice<UInt8>] {
        var sections: [String: ArraySlice<UInt8>] = [:]
        for (_, bytes) in joinedReplies.sorted(by: { $0.key < $1.key }) {
            for (key, value) in JoinedReplySections.split(bytes) ?? [:] where key != "id" && sections[key] == nil {
                sections[key] = value
            }
        }
        return sections
    }

    /// cgminer's error reply (`STATUS E`) with this firmware's `Description`: Code 14 "Invalid command" for a command
    /// it does not know, Code 23 "Invalid JSON" for a request it cannot read.
    public func errorReply(code: Int, message: String, now: Int) -> [UInt8] {
        Array(
            ("{\"STATUS\":[{\"STATUS\":\"E\",\"When\":\(now),\"Code\":\(code),\"Msg\":\(JSONText.quoted(message)),"
                + "\"Description\":\(JSONText.quoted(statusDescription))}],\"id\":1}").utf8)
    }

    private func trimmedTrailingWhitespace(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var end = bytes.endIndex
        while end > bytes.startIndex, [0x20, 0x0A, 0x0D, 0x09, 0x00].contains(bytes[end - 1]) { end -= 1 }
        return bytes[bytes.startIndex..<end]
    }

    /// The STATUS `Description` of the recorded replies, as the decoder reads it: `version`'s first, then the other
    /// commands' and the joined replies' in name order (the same answer on every run).
    static func recordedDescription(replies: [String: [UInt8]], joined: [String: [UInt8]]) -> String? {
        let others = replies.keys.filter { $0 != "version" }.sorted()
        for command in (replies["version"] == nil ? [] : ["version"]) + others {
            if let bytes = replies[command],
                let text = (try? CGMinerDecoder.decode(command: command, bytes: bytes))?
                    .status.description
            {
                return text
            }
        }
        for (name, bytes) in joined.sorted(by: { $0.key < $1.key }) {
            let results = CGMinerDecoder.decodeJoined(
                commands: name.split(separator: "+").map(String.init), bytes: bytes)
            for (_, result) in results.sorted(by: { $0.key < $1.key }) {
                if let text = (try? result.get())?.status.description { return text }
            }
        }
        return nil
    }
}

/// A fixture folder's `fixture.json`: which recorded file answers which command (read by `FixtureMiner`, written by
/// `fleet-agent fixtures record`).
public struct FixtureManifest: Codable, Sendable {
    public var description: String?
    public var commands: [String: String]?
    public var joined: [String: String]?
    public var errors: [String: String]?
    public var joins: Bool?
    /// How a served copy emulates the family's controls (SYNTHETIC); nil: it scales its reports only.
    public var controls: FixtureControls?

    public init(
        description: String?, commands: [String: String]?, joined: [String: String]? = nil,
        errors: [String: String]?, joins: Bool?, controls: FixtureControls? = nil
    ) {
        self.controls = controls
        self.description = description
        self.commands = commands
        self.joined = joined
        self.errors = errors
        self.joins = joins
    }
}

/// A fixture folder that cannot be served, with the file at fault.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

import MinerRPC
import Testing

/// `MinerList.parse`: one address a line, comments and blank lines skipped, errors naming the file and line.
@Suite struct MinerListTests {
    @Test func commentsBlankLinesAndSpacesAreSkipped() throws {
        let text = """
            # rack 2
            10.0.0.11:4028

              10.0.0.12   # spare PSU
            \t[fd00::13]:4029\t
            #10.0.0.14
            """
        let addresses = try MinerList.parse(text, file: "miners.txt")
        #expect(addresses.map(\.original) == ["10.0.0.11:4028", "10.0.0.12", "[fd00::13]:4029"])
        #expect(addresses.map(\.port) == [4028, 4028, 4029])
    }

    @Test func windowsLineEndsReadTheSame() throws {
        let addresses = try MinerList.parse("10.0.0.11\r\n# note\r\n10.0.0.12:4029\r\n", file: "miners.txt")
        #expect(addresses.map(\.original) == ["10.0.0.11", "10.0.0.12:4029"])
    }

    @Test func aFileWithOnlyCommentsListsNoMiner() throws {
        #expect(try MinerList.parse("# none yet\n\n", file: "miners.txt").isEmpty)
    }

    /// The first bad line stops the parse; the error counts lines from 1, blank and comment lines included.
    @Test func badLineIsNamedByFileAndLine() {
        let text = "# rack 2\n10.0.0.11\n\nhttp://10.0.0.12:4028  # from the web UI\n10.0.0.13:+1\n"
        let error = #expect(throws: MinerListError.self) { try MinerList.parse(text, file: "miners.txt") }
        #expect(error?.line == 4)
        #expect(
            error?.description.hasPrefix(
                "miners.txt:4: invalid miner address 'http://10.0.0.12:4028': 'http://' is a URL scheme") == true,
            "\(error.map(String.init(describing:)) ?? "accepted")")
    }
}

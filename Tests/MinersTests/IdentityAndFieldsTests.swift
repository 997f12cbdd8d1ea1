import MinerRPC
import Testing

@testable import Miners

/// The shared identity text used in detection, and the Avalon field scanner's two paths (bytes, Unicode scalars).
@Suite struct IdentityAndFieldsTests {
    @Test func identityMadeForDetectionFollowsLaterChangesToTheReplies() throws {
        let miner = try FixtureMinerReplies("avalon-1047-cgminer")
        var replies = miner.read(["version", "summary", "stats", "pools"]).withIdentityText()
        #expect(replies.identityContains("CGMINER 4.11.1"))
        replies.results = [:]
        #expect(!replies.identityContains("CGMINER 4.11.1"))
        #expect(replies.identityCache == nil)
    }

    @Test func identityMatchesAnyNeedleAsBytes() throws {
        let replies = try FixtureMinerReplies("whatsminer-m3-cgminer").read(["summary", "stats"]).withIdentityText()
        #expect(replies.identityContains("NOT-THERE", "CGMINER 4.9.2"))
        #expect(!replies.identityContains("NOT-THERE", "CGMINER 4.9.3"))
    }

    @Test func bracketFieldsOfNonASCIITextUseUnicodeWordCharacters() {
        // SYNTHETIC: a name with a letter outside ASCII, and a sign that is not a word character.
        let f = BracketFields("Température[31] °[x] Ver[é-1]")
        #expect(f["Température"] == "31")
        #expect(f["Ver"] == "é-1")
        #expect(f.values.count == 2)
    }

    @Test func bracketNumbersIgnoreSpacesOnlyWhereThereAreSome() {
        // SYNTHETIC values with and without spaces.
        let f = BracketFields("A[ 12 ] B[3.5] C[] D[1 2]")
        #expect(f.number("A") == 12)
        #expect(f.number("B") == 3.5)
        #expect(f.number("C") == nil)
        #expect(f.number("D") == 12)
    }
}

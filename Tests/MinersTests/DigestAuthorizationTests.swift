import Testing

@testable import Miners

/// The digest header against the RFCs' worked examples.
@Suite struct DigestAuthorizationTests {
    /// RFC 7616 §3.9.1, the MD5 example: response 8ca523f5e9506fed4657c9700eebdbec.
    @Test func md5ResponseMatchesRFC7616Example() {
        let challenge = DigestChallenge(
            realm: "http-auth@example.org", nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", algorithm: "MD5", offersAuthQOP: true)
        let authorization = DigestAuthorization(
            user: "Mufasa", challenge: challenge, method: "GET", uri: "/dir/index.html",
            cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
        #expect(authorization.response(password: "Circle of Life") == "8ca523f5e9506fed4657c9700eebdbec")
    }

    /// RFC 2617 §3.5: response 6629fae49393a05397450978507c4ef1, read from the challenge text as the server sent it.
    @Test func md5ResponseMatchesRFC2617ExampleFromTheChallengeHeader() throws {
        let challenge = try #require(
            DigestChallenge(
                header: #"Digest realm="testrealm@host.com", qop="auth,auth-int", "#
                    + #"nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#))
        let authorization = DigestAuthorization(
            user: "Mufasa", challenge: challenge, method: "GET", uri: "/dir/index.html", cnonce: "0a4f113b")
        let header = try #require(authorization.header(password: "Circle Of Life"))
        #expect(header.contains(#"response="6629fae49393a05397450978507c4ef1""#))
        #expect(header.contains("qop=auth, nc=00000001"))
        #expect(header.contains(#"opaque="5ccc069c403ebaf9f0171e9517f40e41""#))
        #expect(!header.contains("Circle Of Life"))
    }

    @Test func basicChallengeIsNotADigestChallenge() {
        #expect(DigestChallenge(header: #"Basic realm="antMiner Configuration""#) == nil)
    }
}

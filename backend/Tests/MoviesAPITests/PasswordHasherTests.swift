import Testing

@testable import MoviesAPI

@Suite struct PasswordHasherTests {
    @Test func productionHashIsBcrypt2bCost12() throws {
        let hash = try PasswordHasher().hash("correct horse battery")
        #expect(hash.hasPrefix("$2b$12$"))
        #expect(hash.count == 60)
        #expect(PasswordHasher().verify("correct horse battery", against: hash))
        #expect(!PasswordHasher().verify("correct horse batterx", against: hash))
    }

    @Test func saltsDiffer() throws {
        let hasher = PasswordHasher(cost: 4)
        #expect(try hasher.hash("password1") != hasher.hash("password1"))
    }

    @Test func malformedHashesNeverVerify() {
        let hasher = PasswordHasher(cost: 4)
        #expect(!hasher.verify("password1", against: ""))
        #expect(!hasher.verify("password1", against: "plain"))
        #expect(!hasher.verify("password1", against: "$2b$04$short"))
    }

    @Test func dummyHashIsValidAndMatchesNothingUsed() {
        #expect(PasswordHasher.crypt("x", setting: PasswordHasher.dummyHash) != nil)
        #expect(!PasswordHasher().verify("password1", against: PasswordHasher.dummyHash))
    }
}

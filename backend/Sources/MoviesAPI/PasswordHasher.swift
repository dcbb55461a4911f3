import CCrypt

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// bcrypt `$2b$` through libxcrypt (`crypt_r`, `crypt_gensalt_rn`), compatible with passlib and Python's bcrypt.
public struct PasswordHasher: Sendable {
    /// The bcrypt cost (log2 rounds); 12 in production.
    public var cost: Int

    /// A valid cost-12 hash of a password no one uses, so an unknown user costs a full bcrypt run too.
    public static let dummyHash = "$2b$12$WVsmHylf8AVAsbThYY6et.9Qy15cGtIndxXM/UJmaUPeiTJGvBOAW"

    /// Creates a hasher; `cost` is clamped to bcrypt's 4…31.
    public init(cost: Int = 12) {
        self.cost = min(max(cost, 4), 31)
    }

    /// Hashes a password with a fresh random salt (from the OS) as `$2b$<cost>$…`.
    public func hash(_ password: String) throws -> String {
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let made = crypt_gensalt_rn("$2b$", UInt(cost), nil, 0, &setting, Int32(setting.count))
        guard made != nil else {
            throw StoreError(.backend, "crypt_gensalt_rn failed (errno \(errno))")
        }
        let settingString = setting.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard let hashed = Self.crypt(password, setting: settingString) else {
            throw StoreError(.backend, "crypt_r failed")
        }
        return hashed
    }

    /// Whether the password matches the hash; runs the full bcrypt even when the hash is malformed.
    public func verify(_ password: String, against hash: String) -> Bool {
        let wellFormed = hash.hasPrefix("$2b$") || hash.hasPrefix("$2a$") || hash.hasPrefix("$2y$")
        let setting = wellFormed ? hash : Self.dummyHash
        guard let computed = Self.crypt(password, setting: setting) else { return false }
        return Self.constantTimeEquals(Array(computed.utf8), Array(hash.utf8)) && wellFormed
    }

    /// Runs `crypt_r`; nil when libxcrypt signals failure (a result starting with `*`).
    static func crypt(_ password: String, setting: String) -> String? {
        guard !password.utf8.contains(0) else { return nil }
        // crypt_data is about 32 KiB: keep it off the stack, zeroed as libxcrypt asks.
        guard let raw = calloc(1, MemoryLayout<crypt_data>.size) else { return nil }
        defer {
            memset(raw, 0, MemoryLayout<crypt_data>.size)
            free(raw)
        }
        let data = raw.assumingMemoryBound(to: crypt_data.self)
        guard let output = crypt_r(password, setting, data) else { return nil }
        let result = String(cString: output)
        return result.hasPrefix("*") ? nil : result
    }

    /// Compares two byte strings in time that depends on their lengths only.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

import Foundation
import HoistAWS

/// Random secret values from the operating system's CSPRNG.
public enum SecretGenerator {
    /// `bytes` random bytes, base64url without padding.
    public static func randomValue(bytes: Int) -> SecretValue {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<max(32, bytes)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(raw).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return SecretValue(text)
    }
}

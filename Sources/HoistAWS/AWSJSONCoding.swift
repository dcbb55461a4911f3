import Foundation

/// JSON coders for AWS shapes: Swift's lowerCamelCase properties map to the services' PascalCase members.
///
/// Encoding capitalises the first letter. Decoding lowercases a leading run of capitals (`ARN` → `arn`,
/// `KMSKeyId` → `kmsKeyId`, `FunctionName` → `functionName`). Dictionary keys (tags, environment variables)
/// pass through unchanged.
public enum AWSJSONCoding {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) {
            self.stringValue = String(intValue)
            self.intValue = intValue
        }
    }

    /// The member name AWS uses for a Swift property name.
    public static func awsName(_ swiftName: String) -> String {
        guard let first = swiftName.first else { return swiftName }
        return first.uppercased() + swiftName.dropFirst()
    }

    /// The Swift property name for an AWS member name.
    public static func swiftName(_ awsName: String) -> String {
        let characters = Array(awsName)
        var leading = 0
        while leading < characters.count, characters[leading].isUppercase { leading += 1 }
        if leading == 0 { return awsName }
        if leading == characters.count { return awsName.lowercased() }
        // Keep the last capital of a run when it starts the next word: KMSKeyId → kmsKeyId.
        let lowered = leading > 1 && characters[leading].isLowercase ? leading - 1 : leading
        return String(characters[..<lowered]).lowercased() + String(characters[lowered...])
    }

    /// An encoder for PascalCase services (Lambda, DynamoDB, Secrets Manager, Logs).
    public static func pascalCaseEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in Key(stringValue: awsName(path.last!.stringValue)) }
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    /// A decoder for PascalCase services.
    public static func pascalCaseDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in Key(stringValue: swiftName(path.last!.stringValue)) }
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    /// An encoder for camelCase services (API Gateway v2).
    public static func camelCaseEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// A decoder for camelCase services.
    public static func camelCaseDecoder() -> JSONDecoder { JSONDecoder() }
}

/// An empty input or output shape.
public struct AWSEmpty: Codable, Sendable, Equatable {
    /// Creates an empty shape.
    public init() {}
}

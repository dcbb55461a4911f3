import Foundation

/// The AWS shared files: `~/.aws/credentials` (`[name]` sections) and `~/.aws/config` (`[profile name]`,
/// `[default]`), merged per profile with the credentials file winning.
public struct SharedConfig: Sendable, Equatable {
    /// Settings per profile name.
    public var profiles: [String: [String: String]]
    /// The files that were read, for messages.
    public var sources: [String]

    /// Creates a config from parsed profiles.
    public init(profiles: [String: [String: String]] = [:], sources: [String] = []) {
        self.profiles = profiles
        self.sources = sources
    }

    /// The settings of one profile.
    public func profile(_ name: String) -> [String: String]? { profiles[name] }

    /// Parses the two files' texts (either may be absent).
    public static func parse(credentials: String?, config: String?) -> SharedConfig {
        var profiles: [String: [String: String]] = [:]
        for (name, values) in parseINI(config ?? "", isConfigFile: true) {
            profiles[name, default: [:]].merge(values) { _, new in new }
        }
        for (name, values) in parseINI(credentials ?? "", isConfigFile: false) {
            profiles[name, default: [:]].merge(values) { _, new in new }
        }
        return SharedConfig(profiles: profiles)
    }

    /// Reads the files the environment names (`AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE`, else `~/.aws/`).
    public static func load(environment: AWSEnvironment) -> SharedConfig {
        let home = environment.variables["HOME"] ?? NSHomeDirectory()
        let credentialsPath = environment.variables["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials"
        let configPath = environment.variables["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config"
        let credentials = try? String(contentsOfFile: expandTilde(credentialsPath, home: home), encoding: .utf8)
        let config = try? String(contentsOfFile: expandTilde(configPath, home: home), encoding: .utf8)
        var parsed = parse(credentials: credentials, config: config)
        parsed.sources = [credentials == nil ? nil : credentialsPath, config == nil ? nil : configPath].compactMap {
            $0
        }
        return parsed
    }

    static func expandTilde(_ path: String, home: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    /// INI as the AWS CLI reads it: `#`/`;` comments, `key = value`, indented lines continue a nested block
    /// (kept as `parent.key`), `[profile x]` in the config file.
    static func parseINI(_ text: String, isConfigFile: Bool) -> [(String, [String: String])] {
        var result: [(String, [String: String])] = []
        var current: String?
        var values: [String: String] = [:]
        var parentKey: String?
        func flush() {
            if let current { result.append((current, values)) }
            values = [:]
            parentKey = nil
        }
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            // A comment may follow the closing bracket: `[profile dev] # the dev account`.
            if trimmed.hasPrefix("["), let close = trimmed.lastIndex(of: "]") {
                flush()
                var name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
                    .trimmingCharacters(in: .whitespaces)
                if isConfigFile {
                    if name.hasPrefix("profile ") {
                        name = String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces)
                    } else if name != "default" {
                        current = nil  // [sso-session x], [services x]: not profiles
                        continue
                    }
                }
                current = name
                continue
            }
            guard current != nil, let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") ?? value.range(of: " ;") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            let indented = line.first == " " || line.first == "\t"
            if indented, let parentKey {
                values["\(parentKey).\(key)"] = value
            } else if value.isEmpty {
                parentKey = key
            } else {
                parentKey = nil
                values[key] = value
            }
        }
        flush()
        return result
    }
}

import Foundation

/// The address of the container credential endpoint, checked by the rules the AWS SDKs apply.
///
/// Why: the endpoint receives `AWS_CONTAINER_AUTHORIZATION_TOKEN`, so a variable that points elsewhere would hand
/// the token (and the request for credentials) to another host. `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` must be a
/// path (so `@evil.example/` cannot turn `http://169.254.170.2` into a user name); `AWS_CONTAINER_CREDENTIALS_FULL_URI`
/// may be any `https` URL, but plain `http` only to a loopback address or to the ECS / EKS Pod Identity agents
/// (169.254.170.2, 169.254.170.23, fd00:ec2::23), as botocore and the other SDKs allow.
public enum ContainerCredentialURI {
    /// The ECS agent's address, to which a relative URI is appended.
    public static let ecsHost = "169.254.170.2"
    /// The hosts plain `http` may reach besides loopback addresses.
    public static let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"]

    /// The URL to fetch, nil when neither variable is set.
    /// - Throws: ``CredentialError`` `.untrustedEndpoint` naming the variable, when the URI breaks the rules.
    public static func resolve(_ variables: [String: String]) throws -> String? {
        if let relative = variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            let url = "http://\(ecsHost)" + relative
            guard relative.hasPrefix("/"), host(of: url, scheme: "http") == ecsHost else {
                throw refusal(
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                    "must be a path starting with '/' (it is appended to http://\(ecsHost))")
            }
            return url
        }
        guard let full = variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else { return nil }
        if host(of: full, scheme: "https") != nil { return full }
        guard let host = host(of: full, scheme: "http") else {
            throw refusal("AWS_CONTAINER_CREDENTIALS_FULL_URI", "must be an http:// or https:// URL with a host")
        }
        guard isLoopback(host) || allowedHTTPHosts.contains(host) else {
            throw refusal(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "may use plain http only to a loopback address or to "
                    + "169.254.170.2, 169.254.170.23 or fd00:ec2::23; use https for host \(host)")
        }
        return full
    }

    /// The host of `url` (lowercased, IPv6 without brackets) when its scheme is `scheme`, else nil.
    static func host(of url: String, scheme: String) -> String? {
        guard let components = URLComponents(string: url), components.scheme?.lowercased() == scheme,
            var host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.removingPercentEncoding ?? host
    }

    /// Whether `host` is an address in 127.0.0.0/8 or `::1`, in their strict numeric forms.
    static func isLoopback(_ host: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            return bytes == Array(repeating: 0, count: 15) + [1]
        }
        return false
    }

    static func refusal(_ variable: String, _ rule: String) -> CredentialError {
        CredentialError(
            code: .untrustedEndpoint,
            message: "\(variable) \(rule); it was refused and no credentials were requested (the authorization "
                + "token is sent only to a trusted endpoint)")
    }
}

import Foundation

/// The settings the AWS layer reads from flags and the process environment, resolved once.
public struct AWSEnvironment: Sendable, Equatable {
    /// The process environment (injected for tests).
    public var variables: [String: String]
    /// `--region`, if given.
    public var regionOption: String?
    /// `--profile`, if given.
    public var profileOption: String?
    /// `--endpoint-url`, if given.
    public var endpointOption: String?

    /// Creates an environment.
    public init(
        variables: [String: String] = ProcessInfo.processInfo.environment, regionOption: String? = nil,
        profileOption: String? = nil, endpointOption: String? = nil
    ) {
        self.variables = variables
        self.regionOption = regionOption
        self.profileOption = profileOption
        self.endpointOption = endpointOption
    }

    /// The profile: `--profile`, `AWS_PROFILE`, else `default`.
    public var profile: String {
        nonEmpty(profileOption) ?? nonEmpty(variables["AWS_PROFILE"]) ?? nonEmpty(variables["AWS_DEFAULT_PROFILE"])
            ?? "default"
    }

    /// The region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region` in the config files.
    public func region(sharedConfig: SharedConfig?) -> String? {
        nonEmpty(regionOption) ?? nonEmpty(variables["AWS_REGION"]) ?? nonEmpty(variables["AWS_DEFAULT_REGION"])
            ?? nonEmpty(sharedConfig?.profile(profile)?["region"])
    }

    /// The endpoint of a service: `--endpoint-url`, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the
    /// profile's `endpoint_url`, else the public AWS endpoint.
    public func endpoint(for service: AWSService, region: String, sharedConfig: SharedConfig? = nil) -> AWSEndpoint {
        if let url = nonEmpty(endpointOption) ?? nonEmpty(variables["AWS_ENDPOINT_URL_\(service.environmentName)"])
            ?? nonEmpty(variables["AWS_ENDPOINT_URL"]) ?? nonEmpty(sharedConfig?.profile(profile)?["endpoint_url"])
        {
            return AWSEndpoint(url: url.hasSuffix("/") ? String(url.dropLast()) : url, isCustom: true)
        }
        if service.isGlobal {
            // The China partition's global endpoint is in cn-north-1, not the aws partition's.
            if region.hasPrefix("cn-") {
                return AWSEndpoint(
                    url: "https://\(service.endpointPrefix).cn-north-1.amazonaws.com.cn", isCustom: false)
            }
            return AWSEndpoint(url: "https://\(service.endpointPrefix).amazonaws.com", isCustom: false)
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return AWSEndpoint(url: "https://\(service.endpointPrefix).\(region).\(suffix)", isCustom: false)
    }

    /// The region a service's requests are signed for (IAM's global endpoint signs for us-east-1, or
    /// cn-north-1 in the China partition).
    public func signingRegion(for service: AWSService, region: String) -> String {
        guard service.isGlobal else { return region }
        return region.hasPrefix("cn-") ? "cn-north-1" : "us-east-1"
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}

/// Where a service's requests go.
public struct AWSEndpoint: Sendable, Equatable {
    /// Scheme, host and port, no trailing slash.
    public var url: String
    /// Whether it was overridden (moto, LocalStack): S3 then uses path-style addressing.
    public var isCustom: Bool

    /// Creates an endpoint.
    public init(url: String, isCustom: Bool) {
        self.url = url
        self.isCustom = isCustom
    }

    /// The host (and port when not the scheme's default), as the `Host` header carries it.
    public var hostHeader: String {
        var rest = url
        if let range = rest.range(of: "://") { rest = String(rest[range.upperBound...]) }
        if let slash = rest.firstIndex(of: "/") { rest = String(rest[..<slash]) }
        if url.hasPrefix("https://"), rest.hasSuffix(":443") { rest.removeLast(4) }
        if url.hasPrefix("http://"), rest.hasSuffix(":80") { rest.removeLast(3) }
        return rest
    }
}

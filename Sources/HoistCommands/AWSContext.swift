import Foundation
import HoistAWS
import HoistCurl

/// The AWS side of a command run: environment, shared files, region, credential chain and client.
public struct AWSContext: Sendable {
    /// Flags and variables.
    public let environment: AWSEnvironment
    /// The shared config files.
    public let sharedConfig: SharedConfig
    /// The resolved region.
    public let region: String
    /// The credential chain.
    public let credentials: CredentialChain
    /// The client every service call goes through.
    public let client: AWSClient

    /// Resolves everything from the global options and the process environment.
    public init(
        options: GlobalOptions, variables: [String: String] = ProcessInfo.processInfo.environment,
        transport: (any HTTPTransport)? = nil, defaultRegion: String? = nil
    ) throws {
        let environment = AWSEnvironment(
            variables: variables, regionOption: options.region, profileOption: options.profile,
            endpointOption: options.endpointURL)
        let sharedConfig = SharedConfig.load(environment: environment)
        guard let region = environment.region(sharedConfig: sharedConfig) ?? defaultRegion else {
            throw CommandError(
                code: "NoRegion",
                message: "no AWS region: pass --region, set AWS_REGION, or set region in the profile "
                    + "'\(environment.profile)'")
        }
        let transport = transport ?? CurlTransport()
        let chain = CredentialChain.standard(
            environment: environment, sharedConfig: sharedConfig, transport: transport, region: region)
        self.environment = environment
        self.sharedConfig = sharedConfig
        self.region = region
        self.credentials = chain
        // AWS_MAX_ATTEMPTS, as the SDKs read it: attempts in all, the first included.
        let attempts = variables["AWS_MAX_ATTEMPTS"].flatMap { Int($0) }.map { min(max($0, 1), 20) } ?? 3
        self.client = AWSClient(
            transport: transport, credentialProvider: chain, region: region, environment: environment,
            sharedConfig: sharedConfig, retry: RetryStrategy(maxAttempts: attempts))
    }
}

/// A failure a command reports to the user: a code, a message, the cause; exit status 1.
public struct CommandError: Error, CustomStringConvertible, Sendable {
    /// A short machine-readable code.
    public var code: String
    /// What went wrong and what to do.
    public var message: String
    /// The cause.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(code: String, message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}

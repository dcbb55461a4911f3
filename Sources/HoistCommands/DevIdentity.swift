import Foundation
import HoistAWS
import HoistCore

/// What `hoist dev` and `hoist invoke --local` learn from AWS before they start the function: the credentials,
/// the account, and each secret's ARN (DescribeSecret, never its value).
///
/// Why shared: a function run locally gets the environment deploy would give it, and both commands must give the
/// same one. Nothing here is required: without credentials or an identity the function runs with account
/// `000000000000` and no credentials; a secret not found passes its name, with a note.
struct DevIdentity: Sendable {
    /// The account, or `000000000000` without an identity.
    var account = "000000000000"
    /// The credentials hoist resolved, handed to the function's processes.
    var credentials: AWSCredentials?
    /// Each secret's name → its ARN (or its name when it was not found).
    var secretArns: [String: String] = [:]

    /// Resolves the credentials, then STS GetCallerIdentity, then DescribeSecret for each of `config`'s secrets;
    /// each thing that fails is a `note` and a fallback.
    static func resolve(config: HoistConfig, aws: AWSContext, note: (String) -> Void) async -> DevIdentity {
        let names = ResourceNames(project: config.project, stage: config.stageName)
        var identity = DevIdentity()
        do {
            identity.credentials = try await aws.credentials.credentials()
            identity.account = try await STS(client: aws.client).getCallerIdentity().account
            for secret in config.secrets {
                let name = names.secret(secret.name)
                do {
                    if let arn = try await SecretsManager(client: aws.client).describeSecret(id: name).arn {
                        identity.secretArns[name] = arn
                    }
                } catch {
                    note("secret \(name) not found (\(error)): run `hoist deploy` first; passing its name")
                    identity.secretArns[name] = name
                }
            }
        } catch {
            note(
                "no AWS identity (\(error)); the function runs with account \(identity.account)"
                    + (identity.credentials == nil ? " and no credentials" : ""))
        }
        return identity
    }
}

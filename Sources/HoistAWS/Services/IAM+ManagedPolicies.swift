import Foundation

/// A customer managed policy: the permissions boundary hoist attaches to the roles it creates.
public struct IAMManagedPolicy: Sendable, Equatable {
    /// The policy's ARN.
    public var arn: String
    /// The default version's id (`v1`…).
    public var defaultVersionId: String
    /// The policy's tags.
    public var tags: [String: String]
}

/// The managed-policy calls: create, read the default version, add a version.
extension IAM {
    /// CreatePolicy with a document and tags.
    public func createPolicy(name: String, document: String, description: String? = nil, tags: [String: String] = [:])
        async throws -> IAMManagedPolicy
    {
        var parameters = [("PolicyName", name), ("PolicyDocument", document)]
        if let description { parameters.append(("Description", description)) }
        parameters += Self.tagParameters(tags)
        return Self.policy(try await client.query(.iam, "CreatePolicy", parameters).child("Policy"))
    }

    /// GetPolicy.
    public func getPolicy(arn: String) async throws -> IAMManagedPolicy {
        Self.policy(try await client.query(.iam, "GetPolicy", [("PolicyArn", arn)]).child("Policy"))
    }

    /// GetPolicyVersion: a version's document, decoded.
    public func getPolicyVersion(arn: String, versionId: String) async throws -> String {
        let result = try await client.query(
            .iam, "GetPolicyVersion", [("PolicyArn", arn), ("VersionId", versionId)])
        return URIEncoding.decode(result.child("PolicyVersion")?.path("Document") ?? "")
    }

    /// CreatePolicyVersion as the default. IAM keeps five versions: the oldest non-default one is deleted first
    /// when five exist.
    public func createPolicyVersion(arn: String, document: String) async throws {
        let listed = try await client.query(.iam, "ListPolicyVersions", [("PolicyArn", arn)])
        let versions = listed.child("Versions")?.children("member") ?? []
        if versions.count >= 5,
            let oldest = versions.filter({ $0.path("IsDefaultVersion") != "true" }).compactMap({ $0.path("VersionId") })
                .min(by: { (Int($0.dropFirst()) ?? 0) < (Int($1.dropFirst()) ?? 0) })
        {
            _ = try await client.query(.iam, "DeletePolicyVersion", [("PolicyArn", arn), ("VersionId", oldest)])
        }
        _ = try await client.query(
            .iam, "CreatePolicyVersion", [("PolicyArn", arn), ("PolicyDocument", document), ("SetAsDefault", "true")])
    }

    static func policy(_ node: AWSXMLNode?) -> IAMManagedPolicy {
        var tags: [String: String] = [:]
        for member in node?.child("Tags")?.children("member") ?? [] {
            if let key = member.path("Key") { tags[key] = member.path("Value") ?? "" }
        }
        return IAMManagedPolicy(
            arn: node?.path("Arn") ?? "", defaultVersionId: node?.path("DefaultVersionId") ?? "v1", tags: tags)
    }
}

import Foundation

/// An IAM role as GetRole describes it.
public struct IAMRole: Sendable, Equatable {
    /// The role's name.
    public var roleName: String
    /// The role's ARN.
    public var arn: String
    /// The role's id.
    public var roleId: String
    /// The trust policy, decoded from the URL-encoding IAM returns it in.
    public var assumeRolePolicyDocument: String
    /// The role's tags.
    public var tags: [String: String]
    /// The ARN of the managed policy that bounds what the role may do, if any.
    public var permissionsBoundaryArn: String?
}

/// AWS Identity and Access Management: the roles and inline policies hoist manages.
public struct IAM: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates the service on a client.
    public init(client: AWSClient) { self.client = client }

    /// CreateRole with a trust policy, tags and, when given, a permissions boundary.
    public func createRole(
        name: String, assumeRolePolicyDocument: String, description: String? = nil, tags: [String: String] = [:],
        permissionsBoundary: String? = nil
    ) async throws -> IAMRole {
        var parameters = [("RoleName", name), ("AssumeRolePolicyDocument", assumeRolePolicyDocument)]
        if let description { parameters.append(("Description", description)) }
        if let permissionsBoundary { parameters.append(("PermissionsBoundary", permissionsBoundary)) }
        parameters += Self.tagParameters(tags)
        return Self.role(try await client.query(.iam, "CreateRole", parameters).child("Role"))
    }

    /// GetRole.
    public func getRole(name: String) async throws -> IAMRole {
        Self.role(try await client.query(.iam, "GetRole", [("RoleName", name)]).child("Role"))
    }

    /// DeleteRole (its inline policies must be deleted first).
    public func deleteRole(name: String) async throws {
        _ = try await client.query(.iam, "DeleteRole", [("RoleName", name)])
    }

    /// UpdateAssumeRolePolicy: replaces the trust policy.
    public func updateAssumeRolePolicy(roleName: String, document: String) async throws {
        _ = try await client.query(
            .iam, "UpdateAssumeRolePolicy", [("RoleName", roleName), ("PolicyDocument", document)])
    }

    /// PutRolePolicy: creates or replaces an inline policy.
    public func putRolePolicy(roleName: String, policyName: String, document: String) async throws {
        _ = try await client.query(
            .iam, "PutRolePolicy",
            [("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", document)])
    }

    /// GetRolePolicy: an inline policy's document, decoded.
    public func getRolePolicy(roleName: String, policyName: String) async throws -> String {
        let result = try await client.query(
            .iam, "GetRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)])
        return URIEncoding.decode(result.path("PolicyDocument") ?? "")
    }

    /// DeleteRolePolicy.
    public func deleteRolePolicy(roleName: String, policyName: String) async throws {
        _ = try await client.query(.iam, "DeleteRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)])
    }

    /// ListRolePolicies: every inline policy name, all pages.
    public func listRolePolicies(roleName: String) async throws -> [String] {
        var names: [String] = []
        var marker: String?
        repeat {
            var parameters = [("RoleName", roleName)]
            if let marker { parameters.append(("Marker", marker)) }
            let result = try await client.query(.iam, "ListRolePolicies", parameters)
            names += result.child("PolicyNames")?.children("member").map(\.text) ?? []
            marker = result.path("IsTruncated") == "true" ? result.path("Marker") : nil
        } while marker != nil
        return names
    }

    /// PutRolePermissionsBoundary: sets or replaces the role's boundary.
    public func putRolePermissionsBoundary(roleName: String, policyArn: String) async throws {
        _ = try await client.query(
            .iam, "PutRolePermissionsBoundary", [("RoleName", roleName), ("PermissionsBoundary", policyArn)])
    }

    /// TagRole.
    public func tagRole(name: String, tags: [String: String]) async throws {
        _ = try await client.query(.iam, "TagRole", [("RoleName", name)] + Self.tagParameters(tags))
    }

    /// UntagRole: removes tags by key.
    public func untagRole(name: String, keys: [String]) async throws {
        let members = keys.enumerated().map { ("TagKeys.member.\($0.offset + 1)", $0.element) }
        _ = try await client.query(.iam, "UntagRole", [("RoleName", name)] + members)
    }

    static func tagParameters(_ tags: [String: String]) -> [(String, String)] {
        tags.sorted { $0.key < $1.key }.enumerated().flatMap { index, tag in
            [("Tags.member.\(index + 1).Key", tag.key), ("Tags.member.\(index + 1).Value", tag.value)]
        }
    }

    static func role(_ node: AWSXMLNode?) -> IAMRole {
        var tags: [String: String] = [:]
        for member in node?.child("Tags")?.children("member") ?? [] {
            if let key = member.path("Key") { tags[key] = member.path("Value") ?? "" }
        }
        return IAMRole(
            roleName: node?.path("RoleName") ?? "", arn: node?.path("Arn") ?? "", roleId: node?.path("RoleId") ?? "",
            assumeRolePolicyDocument: URIEncoding.decode(node?.path("AssumeRolePolicyDocument") ?? ""), tags: tags,
            permissionsBoundaryArn: node?.child("PermissionsBoundary")?.path("PermissionsBoundaryArn"))
    }
}

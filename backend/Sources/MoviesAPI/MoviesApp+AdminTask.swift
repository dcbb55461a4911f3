/// The operator's way to make (or unmake) an administrator, outside the public API.
extension MoviesApp {
    /// What an operator task answers: the user and their stored roles after the task.
    public struct AdminTaskResult: Codable, Sendable, Equatable {
        /// The user.
        public var username: String
        /// The stored roles now.
        public var roles: [Role]
    }

    /// Runs an operator task on the stored roles of an existing user.
    ///
    /// `promote` is refused for a name outside `ADMIN_USERNAMES` when that list is set, so hoist.yml's
    /// `admins:` stays the reviewed list of who may be made admin this way; `demote` applies to anyone.
    /// Register the account first (through `POST /auth/register`, and see it answer 201 for you), then
    /// promote it: a name someone else registered first is theirs, not the operator's.
    public func run(_ task: AdminTask) async throws -> AdminTaskResult {
        guard Validator.isValidUsername(task.username) else {
            throw AdminTaskError(
                "invalid_username", "\"\(task.username)\" is not a valid username", hint: "a-z 0-9 _ . -, 3-32")
        }
        if task.action == .promote, !adminUsernames.isEmpty, !adminUsernames.contains(task.username) {
            throw AdminTaskError(
                "not_in_admin_usernames", "\(task.username) is not in ADMIN_USERNAMES",
                hint: "add the name to `admins:` in hoist.yml and deploy, then promote again")
        }
        let stored: User?
        do {
            stored = try await users.get(task.username)
        } catch {
            throw AdminTaskError("store_failed", "could not read the user", hint: "retry", underlying: error)
        }
        guard var user = stored else {
            throw AdminTaskError(
                "user_not_found", "no user \(task.username)",
                hint: "register it with POST /auth/register first, then promote it")
        }
        var roles = Set(user.roles)
        switch task.action {
        case .promote: roles.insert(.admin)
        case .demote: roles.remove(.admin)
        }
        user.roles = roles.sorted()
        do {
            try await users.replace(user)
        } catch {
            throw AdminTaskError("store_failed", "could not store the roles", hint: "retry", underlying: error)
        }
        logger.info(
            "admin task",
            [
                "action": task.action.rawValue, "username": user.username,
                "roles": user.roles.map(\.rawValue).joined(separator: ","),
            ])
        return AdminTaskResult(username: user.username, roles: user.roles)
    }
}

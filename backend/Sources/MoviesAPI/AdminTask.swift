/// An operator task: `{"hoist_admin":{"promote":"alice"}}` or `{"hoist_admin":{"demote":"alice"}}`.
///
/// Why a direct-invocation event: it reaches the function only through `lambda:Invoke` by someone holding
/// IAM rights on it, never over HTTP. API Gateway hands the function payload 2.0 events, whose top level
/// is fixed (`version`, `routeKey`, `requestContext`, …) and always holds `requestContext`; a client only
/// chooses what goes inside `headers`, `body` and the like. The handler decodes an event as an HTTP request
/// first and tries this shape only when that fails, and this shape refuses a `requestContext`.
public struct AdminTask: Decodable, Sendable, Equatable {
    /// What the task does.
    public enum Action: String, Sendable, Equatable, CaseIterable {
        /// Adds `admin` to the user's stored roles.
        case promote
        /// Removes `admin` from the user's stored roles.
        case demote
    }

    /// The action.
    public var action: Action
    /// The user it applies to.
    public var username: String

    /// Creates a task.
    public init(_ action: Action, username: String) {
        self.action = action
        self.username = username
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes `{"hoist_admin":{"<action>":"<username>"}}`: exactly one action, and no `requestContext`.
    public init(from decoder: any Decoder) throws {
        let top = try decoder.container(keyedBy: Key.self)
        guard !top.contains(Key("requestContext")) else {
            throw AdminTaskError(
                "not_an_admin_task", "an HTTP API event is never an operator task",
                hint: "send {\"hoist_admin\":{\"promote\":\"<username>\"}} by direct invocation")
        }
        let inner = try top.nestedContainer(keyedBy: Key.self, forKey: Key("hoist_admin"))
        let actions = Action.allCases.filter { inner.contains(Key($0.rawValue)) }
        guard actions.count == 1, inner.allKeys.count == 1, let action = actions.first else {
            throw AdminTaskError(
                "invalid_admin_task", "hoist_admin must hold exactly one of promote, demote",
                hint: "e.g. {\"hoist_admin\":{\"promote\":\"alice\"}}")
        }
        self.init(action, username: try inner.decode(String.self, forKey: Key(action.rawValue)))
    }
}

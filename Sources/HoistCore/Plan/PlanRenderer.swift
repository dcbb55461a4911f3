import Foundation

/// Renders a plan as text (optionally coloured), JSON, or Markdown. Sensitive values always show as `(sensitive)`.
public enum PlanRenderer {
    /// Plain or ANSI-coloured text for a terminal.
    public static func text(_ plan: Plan, color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines = [
            "hoist plan: \(plan.project) (stage \(plan.stage)) in \(plan.region), account \(plan.account)", "",
        ]
        for resource in plan.resources where resource.action != .noOp {
            let (symbol, code) = marker(resource.action)
            lines.append(
                paint("\(symbol) \(resource.action.rawValue) \(resource.address)", code) + "  (\(resource.reason))")
            for change in resource.changes {
                let replace = change.forcesReplacement ? paint("  # forces replacement", "31") : ""
                switch resource.action {
                case .create: lines.append("    \(change.attribute): \(change.after?.description ?? "null")")
                case .delete: lines.append("    \(change.attribute): \(change.before?.description ?? "null")")
                default:
                    lines.append(
                        "    \(change.attribute): \(change.before?.description ?? "(none)") → "
                            + "\(change.after?.description ?? "(none)")\(replace)")
                }
            }
        }
        let unchanged = plan.count(.noOp)
        if !plan.hasChanges { lines.append("No changes: \(unchanged) resources up to date.") }
        lines.append("")
        lines.append(summary(plan))
        return lines.joined(separator: "\n")
    }

    /// The one-line summary.
    public static func summary(_ plan: Plan) -> String {
        "Plan: \(plan.count(.create)) to create, \(plan.count(.update)) to update, \(plan.count(.replace)) to replace, "
            + "\(plan.count(.delete)) to delete, \(plan.count(.noOp)) unchanged."
    }

    /// The JSON document of `hoist plan --format json` and `--out`.
    public static func json(_ plan: Plan) -> String {
        let resources: [[String: Any]] = plan.resources.map { resource in
            [
                "address": resource.address, "type": resource.kind.rawValue, "name": resource.name,
                "action": resource.action.rawValue, "reason": resource.reason,
                "changes": resource.changes.map { change -> [String: Any] in
                    [
                        "attribute": change.attribute, "before": change.before?.jsonObject ?? NSNull(),
                        "after": change.after?.jsonObject ?? NSNull(), "forces_replacement": change.forcesReplacement,
                    ]
                },
            ]
        }
        let document: [String: Any] = [
            "format_version": Plan.formatVersion, "project": plan.project, "stage": plan.stage, "region": plan.region,
            "account": plan.account, "has_changes": plan.hasChanges, "resources": resources,
            "summary": [
                "create": plan.count(.create), "update": plan.count(.update), "replace": plan.count(.replace),
                "delete": plan.count(.delete), "no_op": plan.count(.noOp),
            ],
        ]
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Markdown for a pull-request comment or a GitHub step summary.
    public static func markdown(_ plan: Plan) -> String {
        var lines = [
            "### hoist plan: `\(plan.project)` (stage `\(plan.stage)`, \(plan.region))", "", "**\(summary(plan))**", "",
        ]
        let changed = plan.resources.filter { $0.action != .noOp }
        if changed.isEmpty {
            lines.append("No changes.")
            return lines.joined(separator: "\n")
        }
        lines.append("| action | resource | changes |")
        lines.append("|---|---|---|")
        for resource in changed {
            let changes: String
            switch resource.action {
            case .update, .replace:
                changes = resource.changes.map {
                    "`\($0.attribute)`: \(cell($0.before)) → \(cell($0.after))" + ($0.forcesReplacement ? " ⚠️" : "")
                }.joined(separator: "<br>")
            default:
                changes = resource.reason
            }
            lines.append(
                "| \(marker(resource.action).0) \(resource.action.rawValue) | `\(resource.address)` | \(changes) |")
        }
        return lines.joined(separator: "\n")
    }

    static func cell(_ value: PlanValue?) -> String {
        let text = value?.description ?? "(none)"
        return "`" + text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'") + "`"
    }

    static func marker(_ action: PlanAction) -> (String, String) {
        switch action {
        case .create: return ("+", "32")
        case .update: return ("~", "33")
        case .replace: return ("-/+", "35")
        case .delete: return ("-", "31")
        case .noOp: return ("=", "0")
        }
    }
}

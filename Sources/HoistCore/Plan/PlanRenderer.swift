import Foundation

/// Renders a plan as text (optionally coloured), JSON, or Markdown. Sensitive values always show as `(sensitive)`.
public enum PlanRenderer {
    /// Plain or ANSI-coloured text for a terminal.
    public static func text(_ plan: Plan, color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines = [
            "hoist \(plan.mode == .destroy ? "destroy plan" : "plan"): \(plan.project) (stage \(plan.stage)) in "
                + "\(plan.region), account \(plan.account)", "",
        ]
        for conflict in plan.conflicts {
            lines.append(
                paint("! conflict \(conflict.address)", "31") + "  (exists and belongs to \(conflict.owner)"
                    + (conflict.adoptable ? "; --adopt takes it over)" : ")"))
        }
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
        for note in plan.notes { lines.append("  note: \(note)") }
        lines.append("")
        lines.append(summary(plan))
        return lines.joined(separator: "\n")
    }

    /// The one-line summary.
    public static func summary(_ plan: Plan) -> String {
        "Plan: \(plan.count(.create)) to create, \(plan.count(.update)) to update, \(plan.count(.replace)) to replace, "
            + "\(plan.count(.delete)) to delete, " + (plan.count(.adopt) > 0 ? "\(plan.count(.adopt)) to adopt, " : "")
            + "\(plan.count(.noOp)) unchanged."
            + (plan.conflicts.isEmpty ? "" : " \(plan.conflicts.count) conflict(s): nothing can be applied.")
    }

    /// The JSON document of `hoist plan --format json` and `--out`: the self-contained plan file (``PlanFile``).
    public static func json(_ plan: Plan) -> String { PlanFile.encode(plan) }

    /// Markdown for a pull-request comment or a GitHub step summary.
    public static func markdown(_ plan: Plan) -> String {
        var lines = [
            "### hoist plan: `\(plan.project)` (stage `\(plan.stage)`, \(plan.region))", "", "**\(summary(plan))**", "",
        ]
        for conflict in plan.conflicts {
            lines.append("- ⛔ `\(conflict.address)` exists and belongs to \(conflict.owner)")
        }
        for note in plan.notes { lines.append("- \(note)") }
        if !plan.conflicts.isEmpty || !plan.notes.isEmpty { lines.append("") }
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
            case .update, .replace, .adopt:
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
        case .adopt: return ("&", "36")
        case .noOp: return ("=", "0")
        }
    }
}

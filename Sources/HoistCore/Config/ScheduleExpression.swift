/// Checks EventBridge Scheduler's `rate(…)` and `cron(…)` expressions before any AWS call (pure), with the reason a
/// malformed one is refused.
public enum ScheduleExpression {
    /// Why `expression` is not a schedule; nil when it is one.
    public static func problem(_ expression: String) -> String? {
        guard expression.hasSuffix(")"), let open = expression.firstIndex(of: "(") else {
            return "write rate(<n> <unit>) or cron(<6 fields>)"
        }
        let body = String(expression[expression.index(after: open)..<expression.index(before: expression.endIndex)])
        switch expression[..<open] {
        case "rate": return rateProblem(body)
        case "cron": return cronProblem(body)
        default: return "write rate(<n> <unit>) or cron(<6 fields>)"
        }
    }

    /// `rate(1 minute)`, `rate(5 minutes)`: a positive whole number, then the unit, singular for 1.
    static func rateProblem(_ body: String) -> String? {
        let parts = body.split(separator: " ")
        guard parts.count == 2, let value = Int(parts[0]), value > 0 else {
            return "a rate is a positive whole number and a unit, e.g. rate(5 minutes)"
        }
        let unit = String(parts[1])
        let singular = ["minute", "hour", "day"]
        guard singular.contains(unit) || singular.map({ $0 + "s" }).contains(unit) else {
            return "the unit of a rate is minute(s), hour(s) or day(s), got '\(unit)'"
        }
        if (value == 1) != singular.contains(unit) {
            return value == 1 ? "write rate(1 \(unit.dropLast()))" : "write rate(\(value) \(unit)s)"
        }
        return nil
    }

    /// `cron(minutes hours day-of-month month day-of-week year)`: six fields, one of the two day fields `?`.
    static func cronProblem(_ body: String) -> String? {
        let fields = body.split(separator: " ").map(String.init)
        guard fields.count == 6 else {
            return "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), got "
                + "\(fields.count)"
        }
        let allowed = Set("0123456789,-*/?LW#ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for field in fields where field.isEmpty || !field.uppercased().allSatisfy(allowed.contains) {
            return "cron field '\(field)' has characters a cron expression cannot hold"
        }
        if (fields[2] == "?") == (fields[4] == "?") {
            return "exactly one of day-of-month (3rd field) and day-of-week (5th field) must be '?'"
        }
        let ranges: [(String, ClosedRange<Int>)] = [("minutes", 0...59), ("hours", 0...23), ("day-of-month", 1...31)]
        for (index, (name, range)) in ranges.enumerated() {
            // Values are the start and end of each item; what follows `/` is an increment.
            let values = fields[index].split(separator: ",").flatMap { item in
                (item.split(separator: "/").first ?? "").split(separator: "-").compactMap { Int($0) }
            }
            if let bad = values.first(where: { !range.contains($0) }) {
                return "\(name) must be \(range.lowerBound)–\(range.upperBound), got \(bad)"
            }
        }
        return nil
    }
}

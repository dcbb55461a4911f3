/// The line each executable prints.
public func greeting(_ name: String) -> String { "hello from \(name)" }

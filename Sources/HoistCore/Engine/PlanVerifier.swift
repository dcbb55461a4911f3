import Foundation
import HoistAWS

/// Checks, before `hoist apply` changes anything, that the plan still describes the account: every resource it
/// touches is read again and must be as it was read, and every artifact on disk must have the planned digest.
public struct PlanVerifier: Sendable {
    /// The context reads go through.
    public let context: EngineContext

    /// Creates a verifier.
    public init(context: EngineContext) { self.context = context }

    /// Throws ``EngineError`` (`PlanTargetMismatch`) for a plan made for another account, region or stage.
    public static func checkTarget(_ plan: Plan, account: String, region: String, stage: String?) throws {
        for (what, planned, now) in [("account", plan.account, account), ("region", plan.region, region)]
        where planned != now {
            throw EngineError(
                code: .wrongTarget, message: "the plan is for \(what) \(planned), but hoist is acting in \(now)",
                hint: "use the credentials and region the plan was made with, or plan again")
        }
        if let stage, stage != plan.stage {
            throw EngineError(
                code: .wrongTarget, message: "the plan is for stage \(plan.stage), not \(stage)",
                hint: "drop --stage, or plan that stage")
        }
    }

    /// Throws `ArtifactChanged` naming the first artifact whose bytes differ from the plan's digest.
    public static func checkArtifacts(_ plan: Plan) throws {
        for artifact in plan.artifacts {
            let digest: String
            do {
                digest = try sha256Hex(path: artifact.path)
            } catch {
                throw EngineError(
                    code: .artifactChanged, message: "\(artifact.path), which the plan uploads, cannot be read",
                    hint: "run `hoist plan --out` again", underlying: error as? any Error & Sendable)
            }
            guard digest == artifact.sha256 else {
                throw EngineError(
                    code: .artifactChanged,
                    message: "\(artifact.path) changed since the plan was made (SHA-256 \(digest.prefix(12))…, "
                        + "planned \(artifact.sha256.prefix(12))…); nothing was changed",
                    hint: "review a new plan: `hoist plan --out plan.json`")
            }
        }
    }

    /// The file's SHA-256 in hex, read in chunks by the uploader's own hasher.
    static func sha256Hex(path: String) throws -> String {
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber
        return SigV4Signer.hex(try ArtifactUploader.sha256(path: path, offset: 0, length: size?.intValue ?? 0))
    }

    /// Reads every resource the plan changes and throws `PlanOutdated` naming the resource and attribute when the
    /// account moved: a resource to create that exists now, one to change that is gone, or an attribute that is not
    /// what the plan read.
    public func checkDrift(_ plan: Plan) async throws {
        for resource in plan.resources {
            if let observed = resource.observed { context.scope.identities[resource.address] = observed.identity }
        }
        let touched = plan.resources.filter { $0.action != .noOp }
        let wanted = touched.compactMap { $0.desired ?? $0.observed }
        let live = Dictionary(
            try await StateReader(context: context).read(wanted).map { ($0.address, $0) },
            uniquingKeysWith: { first, _ in first })
        for resource in touched {
            let now = live[resource.address]
            guard let before = resource.observed else {
                if now != nil { throw drift(resource.address, "was created since the plan was made") }
                continue
            }
            guard let now else { throw drift(resource.address, "was deleted since the plan was made") }
            for key in Set(before.attributes.keys).union(now.attributes.keys).sorted()
            where before.attributes[key] != now.attributes[key] {
                throw drift(
                    resource.address,
                    "\(key) changed since the plan was made (\(before.attributes[key]?.description ?? "none") → "
                        + "\(now.attributes[key]?.description ?? "none"))", attribute: key)
            }
        }
    }

    func drift(_ address: ResourceAddress, _ what: String, attribute: String? = nil) -> EngineError {
        EngineError(
            code: .drift, message: "\(address)\(attribute.map { " \($0)" } ?? ""): \(what); nothing was changed",
            hint: "review a new plan: `hoist plan --out plan.json`")
    }
}

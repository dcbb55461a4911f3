import HoistAWS

/// Invokes a stage's function and turns Lambda's "not found" and "denied" into errors that say what to do.
///
/// Why a follow-up read on "not found": Invoke answers the same ResourceNotFoundException for a missing function
/// and for a missing alias or version, and the two need different fixes (deploy the stage, or deploy again to
/// create the alias, which stages deployed before aliases do not have). One GetFunctionConfiguration of the
/// unqualified function tells them apart; when that read fails too (not allowed, say), the hint names both.
public struct FunctionInvoker: Sendable {
    /// The Lambda client.
    public let lambda: Lambda

    /// Creates an invoker.
    public init(lambda: Lambda) { self.lambda = lambda }

    /// Runs `target` with `payload` (the `Tail` log type when `tail`); a function error is an answer, not a throw.
    public func invoke(_ target: InvokeTarget, payload: [UInt8], tail: Bool) async throws -> LambdaInvocation {
        do {
            return try await lambda.invoke(
                functionName: target.functionName, qualifier: target.qualifier.wire, payload: payload,
                logType: tail ? .tail : .none)
        } catch let error as AWSError where error.status == 404 && error.isNotFound {
            throw InvokeError(
                code: .notFound, message: error.description, hint: await notFoundHint(target), underlying: error)
        } catch let error as AWSError where error.status == 403 && error.code.hasPrefix("AccessDenied") {
            throw InvokeError(
                code: .accessDenied, message: error.description,
                hint: "invoking needs lambda:InvokeFunction on \(target.functionName) (and its qualifier); the "
                    + "deployer policy of `hoist plan --print-deployer-policy` does not grant it: deploying never "
                    + "invokes", underlying: error)
        }
    }

    /// What to do about a "not found": deploy, deploy again for the alias, or pick an existing version.
    func notFoundHint(_ target: InvokeTarget) async -> String {
        let name = target.functionName
        let notDeployed =
            "\(name) is not deployed in \(lambda.client.region): run `hoist deploy` (or check --stage and --region)"
        let functionExists: Bool?
        switch target.qualifier {
        case .unqualified, .latest:
            return notDeployed
        case .alias, .version:
            do {
                _ = try await lambda.getFunctionConfiguration(name: name)
                functionExists = true
            } catch let error as AWSError where error.isNotFound {
                functionExists = false
            } catch {
                functionExists = nil
            }
        }
        switch (target.qualifier, functionExists) {
        case (_, false?):
            return notDeployed
        case (.alias(let alias), true?):
            return "\(name) has no alias \(alias) (stages deployed before hoist made aliases have none): "
                + "deploy again to create the alias, or pass --version '$LATEST'"
        case (.alias(let alias), nil):
            return "either \(name) or its alias \(alias) does not exist: deploy again to create the alias, "
                + "or pass --version '$LATEST'"
        case (.version(let number), true?):
            return "\(name) has no version \(number): pass a published version, or --version '$LATEST'"
        case (.version(let number), nil):
            return "either \(name) or its version \(number) does not exist: pass a published version, or "
                + "--version '$LATEST'"
        default:
            return notDeployed
        }
    }
}

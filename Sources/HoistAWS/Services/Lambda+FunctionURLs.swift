import Foundation

/// Function URLs: an HTTPS endpoint on a function or one of its aliases (`Qualifier`).
extension Lambda {
    func functionURLPath(_ name: String) -> String { "/2021-10-31/functions/\(AWSPath.segment(name))/url" }

    /// What CreateFunctionUrlConfig and UpdateFunctionUrlConfig send.
    struct FunctionURLInput: Encodable {
        var authType: String
        var cors: FunctionURLCors?
        var invokeMode: String
    }

    /// CreateFunctionUrlConfig on the function or on the alias `qualifier`; `authType` is `AWS_IAM` or `NONE`,
    /// `invokeMode` `BUFFERED` or `RESPONSE_STREAM`.
    public func createFunctionUrlConfig(
        functionName: String, qualifier: String?, authType: String, cors: FunctionURLCors?,
        invokeMode: String = "BUFFERED"
    ) async throws -> FunctionURLConfig {
        try await client.restJSON(
            .lambda, "CreateFunctionUrlConfig", method: "POST", path: functionURLPath(functionName),
            query: Self.qualifierQuery(qualifier),
            body: FunctionURLInput(authType: authType, cors: cors, invokeMode: invokeMode))
    }

    /// GetFunctionUrlConfig.
    public func getFunctionUrlConfig(functionName: String, qualifier: String?) async throws -> FunctionURLConfig {
        try await client.restJSON(
            .lambda, "GetFunctionUrlConfig", method: "GET", path: functionURLPath(functionName),
            query: Self.qualifierQuery(qualifier))
    }

    /// UpdateFunctionUrlConfig with every setting: CORS ``FunctionURLCors/empty`` removes them.
    public func updateFunctionUrlConfig(
        functionName: String, qualifier: String?, authType: String, cors: FunctionURLCors,
        invokeMode: String = "BUFFERED"
    ) async throws -> FunctionURLConfig {
        try await client.restJSON(
            .lambda, "UpdateFunctionUrlConfig", method: "PUT", path: functionURLPath(functionName),
            query: Self.qualifierQuery(qualifier),
            body: FunctionURLInput(authType: authType, cors: cors, invokeMode: invokeMode))
    }

    /// DeleteFunctionUrlConfig.
    public func deleteFunctionUrlConfig(functionName: String, qualifier: String?) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "DeleteFunctionUrlConfig", method: "DELETE", path: functionURLPath(functionName),
            query: Self.qualifierQuery(qualifier))
    }
}

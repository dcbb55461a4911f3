import Foundation

/// Turns a non-2xx answer into an ``AWSError``, reading the code where each protocol puts it.
public enum AWSErrorDecoder {
    /// Decodes the error of an answer to `request`.
    public static func decode(_ response: HTTPResponse, for request: AWSRequest) -> AWSError {
        let requestId =
            response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
            ?? response.header("x-amzn-request-id")
        var code: String?
        var message: String?
        var bodyRequestId: String?
        switch request.service.wireProtocol {
        case .json10, .json11, .restJSON:
            if let header = response.header("x-amzn-ErrorType") { code = shapeName(header) }
            if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] {
                if code == nil {
                    code = (object["__type"] as? String ?? object["code"] as? String ?? object["Code"] as? String)
                        .map(shapeName)
                }
                message = object["message"] as? String ?? object["Message"] as? String
            }
        case .query, .restXML:
            if let root = try? AWSXMLNode.parse(response.body) {
                let error = root.name == "Error" ? root : root.descendant("Error")
                code = error?.child("Code")?.text
                message = error?.child("Message")?.text
                bodyRequestId = root.child("RequestId")?.text ?? error?.child("RequestId")?.text
            }
        }
        let fallback: String
        switch response.status {
        case 400: fallback = "BadRequest"
        case 403: fallback = "Forbidden"
        case 404: fallback = "NotFound"
        case 409: fallback = "Conflict"
        case 412: fallback = "PreconditionFailed"
        case 429: fallback = "TooManyRequests"
        case 500: fallback = "InternalError"
        case 503: fallback = "ServiceUnavailable"
        default: fallback = "HTTP\(response.status)"
        }
        if message == nil, code == nil, !response.body.isEmpty {
            message = String(decoding: response.body.prefix(300), as: UTF8.self)
        }
        return AWSError(
            service: request.service.name, operation: request.operation, status: response.status,
            code: code.flatMap { $0.isEmpty ? nil : $0 } ?? fallback, message: message ?? "",
            requestId: requestId ?? bodyRequestId)
    }

    /// `aws.protocoltests#FooError`, `FooError:http://…` and `FooError` all give `FooError`.
    static func shapeName(_ raw: String) -> String {
        var name = Substring(raw)
        if let colon = name.firstIndex(of: ":") { name = name[..<colon] }
        if let hash = name.lastIndex(of: "#") { name = name[name.index(after: hash)...] }
        return name.trimmingCharacters(in: .whitespaces)
    }
}

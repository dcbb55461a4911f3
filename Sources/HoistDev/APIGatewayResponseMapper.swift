import Foundation

/// Turns a function's outcome into the HTTP response API Gateway (HTTP API, payload 2.0) would send; pure.
///
/// - An object with `statusCode`: that status, `headers` (string values; numbers and booleans as text;
///   `multiValueHeaders` is not part of format 2.0 and is ignored), `cookies` as Set-Cookie headers, and `body`
///   (decoded from base64 when `isBase64Encoded`).
/// - Any other valid JSON (an object without `statusCode`, a string, a number): 200, `application/json`,
///   the answer itself as the body.
/// - Invalid JSON, a function error, or a crashed process: 502 `{"message":"Internal Server Error"}`.
/// - A timeout: 504 `{"message":"Endpoint request timed out"}` (hoist dev kills the process at the
///   function's timeout; the status tells a timeout apart from a crash).
public enum APIGatewayResponseMapper {
    /// The response for an outcome.
    public static func response(for outcome: InvocationOutcome) -> HTTPResponse {
        switch outcome {
        case .response(let bytes): return response(forPayload: bytes)
        case .functionError, .crashed, .cancelled: return internalError
        case .timedOut: return .json(504, #"{"message":"Endpoint request timed out"}"#)
        }
    }

    /// API Gateway's answer when the integration fails.
    public static let internalError = HTTPResponse.json(502, #"{"message":"Internal Server Error"}"#)

    /// The response for the bytes a function posted.
    public static func response(forPayload bytes: [UInt8]) -> HTTPResponse {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            return internalError
        }
        guard case .object(let object) = value, let statusValue = object["statusCode"] else {
            return .json(200, String(decoding: bytes, as: UTF8.self))
        }
        let status: Int?
        switch statusValue {
        case .number(let number) where number == number.rounded() && abs(number) < 10_000: status = Int(number)
        case .string(let text): status = Int(text)
        default: status = nil
        }
        guard let status, (100...599).contains(status) else { return internalError }
        var headers = HTTPHeaders()
        if case .object(let fields) = object["headers"] {
            for name in fields.keys.sorted() {
                guard let text = fields[name]?.scalarText else { continue }
                headers.add(name, text)
            }
        }
        if case .array(let cookies) = object["cookies"] {
            for case .string(let cookie) in cookies { headers.add("Set-Cookie", cookie) }
        }
        var body: [UInt8] = []
        if case .string(let text) = object["body"] {
            if object["isBase64Encoded"] == .bool(true) {
                guard let data = Data(base64Encoded: text) else {
                    return internalError
                }
                body = Array(data)
            } else {
                body = Array(text.utf8)
            }
        }
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}

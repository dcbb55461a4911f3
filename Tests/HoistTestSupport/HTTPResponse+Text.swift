import HoistAWS

/// Short builders of scripted answers.
extension HTTPResponse {
    /// A response with a text body.
    public static func text(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }
}

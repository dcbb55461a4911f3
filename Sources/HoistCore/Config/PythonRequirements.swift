/// The requirements pip installs into a Python function's dependency layer.
///
/// Written in hoist.yml either as a requirements file (`requirements: requirements.txt`, relative to the file's
/// folder) or as a list of requirement specifiers (`requirements: [pyjwt, "passlib[bcrypt]"]`).
public enum PythonRequirements: Sendable, Equatable {
    /// A requirements file, as written (relative to the configuration file's folder unless absolute).
    case file(String)
    /// Requirement specifiers, in the order written (`pyjwt==2.9.0`, `passlib[bcrypt]`…).
    case list([String])
}

import Foundation
import HoistCore
import HoistSigV4

/// The environment `hoist dev` gives the function's processes: what Lambda would set, and what deploy sets.
enum DevEnvironment {
    /// The function's own variables as deploy would set them: hoist.yml's `environment`, each table's name,
    /// each secret's ARN (never a value), `ADMIN_USERNAMES`. Pure.
    static func functionVariables(
        config: HoistConfig, region: String, account: String, secretArns: [String: String]
    ) -> [String: String] {
        let name = ResourceNames(project: config.project, stage: config.stageName).base
        return function(name, config: config, region: region, account: account, secretArns: secretArns)?
            .variables ?? [:]
    }

    /// The function `name` (a Lambda name: a function's of the project, or the rotation function's) as deploy
    /// would create it, with its variables resolved; nil when the config deploys no such function. A queue's URL
    /// (`<NAME>_QUEUE_URL` of `sends_to`) is `queueUrls`' for its name when there (the URL a local endpoint
    /// answered), else the one AWS would give it. Pure.
    static func function(
        _ name: String, config: HoistConfig, region: String, account: String, secretArns: [String: String],
        queueUrls: [String: String] = [:]
    ) -> (spec: FunctionDriver.Spec, variables: [String: String])? {
        let placeholder = DeploymentInputs.Artifact(sha256Base64: "", sha256Hex: "", bytes: 0, viaS3: false)
        let inputs = DeploymentInputs(config: config, region: region, account: account, code: placeholder, layer: nil)
        let scope = DeploymentScope(project: inputs.project, stage: inputs.stage, account: account, region: region)
        for (name, arn) in secretArns {
            scope.identities[ResourceAddress(.secret, name)] = ResourceIdentity(arn: ARN(arn))
        }
        for (name, url) in queueUrls {
            scope.identities[ResourceAddress(.queue, name)] = ResourceIdentity(id: url)
        }
        let address = ResourceAddress(.function, name)
        guard let function = DesiredStateBuilder.build(inputs, scope: scope).first(where: { $0.address == address }),
            let spec = try? function.spec?.decode(FunctionDriver.Spec.self)
        else { return nil }
        return (spec, FunctionDriver.environment(of: spec, scope))
    }

    /// Everything a process gets: the function's variables, then Lambda's (region, credentials, function name,
    /// memory, handler, task root), then `AWS_ENDPOINT_URL` when hoist was given one. Pure.
    static func processVariables(
        function: [String: String], functionName: String, memory: Int, handler: String, region: String,
        credentials: AWSCredentials?, endpointURL: String?, taskRoot: String, path: String
    ) -> [String: String] {
        var variables = function
        variables["AWS_REGION"] = region
        variables["AWS_DEFAULT_REGION"] = region
        variables["AWS_LAMBDA_FUNCTION_NAME"] = functionName
        variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = String(memory)
        variables["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
        variables["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/\(functionName)"
        variables["AWS_EXECUTION_ENV"] = "AWS_Lambda_hoist_dev"
        variables["_HANDLER"] = handler
        variables["LAMBDA_TASK_ROOT"] = taskRoot
        variables["LAMBDA_RUNTIME_DIR"] = taskRoot
        variables["PATH"] = path
        variables["TZ"] = ":UTC"
        variables["LANG"] = "en_US.UTF-8"
        if let credentials {
            variables["AWS_ACCESS_KEY_ID"] = credentials.accessKeyId
            variables["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
            if let token = credentials.sessionToken { variables["AWS_SESSION_TOKEN"] = token }
        }
        if let endpointURL, !endpointURL.isEmpty { variables["AWS_ENDPOINT_URL"] = endpointURL }
        return variables
    }
}

export const id = 660;
export const ids = [660];
export const modules = {

/***/ 6660:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  appRunnerDefaults: () => (/* binding */ appRunnerDefaults)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-apprunner/dist-cjs/index.js
var dist_cjs = __webpack_require__(2284);
// EXTERNAL MODULE: ./src/core/inputs/errors.ts
var errors = __webpack_require__(5434);
// EXTERNAL MODULE: ./src/core/tags.ts
var core_tags = __webpack_require__(2766);
// EXTERNAL MODULE: ./src/core/workflow.ts
var workflow = __webpack_require__(5590);
;// CONCATENATED MODULE: ./src/targets/apprunner/aws/connectors.ts

/** VPC connector calls. A connector is immutable: one revision per name, matched by its subnets and groups. */
async function listConnectors(client) {
    const connectors = [];
    for await (const page of paginateListVpcConnectors({ client, pageSize: 100 }, {})) {
        connectors.push(...(page.VpcConnectors ?? []));
    }
    return connectors;
}
async function describeConnector(client, arn) {
    const answer = await client.send(new dist_cjs/* DescribeVpcConnectorCommand */.bG({ VpcConnectorArn: arn }));
    if (!answer.VpcConnector)
        throw new Error(`DescribeVpcConnector returned no connector for ${arn}.`);
    return answer.VpcConnector;
}
async function createConnector(client, request) {
    const answer = await client.send(new CreateVpcConnectorCommand({
        VpcConnectorName: request.name,
        Subnets: request.subnets,
        SecurityGroups: request.securityGroups,
        Tags: Object.entries(request.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    }));
    if (!answer.VpcConnector)
        throw new Error('CreateVpcConnector returned no connector.');
    return answer.VpcConnector;
}

;// CONCATENATED MODULE: ./src/targets/apprunner/aws/services.ts

/** ListServices has no name filter: page through all of them. A deleted service may linger; prefer a live one. */
async function findServiceByName(client, name) {
    const matches = [];
    for await (const page of (0,dist_cjs/* paginateListServices */.wjm)({ client, pageSize: 20 }, {})) {
        matches.push(...(page.ServiceSummaryList ?? []).filter((summary) => summary.ServiceName === name));
    }
    return matches.find((summary) => summary.Status !== 'DELETED') ?? matches[0];
}
async function describeService(client, serviceArn) {
    const answer = await client.send(new dist_cjs/* DescribeServiceCommand */.auI({ ServiceArn: serviceArn }));
    if (!answer.Service)
        throw new Error(`DescribeService returned no service for ${serviceArn}.`);
    return answer.Service;
}
function answered(answer, call) {
    if (!answer.Service)
        throw new Error(`${call} returned no service.`);
    return { service: answer.Service, operationId: answer.OperationId };
}
async function createService(client, request) {
    return answered(await client.send(new CreateServiceCommand(request)), 'CreateService');
}
async function updateService(client, request) {
    return answered(await client.send(new UpdateServiceCommand(request)), 'UpdateService');
}
async function deleteService(client, serviceArn) {
    return answered(await client.send(new DeleteServiceCommand({ ServiceArn: serviceArn })), 'DeleteService');
}
async function resumeService(client, serviceArn) {
    return answered(await client.send(new ResumeServiceCommand({ ServiceArn: serviceArn })), 'ResumeService');
}
async function startDeployment(client, serviceArn) {
    const answer = await client.send(new StartDeploymentCommand({ ServiceArn: serviceArn }));
    return answer.OperationId;
}

;// CONCATENATED MODULE: ./src/targets/apprunner/aws/tags.ts

/** Service tags live apart from the service configuration: only these calls read or change them. */
async function listTags(client, arn) {
    const answer = await client.send(new dist_cjs/* ListTagsForResourceCommand */.a_e({ ResourceArn: arn }));
    return Object.fromEntries((answer.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}
async function tagResource(client, request) {
    const Tags = Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value }));
    if (Tags.length > 0)
        await client.send(new TagResourceCommand({ ResourceArn: request.arn, Tags }));
}
async function untagResource(client, request) {
    if (request.keys.length > 0)
        await client.send(new UntagResourceCommand({ ResourceArn: request.arn, TagKeys: request.keys }));
}

;// CONCATENATED MODULE: ./src/targets/ecs-express/from-apprunner.ts







/*
 * The one-step migration: an App Runner service's settings as the defaults of an Express service's inputs. Loaded
 * only by runs that migrate (see core/lazy.ts). The App Runner service is read, never changed.
 */
/** What the App Runner service has, as an Express shape and tags. */
async function appRunnerDefaults(context) {
    const name = context.config.fromAppRunnerService ?? '';
    const client = new dist_cjs/* AppRunnerClient */.fpv(context.clients.options);
    const summary = await findServiceByName(client, name);
    if (!summary?.ServiceArn || summary.Status === 'DELETED') {
        throw new errors/* InputError */.d('from-apprunner-service', `App Runner has no service \`${name}\` in ${context.config.region}; nothing was changed.`);
    }
    const service = await describeService(client, summary.ServiceArn);
    const image = service.SourceConfiguration?.ImageRepository;
    if (!image?.ImageIdentifier) {
        throw new errors/* InputError */.d('from-apprunner-service', `\`${name}\` deploys from source code; give \`image\` (ECS deploys images).`);
    }
    const settings = image.ImageConfiguration;
    const health = service.HealthCheckConfiguration;
    const egress = service.NetworkConfiguration?.EgressConfiguration;
    const connector = egress?.EgressType === 'VPC' && egress.VpcConnectorArn
        ? await describeConnector(client, egress.VpcConnectorArn)
        : undefined;
    const tags = await listTags(client, summary.ServiceArn);
    delete tags[core_tags/* OWNED_KEYS_TAG */.e];
    workflow/* info */.pq(`Defaults from App Runner service ${name}: image, port, command, variables, secrets, size, health check, roles, network, tags.`);
    return {
        shape: {
            image: image.ImageIdentifier,
            port: settings?.Port ? Number(settings.Port) : 8080,
            command: settings?.StartCommand ? settings.StartCommand.split(/\s+/) : undefined,
            envVars: { ...settings?.RuntimeEnvironmentVariables },
            secrets: { ...settings?.RuntimeEnvironmentSecrets },
            taskRoleArn: service.InstanceConfiguration?.InstanceRoleArn,
            cpu: service.InstanceConfiguration?.Cpu,
            memory: service.InstanceConfiguration?.Memory,
            subnets: connector?.Subnets && [...connector.Subnets].sort(),
            securityGroups: connector?.SecurityGroups && [...connector.SecurityGroups].sort(),
            // A TCP check has no Express equivalent: the load balancer checks an HTTP path.
            healthCheckPath: health?.Protocol === 'HTTP' ? health.Path : undefined,
        },
        tags,
    };
}


/***/ })

};

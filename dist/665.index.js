export const id = 665;
export const ids = [665];
export const modules = {

/***/ 9665:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   appRunnerDefaults: () => (/* binding */ appRunnerDefaults)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_apprunner__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2284);
/* harmony import */ var _core_inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5434);
/* harmony import */ var _core_tags_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2766);
/* harmony import */ var _core_workflow_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5590);
/* harmony import */ var _apprunner_aws_connectors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5864);
/* harmony import */ var _apprunner_aws_services_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8868);
/* harmony import */ var _apprunner_aws_tags_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9849);







/*
 * The one-step migration: an App Runner service's settings as the defaults of an Express service's inputs. Loaded
 * only by runs that migrate (see core/lazy.ts). The App Runner service is read, never changed.
 */
/** What the App Runner service has, as an Express shape and tags. */
async function appRunnerDefaults(context) {
    const name = context.config.fromAppRunnerService ?? '';
    const client = new _aws_sdk_client_apprunner__WEBPACK_IMPORTED_MODULE_2__/* .AppRunnerClient */ .fpv(context.clients.options);
    const summary = await (0,_apprunner_aws_services_js__WEBPACK_IMPORTED_MODULE_3__/* .findServiceByName */ .LM)(client, name);
    if (!summary?.ServiceArn || summary.Status === 'DELETED') {
        throw new _core_inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('from-apprunner-service', `App Runner has no service \`${name}\` in ${context.config.region}; nothing was changed.`);
    }
    const service = await (0,_apprunner_aws_services_js__WEBPACK_IMPORTED_MODULE_3__/* .describeService */ .Jv)(client, summary.ServiceArn);
    const image = service.SourceConfiguration?.ImageRepository;
    if (!image?.ImageIdentifier) {
        throw new _core_inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('from-apprunner-service', `\`${name}\` deploys from source code; give \`image\` (ECS deploys images).`);
    }
    const settings = image.ImageConfiguration;
    const health = service.HealthCheckConfiguration;
    const egress = service.NetworkConfiguration?.EgressConfiguration;
    const connector = egress?.EgressType === 'VPC' && egress.VpcConnectorArn
        ? await (0,_apprunner_aws_connectors_js__WEBPACK_IMPORTED_MODULE_4__/* .describeConnector */ .ru)(client, egress.VpcConnectorArn)
        : undefined;
    const tags = await (0,_apprunner_aws_tags_js__WEBPACK_IMPORTED_MODULE_5__/* .listTags */ .cB)(client, summary.ServiceArn);
    delete tags[_core_tags_js__WEBPACK_IMPORTED_MODULE_6__/* .OWNED_KEYS_TAG */ .e];
    _core_workflow_js__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`Defaults from App Runner service ${name}: image, port, command, variables, secrets, size, health check, roles, network, tags.`);
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

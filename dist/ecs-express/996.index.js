export const id = 996;
export const ids = [996];
export const modules = {

/***/ 1294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H$: () => (/* binding */ secretExists),
/* harmony export */   ID: () => (/* binding */ parameterExists),
/* harmony export */   US: () => (/* binding */ imageExists),
/* harmony export */   c4: () => (/* binding */ isNotFound)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8249);
/* harmony import */ var _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2994);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);



/** Existence checks for preflight. They read metadata only: never a secret's or a parameter's value. */
/** Every "no such thing" answer of the services the action reads. */
function isNotFound(error) {
    const name = error.name ?? '';
    return [
        'ResourceNotFoundException',
        'ImageNotFoundException',
        'RepositoryNotFoundException',
        'ParameterNotFound',
    ].includes(name);
}
async function secretExists(client, secretId) {
    try {
        const answer = await client.send(new _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_0__.DescribeSecretCommand({ SecretId: secretId }));
        return answer.DeletedDate === undefined;
    }
    catch (error) {
        if (isNotFound(error))
            return false;
        throw error;
    }
}
async function parameterExists(client, name) {
    const answer = await client.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] }));
    return (answer.Parameters ?? []).length > 0;
}
async function imageExists(client, image) {
    try {
        await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_2__.DescribeImagesCommand({
            registryId: image.registryId,
            repositoryName: image.repository,
            imageIds: [image.digest ? { imageDigest: image.digest } : { imageTag: image.tag }],
        }));
        return true;
    }
    catch (error) {
        if (isNotFound(error))
            return false;
        throw error;
    }
}


/***/ }),

/***/ 2996:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   preflight: () => (/* binding */ preflight)
/* harmony export */ });
/* harmony import */ var _aws_lookups_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1294);
/* harmony import */ var _outcome_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9411);
/* harmony import */ var _workflow_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5590);



/**
 * Checks, before any change, what would otherwise fail minutes later inside the service: every secret exists (its
 * metadata only: no value is read) and the private ECR image exists. What the deploy role may not see (another
 * region, another account, a missing permission) is reported as not checked rather than as missing: the service's
 * own roles, not this one, are what read them.
 */
async function preflight(options) {
    const { clients, config } = options.context;
    const checks = Object.entries(options.secrets).map(([name, reference]) => ({
        what: `secret \`${name}\` points at ${reference.value}, which does not exist (input \`secrets\`).`,
        region: reference.region,
        account: reference.account,
        exists: async () => reference.store === 'secretsmanager'
            ? (0,_aws_lookups_js__WEBPACK_IMPORTED_MODULE_2__/* .secretExists */ .H$)(await clients.secretsManager(), reference.id)
            : (0,_aws_lookups_js__WEBPACK_IMPORTED_MODULE_2__/* .parameterExists */ .ID)(await clients.ssm(), reference.name),
    }));
    const ecr = options.image?.ecr;
    if (ecr) {
        checks.push({
            what: `image ${options.image?.identifier} is not in ECR (input \`image\`): push it first, or set \`ecr-repository\` to push it here.`,
            region: ecr.region,
            account: ecr.registryId,
            exists: async () => (0,_aws_lookups_js__WEBPACK_IMPORTED_MODULE_2__/* .imageExists */ .US)(await clients.ecr(), ecr),
        });
    }
    const problems = [];
    for (const check of checks) {
        const elsewhere = check.account && options.account && check.account !== options.account;
        if ((check.region && check.region !== config.region) || elsewhere) {
            _workflow_js__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`Preflight: not checked from this region and account: ${check.what.split(',')[0]}`);
            continue;
        }
        try {
            if (!(await check.exists()))
                problems.push(check.what);
        }
        catch (error) {
            if (!/AccessDenied/.test(error.name))
                throw error;
            _workflow_js__WEBPACK_IMPORTED_MODULE_1__/* .warning */ .$e(`Preflight could not check (${error.name}): ${check.what.split(',')[0]}.`);
        }
    }
    if (problems.length > 0) {
        throw new _outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .s(`Preflight found ${problems.length} problem(s); nothing was changed:\n- ${problems.join('\n- ')}`);
    }
    if (checks.length > 0)
        _workflow_js__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`Preflight: ${checks.length} check(s) passed.`);
}


/***/ })

};

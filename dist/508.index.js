export const id = 508;
export const ids = [508,127];
export const modules = {

/***/ 3127:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  preflight: () => (/* binding */ preflight)
});

// EXTERNAL MODULE: ./src/core/workflow.ts
var workflow = __webpack_require__(5590);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var dist_cjs = __webpack_require__(8249);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-secrets-manager/dist-cjs/index.js
var client_secrets_manager_dist_cjs = __webpack_require__(2994);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
;// CONCATENATED MODULE: ./src/core/aws/lookups.ts



/** Existence checks for preflight. They read metadata only: never a secret's or a parameter's value. */
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
        const answer = await client.send(new client_secrets_manager_dist_cjs.DescribeSecretCommand({ SecretId: secretId }));
        return answer.DeletedDate === undefined;
    }
    catch (error) {
        if (isNotFound(error))
            return false;
        throw error;
    }
}
async function parameterExists(client, name) {
    const answer = await client.send(new client_ssm_dist_cjs.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] }));
    return (answer.Parameters ?? []).length > 0;
}
async function imageExists(client, image) {
    try {
        await client.send(new dist_cjs.DescribeImagesCommand({
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

// EXTERNAL MODULE: ./src/core/inputs/arn.ts
var arn = __webpack_require__(6418);
// EXTERNAL MODULE: ./src/core/inputs/image.ts
var inputs_image = __webpack_require__(4920);
// EXTERNAL MODULE: ./src/core/outcome.ts
var outcome = __webpack_require__(9411);
;// CONCATENATED MODULE: ./src/core/preflight.ts





/**
 * Checks, before any change, what would otherwise fail minutes later inside App Runner: every secret exists (its
 * metadata only: no value is read) and the private ECR image exists. What the deploy role may not see (another
 * region, another account, a missing permission) is reported as not checked rather than as missing: the instance
 * and access roles, not this one, are what App Runner uses to read them.
 */
async function preflight(options) {
    const { clients, config } = options;
    const checks = Object.entries(options.secrets).map(([name, value]) => {
        const reference = (0,arn/* describeSecretReference */.vP)(value);
        return {
            what: `secret \`${name}\` points at ${value}, which does not exist (input \`secrets\`).`,
            region: reference.region,
            account: reference.account,
            exists: async () => reference.store === 'secretsmanager'
                ? secretExists(await clients.secretsManager(), reference.id)
                : parameterExists(await clients.ssm(), reference.name),
        };
    });
    const ecr = options.image ? (0,inputs_image/* parseDeployableImage */.W)(options.image).ecr : undefined;
    if (ecr) {
        checks.push({
            what: `image ${options.image} is not in ECR (input \`image\`): push it first, or set \`ecr-repository\` to push it here.`,
            region: ecr.region,
            account: ecr.registryId,
            exists: async () => imageExists(await clients.ecr(), ecr),
        });
    }
    const account = /:(\d{12}):/.exec(config.accessRoleArn ?? config.instanceRoleArn ?? '')?.[1];
    const problems = [];
    for (const check of checks) {
        if ((check.region && check.region !== config.region) || (check.account && account && check.account !== account)) {
            workflow/* info */.pq(`Preflight: not checked from this region and account: ${check.what.split(',')[0]}`);
            continue;
        }
        try {
            if (!(await check.exists()))
                problems.push(check.what);
        }
        catch (error) {
            if (!/AccessDenied/.test(error.name))
                throw error;
            workflow/* warning */.$e(`Preflight could not check (${error.name}): ${check.what.split(',')[0]}.`);
        }
    }
    if (problems.length > 0) {
        throw new outcome/* DeployError */.sH(`Preflight found ${problems.length} problem(s); nothing was changed:\n- ${problems.join('\n- ')}`);
    }
    if (checks.length > 0)
        workflow/* info */.pq(`Preflight: ${checks.length} check(s) passed.`);
}


/***/ })

};

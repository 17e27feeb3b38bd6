export const id = 870;
export const ids = [870];
export const modules = {

/***/ 4870:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   imageForPlan: () => (/* binding */ imageForPlan),
/* harmony export */   pushAndCheck: () => (/* binding */ pushAndCheck)
/* harmony export */ });
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4813);
/* harmony import */ var _outcome_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4535);


/**
 * The image a push will produce, for the plan made before any change: in a dry run the repository's real URI and
 * the first tag, so the diff reads true; otherwise a stand-in of the same shape, since only its kind matters then.
 */
async function imageForPlan(context) {
    const { config } = context;
    const push = config.push;
    if (!push)
        throw new Error('imageForPlan needs a push.');
    if (!config.dryRun)
        return `000000000000.dkr.ecr.${config.region}.amazonaws.com/${push.repository}:${push.tags[0]}`;
    _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Would push ${push.source} to ECR repository ${push.repository} (tags ${push.tags.join(', ')}).`);
    return `${await repositoryUriForPlan(context)}:${push.tags[0]}`;
}
/**
 * Pushes the local image and returns `<repositoryUri>@<digest>`: App Runner deploys exactly what was pushed. With
 * preflight, ECR is asked whether it has that digest before App Runner is told to pull it.
 */
async function pushAndCheck(context) {
    const { config, outcome } = context;
    const push = config.push;
    if (!push)
        throw new Error('pushAndCheck needs a push.');
    let imageUri;
    try {
        const { pushImage } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(249), __webpack_require__.e(264), __webpack_require__.e(949)]).then(__webpack_require__.bind(__webpack_require__, 2949));
        const pushed = await pushImage(push, { ecr: await context.clients.ecr() });
        outcome.imageDigest = pushed.digest;
        imageUri = outcome.imageUri = pushed.imageUri;
    }
    catch (error) {
        const { name, message } = error;
        const what = name && name !== 'Error' ? `${name}: ${message}` : message;
        throw new _outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`Push of ${push.source} to ECR repository ${push.repository} failed: ${what}`);
    }
    if (config.preflight) {
        const { preflight } = await Promise.all(/* import() */[__webpack_require__.e(249), __webpack_require__.e(736), __webpack_require__.e(994), __webpack_require__.e(261)]).then(__webpack_require__.bind(__webpack_require__, 1261));
        await preflight({ clients: context.clients, config, secrets: {}, image: imageUri });
    }
    return imageUri;
}
/** A read-only look-up; a repository that does not exist yet is shown with a placeholder account. */
async function repositoryUriForPlan(context) {
    const { repository } = context.config.push ?? { repository: '' };
    const { DescribeRepositoriesCommand } = await __webpack_require__.e(/* import() */ 249).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
    try {
        const found = await (await context.clients.ecr()).send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }));
        const uri = found.repositories?.[0]?.repositoryUri;
        if (uri)
            return uri;
    }
    catch (error) {
        if (error.name !== 'RepositoryNotFoundException')
            throw error;
    }
    _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`ECR repository ${repository} does not exist yet: it would be created (account shown as 000000000000).`);
    return `000000000000.dkr.ecr.${context.config.region}.amazonaws.com/${repository}`;
}


/***/ })

};

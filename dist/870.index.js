export const id = 870;
export const ids = [870];
export const modules = {

/***/ 4870:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   resolveImage: () => (/* binding */ resolveImage)
/* harmony export */ });
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4813);
/* harmony import */ var _outcome_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4535);


/**
 * With `ecr-repository`, pushes the local image and returns `<repositoryUri>@<digest>`: App Runner deploys exactly
 * what was pushed. In a dry run nothing is pushed: the plan names the repository and first tag instead.
 */
async function resolveImage(context) {
    const { config, outcome } = context;
    const push = config.push;
    if (!push)
        return undefined;
    if (config.dryRun) {
        _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Would push ${push.source} to ECR repository ${push.repository} (tags ${push.tags.join(', ')}).`);
        return `${await repositoryUriForPlan(context)}:${push.tags[0]}`;
    }
    try {
        const { pushImage } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(249), __webpack_require__.e(264), __webpack_require__.e(954)]).then(__webpack_require__.bind(__webpack_require__, 954));
        const pushed = await pushImage(push, { ecr: await context.clients.ecr() });
        outcome.imageDigest = pushed.digest;
        outcome.imageUri = pushed.imageUri;
        return pushed.imageUri;
    }
    catch (error) {
        const { name, message } = error;
        const what = name && name !== 'Error' ? `${name}: ${message}` : message;
        throw new _outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`Push of ${push.source} to ECR repository ${push.repository} failed: ${what}`);
    }
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

export const id = 483;
export const ids = [483];
export const modules = {

/***/ 9483:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubDeployment: () => (/* binding */ GitHubDeployment)
/* harmony export */ });
/* harmony import */ var _workflow_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5590);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2413);


/**
 * The deploy as a GitHub deployment of `environment`. Reporting is a courtesy: a GitHub API failure is a warning and
 * never fails the deploy.
 */
class GitHubDeployment {
    id;
    octokit;
    environment;
    constructor(options) {
        this.octokit = _actions_github__WEBPACK_IMPORTED_MODULE_1__.getOctokit(options.token);
        this.environment = options.environment;
    }
    async start(description) {
        const { owner, repo } = _actions_github__WEBPACK_IMPORTED_MODULE_1__.context.repo;
        try {
            const answer = await this.octokit.rest.repos.createDeployment({
                owner,
                repo,
                ref: _actions_github__WEBPACK_IMPORTED_MODULE_1__.context.sha,
                environment: this.environment,
                description,
                auto_merge: false,
                required_contexts: [],
                transient_environment: false,
            });
            if ('id' in answer.data)
                this.id = answer.data.id;
            await this.update('in_progress', {});
        }
        catch (error) {
            _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not create a GitHub deployment for ${this.environment}: ${error.message}`);
        }
    }
    async update(state, details) {
        if (this.id === undefined)
            return;
        const { owner, repo } = _actions_github__WEBPACK_IMPORTED_MODULE_1__.context.repo;
        const { serverUrl, runId } = _actions_github__WEBPACK_IMPORTED_MODULE_1__.context;
        try {
            await this.octokit.rest.repos.createDeploymentStatus({
                owner,
                repo,
                deployment_id: this.id,
                state,
                environment: this.environment,
                environment_url: details.url,
                log_url: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
                description: details.description?.slice(0, 140),
                auto_inactive: state === 'success',
            });
        }
        catch (error) {
            _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not update the GitHub deployment for ${this.environment}: ${error.message}`);
        }
    }
}


/***/ })

};

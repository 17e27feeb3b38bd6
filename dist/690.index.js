export const id = 690;
export const ids = [690];
export const modules = {

/***/ 8309:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   recentLogLines: () => (/* binding */ recentLogLines)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(303);

/**
 * The newest `limit` lines of a log group since `since` (optionally of some streams only, at most 100). Pages come oldest first
 * and may be empty yet carry a token, so only the last lines are kept, within a budget of pages: a noisy group must
 * not keep a failed run alive.
 */
async function recentLogLines(client, query) {
    const lines = [];
    let pages = 0;
    const input = {
        logGroupName: query.group,
        startTime: query.since.getTime(),
        logStreamNames: query.streams,
    };
    for await (const page of (0,_aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__.paginateFilterLogEvents)({ client }, input)) {
        for (const event of page.events ?? []) {
            lines.push((event.message ?? '').trimEnd());
            if (lines.length > query.limit)
                lines.shift();
        }
        if ((pages += 1) >= 25)
            break;
    }
    return lines;
}


/***/ })

};

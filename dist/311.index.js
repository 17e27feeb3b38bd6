export const id = 311;
export const ids = [311];
export const modules = {

/***/ 311:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   recentServiceEvents: () => (/* binding */ recentServiceEvents),
/* harmony export */   serviceLogGroup: () => (/* binding */ serviceLogGroup)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(303);

/** App Runner writes service events and deployment logs to `/aws/apprunner/<name>/<id>/service`. */
function serviceLogGroup(service) {
    return `/aws/apprunner/${service.name}/${service.id}/service`;
}
/**
 * The newest `limit` event lines of the group since `since`, across whatever streams App Runner used. Pages come
 * oldest first and may be empty yet carry a token, so only the last lines are kept, within a budget of pages: a
 * noisy group must not keep a failed run alive.
 */
async function recentServiceEvents(client, query) {
    const lines = [];
    let nextToken;
    for (let pages = 0; pages < 25; pages += 1) {
        const page = await client.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__.FilterLogEventsCommand({ logGroupName: query.group, startTime: query.since.getTime(), nextToken }));
        for (const event of page.events ?? []) {
            lines.push((event.message ?? '').trimEnd());
            if (lines.length > query.limit)
                lines.shift();
        }
        nextToken = page.nextToken;
        if (!nextToken)
            break;
    }
    return lines;
}


/***/ })

};

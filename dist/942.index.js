export const id = 942;
export const ids = [942];
export const modules = {

/***/ 6942:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   buildSummary: () => (/* binding */ buildSummary),
/* harmony export */   writeSummary: () => (/* binding */ writeSummary)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _result_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5337);



/*
 * The job summary, written as the HTML GitHub renders (what @actions/core's summary writes), by hand: this is the
 * only thing the action needed @actions/core for, and every cell is escaped here, since much of it came from AWS.
 */
function seconds(ms) {
    return `${Math.round(ms / 100) / 10}s`;
}
/** Enough for text between tags: no tag or entity can be opened from inside. */
const escapeHtml = (text) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
function table(header, rows) {
    const row = (cells, tag) => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
    return `<table>${row(header, 'th')}${rows.map((cells) => row(cells, 'td')).join('')}</table>${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`;
}
/** A fenced block no line inside can close: the fence is longer than any run of backticks in the text. */
function codeBlock(text) {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
    const fence = '`'.repeat(longest + 1);
    return `\n\n${fence}\n${text}\n${fence}\n\n`;
}
const details = (label, body) => `<details><summary>${escapeHtml(label)}</summary>${body}</details>${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`;
/** What was deployed where, how it ended, and the status timeline; the events of a failure. */
function buildSummary(options) {
    const { outcome } = options;
    const result = (0,_result_js__WEBPACK_IMPORTED_MODULE_2__/* .describeResult */ .d)(outcome.result);
    const parts = [`<h2>${escapeHtml(`${options.title} deploy: ${options.service}`)}</h2>${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`];
    parts.push(table(['Service', 'Image', 'Result', 'Operation', 'URL', 'Duration'], [
        [
            options.service,
            outcome.imageUri ?? '—',
            options.failure ? `❌ ${result ?? 'failed'}` : `✅ ${result ?? 'done'}`,
            outcome.operationId ? `${outcome.operationId} (${outcome.operationStatus ?? '—'})` : '—',
            outcome.serviceUrl ?? '—',
            seconds(options.now - outcome.startedAt),
        ],
    ]));
    // After a rollback (or a run that stopped early) the image column names one that does not serve.
    const serving = outcome.servingImageUri;
    if (serving && serving !== outcome.imageUri)
        parts.push(`<p>Still serving: ${escapeHtml(serving)}</p>${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`);
    if (options.failure)
        parts.push(`\n**Why:** ${escapeHtml(options.failure)}\n${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`);
    if (outcome.diff)
        parts.push(details('Planned change', codeBlock(outcome.diff)));
    if (outcome.timeline.length > 0) {
        const rows = outcome.timeline.map((entry) => [entry.label, entry.status, seconds(entry.elapsedMs)]);
        parts.push(`<h3>Timeline</h3>${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`, table(['Operation', 'Status', 'After'], rows));
    }
    if (outcome.events.length > 0)
        parts.push(details('Service events', codeBlock(outcome.events.join('\n'))));
    for (const extra of outcome.tables ?? [])
        parts.push(`<h3>${escapeHtml(extra.title)}</h3>${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`, table(extra.header, extra.rows));
    return parts.join('');
}
/** Appends to the runner's summary file; outside a runner there is none, and the log already says everything. */
function writeSummary(text, env = process.env) {
    if (env.GITHUB_STEP_SUMMARY)
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.appendFileSync)(env.GITHUB_STEP_SUMMARY, text, 'utf8');
}


/***/ })

};

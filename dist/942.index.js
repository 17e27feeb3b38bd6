export const id = 942;
export const ids = [942];
export const modules = {

/***/ 6942:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   buildSummary: () => (/* binding */ buildSummary)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7264);

function seconds(ms) {
    return `${Math.round(ms / 100) / 10}s`;
}
/** The job summary: what was deployed where, how it ended, and the status timeline; the events of a failure. */
function buildSummary(options) {
    const { outcome } = options;
    const summary = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addHeading(`App Runner deploy: ${options.service}`, 2);
    summary.addTable([
        [
            { data: 'Service', header: true },
            { data: 'Image', header: true },
            { data: 'Result', header: true },
            { data: 'Operation', header: true },
            { data: 'URL', header: true },
            { data: 'Duration', header: true },
        ],
        [
            options.service,
            outcome.imageUri ?? '—',
            options.failure ? `❌ ${outcome.result ?? 'failed'}` : `✅ ${outcome.result ?? 'done'}`,
            outcome.operationId ? `${outcome.operationId} (${outcome.operationStatus ?? '—'})` : '—',
            outcome.serviceUrl ?? '—',
            seconds(options.now - outcome.startedAt),
        ],
    ]);
    if (options.failure)
        summary.addRaw(`\n**Why:** ${options.failure}\n`, true);
    if (outcome.diff)
        summary.addDetails('Planned change', `\n\n\`\`\`\n${outcome.diff}\n\`\`\`\n\n`);
    if (outcome.timeline.length > 0) {
        const rows = outcome.timeline.map((entry) => [entry.label, entry.status, seconds(entry.elapsedMs)]);
        summary.addHeading('Timeline', 3).addTable([
            [
                { data: 'Operation', header: true },
                { data: 'Status', header: true },
                { data: 'After', header: true },
            ],
            ...rows,
        ]);
    }
    if (outcome.events.length > 0) {
        summary.addDetails('Service events', `\n\n\`\`\`\n${outcome.events.join('\n')}\n\`\`\`\n\n`);
    }
    return summary;
}


/***/ })

};

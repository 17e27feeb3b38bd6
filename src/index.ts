/** The App Runner action's entry point, which ncc bundles; the pipeline is in core/, the target in targets/apprunner. */
import { run } from './core/run.js';
import { appRunner } from './targets/apprunner/index.js';

await run(appRunner);

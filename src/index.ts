/** The entry point ncc bundles; everything else is in main.ts so tests can import it without running it. */
import { run } from './core/run.js';

await run();

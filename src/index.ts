/** The entry point ncc bundles; everything else is in main.ts so tests can import it without running it. */
import { run } from './main.js';

await run();

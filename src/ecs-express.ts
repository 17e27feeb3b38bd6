/** The ECS Express action's entry point (ecs-express/action.yml), which ncc bundles into dist/ecs-express/. */
import { run } from './core/run.js';
import { ecsExpress } from './targets/ecs-express/index.js';

await run(ecsExpress);

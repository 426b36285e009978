import type { Scenario } from '../scenario.js';
import { composeScenarios } from './compose.js';
import { crashScenarios } from './crash.js';
import { evidenceScenarios } from './evidence.js';
import { healthScenarios } from './health.js';
import { loggingScenarios } from './logging.js';
import { moreCauseScenarios } from './more-causes.js';
import { networkScenarios } from './network.js';
import { nodeRuntimeScenarios } from './node-runtime.js';
import { resourceScenarios } from './resources.js';
import { storageScenarios } from './storage.js';

/** Every lab scenario, by category. */
export const scenarios: readonly Scenario[] = [
	...networkScenarios,
	...storageScenarios,
	...crashScenarios,
	...healthScenarios,
	...loggingScenarios,
	...resourceScenarios,
	...evidenceScenarios,
	...moreCauseScenarios,
	...nodeRuntimeScenarios,
	...composeScenarios,
];

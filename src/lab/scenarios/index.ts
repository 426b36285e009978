import path from 'node:path';
import { formatError } from '../../playbooks/loader.js';
import { builtinPlaybookDir } from '../../playbooks/locations.js';
import { loadLabPacks } from '../pack.js';
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

/** The labs written in TypeScript, by category. */
const coded: readonly Scenario[] = [
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

/** The folder of the labs shipped as YAML (labs/ beside playbooks/). */
export function builtinLabDir(): string {
	return path.join(path.dirname(builtinPlaybookDir()), 'labs');
}

const shipped = loadLabPacks([builtinLabDir()], new Set(coded.map((s) => s.id)));
/** Problems of the shipped YAML labs: none in a release (test/unit/lab-packs.test.ts checks). */
export const shippedLabErrors: readonly string[] = shipped.errors.map(formatError);

/** Every built-in lab: the coded ones, then those shipped as YAML. */
export const scenarios: readonly Scenario[] = [...coded, ...shipped.scenarios];

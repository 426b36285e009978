// What the lab commands need beyond their definitions, loaded only when one of them runs.
export { labCatalogue } from '../../lab/catalogue.js';
export { findScenario, Labs, nextHints } from '../../lab/lab.js';
export { prefixScenario, validPrefix } from '../../lab/prefix.js';
export { formatError } from '../../playbooks/loader.js';
export { renderTable } from '../text-table.js';

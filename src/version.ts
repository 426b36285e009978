/** Set by the bundle (scripts/build.mjs) from package.json; "dev" when run from the sources (tests). */
declare const __DOCKMEDIC_VERSION__: string | undefined;

export const VERSION: string = typeof __DOCKMEDIC_VERSION__ === 'string' ? __DOCKMEDIC_VERSION__ : 'dev';

/** Version of the JSON documents dockmedic writes; raised when a field changes meaning or goes. */
export const SCHEMA_VERSION = 1;

// Version strings reported by appInfo and stamped on saved results.
import packageJson from '../../package.json';

export const APP_VERSION: string = packageJson.version;

/**
 * Stamped on experiments whose result was produced by this engine, so a result
 * from an older engine can be recognised. Follows the app version until the
 * engine gets a version of its own.
 */
export const ENGINE_VERSION: string = `autograd-lab-engine ${packageJson.version}`;

// Types of ops/console-build.mjs for TypeScript callers (the tests' global setup).
export declare const CONSOLE: string;
export declare const CONSOLE_INDEX: string;
/** True when console/dist/index.html exists and is newer than every source. */
export declare function consoleIsFresh(): boolean;
/** Builds console/dist with Vite; resolves the build time in ms. */
export declare function buildConsole(): Promise<number>;

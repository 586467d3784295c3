/** Types for scripts/run-built.mjs, so TypeScript tests and setup files can call it. */
export declare const ROOT: string
export declare function builtEntry(entry: string, root?: string): string
export declare function newestSource(root?: string): { mtimeMs: number; path: string }
export declare function staleReason(entry: string, root?: string): string | null
export declare function ensureBuilt(entry: string, root?: string): void

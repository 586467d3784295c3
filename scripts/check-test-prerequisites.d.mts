/** Types for scripts/check-test-prerequisites.mjs (used by playwright.config.ts and its test). */
export interface Prerequisite {
  name: string
  debian: string
  for: string
  command?: string
  detail?: string
  check?: (probe: Probe) => boolean
}

export interface Probe {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  onPath(command: string): boolean
  systemChromium(): string | undefined
  playwrightChromium(): Promise<string | undefined>
  isDebian(): boolean
  dconfModule(): boolean
  gnomeSchemas(): boolean
}

export declare const DEBIAN_INSTALL: string
export declare const PLAYWRIGHT_INSTALL: string
export declare const DEFAULT_CHROMIUM: string
export declare const DESKTOP_PREREQUISITES: readonly Prerequisite[]
export declare function systemChromium(
  env?: NodeJS.ProcessEnv,
  exists?: (path: string) => boolean
): string | undefined
export declare function realProbe(env?: NodeJS.ProcessEnv): Probe
export declare function findMissing(
  probe: Probe
): Promise<{ chromium: string | undefined; missing: Prerequisite[] }>
export declare function report(options: {
  missing: readonly Prerequisite[]
  isDebian: boolean
  ci: boolean
  root: boolean
  platform?: NodeJS.Platform
}): { ok: boolean; text: string }

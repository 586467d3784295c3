/**
 * The page's CSP has no 'unsafe-eval'. Zod compiles fast object parsers with `new Function`
 * unless told not to, and probes for it when the shared contract builds its schemas: each probe
 * is a CSP violation report. Imported first by main.tsx, before any schema exists.
 */
import { config } from 'zod'

config({ jitless: true })

import { isApiMethod, type GalleryApi } from '@shared/api'
import { GalleryError, toErrorInfo, type Result } from '@shared/errors'
import { apiArgs } from './api-args'
import { refusal } from './refusal'

export type Dispatch = (method: unknown, args: unknown) => Promise<Result<unknown>>

/**
 * Validates a call from the page (method name, then arguments against the contract's schema)
 * before any service code runs, and turns every outcome into data that can cross a boundary.
 * Electron's IPC registration and the browser bridge both call through this.
 */
export function createDispatcher(api: GalleryApi): Dispatch {
  return async (method, args) => {
    try {
      if (!isApiMethod(method)) {
        throw new GalleryError('invalid-argument', `There is no method called "${String(method)}".`)
      }
      const parsed = apiArgs[method].safeParse(args)
      if (!parsed.success) {
        // A field of an object argument (a setting of updateSettings' patch) is named as `field`.
        const issue = parsed.error.issues[0]
        const where = issue && issue.path.length > 0 ? ` (argument ${issue.path.join('.')})` : ''
        throw refusal(issue, 1, `Invalid input for ${method}${where}`)
      }
      const call = api[method] as (...a: unknown[]) => Promise<unknown>
      const value = await call.apply(api, parsed.data as unknown[])
      return { ok: true, value: value ?? null }
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) }
    }
  }
}

export const DEFAULT_SOURCE = 'https://www.gstatic.com/prettyearth/assets/data/v3/{id}.json'

/** Why a document URL template is unusable, or null when it is fine. */
export function sourceTemplateProblem(template: string): string | null {
  if (!template.includes('{id}')) return 'the source URL must contain {id}'
  let url: URL
  try {
    url = new URL(template.replaceAll('{id}', '1'))
  } catch {
    return `"${template}" is not a URL`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'the source URL must start with http:// or https://'
  }
  return null
}

export function documentUrl(template: string, id: number): string {
  return template.replaceAll('{id}', String(id))
}

/**
 * Whether a request's Host header names the bridge itself. A page on any site whose name the
 * attacker points at 127.0.0.1 (DNS rebinding) sends its own name as Host; only our loopback
 * address or `localhost`, with our port, is served.
 */
export function isOurHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false
  const match = /^(127\.0\.0\.1|localhost)(?::(\d{1,5}))?$/i.exec(host.trim())
  if (!match) return false
  const given = match[2] === undefined ? 80 : Number(match[2])
  return given === port
}

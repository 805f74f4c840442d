import type { AxiosProxyConfig } from 'axios';

/**
 * The axios `proxy` setting for a policy's proxyUrl (`http://user:pass@proxy.internal:3128`).
 * Without a proxyUrl it is `false`, not undefined: otherwise axios would quietly pick up
 * HTTP(S)_PROXY from the environment, and the policy would no longer say how a provider is reached.
 * axios tunnels https targets through the proxy with CONNECT and sends plain http targets in
 * absolute form, with the credentials as Proxy-Authorization either way.
 */
export function axiosProxyConfig(proxyUrl: string | undefined): AxiosProxyConfig | false {
  if (proxyUrl === undefined) return false;
  const url = new URL(proxyUrl);
  const protocol = url.protocol.replace(/:$/, '');
  return {
    protocol,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
    ...(url.username || url.password
      ? { auth: { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } }
      : {}),
  };
}

/** The credentials in a proxy URL, decoded as they would be sent: values no message may contain. */
export function proxyCredentials(proxyUrl: string | undefined): string[] {
  if (proxyUrl === undefined) return [];
  const url = new URL(proxyUrl);
  return [url.username, url.password]
    .filter((part) => part.length > 0)
    .flatMap((part) => [part, decodeURIComponent(part)]);
}

/** The proxy as it may appear in a log line: scheme, host and port, never the credentials. */
export function describeProxy(proxyUrl: string): string {
  const url = new URL(proxyUrl);
  return `${url.protocol}//${url.host}`;
}

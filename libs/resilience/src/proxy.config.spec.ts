import { axiosProxyConfig, describeProxy, proxyCredentials } from './proxy.config';

describe('proxy config', () => {
  it('builds the axios proxy setting from the policy URL, credentials decoded', () => {
    expect(axiosProxyConfig('http://scraper:p%40ss@proxy.internal:3128')).toEqual({
      protocol: 'http',
      host: 'proxy.internal',
      port: 3128,
      auth: { username: 'scraper', password: 'p@ss' },
    });
  });

  it('defaults the port from the scheme and leaves auth out when there is none', () => {
    expect(axiosProxyConfig('https://proxy.internal')).toEqual({ protocol: 'https', host: 'proxy.internal', port: 443 });
  });

  it('turns the environment proxy off when the policy names none, so the policy alone decides the route', () => {
    expect(axiosProxyConfig(undefined)).toBe(false);
  });

  it('describes the proxy for logs without its credentials, and lists them for redaction', () => {
    expect(describeProxy('http://scraper:p%40ss@proxy.internal:3128')).toBe('http://proxy.internal:3128');
    expect(proxyCredentials('http://scraper:p%40ss@proxy.internal:3128')).toEqual(['scraper', 'scraper', 'p%40ss', 'p@ss']);
  });
});

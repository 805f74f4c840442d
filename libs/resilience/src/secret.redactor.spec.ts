import { SecretRedactor } from './secret.redactor';

describe('SecretRedactor', () => {
  const redactor = new SecretRedactor(['apiKey'], ['proxy-pass']);

  it('redacts secret query parameters by name, whatever their case, and leaves the rest as written', () => {
    expect(redactor.redactUrl('https://api.the-odds-api.com/v4/sports?APIKEY=abc123&regions=us&dates[]=2025-11-05#x')).toBe(
      'https://api.the-odds-api.com/v4/sports?APIKEY=***&regions=us&dates[]=2025-11-05#x',
    );
  });

  it('redacts credentials written into a URL', () => {
    expect(redactor.redactUrl('http://user:pw@proxy.internal:3128/path')).toBe('http://***@proxy.internal:3128/path');
  });

  it('finds secret values in params and in a query already in the path', () => {
    expect(redactor.secretValuesOf({ apiKey: 'from-params', regions: 'us' }, '/v4/sports?apiKey=from-path')).toEqual(['from-params', 'from-path']);
  });

  it('redacts secret values anywhere in a text, plain or URL-encoded, and the always-secret ones', () => {
    expect(redactor.redactText('key a+b/c rejected; a%2Bb%2Fc; proxy-pass', ['a+b/c'])).toBe('key *** rejected; ***; ***');
  });
});

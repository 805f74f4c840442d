import { InvalidObjectPathError } from '@lib/storage';
import { isUnprocessable, UnprocessableMessageError } from './unprocessable-message.error';

describe('isUnprocessable: what redelivery could never fix', () => {
  it('is true for an unprocessable message, however deep in the causes', () => {
    expect(isUnprocessable(new Error('run failed', { cause: new UnprocessableMessageError('payload is not JSON') }))).toBe(true);
  });

  it('is true for a payload path outside the store, which stays outside on every redelivery', () => {
    const escaped = new InvalidObjectPathError('../../etc/passwd', '".." segments would escape the store root');
    expect(isUnprocessable(escaped)).toBe(true);
    expect(isUnprocessable(new Error('reading the payload failed', { cause: escaped }))).toBe(true);
  });

  it('is false for a failure worth a redelivery', () => {
    expect(isUnprocessable(new Error('warehouse unreachable', { cause: new Error('ECONNRESET') }))).toBe(false);
  });
});

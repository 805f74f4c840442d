import { CallOutcome, CircuitBreaker, CircuitState } from './circuit.breaker';
import { RecordingClock } from './testing/scripted-http.server';

class UpstreamDown extends Error {}
class NotFound extends Error {}

const refused = () => new Error('refused: circuit open');
const outcomeOf = (error: unknown): CallOutcome => (error instanceof UpstreamDown ? 'failure' : error instanceof NotFound ? 'success' : 'unrelated');

function breaker(clock: RecordingClock, transitions: string[] = []) {
  return new CircuitBreaker({
    failureThreshold: 3,
    coolDownMs: 10_000,
    now: clock.now,
    outcomeOf,
    onStateChange: (from: CircuitState, to: CircuitState) => transitions.push(`${from}→${to}`),
  });
}

const failing = () => Promise.reject(new UpstreamDown('503'));
const succeeding = () => Promise.resolve('ok');

describe('CircuitBreaker', () => {
  it('opens on the threshold-th consecutive failure and refuses calls without running them', async () => {
    const clock = new RecordingClock();
    const circuit = breaker(clock);
    for (let call = 0; call < 3; call += 1) await expect(circuit.run(failing, refused)).rejects.toBeInstanceOf(UpstreamDown);

    const neverRun = jest.fn(succeeding);
    await expect(circuit.run(neverRun, refused)).rejects.toThrow('refused: circuit open');

    expect(neverRun).not.toHaveBeenCalled();
    expect(circuit.snapshot()).toEqual({
      state: 'open', consecutiveFailures: 3, failureThreshold: 3, opened: 1, rejected: 1, succeeded: 0, failed: 3, retryAtMs: clock.now() + 10_000,
    });
  });

  it('starts counting again after a success', async () => {
    const circuit = breaker(new RecordingClock());
    await expect(circuit.run(failing, refused)).rejects.toThrow();
    await expect(circuit.run(failing, refused)).rejects.toThrow();
    await circuit.run(succeeding, refused);
    await expect(circuit.run(failing, refused)).rejects.toThrow();

    expect(circuit.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
  });

  it('lets exactly one trial through when half-open, refusing the others while it runs', async () => {
    const clock = new RecordingClock();
    const transitions: string[] = [];
    const circuit = breaker(clock, transitions);
    for (let call = 0; call < 3; call += 1) await expect(circuit.run(failing, refused)).rejects.toThrow();
    clock.advance(10_000);
    expect(circuit.state()).toBe('half_open');

    let finishTrial: (value: string) => void = () => undefined;
    const trial = circuit.run(() => new Promise<string>((resolve) => (finishTrial = resolve)), refused);
    await expect(circuit.run(succeeding, refused)).rejects.toThrow('refused');
    finishTrial('ok');

    await expect(trial).resolves.toBe('ok');
    expect(circuit.state()).toBe('closed');
    expect(transitions).toEqual(['closed→open', 'open→half_open', 'half_open→closed']);
  });

  it('re-opens for a full cool-down when the trial fails', async () => {
    const clock = new RecordingClock();
    const circuit = breaker(clock);
    for (let call = 0; call < 3; call += 1) await expect(circuit.run(failing, refused)).rejects.toThrow();
    clock.advance(10_000);

    await expect(circuit.run(failing, refused)).rejects.toBeInstanceOf(UpstreamDown);
    clock.advance(9_999);

    expect(circuit.state()).toBe('open');
    expect(circuit.snapshot().opened).toBe(2);
  });

  it('treats an answer such as a 404 as proof of life, and an error of our own as no evidence either way', async () => {
    const clock = new RecordingClock();
    const circuit = breaker(clock);
    for (let call = 0; call < 3; call += 1) await expect(circuit.run(failing, refused)).rejects.toThrow();
    clock.advance(10_000);

    await expect(circuit.run(() => Promise.reject(new TypeError('bug in a scraper')), refused)).rejects.toBeInstanceOf(TypeError);
    expect(circuit.state()).toBe('half_open');
    await expect(circuit.run(() => Promise.reject(new NotFound('404')), refused)).rejects.toBeInstanceOf(NotFound);
    expect(circuit.state()).toBe('closed');
  });
});

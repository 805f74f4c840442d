import { loadPlatformConfig } from '../config/platform-config';
import { SYSTEM_CLOCK } from './clock';
import { clockFromSettings, RunningClock } from './running-clock';

describe('RunningClock', () => {
  let wall = Date.parse('2026-12-01T05:00:00Z');
  const wallNow = () => wall;
  beforeEach(() => {
    wall = Date.parse('2026-12-01T05:00:00Z');
  });

  it('starts at CLOCK_START and runs CLOCK_SPEED times the wall clock', () => {
    const clock = new RunningClock(new Date('2025-11-05T13:00:00Z'), 600, wallNow);
    expect(clock.now().toISOString()).toBe('2025-11-05T13:00:00.000Z');
    wall += 6_000;
    expect(clock.now().toISOString()).toBe('2025-11-05T14:00:00.000Z');
    expect(clock.realMsUntil(new Date('2025-11-05T15:00:00Z'))).toBe(6_000);
    expect(clock.realMsUntil(new Date('2025-11-05T13:30:00Z'))).toBe(0);
  });

  it('jumps forward only, tells its listeners, and still maps the wall times of every stretch', () => {
    const clock = new RunningClock(new Date('2025-11-05T13:00:00Z'), 60, wallNow);
    const heard: string[] = [];
    clock.onJump((now) => heard.push(now.toISOString()));
    wall += 500;
    const beforeJump = new Date(wall);
    wall += 500; // one simulated minute in all
    clock.jumpTo(new Date('2025-11-05T17:00:00Z'));
    wall += 2_000;
    expect(clock.now().toISOString()).toBe('2025-11-05T17:02:00.000Z');
    expect(heard).toEqual(['2025-11-05T17:00:00.000Z']);
    expect(clock.simulatedAt(beforeJump).toISOString()).toBe('2025-11-05T13:00:30.000Z');
    expect(clock.simulatedAt(new Date(wall)).toISOString()).toBe('2025-11-05T17:02:00.000Z');
    expect(() => clock.jumpTo(new Date('2025-11-05T16:00:00Z'))).toThrow(/only moves forward: it shows 2025-11-05T17:02:00.000Z/);
  });

  it('can wait at its start until resumed, then runs from the start', () => {
    const clock = new RunningClock(new Date('2025-11-05T13:00:00Z'), 600, wallNow, { paused: true });
    wall += 5_000; // a cluster booting
    expect(clock.now().toISOString()).toBe('2025-11-05T13:00:00.000Z');
    clock.resume();
    wall += 6_000;
    expect(clock.now().toISOString()).toBe('2025-11-05T14:00:00.000Z');
  });

  it('waits real time shortened by its speed', async () => {
    const clock = new RunningClock(new Date('2025-11-05T13:00:00Z'), 10_000);
    const started = Date.now();
    await clock.sleep(30_000); // a 30-second Retry-After
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('is the wall clock when CLOCK_START and CLOCK_SPEED are unset, and refuses a malformed start', () => {
    expect(clockFromSettings(loadPlatformConfig({}))).toBe(SYSTEM_CLOCK);
    const running = clockFromSettings(loadPlatformConfig({ CLOCK_START: '2025-11-05T13:00:00Z', CLOCK_SPEED: '600' }));
    expect(running).toBeInstanceOf(RunningClock);
    expect(Math.abs(running.now().getTime() - Date.parse('2025-11-05T13:00:00Z'))).toBeLessThan(60_000);
    expect(() => loadPlatformConfig({ CLOCK_START: '2025-11-05' })).toThrow(/CLOCK_START must be an ISO date-time with a zone/);
    expect(() => loadPlatformConfig({ CLOCK_SPEED: '0' })).toThrow(/CLOCK_SPEED/);
  });
});

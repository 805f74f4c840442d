import { isCalendarDate } from '@lib/messaging';
import { readCommandLineFlags } from '../cli/command-line-flags';

export interface SimulateArguments {
  date: string;
  /** Simulated seconds per real second while the cluster works (idle stretches are skipped). */
  speed: number;
  faultsFile?: string;
  json: boolean;
  /** Where the simulated day's warehouse and objects go (emptied first). */
  dataDir?: string;
  /** BigDataBall CSV files for the replay to release (none are bundled). */
  bigDataBallDir?: string;
}

export const SIMULATE_USAGE = 'usage: npm run simulate -- --date YYYY-MM-DD [--speed N] [--faults FILE] [--json] [--data-dir DIR] [--bigdataball-dir DIR]';

/** While the cluster works its clock runs this many times the wall clock: a 10-second phase run is 10 simulated minutes. */
export const DEFAULT_SIMULATION_SPEED = 60;

export class SimulateArgumentError extends Error {}

/** Parses the simulator's command line; every problem names the flag. */
export function parseSimulateArguments(argv: readonly string[]): SimulateArguments {
  const { values, json } = readCommandLineFlags(argv, ['--date', '--speed', '--faults', '--data-dir', '--bigdataball-dir'], (message) => new SimulateArgumentError(message));
  const date = values.get('--date');
  if (!date) throw new SimulateArgumentError('--date is required');
  if (!isCalendarDate(date)) throw new SimulateArgumentError(`--date ${date} is not a real YYYY-MM-DD date`);
  const speedText = values.get('--speed');
  const speed = speedText === undefined ? DEFAULT_SIMULATION_SPEED : Number(speedText);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 100_000) throw new SimulateArgumentError(`--speed ${speedText} must be a number above 0 and at most 100000`);
  return { date, speed, faultsFile: values.get('--faults'), json, dataDir: values.get('--data-dir'), bigDataBallDir: values.get('--bigdataball-dir') };
}

import { LoggerService, LogLevel } from '@nestjs/common';
import { currentContext } from '../context/request-context';

type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

const SEVERITY_RANK: Record<Severity, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3, CRITICAL: 4 };
const THRESHOLD: Record<'debug' | 'info' | 'warn' | 'error', Severity> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
};
const SECRET_KEY = /(secret|token|password|api[_-]?key|authorization|credential)/i;

export interface PlatformLoggerOptions {
  format: 'json' | 'pretty';
  level: keyof typeof THRESHOLD;
  /** Cloud Logging links a line to its trace only with the project in the trace name. */
  projectId?: string;
  /** Service name for lines logged outside any request (start-up, shutdown). */
  defaultService?: string;
  write?: (line: string) => void;
}

/**
 * Nest's logger, writing one JSON object per line in the fields Cloud Logging reads (severity,
 * message, logging.googleapis.com/trace), or a readable line in a terminal. The correlation id and
 * service come from the request context, so every line of a request carries them.
 */
export class PlatformLogger implements LoggerService {
  private readonly write: (line: string) => void;

  constructor(private readonly options: PlatformLoggerOptions) {
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('INFO', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('ERROR', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('WARNING', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('DEBUG', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('DEBUG', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('CRITICAL', message, rest);
  }
  setLogLevels(_levels: LogLevel[]): void {
    // The level comes from LOG_LEVEL, validated at start-up; Nest's own level list is not used.
  }

  private emit(severity: Severity, message: unknown, rest: unknown[]): void {
    if (SEVERITY_RANK[severity] < SEVERITY_RANK[THRESHOLD[this.options.level]]) return;
    // Nest passes (message, context) or (message, stack, context): the last string is the context.
    const args = [...rest];
    const logContext = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const stack = typeof args[0] === 'string' && severity !== 'INFO' ? (args.shift() as string) : undefined;
    const fields = args.find((arg): arg is Record<string, unknown> => typeof arg === 'object' && arg !== null);
    const request = currentContext();
    const entry: Record<string, unknown> = {
      severity,
      message: describe(message),
      time: new Date().toISOString(),
      service: request?.service ?? this.options.defaultService,
      context: logContext,
      correlation_id: request?.correlationId,
      ...(fields ? (redactSecrets(fields) as Record<string, unknown>) : {}),
    };
    // stack_trace is the field Cloud Error Reporting reads an error's stack from in a JSON log line.
    if (message instanceof Error && !stack) entry.stack_trace = message.stack;
    if (stack) entry.stack_trace = stack;
    if (request?.traceId && this.options.projectId) {
      entry['logging.googleapis.com/trace'] = `projects/${this.options.projectId}/traces/${request.traceId}`;
    }
    this.write(this.options.format === 'json' ? JSON.stringify(entry) : pretty(entry));
  }
}

function describe(message: unknown): string {
  if (message instanceof Error) return `${message.name}: ${message.message}`;
  if (typeof message === 'string') return message;
  return JSON.stringify(redactSecrets(message));
}

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redactSecrets(inner)]),
  );
}

function pretty(entry: Record<string, unknown>): string {
  const { severity, message, time, service, context, correlation_id: correlationId, stack_trace: stack, ...extra } = entry;
  delete extra['logging.googleapis.com/trace'];
  const clock = String(time).slice(11, 23);
  const where = [service, context].filter(Boolean).join(' ');
  const extraText = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
  const correlation = correlationId ? ` (${String(correlationId).slice(0, 8)})` : '';
  return `${clock} ${String(severity).padEnd(7)} [${where}] ${message}${extraText}${correlation}${stack ? `\n${stack}` : ''}`;
}

export function resolveLogFormat(setting: 'auto' | 'json' | 'pretty'): 'json' | 'pretty' {
  if (setting !== 'auto') return setting;
  return process.stdout.isTTY ? 'pretty' : 'json';
}

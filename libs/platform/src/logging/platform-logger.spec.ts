import { runWithContext } from '../context/request-context';
import { PlatformLogger } from './platform-logger';

function capture(options: Partial<ConstructorParameters<typeof PlatformLogger>[0]> = {}) {
  const lines: string[] = [];
  const logger = new PlatformLogger({ format: 'json', level: 'info', write: (line) => lines.push(line), ...options });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('PlatformLogger', () => {
  it('writes Cloud Logging fields with the correlation id and trace of the current request', () => {
    const { logger, entries } = capture({ projectId: 'nba-props-prod' });
    runWithContext({ correlationId: 'corr-1', service: 'phase2-raw', traceId: 'a'.repeat(32) }, () =>
      logger.log('loaded 12 rows', 'BdlGamesProcessor'),
    );
    expect(entries()[0]).toMatchObject({
      severity: 'INFO',
      message: 'loaded 12 rows',
      service: 'phase2-raw',
      context: 'BdlGamesProcessor',
      correlation_id: 'corr-1',
      'logging.googleapis.com/trace': `projects/nba-props-prod/traces/${'a'.repeat(32)}`,
    });
  });

  it('maps Nest levels to Cloud Logging severities and keeps the stack of an error', () => {
    const { logger, entries } = capture({ level: 'debug' });
    logger.warn('slow upstream');
    logger.error('merge failed', 'Error: boom\n    at x', 'Warehouse');
    logger.debug('detail');
    expect(entries().map((entry) => entry.severity)).toEqual(['WARNING', 'ERROR', 'DEBUG']);
    expect(entries()[1]).toMatchObject({ context: 'Warehouse', stack_trace: 'Error: boom\n    at x' });
    expect(entries()[1]).not.toHaveProperty('stack');
  });

  it('puts a logged Error\'s stack in stack_trace, the field Cloud Error Reporting reads', () => {
    const { logger, entries } = capture();
    const error = new Error('warehouse unreachable');
    logger.error(error);
    expect(entries()[0]).toMatchObject({ severity: 'ERROR', message: 'Error: warehouse unreachable', stack_trace: error.stack });
    expect(String(entries()[0].stack_trace)).toMatch(/^Error: warehouse unreachable\n\s+at /);
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = capture({ level: 'warn' });
    logger.log('routine');
    logger.warn('attention');
    expect(lines).toHaveLength(1);
  });

  it('never writes a secret passed in structured fields', () => {
    const { logger, lines } = capture();
    logger.log('calling upstream', { provider: 'odds-api', apiKey: 'sk-live-123', headers: { Authorization: 'Bearer x' } }, 'Scraper');
    expect(lines[0]).not.toContain('sk-live-123');
    expect(lines[0]).not.toContain('Bearer x');
    expect(JSON.parse(lines[0])).toMatchObject({ provider: 'odds-api', apiKey: '[redacted]' });
  });

  it('prints a readable line in a terminal', () => {
    const { logger, lines } = capture({ format: 'pretty' });
    runWithContext({ correlationId: 'abcdef123456', service: 'phase1-scrapers' }, () => logger.log('started', 'Cluster'));
    expect(lines[0]).toMatch(/INFO\s+\[phase1-scrapers Cluster\] started \(abcdef12\)$/);
  });
});

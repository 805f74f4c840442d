import { renderCommand, renderStep } from './shell-command';

describe('renderCommand', () => {
  it('leaves $(…) and ${…} unquoted so the shell substitutes them', () => {
    expect(renderCommand(['echo', '--url=https://a-${PROJECT_NUMBER}.run.app', "X=$(gcloud describe --format='value(x)')"])).toBe(
      "echo --url=https://a-${PROJECT_NUMBER}.run.app X=$(gcloud describe --format='value(x)')",
    );
  });

  it('single-quotes other arguments with shell-special characters', () => {
    expect(renderCommand(['echo', "it's here", 'plain', '--schedule=0 * * * *'])).toBe("echo 'it'\\''s here' plain '--schedule=0 * * * *'");
  });
});

describe('renderStep', () => {
  it('guards a creation with its describe, captures assignments, and keeps comments', () => {
    expect(renderStep({ kind: 'run', command: ['gcloud', 'x', 'create', 'a'], unless: ['gcloud', 'x', 'describe', 'a'] })).toBe(
      'gcloud x describe a >/dev/null 2>&1 || gcloud x create a',
    );
    expect(renderStep({ kind: 'assign', variable: 'PROJECT_NUMBER', command: ['gcloud', 'projects', 'describe', 'p'] })).toBe(
      'PROJECT_NUMBER="$(gcloud projects describe p)"',
    );
    expect(renderStep({ kind: 'comment', text: 'topics' })).toBe('# topics');
    expect(() => renderStep({ kind: 'assign', variable: 'bad name', command: ['true'] })).toThrow('shell variable name "bad name" is not NAME_IN_CAPS');
  });
});

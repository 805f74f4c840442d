/** One command as argv (argv[0] is the program: gcloud, bq, node, npm). */
export type ShellCommand = readonly string[];

/**
 * One step of a printed deploy script. `unless` makes a creation idempotent: the step is skipped when
 * that command succeeds (the resource already exists), so a re-run of a first deploy changes nothing.
 * `assign` captures a command's output in a shell variable later steps use (e.g. the project number).
 */
export type DeployStep =
  | { kind: 'run'; command: ShellCommand; unless?: ShellCommand }
  | { kind: 'assign'; variable: string; command: ShellCommand }
  | { kind: 'comment'; text: string };

export function run(command: ShellCommand, unless?: ShellCommand): DeployStep {
  return unless ? { kind: 'run', command, unless } : { kind: 'run', command };
}

export function comment(text: string): DeployStep {
  return { kind: 'comment', text };
}

/**
 * One shell line. Arguments holding a `$(…)` or `${…}` substitution are left unquoted on purpose so the
 * shell expands them; any other argument with shell-special characters is single-quoted.
 */
export function renderCommand(command: ShellCommand): string {
  return command
    .map((argument) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(argument) || /\$[({]/.test(argument) ? argument : shellQuote(argument)))
    .join(' ');
}

export function renderStep(step: DeployStep): string {
  switch (step.kind) {
    case 'comment':
      return `# ${step.text}`;
    case 'assign':
      if (!/^[A-Z_][A-Z0-9_]*$/.test(step.variable)) throw new Error(`shell variable name ${JSON.stringify(step.variable)} is not NAME_IN_CAPS`);
      return `${step.variable}="$(${renderCommand(step.command)})"`;
    case 'run':
      return step.unless ? `${renderCommand(step.unless)} >/dev/null 2>&1 || ${renderCommand(step.command)}` : renderCommand(step.command);
  }
}

export function shellQuote(argument: string): string {
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

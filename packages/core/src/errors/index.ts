/**
 * A mistake the user can fix: a bad flag, input or configuration value. Edges print its message
 * plainly (exit 2 in the CLI, a failed step in an action), never a stack trace. Anything else
 * thrown is a bug in agentship and is shown with its stack when debugging is on.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** A configuration the run cannot go on with: agentship.yaml, an environment file, an input file. */
export class ConfigError extends UserError {
  override name = 'ConfigError';
}

/** A command or an action called the wrong way: an unknown flag, a bad value, a missing folder. */
export class UsageError extends UserError {
  override name = 'UsageError';
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

import * as core from '@actions/core';
import { isUserError } from '@agentship/core/errors';

/**
 * Runs an action's main: a returned message fails the step; a user error fails it with its
 * message only; anything else is a bug, so its stack goes to the debug log (step debug on).
 */
export async function runAction(main: () => Promise<string | undefined | void>): Promise<void> {
  try {
    const failure = await main();
    if (failure) core.setFailed(failure);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!isUserError(error) && error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(message);
  }
}

import { createRequire as __agentshipCreateRequire } from 'node:module';
const require = __agentshipCreateRequire(import.meta.url);

// packages/core/src/errors/index.ts
var UserError = class extends Error {
  name = "UserError";
};
var ConfigError = class extends UserError {
  name = "ConfigError";
};
var UsageError = class extends UserError {
  name = "UsageError";
};
function isUserError(error) {
  return error instanceof UserError;
}

export {
  ConfigError,
  UsageError,
  isUserError
};

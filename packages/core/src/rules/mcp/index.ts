import type { Rule } from '../types.js';
import { unknownShape } from './unknown-shape.js';
import { stdioWithoutCommand } from './stdio-without-command.js';
import { remoteWithoutUrl } from './remote-without-url.js';
import { remoteWithoutType } from './remote-without-type.js';
import { deprecatedSse } from './deprecated-sse.js';
import { plaintextSecret } from './plaintext-secret.js';
import { variableWithoutDefault } from './variable-without-default.js';
import { unpinnedPackageRule } from './unpinned-package.js';
import { insecureTransport } from './insecure-transport.js';
import { broadFilesystemRoot } from './broad-filesystem-root.js';
import { dangerousCommandRule } from './dangerous-command.js';
import { commandWithArgumentsRule } from './command-with-arguments.js';
import { headersHelper } from './headers-helper.js';
import { trustAllTools } from './trust-all-tools.js';

export const mcpRules: Rule[] = [
  unknownShape,
  stdioWithoutCommand,
  remoteWithoutUrl,
  remoteWithoutType,
  deprecatedSse,
  plaintextSecret,
  variableWithoutDefault,
  unpinnedPackageRule,
  insecureTransport,
  broadFilesystemRoot,
  dangerousCommandRule,
  commandWithArgumentsRule,
  headersHelper,
  trustAllTools,
];

import type { Rule } from '../types.js';
import { frontmatter } from './frontmatter.js';
import { requiredFields } from './required-fields.js';
import { nameFormat } from './name-format.js';
import { nameMatchesFolder } from './name-matches-folder.js';
import { reservedName } from './reserved-name.js';
import { descriptionLength } from './description-length.js';
import { descriptionAngleBrackets } from './description-angle-brackets.js';
import { listingLength } from './listing-length.js';
import { unknownField } from './unknown-field.js';
import { compatibilityLength } from './compatibility-length.js';
import { metadataFormat } from './metadata-format.js';
import { allowedToolsFormat } from './allowed-tools-format.js';
import { bodyLength } from './body-length.js';
import { referenceExists } from './reference-exists.js';
import { referencePath } from './reference-path.js';
import { referenceDepth } from './reference-depth.js';
import { broadToolGrant } from './broad-tool-grant.js';
import { shellPreprocessing } from './shell-preprocessing.js';
import { hiddenUnicode } from './hidden-unicode.js';
import { remoteCode } from './remote-code.js';
import { codexMetadata } from './codex-metadata.js';

/** The skill family; what each rule checks per profile is in docs/skill-profiles.md. */
export const skillRules: Rule[] = [
  frontmatter,
  requiredFields,
  nameFormat,
  nameMatchesFolder,
  reservedName,
  descriptionLength,
  descriptionAngleBrackets,
  listingLength,
  unknownField,
  compatibilityLength,
  metadataFormat,
  allowedToolsFormat,
  bodyLength,
  referenceExists,
  referencePath,
  referenceDepth,
  broadToolGrant,
  shellPreprocessing,
  hiddenUnicode,
  remoteCode,
  codexMetadata,
];

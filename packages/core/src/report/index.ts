export { formatText } from './text.js';
export { formatJson } from './json.js';
export { formatSarif } from './sarif.js';
export { formatJunit } from './junit.js';
export { formatCodeQuality } from './codequality.js';
export { formatMarkdown } from './markdown.js';
export { renderReport, REPORT_FORMATS, type ReportFormat, type ReportInput } from './render.js';

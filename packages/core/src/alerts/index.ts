export { alertsFromReport, SEVERITY_ORDER, type Alert, type AlertKind, type AlertSeverity } from './collect.js';
export { slackMessage, pagerdutyEvent, webhookBody, postJson, ChannelError, type Channel, type ChannelName } from './channels.js';
export { dispatchAlerts, configuredChannels, loadAlertState, saveAlertState, type AlertState, type DispatchOptions, type DispatchResult } from './dispatch.js';
